// Entry of the core inside Electron's utility process. Main sends one 'connect' message
// (with a MessagePort) per window and a 'shutdown' message when the app quits.
import { readAppVersion } from './app-version.ts';
import { Core } from './core.ts';
import { parseNodeArgs } from './core-args.ts';
import { CoreToHost, HostToCore } from './host-messages.ts';
import { createLogger, parseLogLevel } from './log.ts';
import { channelFromMainPort, type MainMessagePortLike } from './main-port-channel.ts';

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: MainMessagePortLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  process.stderr.write('utility-entry runs only inside an Electron utility process; use `npm run node` instead\n');
  process.exit(2);
}

let args: ReturnType<typeof parseNodeArgs>;
try {
  args = parseNodeArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`utility-entry: ${(error as Error).message}\n`);
  process.exit(2);
}
if (!args) process.exit(2);
const { dataDir, network, explicitMode } = args;

const log = createLogger({ level: parseLogLevel(process.env.LOG_LEVEL) }).child('core');
// Without network flags the desktop app is a full node, and a service node for mobile peers,
// unless the user switched to light mode in the app (node.setMode saves it): Electron's
// core-host passes no --light/--full, so the saved choice applies.
const core = new Core({ dataDir, appVersion: readAppVersion(), log, network, explicitMode: explicitMode === true });

parentPort.on('message', ({ data, ports }) => {
  const type = (data as { type?: unknown } | null)?.type;
  if (type === HostToCore.Connect && ports[0]) {
    core.attach(channelFromMainPort(ports[0]));
  } else if (type === HostToCore.Shutdown) {
    core.stop().finally(() => process.exit(0));
  }
});

try {
  await core.start();
  parentPort.postMessage({ type: CoreToHost.Ready });
} catch (error) {
  log.error('core failed to start', { error: String(error) });
  parentPort.postMessage({ type: CoreToHost.Failed, message: String(error) });
  process.exit(1);
}
