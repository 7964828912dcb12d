// Structured, leveled logging to stderr (stdout is reserved for machine-readable output
// of the headless node and the CLI). Fields whose names suggest a secret are redacted, so a
// careless call site cannot leak a key, token, password or mnemonic into a log file.

export const LogLevel = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevelName = keyof typeof LogLevel;

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

const SECRET_FIELD = /token|secret|password|passphrase|mnemonic|private|seed|^key$|Key$/i;
export const REDACTED = '[redacted]';

export function redactFields(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [name, value] of Object.entries(fields)) out[name] = SECRET_FIELD.test(name) ? REDACTED : value;
  return out;
}

export function parseLogLevel(text: string | undefined, fallback: LogLevelName = 'info'): LogLevelName {
  return text !== undefined && Object.hasOwn(LogLevel, text) ? (text as LogLevelName) : fallback;
}

export interface LoggerOptions {
  level?: LogLevelName;
  scope?: string;
  write?: (line: string) => void;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LogLevel[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const scope = options.scope;

  const emit = (level: Exclude<LogLevelName, 'silent'>, message: string, fields?: LogFields) => {
    if (LogLevel[level] < threshold) return;
    const prefix = `${now().toISOString()} ${level.toUpperCase().padEnd(5)}${scope ? ` [${scope}]` : ''}`;
    const rest = fields && Object.keys(fields).length > 0 ? ` ${safeJson(redactFields(fields))}` : '';
    write(`${prefix} ${message}${rest}`);
  };

  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (child) => createLogger({ ...options, scope: scope ? `${scope}.${child}` : child }),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, inner) => (typeof inner === 'bigint' ? inner.toString() : inner));
  } catch {
    return '"[unserialisable fields]"';
  }
}
