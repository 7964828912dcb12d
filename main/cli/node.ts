// Entry of `npm run node`: the core as a plain Node process (service node, test engine,
// backend of the renderer's end-to-end tests).
import { createLogger } from '../core/log.ts';
import { StorageError } from '../storage/errors.ts';
import { startHeadless } from './headless.ts';
import { NODE_USAGE, type NodeArgs, parseNodeArgs, UsageError } from '../core/core-args.ts';

async function main(): Promise<number> {
  let args: NodeArgs | null;
  try {
    args = parseNodeArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${NODE_USAGE}\n`);
    return 2;
  }
  if (!args) {
    process.stdout.write(`${NODE_USAGE}\n`);
    return 0;
  }
  const log = createLogger({ level: args.logLevel });
  let node: Awaited<ReturnType<typeof startHeadless>>;
  try {
    node = await startHeadless(args, log);
  } catch (error) {
    log.error(error instanceof StorageError ? error.message : `could not start: ${String(error)}`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(node.readyLine)}\n`);

  return new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        log.warn('second signal: exiting without a clean shutdown', { signal });
        resolve(130);
        return;
      }
      signalled = true;
      log.info('shutting down', { signal });
      node.stop().then(
        () => resolve(0),
        (error: unknown) => {
          log.error('shutdown failed', { error: String(error) });
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

process.exitCode = await main();
process.exit();
