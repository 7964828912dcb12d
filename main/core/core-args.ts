// Command line of a core: the headless node's (npm run node) and, minus the RPC/REST ports,
// the one Electron main passes to the core's utility process. Bad values are usage errors.
import { parseArgs } from 'node:util';
import { multiaddr } from '@multiformats/multiaddr';
import { type LogLevelName, parseLogLevel } from './log.ts';
import { DEFAULT_NETWORK, type NetworkSettings } from './network.ts';

export interface NodeArgs {
  dataDir: string;
  rpcPort?: number;
  restPort?: number;
  logLevel: LogLevelName;
  network: NetworkSettings;
  /**
   * Present (true) when --light or --full was given: that mode then wins over the one saved by
   * node.setMode (precedence in resolveStartMode, main/core/network.ts).
   */
  explicitMode?: true;
}

export const NODE_USAGE = `usage: npm run node -- --data-dir <dir> [options]

  --data-dir <dir>        where the node keeps its database and keys (created if missing)
  --rpc-port <n>          serve the app's RPC on ws://127.0.0.1:<n>; clients need <dir>/rpc-token
  --rest-port <n>         serve the REST API (nwaku-compatible subset) on http://127.0.0.1:<n>
  --tcp-port <n>          Waku libp2p TCP port (default ${DEFAULT_NETWORK.tcpPort})
  --ws-port <n>           Waku libp2p WebSocket port (default ${DEFAULT_NETWORK.wsPort})
  --host <ip>             listen address for Waku (default ${DEFAULT_NETWORK.host}; 127.0.0.1 = this machine only)
  --static-node <addr>    a peer to keep connected (multiaddr ending in /p2p/<id>); repeatable
  --no-discovery          do not look for peers (DNS discovery, peer exchange): static nodes only
  --light                 light mode: use service peers (--static-node) instead of relaying
  --full                  full mode: relay and serve light clients (the default)
                          without --light/--full the mode last chosen in the app (node.setMode) applies
  --cluster-id <n>        Waku cluster (default ${DEFAULT_NETWORK.clusterId}, The Status network)
  --shard <n>             shard to relay and serve; repeatable (default ${DEFAULT_NETWORK.shards.join(', ')})
  --log-level <lvl>       debug, info (default, or $LOG_LEVEL), warn, error; logs go to stderr
  -h, --help              this text

Ports: 0 picks any free port. On start the node prints one JSON line on stdout:
{"event":"ready","rpcUrl":…,"restUrl":…,"peerId":…,"listenAddresses":[…]}.`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function parseInteger(flag: string, text: string, max: number): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from 0 to ${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

export function parsePort(flag: string, text: string): number {
  return parseInteger(flag, text, 65535);
}

function parseStaticNode(text: string): string {
  try {
    const address = multiaddr(text);
    if (address.getPeerId() === null) throw new Error('no /p2p/<peer id>');
    return address.toString();
  } catch (error) {
    throw new UsageError(`--static-node must be a multiaddr ending in /p2p/<peer id>: ${(error as Error).message}`);
  }
}

/** Returns null when help was asked for. */
export function parseNodeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): NodeArgs | null {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  if (!values['data-dir']) throw new UsageError('--data-dir is required');
  const logLevelText = values['log-level'] ?? env.LOG_LEVEL;
  const logLevel = parseLogLevel(logLevelText, 'info');
  if (values['log-level'] !== undefined && logLevel !== values['log-level']) {
    throw new UsageError(`--log-level must be debug, info, warn or error, got ${JSON.stringify(values['log-level'])}`);
  }
  const host = values.host ?? DEFAULT_NETWORK.host;
  if (!/^(\d{1,3}\.){3}\d{1,3}$/.test(host) || host.split('.').some((part) => Number(part) > 255)) {
    throw new UsageError(`--host must be an IPv4 address, got ${JSON.stringify(host)}`);
  }
  const staticPeers = (values['static-node'] ?? []).map(parseStaticNode);
  const light = values.light === true;
  if (light && values.full === true) throw new UsageError('--light and --full exclude each other');
  if (light && staticPeers.length === 0) throw new UsageError('--light needs at least one --static-node service peer');
  const network: NetworkSettings = {
    mode: light ? 'light' : 'full',
    host,
    tcpPort: values['tcp-port'] === undefined ? DEFAULT_NETWORK.tcpPort : parsePort('--tcp-port', values['tcp-port']),
    wsPort: values['ws-port'] === undefined ? DEFAULT_NETWORK.wsPort : parsePort('--ws-port', values['ws-port']),
    clusterId:
      values['cluster-id'] === undefined
        ? DEFAULT_NETWORK.clusterId
        : parseInteger('--cluster-id', values['cluster-id'], 65535),
    shards:
      values.shard === undefined
        ? [...DEFAULT_NETWORK.shards]
        : values.shard.map((shard) => parseInteger('--shard', shard, 1023)),
    staticPeers,
    discovery: values['no-discovery'] !== true,
  };
  const args: NodeArgs = { dataDir: values['data-dir'], logLevel, network };
  if (light || values.full === true) args.explicitMode = true;
  if (values['rpc-port'] !== undefined) args.rpcPort = parsePort('--rpc-port', values['rpc-port']);
  if (values['rest-port'] !== undefined) args.restPort = parsePort('--rest-port', values['rest-port']);
  return args;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      'rpc-port': { type: 'string' },
      'rest-port': { type: 'string' },
      'tcp-port': { type: 'string' },
      'ws-port': { type: 'string' },
      host: { type: 'string' },
      'static-node': { type: 'string', multiple: true },
      'no-discovery': { type: 'boolean' },
      light: { type: 'boolean' },
      full: { type: 'boolean' },
      'cluster-id': { type: 'string' },
      shard: { type: 'string', multiple: true },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
