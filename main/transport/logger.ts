// The transport layer's view of a logger. It is structural on purpose: main/core's Logger
// satisfies it, but the layer rules forbid importing anything from main/core here.

export type TransportLogFields = Record<string, unknown>;

export interface TransportLogger {
  debug(message: string, fields?: TransportLogFields): void;
  info(message: string, fields?: TransportLogFields): void;
  warn(message: string, fields?: TransportLogFields): void;
  error(message: string, fields?: TransportLogFields): void;
  child(scope: string): TransportLogger;
}

export const silentLogger: TransportLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
