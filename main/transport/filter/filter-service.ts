// Filter v2 service: light clients subscribe to (pubsub topic, content topics) and we push them
// every matching message the node sees (relay, lightpush, our own publishes) over one
// long-lived push stream per subscriber (see push-stream.ts).
//
// Order of checks on a subscribe-protocol request, cheapest first: rate cap (429) → frame size
// (400, from the length prefix alone) → decode (400) → node running (503) → the request itself:
// ping 404 without a live subscription; subscribe 400 for a shard we do not serve, 503 when the
// peer table or the peer's criteria are full (as nwaku); unsubscribe(-all) 404 when there was
// nothing to remove. Every request from a peer refreshes its subscriptions, which lapse after
// `ttlMs` of silence (js-waku pings every 60 s); a peer's subscriptions are dropped as soon as
// it disconnects (its last connection closes).
//
// Subscriptions are keyed by peer id, and a subscriber may come back with the same id on a new
// connection before we notice the old one is gone (a node switching from full to light mode, a
// phone after a network change): pushes follow the connection of the peer's latest subscribe or
// ping, and a push stream on another connection is dropped then.
import type { Connection, IncomingStreamData, Libp2p, PeerId, Stream } from '@libp2p/interface';
import { Counters } from '../counters.ts';
import type { PeerActivity } from '../peer-activity.ts';
import { encodeFrame } from '../frame.ts';
import { errorText, type TransportLogger } from '../logger.ts';
import type { WakuMessage } from '../message.ts';
import { type RateLimit, RateLimiter } from '../rate-limiter.ts';
import { StreamOutcome, serveRequestStream } from '../request-stream.ts';
import { MAX_INBOUND_STREAMS_PER_PROTOCOL, requestLimits, type StreamTimeouts } from '../stream-limits.ts';
import {
  decodeFilterRequest,
  encodeFilterPush,
  encodeFilterResponse,
  FILTER_PUSH_CODEC,
  FILTER_SUBSCRIBE_CODEC,
  type FilterReject,
  type FilterRequest,
  FilterRequestType,
  type FilterResponse,
  FilterStatus,
  MAX_FILTER_REQUEST_BYTES,
  salvageFilterRequestId,
} from './filter-codec.ts';
import { DEFAULT_PUSH_QUEUE_LIMITS, type PushQueueLimits, PushStream } from './push-stream.ts';
import { type FilterLimits, FilterSubscriptions } from './subscriptions.ts';

/**
 * nwaku's FilterDefaultPerPeerRateLimit (30 per minute), as a token bucket with a burst of 30:
 * "a subscription with max 30 calls than using ping in every min" (rate_limit/setting.nim).
 */
export const DEFAULT_FILTER_RATE_LIMIT: RateLimit = { capacity: 30, perMinute: 30 };

/** How often lapsed subscriptions are swept (nwaku's maintenance runs every minute). */
export const FILTER_SWEEP_INTERVAL_MS = 60_000;

/** Opening a push stream on the subscriber's existing connection must not take longer. */
const PUSH_OPEN_TIMEOUT_MS = 10_000;

export interface FilterOptions extends Partial<FilterLimits> {
  rateLimit?: RateLimit;
  pushQueue?: Partial<PushQueueLimits>;
  sweepIntervalMs?: number;
  /** Clock for subscription expiry (tests). */
  now?: () => number;
}

const TYPE_NAMES = {
  [FilterRequestType.SubscriberPing]: 'ping',
  [FilterRequestType.Subscribe]: 'subscribe',
  [FilterRequestType.Unsubscribe]: 'unsubscribe',
  [FilterRequestType.UnsubscribeAll]: 'unsubscribe-all',
} as const;
type TypeName = (typeof TYPE_NAMES)[keyof typeof TYPE_NAMES];

export type FilterRefusal =
  | FilterReject
  | 'oversize'
  | 'rate-limited'
  | 'not-running'
  | 'unsupported-topic'
  | 'too-many-peers'
  | 'too-many-criteria'
  | 'not-subscribed';

export type FilterCounter =
  | `requests:${TypeName}`
  | `status:${FilterStatus}`
  | `refused:${FilterRefusal}`
  | `stream:${StreamOutcome}`
  | 'messages-matched'
  | 'pushes'
  | 'push-streams-opened'
  | 'push-failures:open'
  | 'push-failures:write'
  | 'push-dropped:overflow'
  | 'push-dropped:stream-failed'
  | 'expired'
  | 'dropped-on-disconnect';

export interface FilterStats {
  subscribers: number;
  criteria: number;
  pushStreams: number;
  queuedPushes: number;
  counters: Partial<Record<FilterCounter, number>>;
}

export interface FilterServiceInit {
  libp2p: Libp2p;
  timeouts: StreamTimeouts;
  log: TransportLogger;
  options: FilterOptions;
  servesTopic: (pubsubTopic: string) => boolean;
  /** Records which peers used the service (the dashboard's light clients served). */
  activity?: PeerActivity;
  isRunning: () => boolean;
}

export class FilterService {
  readonly counters = new Counters<FilterCounter>();
  readonly subscriptions: FilterSubscriptions;
  readonly #init: FilterServiceInit;
  readonly #limiter: RateLimiter;
  readonly #pushLimits: PushQueueLimits;
  readonly #streams = new Map<string, PushStream>();
  /** Per subscriber: the connection its latest subscribe or ping came over. */
  readonly #via = new Map<string, Connection>();
  /** Per subscriber: the connection its current push stream was opened on. */
  readonly #pushedOn = new Map<string, string>();
  #sweepTimer: ReturnType<typeof setInterval> | null = null;

  constructor(init: FilterServiceInit) {
    this.#init = init;
    const { rateLimit, pushQueue, now, sweepIntervalMs: _sweep, ...limits } = init.options;
    this.subscriptions = new FilterSubscriptions(limits, now);
    this.#limiter = new RateLimiter(rateLimit ?? DEFAULT_FILTER_RATE_LIMIT, now ? { now } : {});
    this.#pushLimits = { ...DEFAULT_PUSH_QUEUE_LIMITS, ...pushQueue };
  }

  async start(): Promise<void> {
    const { libp2p } = this.#init;
    await libp2p.handle(FILTER_SUBSCRIBE_CODEC, this.#handle, {
      maxInboundStreams: MAX_INBOUND_STREAMS_PER_PROTOCOL,
      runOnLimitedConnection: false,
    });
    libp2p.addEventListener('peer:disconnect', this.#onDisconnect);
    const interval = this.#init.options.sweepIntervalMs ?? FILTER_SWEEP_INTERVAL_MS;
    this.#sweepTimer = setInterval(() => this.sweep(), interval);
    this.#sweepTimer.unref();
  }

  async stop(): Promise<void> {
    const { libp2p } = this.#init;
    if (this.#sweepTimer !== null) clearInterval(this.#sweepTimer);
    this.#sweepTimer = null;
    libp2p.removeEventListener('peer:disconnect', this.#onDisconnect);
    for (const stream of this.#streams.values()) stream.close();
    this.#streams.clear();
    this.#via.clear();
    this.#pushedOn.clear();
    await libp2p.unhandle(FILTER_SUBSCRIBE_CODEC);
  }

  /** Queues the message for every live subscriber of its topics; returns how many. */
  deliver(pubsubTopic: string, message: WakuMessage): number {
    const peers = this.subscriptions.subscribers(pubsubTopic, message.contentTopic);
    if (peers.length === 0) return 0;
    this.counters.inc('messages-matched');
    const frame = encodeFrame(encodeFilterPush({ pubsubTopic, message }));
    for (const peer of peers) this.#streamTo(peer).push(frame);
    return peers.length;
  }

  /** Drops lapsed subscriptions and their push streams (runs every `sweepIntervalMs`). */
  sweep(): number {
    const expired = this.subscriptions.sweep();
    for (const peer of expired) this.#forget(peer);
    if (expired.length > 0) this.counters.inc('expired', expired.length);
    return expired.length;
  }

  stats(): FilterStats {
    let queuedPushes = 0;
    for (const stream of this.#streams.values()) queuedPushes += stream.queued;
    return {
      subscribers: this.subscriptions.peerCount,
      criteria: this.subscriptions.criteriaCount,
      pushStreams: this.#streams.size,
      queuedPushes,
      counters: this.counters.snapshot(),
    };
  }

  readonly #handle = ({ stream, connection }: IncomingStreamData): void => {
    const peer = connection.remotePeer;
    void serveRequestStream(stream, requestLimits(MAX_FILTER_REQUEST_BYTES, this.#init.timeouts), (request) => {
      const response =
        request.kind === 'oversize'
          ? this.#refuseOversize(peer, request.length)
          : this.#process(connection, request.bytes);
      this.counters.inc(`status:${response.status}`);
      return encodeFilterResponse(response);
    }).then((outcome) => {
      if (outcome !== StreamOutcome.Request && outcome !== StreamOutcome.Oversize)
        this.counters.inc(`stream:${outcome}`);
    });
  };

  #refuseOversize(peer: PeerId, length: number): FilterResponse {
    if (!this.#limiter.take(peer.toString())) return this.#rateLimited('');
    this.counters.inc('refused:oversize');
    return { requestId: '', status: FilterStatus.BadRequest, description: `request of ${length} bytes is too large` };
  }

  #rateLimited(requestId: string): FilterResponse {
    this.counters.inc('refused:rate-limited');
    return { requestId, status: FilterStatus.TooManyRequests, description: 'rate limit exceeded, retry later' };
  }

  #process(connection: Connection, bytes: Uint8Array): FilterResponse {
    const peer = connection.remotePeer;
    const id = peer.toString();
    if (!this.#limiter.take(id)) return this.#rateLimited(salvageFilterRequestId(bytes));
    const decoded = decodeFilterRequest(bytes);
    if (!decoded.ok) {
      this.counters.inc(`refused:${decoded.reason}`);
      return {
        requestId: salvageFilterRequestId(bytes),
        status: FilterStatus.BadRequest,
        description: `bad request: ${decoded.reason}`,
      };
    }
    const request = decoded.value;
    this.counters.inc(`requests:${TYPE_NAMES[request.type]}`);
    this.#init.activity?.touch(id);
    if (!this.#init.isRunning()) return this.#answer(request, FilterStatus.ServiceUnavailable, 'not-running');
    switch (request.type) {
      case FilterRequestType.SubscriberPing:
        if (!this.subscriptions.refresh(id)) return this.#answer(request, FilterStatus.NotFound, 'not-subscribed');
        this.#follow(id, connection);
        return this.#answer(request, FilterStatus.Ok);
      case FilterRequestType.Subscribe: {
        const response = this.#subscribe(peer, request);
        if (this.subscriptions.isSubscribed(id)) this.#follow(id, connection);
        return response;
      }
      case FilterRequestType.Unsubscribe: {
        const removed = this.subscriptions.unsubscribe(id, request.pubsubTopic, request.contentTopics);
        if (!this.subscriptions.isSubscribed(id)) this.#forget(id);
        return removed === null || removed === 0
          ? this.#answer(request, FilterStatus.NotFound, 'not-subscribed')
          : this.#answer(request, FilterStatus.Ok);
      }
      case FilterRequestType.UnsubscribeAll: {
        const had = this.subscriptions.unsubscribeAll(id);
        this.#forget(id);
        return had
          ? this.#answer(request, FilterStatus.Ok)
          : this.#answer(request, FilterStatus.NotFound, 'not-subscribed');
      }
    }
  }

  #subscribe(peer: PeerId, request: FilterRequest): FilterResponse {
    if (!this.#init.servesTopic(request.pubsubTopic))
      return this.#answer(request, FilterStatus.BadRequest, 'unsupported-topic');
    const result = this.subscriptions.subscribe(peer.toString(), request.pubsubTopic, request.contentTopics);
    if (!result.ok) return this.#answer(request, FilterStatus.ServiceUnavailable, result.reason);
    return this.#answer(request, FilterStatus.Ok);
  }

  /** Pushes to `peer` go over `connection` from now on (see the header). */
  #follow(peer: string, connection: Connection): void {
    this.#via.set(peer, connection);
    const pushedOn = this.#pushedOn.get(peer);
    if (pushedOn !== undefined && pushedOn !== connection.id) this.#closeStream(peer);
  }

  #answer(request: FilterRequest, status: FilterStatus, refusal?: FilterRefusal): FilterResponse {
    if (refusal === undefined) return { requestId: request.requestId, status, description: 'OK' };
    this.counters.inc(`refused:${refusal}`);
    return { requestId: request.requestId, status, description: refusal };
  }

  #streamTo(peer: string): PushStream {
    let stream = this.#streams.get(peer);
    if (stream !== undefined) return stream;
    stream = new PushStream(() => this.#openPushStream(peer), this.#pushLimits, {
      sent: () => this.counters.inc('pushes'),
      dropped: (count, reason) => this.counters.inc(`push-dropped:${reason}`, count),
      failed: (stage, error) => {
        this.counters.inc(`push-failures:${stage}`);
        this.#init.log.debug('filter push failed', { peer, stage, error: errorText(error) });
      },
      opened: () => this.counters.inc('push-streams-opened'),
    });
    this.#streams.set(peer, stream);
    return stream;
  }

  /** Pushes go over the connection the subscriber holds to us; light clients are not dialled back. */
  async #openPushStream(peer: string): Promise<Stream> {
    const via = this.#via.get(peer);
    const connection =
      via?.status === 'open'
        ? via
        : this.#init.libp2p.getConnections().findLast((c) => c.remotePeer.toString() === peer && c.status === 'open');
    if (connection === undefined) throw new Error('subscriber is not connected');
    this.#pushedOn.set(peer, connection.id);
    return connection.newStream(FILTER_PUSH_CODEC, {
      signal: AbortSignal.timeout(PUSH_OPEN_TIMEOUT_MS),
      runOnLimitedConnection: false,
    });
  }

  #closeStream(peer: string): void {
    this.#pushedOn.delete(peer);
    const stream = this.#streams.get(peer);
    if (stream === undefined) return;
    stream.close();
    this.#streams.delete(peer);
  }

  /** The peer has no subscriptions left: no push stream, no connection to follow. */
  #forget(peer: string): void {
    this.#closeStream(peer);
    this.#via.delete(peer);
  }

  readonly #onDisconnect = (event: CustomEvent<PeerId>): void => {
    const peer = event.detail.toString();
    if (this.subscriptions.removePeer(peer)) this.counters.inc('dropped-on-disconnect');
    this.#forget(peer);
  };
}
