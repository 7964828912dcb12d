// Command line of the headless node. Unknown flags and bad values are usage errors (exit 2).
import { parseArgs } from 'node:util';
import { type LogLevelName, parseLogLevel } from '../core/log.ts';

export interface NodeArgs {
  dataDir: string;
  rpcPort?: number;
  restPort?: number;
  logLevel: LogLevelName;
}

export const NODE_USAGE = `usage: npm run node -- --data-dir <dir> [--rpc-port <n>] [--rest-port <n>] [--log-level debug|info|warn|error]

  --data-dir <dir>    where the node keeps its database and keys (created if missing)
  --rpc-port <n>      serve the app's RPC on ws://127.0.0.1:<n> (0 = any free port);
                      clients need the token in <dir>/rpc-token
  --rest-port <n>     serve the REST API on http://127.0.0.1:<n> (0 = any free port)
  --log-level <lvl>   default: info, or $LOG_LEVEL; logs go to stderr
  -h, --help          this text

On start the node prints one JSON line on stdout: {"event":"ready","rpcUrl":…,"restUrl":…}.`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parsePort(flag: string, text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`${flag} must be a port number from 0 to 65535, got ${JSON.stringify(text)}`);
  }
  return Number(text);
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
  const args: NodeArgs = { dataDir: values['data-dir'], logLevel };
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
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
