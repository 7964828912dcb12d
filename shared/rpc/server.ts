// Serving side of the typed RPC. Every frame is untrusted: it is size-capped, parsed,
// shape-checked and its params validated against the contract before any handler runs.
// A bad frame gets a typed error and a counted rejection; the session stays open.
import type { RpcChannel } from './channel.ts';
import type { Contract, EventData, EventName, MethodName, ParamsOut, ResultOf } from './contract.ts';
import {
  DEFAULT_MAX_FRAME_CHARS,
  type EventFrame,
  isRecord,
  isRequestId,
  type RequestId,
  type ResponseFrame,
  RpcError,
  RpcErrorCode,
} from './protocol.ts';

export type Handlers<C extends Contract> = {
  [M in MethodName<C>]: (params: ParamsOut<C, M>, session: RpcSession) => ResultOf<C, M> | Promise<ResultOf<C, M>>;
};

export interface RpcServerLog {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface RpcServerOptions {
  maxFrameChars?: number;
  /** Requests a single session may have in flight; beyond, new ones are refused. */
  maxInFlight?: number;
  log?: RpcServerLog;
}

export const RejectReason = {
  TooLarge: 'too_large',
  Parse: 'parse',
  InvalidRequest: 'invalid_request',
  UnknownMethod: 'unknown_method',
  InvalidParams: 'invalid_params',
  Busy: 'busy',
  HandlerError: 'handler_error',
  Internal: 'internal',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

export interface RpcServerStats {
  sessions: number;
  requests: number;
  rejected: Record<RejectReason, number>;
}

const MAX_ISSUES_REPORTED = 10;

export class RpcSession {
  readonly id: number;
  readonly #channel: RpcChannel;
  #inFlight = 0;
  #open = true;

  constructor(id: number, channel: RpcChannel) {
    this.id = id;
    this.#channel = channel;
  }

  get open(): boolean {
    return this.#open;
  }

  markClosed(): void {
    this.#open = false;
  }

  send(frame: ResponseFrame | EventFrame): void {
    if (!this.#open) return;
    try {
      this.#channel.send(JSON.stringify(frame));
    } catch {
      // The transport died under us; its close callback will end the session.
    }
  }

  close(code?: number, message?: string): void {
    const reason: { code?: number; message?: string } = {};
    if (code !== undefined) reason.code = code;
    if (message !== undefined) reason.message = message;
    this.#channel.close(reason);
  }

  /** Returns false when the session is at its in-flight cap. */
  begin(limit: number): boolean {
    if (this.#inFlight >= limit) return false;
    this.#inFlight += 1;
    return true;
  }

  finish(): void {
    this.#inFlight -= 1;
  }
}

export class RpcServer<C extends Contract> {
  readonly #contract: C;
  readonly #handlers: Handlers<C>;
  readonly #maxFrameChars: number;
  readonly #maxInFlight: number;
  readonly #log: RpcServerLog | undefined;
  readonly #sessions = new Set<RpcSession>();
  #nextSessionId = 1;
  #requests = 0;
  readonly #rejected: Record<RejectReason, number> = {
    too_large: 0,
    parse: 0,
    invalid_request: 0,
    unknown_method: 0,
    invalid_params: 0,
    busy: 0,
    handler_error: 0,
    internal: 0,
  };

  constructor(contract: C, handlers: Handlers<C>, options: RpcServerOptions = {}) {
    this.#contract = contract;
    this.#handlers = handlers;
    this.#maxFrameChars = options.maxFrameChars ?? DEFAULT_MAX_FRAME_CHARS;
    this.#maxInFlight = options.maxInFlight ?? 64;
    this.#log = options.log;
  }

  get stats(): RpcServerStats {
    return { sessions: this.#sessions.size, requests: this.#requests, rejected: { ...this.#rejected } };
  }

  attach(channel: RpcChannel): RpcSession {
    const session = new RpcSession(this.#nextSessionId++, channel);
    this.#sessions.add(session);
    channel.onClose(() => {
      session.markClosed();
      this.#sessions.delete(session);
    });
    channel.onFrame((frame) => {
      void this.#handleFrame(session, frame);
    });
    return session;
  }

  emit<E extends EventName<C>>(event: E, data: EventData<C, E>): void {
    const frame: EventFrame = { jsonrpc: '2.0', method: event, params: data };
    for (const session of this.#sessions) session.send(frame);
  }

  closeAll(code?: number, message?: string): void {
    for (const session of [...this.#sessions]) session.close(code, message);
  }

  #reject(session: RpcSession, id: RequestId | null, reason: RejectReason, error: RpcError): void {
    this.#rejected[reason] += 1;
    if (reason !== RejectReason.HandlerError) {
      this.#log?.warn('rpc request rejected', { session: session.id, reason, code: error.code });
    }
    session.send({ jsonrpc: '2.0', id, error: error.toWire() });
  }

  async #handleFrame(session: RpcSession, frame: string): Promise<void> {
    if (frame.length > this.#maxFrameChars) {
      this.#reject(
        session,
        null,
        RejectReason.TooLarge,
        new RpcError(RpcErrorCode.FrameTooLarge, `frame of ${frame.length} chars exceeds ${this.#maxFrameChars}`),
      );
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame);
    } catch {
      this.#reject(session, null, RejectReason.Parse, new RpcError(RpcErrorCode.ParseError, 'frame is not valid JSON'));
      return;
    }
    if (!isRecord(parsed) || parsed.jsonrpc !== '2.0' || !isRequestId(parsed.id) || typeof parsed.method !== 'string') {
      const id = isRecord(parsed) && isRequestId(parsed.id) ? parsed.id : null;
      this.#reject(
        session,
        id,
        RejectReason.InvalidRequest,
        new RpcError(RpcErrorCode.InvalidRequest, 'expected {"jsonrpc":"2.0","id":number|string,"method":string}'),
      );
      return;
    }
    const { id, method } = parsed;
    this.#requests += 1;
    if (!Object.hasOwn(this.#contract.methods, method)) {
      this.#reject(
        session,
        id,
        RejectReason.UnknownMethod,
        new RpcError(RpcErrorCode.MethodNotFound, `unknown method ${JSON.stringify(method.slice(0, 64))}`),
      );
      return;
    }
    const name = method as MethodName<C>;
    const spec = this.#contract.methods[name];
    const checked = spec?.params.safeParse(parsed.params ?? {});
    if (!spec || !checked?.success) {
      const issues = (checked?.error?.issues ?? []).slice(0, MAX_ISSUES_REPORTED).map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));
      this.#reject(
        session,
        id,
        RejectReason.InvalidParams,
        new RpcError(RpcErrorCode.InvalidParams, `invalid params for ${name}`, { issues }),
      );
      return;
    }
    if (!session.begin(this.#maxInFlight)) {
      this.#reject(
        session,
        id,
        RejectReason.Busy,
        new RpcError(RpcErrorCode.Unavailable, `more than ${this.#maxInFlight} requests in flight`),
      );
      return;
    }
    try {
      const handler = this.#handlers[name] as (params: unknown, session: RpcSession) => unknown;
      const result = await handler(checked.data, session);
      session.send({ jsonrpc: '2.0', id, result: result === undefined ? null : result });
    } catch (error) {
      if (error instanceof RpcError) {
        this.#reject(session, id, RejectReason.HandlerError, error);
      } else {
        // Internal details stay in the core's log; the caller learns only that it failed.
        this.#log?.error('rpc handler failed', { method: name, error: String(error) });
        this.#reject(session, id, RejectReason.Internal, new RpcError(RpcErrorCode.Internal, `${name} failed`));
      }
    } finally {
      session.finish();
    }
  }
}

/**
 * Completes a partial handler table: methods without a handler answer Unavailable. For
 * servers that implement a subset of a contract (test doubles, tools, benchmarks).
 */
export function partialHandlers<C extends Contract>(contract: C, handlers: Partial<Handlers<C>>): Handlers<C> {
  const complete: Record<string, unknown> = {};
  for (const name of Object.keys(contract.methods)) {
    complete[name] =
      (handlers as Record<string, unknown>)[name] ??
      (() => {
        throw new RpcError(RpcErrorCode.Unavailable, `${name} is not served here`);
      });
  }
  return complete as Handlers<C>;
}
