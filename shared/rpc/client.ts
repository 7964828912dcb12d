// Calling side of the typed RPC: request ids, per-call timeouts, typed errors and
// pushed events. Used by the renderer, the tests and the benchmarks alike.
import type { CloseReason, RpcChannel } from './channel.ts';
import type { Contract, EventData, EventName, MethodName, ParamsIn, ResultOf } from './contract.ts';
import { isRecord, RpcCloseCode, RpcError, RpcErrorCode, type WireError } from './protocol.ts';

export interface RpcClientOptions {
  /** Default per-call timeout. */
  timeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: RpcError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class RpcClient<C extends Contract> {
  readonly #channel: RpcChannel;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, Set<(data: unknown) => void>>();
  readonly #closeListeners = new Set<(error: RpcError) => void>();
  #nextId = 1;
  #closedWith: RpcError | undefined;
  /** A connection-level error (id null) the server sent, e.g. a refused token. */
  #connectionError: RpcError | undefined;

  constructor(channel: RpcChannel, options: RpcClientOptions = {}) {
    this.#channel = channel;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    channel.onFrame((frame) => this.#onFrame(frame));
    channel.onClose((reason) => this.#onClose(reason));
  }

  get closed(): boolean {
    return this.#closedWith !== undefined;
  }

  call<M extends MethodName<C>>(
    method: M,
    // biome-ignore lint/complexity/noBannedTypes: "{} extends P" is how to ask whether every param is optional
    ...[params, options]: {} extends ParamsIn<C, M>
      ? [params?: ParamsIn<C, M>, options?: { timeoutMs?: number }]
      : [params: ParamsIn<C, M>, options?: { timeoutMs?: number }]
  ): Promise<ResultOf<C, M>> {
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    const id = this.#nextId++;
    const timeoutMs = options?.timeoutMs ?? this.#timeoutMs;
    return new Promise<ResultOf<C, M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RpcError(RpcErrorCode.Timeout, `${method} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      try {
        this.#channel.send(JSON.stringify({ jsonrpc: '2.0', id, method, params: params ?? {} }));
      } catch (error) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(new RpcError(RpcErrorCode.Closed, `could not send ${method}: ${String(error)}`));
      }
    });
  }

  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends EventName<C>>(event: E, listener: (data: EventData<C, E>) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const untyped = listener as (data: unknown) => void;
    set.add(untyped);
    return () => set.delete(untyped);
  }

  onClose(listener: (error: RpcError) => void): () => void {
    if (this.#closedWith) listener(this.#closedWith);
    else this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  close(): void {
    this.#channel.close({ message: 'client closed' });
  }

  #onFrame(frame: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame);
    } catch {
      return; // The core only sends JSON; anything else is noise to ignore.
    }
    if (!isRecord(parsed)) return;
    if ('id' in parsed) {
      this.#onResponse(parsed);
      return;
    }
    if (typeof parsed.method === 'string') {
      for (const listener of this.#listeners.get(parsed.method) ?? []) {
        try {
          listener(parsed.params);
        } catch {
          // A faulty listener must not starve the others.
        }
      }
    }
  }

  #onResponse(frame: Record<string, unknown>): void {
    const error = isRecord(frame.error) ? RpcError.fromWire(frame.error as unknown as WireError) : undefined;
    if (frame.id === null) {
      if (error) this.#connectionError = error;
      return;
    }
    const pending = typeof frame.id === 'number' ? this.#pending.get(frame.id) : undefined;
    if (!pending || typeof frame.id !== 'number') return;
    this.#pending.delete(frame.id);
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(frame.result);
  }

  #onClose(reason: CloseReason): void {
    const error =
      this.#connectionError ??
      (reason.code === RpcCloseCode.Unauthorized
        ? new RpcError(RpcErrorCode.Unauthorized, reason.message || 'unauthorized')
        : new RpcError(RpcErrorCode.Closed, reason.message || 'connection closed'));
    this.#closedWith = error;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
    for (const listener of this.#closeListeners) listener(error);
    this.#closeListeners.clear();
  }
}
