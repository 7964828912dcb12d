// Store v3 service: answers /vac/waku/store-query/3.0.0 from the message archive.
//
// Order of checks, cheapest first: rate cap (429) → frame size (400, from the length prefix)
// → decode and query shape (400) → node running (503) → the query (400 for an unknown cursor,
// 500 if the database fails). js-waku throws on any status >= 300 and, after a 200, keeps asking
// for the next page (cursor = last/first hash it got) until a page comes back empty.
import type { IncomingStreamData, Libp2p, PeerId } from '@libp2p/interface';
import { Counters } from '../counters.ts';
import type { PeerActivity } from '../peer-activity.ts';
import type { TransportLogger } from '../logger.ts';
import { type RateLimit, RateLimiter } from '../rate-limiter.ts';
import { StreamOutcome, serveRequestStream } from '../request-stream.ts';
import { MAX_INBOUND_STREAMS_PER_PROTOCOL, requestLimits, type StreamTimeouts } from '../stream-limits.ts';
import type { Db } from '../../storage/database.ts';
import type { ArchiveCounter, ArchiveOptions, MessageArchive } from './archive.ts';
import {
  decodeStoreQuery,
  encodeStoreResponse,
  MAX_STORE_REQUEST_BYTES,
  STORE_CODEC,
  type StoreReject,
  type StoreResponse,
  StoreStatus,
  salvageStoreRequestId,
} from './store-codec.ts';

/**
 * Per peer: a burst of 200 pages, then 10 per second. nwaku ships store unlimited by default;
 * go-waku's client limits itself to 8 req/s per store peer, and js-waku pages sequentially, so
 * an honest client syncing 20,000 messages (200 pages of 100) never meets the cap, while one
 * peer cannot keep the database busy for everyone.
 */
export const DEFAULT_STORE_RATE_LIMIT: RateLimit = { capacity: 200, perMinute: 600 };

export type StoreRefusal = StoreReject | 'oversize' | 'rate-limited' | 'not-running' | 'unknown-cursor' | 'internal';

export type StoreCounter =
  | 'queries'
  | 'queries:content'
  | 'queries:hashes'
  | 'messages-served'
  | `status:${StoreStatus}`
  | `refused:${StoreRefusal}`
  | `stream:${StreamOutcome}`;

export interface StoreServiceInit {
  libp2p: Libp2p;
  archive: MessageArchive;
  rateLimit: RateLimit;
  timeouts: StreamTimeouts;
  log: TransportLogger;
  /** Records which peers used the service (the dashboard's light clients served). */
  activity?: PeerActivity;
  isRunning: () => boolean;
  now?: () => number;
}

export class StoreService {
  readonly counters = new Counters<StoreCounter>();
  readonly #init: StoreServiceInit;
  readonly #limiter: RateLimiter;
  /** Query latency samples (ms), a ring for stats(). */
  readonly #latencies = new Float64Array(256);
  #latencyCount = 0;

  constructor(init: StoreServiceInit) {
    this.#init = init;
    this.#limiter = new RateLimiter(init.rateLimit, init.now ? { now: init.now } : {});
  }

  async start(): Promise<void> {
    await this.#init.libp2p.handle(STORE_CODEC, this.#handle, {
      maxInboundStreams: MAX_INBOUND_STREAMS_PER_PROTOCOL,
      runOnLimitedConnection: false,
    });
  }

  async stop(): Promise<void> {
    await this.#init.libp2p.unhandle(STORE_CODEC);
  }

  /** Median and max of the last 256 query latencies (ms), null before any query. */
  latency(): { p50Ms: number; maxMs: number } | null {
    const count = Math.min(this.#latencyCount, this.#latencies.length);
    if (count === 0) return null;
    const sorted = [...this.#latencies.subarray(0, count)].sort((a, b) => a - b);
    const round = (value: number) => Math.round(value * 1000) / 1000;
    return { p50Ms: round(sorted[Math.floor(count / 2)] ?? 0), maxMs: round(sorted[count - 1] ?? 0) };
  }

  stats(): StoreStats {
    const { rows, bytes, pending } = this.#init.archive.totals();
    const served = this.counters.get(`status:${StoreStatus.Ok}`);
    let refused = 0;
    for (const [name, value] of Object.entries(this.counters.snapshot())) {
      if (name.startsWith('status:') && name !== `status:${StoreStatus.Ok}`) refused += value ?? 0;
    }
    return {
      rows,
      bytes,
      pendingWrites: pending,
      queriesServed: served,
      queriesRefused: refused,
      queryLatency: this.latency(),
      counters: { ...this.counters.snapshot(), ...this.#init.archive.counters.snapshot() },
    };
  }

  /** Answers one encoded query as if it came from `peer` (also used by the handler). */
  answer(peer: PeerId, bytes: Uint8Array): StoreResponse {
    const began = performance.now();
    const response = this.#process(peer, bytes);
    this.counters.inc(`status:${response.status}`);
    if (response.status === StoreStatus.Ok) {
      this.#latencies[this.#latencyCount % this.#latencies.length] = performance.now() - began;
      this.#latencyCount += 1;
    }
    return response;
  }

  readonly #handle = ({ stream, connection }: IncomingStreamData): void => {
    const peer = connection.remotePeer;
    void serveRequestStream(stream, requestLimits(MAX_STORE_REQUEST_BYTES, this.#init.timeouts), (request) => {
      if (request.kind === 'oversize') {
        const response = this.#limiter.take(peer.toString())
          ? refusal('', StoreStatus.BadRequest, `request of ${request.length} bytes is too large`)
          : refusal('', StoreStatus.TooManyRequests, 'rate limit exceeded, retry later');
        this.counters.inc(response.status === StoreStatus.BadRequest ? 'refused:oversize' : 'refused:rate-limited');
        this.counters.inc(`status:${response.status}`);
        return encodeStoreResponse(response);
      }
      return encodeStoreResponse(this.answer(peer, request.bytes));
    }).then((outcome) => {
      if (outcome !== StreamOutcome.Request && outcome !== StreamOutcome.Oversize)
        this.counters.inc(`stream:${outcome}`);
    });
  };

  #process(peer: PeerId, bytes: Uint8Array): StoreResponse {
    if (!this.#limiter.take(peer.toString())) {
      this.counters.inc('refused:rate-limited');
      return refusal(salvageStoreRequestId(bytes), StoreStatus.TooManyRequests, 'rate limit exceeded, retry later');
    }
    const decoded = decodeStoreQuery(bytes);
    if (!decoded.ok) {
      this.counters.inc(`refused:${decoded.reason}`);
      return refusal(salvageStoreRequestId(bytes), StoreStatus.BadRequest, `bad request: ${decoded.reason}`);
    }
    const query = decoded.value;
    this.counters.inc('queries');
    this.#init.activity?.touch(peer.toString());
    this.counters.inc(query.hashes.length > 0 ? 'queries:hashes' : 'queries:content');
    if (!this.#init.isRunning()) {
      this.counters.inc('refused:not-running');
      return refusal(query.requestId, StoreStatus.ServiceUnavailable, 'node is not running');
    }
    const result = this.#init.archive.query(query);
    if (!result.ok) {
      this.counters.inc(`refused:${result.reason}`);
      if (result.reason === 'internal') {
        this.#init.log.error('store query failed', { detail: result.detail });
        return refusal(query.requestId, StoreStatus.InternalError, 'internal error');
      }
      return refusal(query.requestId, StoreStatus.BadRequest, 'bad request: unknown cursor');
    }
    this.counters.inc('messages-served', result.entries.length);
    return {
      requestId: query.requestId,
      status: StoreStatus.Ok,
      description: 'OK',
      entries: result.entries,
      cursor: result.cursor,
    };
  }
}

function refusal(requestId: string, status: StoreStatus, description: string): StoreResponse {
  return { requestId, status, description, entries: [], cursor: null };
}

/** What the composer passes to WakuNode to mount the store (the database stays the composer's). */
export interface StoreOptions extends ArchiveOptions {
  /** The node's core database; the store keeps its `waku_` tables there (see schema.ts). */
  db: Db;
  rateLimit?: RateLimit;
}

export interface StoreStats {
  rows: number;
  /** Payload and meta bytes archived. */
  bytes: number;
  /** Accepted messages not yet written (flushed within milliseconds). */
  pendingWrites: number;
  queriesServed: number;
  queriesRefused: number;
  /** Over the last 256 successful queries: decode and SQLite, not the response encoding. */
  queryLatency: { p50Ms: number; maxMs: number } | null;
  counters: Partial<Record<StoreCounter | ArchiveCounter, number>>;
}
