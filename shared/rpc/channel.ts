// The one thing the RPC needs from a transport: send and receive text frames, learn
// about the end. Every transport adapter (MessagePort, WebSocket, in-process) implements it.

export interface RpcChannel {
  send(frame: string): void;
  /** Registers the single frame listener; frames that arrive before it are queued. */
  onFrame(listener: (frame: string) => void): void;
  /** Called once when the channel ends, from either side. */
  onClose(listener: (reason: CloseReason) => void): void;
  close(reason?: CloseReason): void;
}

export interface CloseReason {
  code?: number;
  message?: string;
}

/**
 * Shared plumbing for adapters: queues frames until a listener exists and makes sure
 * close listeners run exactly once.
 */
export class ChannelEvents {
  #frameListener: ((frame: string) => void) | undefined;
  #queued: string[] = [];
  #closeListeners: Array<(reason: CloseReason) => void> = [];
  #closed: CloseReason | undefined;

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  onFrame(listener: (frame: string) => void): void {
    this.#frameListener = listener;
    const queued = this.#queued;
    this.#queued = [];
    for (const frame of queued) listener(frame);
  }

  onClose(listener: (reason: CloseReason) => void): void {
    if (this.#closed) listener(this.#closed);
    else this.#closeListeners.push(listener);
  }

  deliver(frame: string): void {
    if (this.#closed) return;
    if (this.#frameListener) this.#frameListener(frame);
    else this.#queued.push(frame);
  }

  /** Returns false when the channel had already ended. */
  end(reason: CloseReason = {}): boolean {
    if (this.#closed) return false;
    // Frames already queued stay deliverable: a server's last word (e.g. why it refused
    // us) often arrives just before the close.
    this.#closed = reason;
    const listeners = this.#closeListeners;
    this.#closeListeners = [];
    for (const listener of listeners) listener(reason);
    return true;
  }
}
