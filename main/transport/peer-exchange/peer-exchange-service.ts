// Peer exchange server (34/WAKU2-PEER-EXCHANGE, /vac/waku/peer-exchange/2.0.0-alpha1): light
// clients connected to us ask for other peers and get up to min(num_peers, 10) signed ENRs from
// the EnrCache, chosen at random.
//
// Decisions:
// - Never our own record, not even when the cache is empty: the requester is connected to us
//   already, and "here is the peer you are talking to" would look like a discovery to js-waku
//   (it emits a 'peer' event) while adding nothing. An empty cache answers an empty list.
// - Never the requester's own record.
// - Refusals still answer: v2.0.0-alpha1 has no status in js-waku's schema, so a rate-limited
//   or malformed request gets an empty list (what js-waku understands) plus nwaku's
//   response_status (429 / 400) in field 10, and is counted.
// - Cheapest checks first: frame size from the length prefix (before buffering) → rate limit
//   → decode. The stream is drained and closed like every request stream (request-stream.ts).
import type { IncomingStreamData, Libp2p } from '@libp2p/interface';
import { Counters } from '../counters.ts';
import type { TransportLogger } from '../logger.ts';
import { type RateLimit, RateLimiter } from '../rate-limiter.ts';
import { StreamOutcome, serveRequestStream } from '../request-stream.ts';
import { MAX_INBOUND_STREAMS_PER_PROTOCOL, requestLimits, type StreamTimeouts } from '../stream-limits.ts';
import type { EnrCache } from './enr-cache.ts';
import {
  decodePeerExchangeQuery,
  encodePeerExchangeResponse,
  MAX_PEER_EXCHANGE_REQUEST_BYTES,
  PEER_EXCHANGE_CODEC,
  type PeerExchangeAnswer,
  type PeerExchangeReject,
  PeerExchangeStatus,
} from './peer-exchange-codec.ts';

/**
 * Per peer: a burst of 10, then 10 per minute. js-waku asks once on connect and every 30 s per
 * connection (2/min); nwaku's default peer exchange limit is of the same order.
 */
export const DEFAULT_PEER_EXCHANGE_RATE_LIMIT: RateLimit = { capacity: 10, perMinute: 10 };

/** nwaku's cap too (MaxPeersCacheSize is larger, but a response carries at most this many). */
export const MAX_PEERS_PER_RESPONSE = 10;

export type PeerExchangeCounter =
  | 'requests'
  | 'responses'
  | 'enrs-sent'
  | 'empty-responses'
  | 'refused:rate-limited'
  | 'refused:oversize'
  | 'refused:not-running'
  | `refused:${PeerExchangeReject}`
  | `stream:${StreamOutcome}`;

export interface PeerExchangeStats {
  counters: Partial<Record<PeerExchangeCounter, number>>;
  /** ENRs we could hand out, and how they got (or did not get) into the cache. */
  cachedEnrs: number;
  cache: ReturnType<EnrCache['counters']['snapshot']>;
}

export interface PeerExchangeOptions {
  rateLimit?: RateLimit;
  /** Most ENRs in one response (default and ceiling: 10). */
  maxPeersPerResponse?: number;
  /** Size of the ENR cache (default 200). */
  maxCachedEnrs?: number;
}

export interface PeerExchangeServiceInit {
  libp2p: Libp2p;
  cache: EnrCache;
  rateLimit: RateLimit;
  maxPeersPerResponse: number;
  timeouts: StreamTimeouts;
  log: TransportLogger;
  isRunning: () => boolean;
}

export class PeerExchangeService {
  readonly counters = new Counters<PeerExchangeCounter>();
  readonly #init: PeerExchangeServiceInit;
  readonly #limiter: RateLimiter;

  constructor(init: PeerExchangeServiceInit) {
    this.#init = init;
    this.#limiter = new RateLimiter(init.rateLimit);
  }

  async start(): Promise<void> {
    await this.#init.libp2p.handle(PEER_EXCHANGE_CODEC, (data) => this.#handle(data), {
      maxInboundStreams: MAX_INBOUND_STREAMS_PER_PROTOCOL,
      runOnLimitedConnection: false,
    });
  }

  async stop(): Promise<void> {
    await this.#init.libp2p.unhandle(PEER_EXCHANGE_CODEC);
  }

  stats(): PeerExchangeStats {
    return {
      counters: this.counters.snapshot(),
      cachedEnrs: this.#init.cache.size,
      cache: this.#init.cache.counters.snapshot(),
    };
  }

  #handle({ stream, connection }: IncomingStreamData): void {
    const peer = connection.remotePeer.toString();
    const limits = requestLimits(MAX_PEER_EXCHANGE_REQUEST_BYTES, this.#init.timeouts);
    void serveRequestStream(stream, limits, (request) => {
      this.counters.inc('requests');
      const answer = request.kind === 'oversize' ? this.#refuseOversize(peer) : this.#answer(peer, request.bytes);
      this.counters.inc('responses');
      if (answer.enrs.length === 0) this.counters.inc('empty-responses');
      else this.counters.inc('enrs-sent', answer.enrs.length);
      return encodePeerExchangeResponse(answer);
    }).then((outcome) => {
      if (outcome !== StreamOutcome.Request && outcome !== StreamOutcome.Oversize)
        this.counters.inc(`stream:${outcome}`);
    });
  }

  #refuseOversize(peer: string): PeerExchangeAnswer {
    if (!this.#limiter.take(peer)) return this.#rateLimited();
    this.counters.inc('refused:oversize');
    return { enrs: [], status: PeerExchangeStatus.BadRequest, description: 'request too large' };
  }

  #answer(peer: string, bytes: Uint8Array): PeerExchangeAnswer {
    if (!this.#limiter.take(peer)) return this.#rateLimited();
    const query = decodePeerExchangeQuery(bytes);
    if (!query.ok) {
      this.counters.inc(`refused:${query.reason}`);
      return { enrs: [], status: PeerExchangeStatus.BadRequest, description: `bad request: ${query.reason}` };
    }
    if (!this.#init.isRunning()) {
      this.counters.inc('refused:not-running');
      return { enrs: [], status: PeerExchangeStatus.ServiceUnavailable, description: 'node is not running' };
    }
    const count = Math.min(query.value.numPeers, this.#init.maxPeersPerResponse);
    const enrs = this.#init.cache.sample(count, new Set([peer]));
    return { enrs, status: PeerExchangeStatus.Success, description: 'OK' };
  }

  #rateLimited(): PeerExchangeAnswer {
    this.counters.inc('refused:rate-limited');
    return { enrs: [], status: PeerExchangeStatus.TooManyRequests, description: 'rate limit exceeded, retry later' };
  }
}
