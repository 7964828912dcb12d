// Wire format of the typed RPC: JSON-RPC 2.0 text frames, whatever carries them
// (Electron MessagePort, loopback WebSocket, in-process pair). Text frames keep one
// size cap and one validation path for every transport.

/** Error codes on the wire. The -32700..-32600 block is JSON-RPC 2.0's own. */
export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  Unauthorized: -32001,
  /** Client side: no answer within the call's timeout. */
  Timeout: -32002,
  /** Client side: the channel closed before the answer came. */
  Closed: -32003,
  FrameTooLarge: -32004,
  /** The core is not in a state to serve the call (e.g. still starting, shutting down). */
  Unavailable: -32005,
  NotFound: -32010,
  Conflict: -32011,
  Forbidden: -32012,
} as const;
export type RpcErrorCode = (typeof RpcErrorCode)[keyof typeof RpcErrorCode];

const knownCodes = new Set<number>(Object.values(RpcErrorCode));

export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly data: unknown;

  constructor(code: RpcErrorCode, message: string, data?: unknown) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.data = data;
  }

  toWire(): WireError {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  static fromWire(error: WireError): RpcError {
    const code = knownCodes.has(error.code) ? (error.code as RpcErrorCode) : RpcErrorCode.Internal;
    return new RpcError(code, error.message, error.data);
  }
}

export type RequestId = number | string;

export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

export interface RequestFrame {
  jsonrpc: '2.0';
  id: RequestId;
  method: string;
  params?: unknown;
}

/** A frame without id, sent by the core: one pushed event. */
export interface EventFrame {
  jsonrpc: '2.0';
  method: string;
  params: unknown;
}

export type ResponseFrame =
  | { jsonrpc: '2.0'; id: RequestId | null; result: unknown }
  | { jsonrpc: '2.0'; id: RequestId | null; error: WireError };

/** 1 MiB: far above any request of the contract, far below what could hurt the core. */
export const DEFAULT_MAX_FRAME_CHARS = 1 << 20;

/** WebSocket close codes used by the RPC (4000-4999 are application codes). */
export const RpcCloseCode = {
  Unauthorized: 4401,
  ShuttingDown: 4503,
} as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isRequestId(value: unknown): value is RequestId {
  return (
    (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && value.length <= 64)
  );
}
