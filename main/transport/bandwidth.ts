// Bytes through libp2p: a minimal libp2p `Metrics` implementation that counts what every raw
// connection (TCP or WebSocket, below noise and the muxer) reads and writes, and a rate between
// stats snapshots. libp2p calls trackMultiaddrConnection once per connection before upgrading
// it; we wrap its source and sink with counting generators (one add per chunk, no copies).
// Every other metric libp2p registers gets a shared no-op.
import type {
  Connection,
  Counter,
  CounterGroup,
  Histogram,
  HistogramGroup,
  Metric,
  MetricGroup,
  Metrics,
  MultiaddrConnection,
  Stream,
  Summary,
  SummaryGroup,
} from '@libp2p/interface';

export interface BandwidthSnapshot {
  bytesIn: number;
  bytesOut: number;
  inPerSec: number;
  outPerSec: number;
}

/** Below this, a new snapshot keeps the last rate rather than dividing by a tiny interval. */
export const MIN_RATE_INTERVAL_MS = 500;

type Chunk = { byteLength: number };

const noop = (): void => {};
const noopTimer = () => noop;
const NOOP_METRIC: Metric & MetricGroup & Counter & CounterGroup & Histogram & HistogramGroup & Summary & SummaryGroup =
  {
    update: noop,
    increment: noop,
    decrement: noop,
    reset: noop,
    observe: noop,
    timer: noopTimer,
  };

export class ByteMeter implements Metrics {
  bytesIn = 0;
  bytesOut = 0;
  readonly #now: () => number;
  #base: { at: number; bytesIn: number; bytesOut: number };
  #rate = { inPerSec: 0, outPerSec: 0 };

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#base = { at: now(), bytesIn: 0, bytesOut: 0 };
  }

  /** The libp2p `metrics` factory for createLibp2p. */
  factory(): () => Metrics {
    return () => this;
  }

  trackMultiaddrConnection(maConn: MultiaddrConnection): void {
    const source = maConn.source;
    const sink = maConn.sink;
    maConn.source = this.#countIn(source);
    maConn.sink = async (input) => sink(this.#countOut(input));
  }

  /** Streams ride on tracked connections: counting them too would count bytes twice. */
  trackProtocolStream(_stream: Stream, _connection: Connection): void {}

  /** Totals, and bytes per second since the previous snapshot (≥ MIN_RATE_INTERVAL_MS ago). */
  snapshot(): BandwidthSnapshot {
    const now = this.#now();
    const elapsed = now - this.#base.at;
    if (elapsed >= MIN_RATE_INTERVAL_MS) {
      this.#rate = {
        inPerSec: Math.round(((this.bytesIn - this.#base.bytesIn) * 1000) / elapsed),
        outPerSec: Math.round(((this.bytesOut - this.#base.bytesOut) * 1000) / elapsed),
      };
      this.#base = { at: now, bytesIn: this.bytesIn, bytesOut: this.bytesOut };
    }
    return { bytesIn: this.bytesIn, bytesOut: this.bytesOut, ...this.#rate };
  }

  async *#countIn<T extends Chunk>(source: AsyncIterable<T>): AsyncGenerator<T> {
    for await (const chunk of source) {
      this.bytesIn += chunk.byteLength;
      yield chunk;
    }
  }

  async *#countOut<T extends Chunk>(source: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
    for await (const chunk of source) {
      this.bytesOut += chunk.byteLength;
      yield chunk;
    }
  }

  registerMetric(_name: string, _options?: unknown): Metric {
    return NOOP_METRIC;
  }

  registerMetricGroup(_name: string, _options?: unknown): MetricGroup {
    return NOOP_METRIC;
  }

  registerCounter(_name: string, _options?: unknown): Counter {
    return NOOP_METRIC;
  }

  registerCounterGroup(_name: string, _options?: unknown): CounterGroup {
    return NOOP_METRIC;
  }

  registerHistogram(_name: string, _options?: unknown): Histogram {
    return NOOP_METRIC;
  }

  registerHistogramGroup(_name: string, _options?: unknown): HistogramGroup {
    return NOOP_METRIC;
  }

  registerSummary(_name: string, _options?: unknown): Summary {
    return NOOP_METRIC;
  }

  registerSummaryGroup(_name: string, _options?: unknown): SummaryGroup {
    return NOOP_METRIC;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the interface's own signature
  traceFunction<F extends (...args: any[]) => any>(_name: string, fn: F): F {
    return fn;
  }

  createTrace(): undefined {
    return undefined;
  }
}
