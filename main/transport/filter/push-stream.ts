// The one long-lived filter-push stream to one subscriber (waku-notes §5.2: js-waku reads push
// frames in a loop on a single stream and never closes its side; a stream per message exhausts
// its stream limits). Frames wait in a bounded queue: when a subscriber reads slower than
// messages arrive, the oldest waiting frames are dropped (and counted), so one slow or stuck
// subscriber costs at most `maxQueued` frames / `maxQueuedBytes` of memory.
//
// The stream is opened on the first frame and reopened on the next frame after a failure.
// Frames are encoded once per message and shared by every subscriber's queue.
import type { Stream } from '@libp2p/interface';

export interface PushQueueLimits {
  maxQueued: number;
  maxQueuedBytes: number;
}

export const DEFAULT_PUSH_QUEUE_LIMITS: PushQueueLimits = { maxQueued: 128, maxQueuedBytes: 2 * 1024 * 1024 };

export interface PushStreamEvents {
  /** A frame was handed to the muxer. `enqueuedAt` is performance.now() at push time. */
  sent: (enqueuedAt: number) => void;
  /** Frames thrown away: queue overflow, or queued frames lost with a failed stream. */
  dropped: (count: number, reason: 'overflow' | 'stream-failed') => void;
  failed: (stage: 'open' | 'write', error: unknown) => void;
  opened: () => void;
}

interface Queued {
  frame: Uint8Array;
  enqueuedAt: number;
}

export class PushStream {
  readonly #open: () => Promise<Stream>;
  readonly #limits: PushQueueLimits;
  readonly #events: PushStreamEvents;
  #queue: Array<Queued | undefined> = [];
  #head = 0;
  #queuedBytes = 0;
  #stream: Stream | null = null;
  #running = false;
  #closed = false;
  #wake: (() => void) | null = null;

  constructor(open: () => Promise<Stream>, limits: PushQueueLimits, events: PushStreamEvents) {
    this.#open = open;
    this.#limits = limits;
    this.#events = events;
  }

  get queued(): number {
    return this.#queue.length - this.#head;
  }

  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues an encoded, length-prefixed MessagePush frame. */
  push(frame: Uint8Array): void {
    if (this.#closed) return;
    this.#queue.push({ frame, enqueuedAt: performance.now() });
    this.#queuedBytes += frame.byteLength;
    let overflow = 0;
    while (
      this.queued > 1 &&
      (this.queued > this.#limits.maxQueued || this.#queuedBytes > this.#limits.maxQueuedBytes)
    ) {
      this.#take();
      overflow += 1;
    }
    if (overflow > 0) this.#events.dropped(overflow, 'overflow');
    if (!this.#running) void this.#run();
    else this.#notify();
  }

  /** Ends the stream (unsubscribed, expired, disconnected); queued frames are discarded. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.#head = 0;
    this.#queuedBytes = 0;
    this.#notify();
    // A reset (rather than a half-close the client never answers) frees the client's side too.
    this.#stream?.abort(new Error('filter subscription ended'));
    this.#stream = null;
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      let stream: Stream;
      try {
        stream = await this.#open();
      } catch (error) {
        this.#events.failed('open', error);
        this.#discard('stream-failed');
        return;
      }
      if (this.#closed) {
        stream.abort(new Error('filter subscription ended'));
        return;
      }
      this.#stream = stream;
      this.#events.opened();
      try {
        await stream.sink(this.#frames());
      } catch (error) {
        if (!this.#closed) {
          this.#events.failed('write', error);
          this.#discard('stream-failed');
        }
      }
      if (this.#stream === stream) this.#stream = null;
    } finally {
      this.#running = false;
    }
  }

  async *#frames(): AsyncGenerator<Uint8Array> {
    while (!this.#closed) {
      const next = this.#take();
      if (next === undefined) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        continue;
      }
      yield next.frame;
      // The muxer asked for the next frame: this one is on its way.
      this.#events.sent(next.enqueuedAt);
    }
  }

  #take(): Queued | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const item = this.#queue[this.#head];
    this.#queue[this.#head] = undefined;
    this.#head += 1;
    if (item !== undefined) this.#queuedBytes -= item.frame.byteLength;
    // Compact once the consumed prefix dominates, keeping take() O(1) amortised.
    if (this.#head > 64 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  #discard(reason: 'stream-failed'): void {
    const lost = this.queued;
    this.#queue = [];
    this.#head = 0;
    this.#queuedBytes = 0;
    if (lost > 0) this.#events.dropped(lost, reason);
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
