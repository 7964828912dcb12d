// Light mode: a js-waku light node (createLightNode from @waku/sdk) that relays nothing and uses
// service peers instead: lightpush to publish, filter to receive, store for history. Its surface
// mirrors WakuNode's (create/start/stop, publish, 'message' and 'peers' events, peers(), stats())
// so the core can run either.
//
// What is ours and what is the SDK's, and why:
// - Service peers: we dial the configured multiaddrs with libp2p.dial (waku.dial would open a
//   light-protocol stream and fail against a relay-only peer, waku-notes §5.6), wait for identify,
//   run the metadata handshake ourselves with a deadline, and keep each configured peer connected
//   with back-off. The SDK's waitForPeers can resolve before identify and leaves a 10 s timer.
// - Lightpush: our v3/v2 codec over the SDK's connection. The SDK's LightPushCore has no deadline
//   (a silent service node hangs send forever) and folds every status code into "Remote peer
//   rejected"; callers need 413 vs 429 vs 505.
// - Filter: the SDK's Filter. It owns subscription upkeep (keep-alive pings, resubscribing when a
//   filter peer reconnects or is replaced); we give it decoders that return the wire message
//   untouched and dedupe on our deterministic hash.
// - Store: the SDK's StoreCore (one page per request, the client-side cursor walk), on a peer we
//   pick, with a deadline per page and ≤24 h windows (StoreCore refuses longer ranges).
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { Connection, IdentifyResult, PeerId, PrivateKey } from '@libp2p/interface';
import { mplex } from '@libp2p/mplex';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import { all as allWebSocketAddresses } from '@libp2p/websockets/filters';
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr';
import { FilterCodecs, StoreCodec, StoreCore } from '@waku/core';
import type { IDecoder, LightNode } from '@waku/interfaces';
import { createLightNode } from '@waku/sdk';
import { proto_message } from '@waku/proto';
import { encodeRelayShard } from '@waku/utils';
import { randomUUID } from 'node:crypto';
import { type BandwidthSnapshot, ByteMeter } from '../bandwidth.ts';
import { Counters } from '../counters.ts';
import type { PeerDiscoveryFactory } from '../discovery/discovery-config.ts';
import { Emitter } from '../emitter.ts';
import {
  decodeLightPushV2Response,
  decodeLightPushV3Response,
  encodeLightPushV2Request,
  encodeLightPushV3Request,
  LIGHTPUSH_V2_CODEC,
  LIGHTPUSH_V3_CODEC,
  LightPushStatus,
} from '../lightpush/lightpush-codec.ts';
import { errorText, silentLogger, type TransportLogger } from '../logger.ts';
import { DEFAULT_MAX_MESSAGE_BYTES, messageHash, messageInvalidReason, toHex, type WakuMessage } from '../message.ts';
import {
  decodeMetadataResponse,
  encodeMetadataRequest,
  MAX_METADATA_BYTES,
  METADATA_CODEC,
} from '../metadata/metadata-codec.ts';
import { loadOrCreatePeerKey } from '../peer-key.ts';
import { requestOnce } from '../request-stream.ts';
import { DEFAULT_RELAY_SHARDS, isValidShard, STATUS_CLUSTER_ID, shardOfTopic } from '../sharding.ts';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF, pause } from './backoff.ts';
import { type RawDecodedMessage, rawDecoder } from './raw-codec.ts';
import { RecentHashes } from './recent-hashes.ts';

export type LightNodeState = 'connecting' | 'ready' | 'no-service-peer';

export interface LightWakuNodeOptions {
  /** Holds the libp2p key when `peerKey` is 'persistent'. */
  dataDir: string;
  clusterId?: number;
  /** Shards we publish to and read from; a service peer must serve at least one of them. */
  shards?: readonly number[];
  /** Multiaddrs with /p2p/<id>, dialled at start and kept connected with back-off. */
  servicePeers?: readonly string[];
  /** libp2p discovery modules (discoveryModules()); discovered peers are used once they qualify. */
  peerDiscovery?: readonly PeerDiscoveryFactory[];
  /**
   * 'persistent' (default) keeps the peer id across restarts, like the full node. 'ephemeral'
   * makes a new one per process, so service nodes cannot link sessions of the same user.
   */
  peerKey?: 'persistent' | 'ephemeral';
  /** Deadline for one lightpush, filter (un)subscribe, metadata exchange or store page. */
  requestTimeoutMs?: number;
  /** Deadline for dialling a service peer and for its identify + metadata afterwards. */
  connectTimeoutMs?: number;
  /** start() returns once a service peer is ready, all have failed once, or after this long. */
  startTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  maxMessageBytes?: number;
  log?: TransportLogger;
}

export interface LightNodeMessage {
  pubsubTopic: string;
  message: WakuMessage;
  hash: Uint8Array;
  hashHex: string;
  source: 'filter';
}

export interface LightStateEvent {
  state: LightNodeState;
  previous: LightNodeState | null;
  /** Service peers usable right now. */
  readyPeers: string[];
  /** Why the last configured service peer attempt failed, when not ready. */
  reason?: string;
}

export interface LightPeersEvent {
  peerId: string;
  change: 'connected' | 'disconnected';
  count: number;
}

export interface LightWakuNodeEvents extends Record<string, unknown> {
  message: LightNodeMessage;
  state: LightStateEvent;
  peers: LightPeersEvent;
}

export const LightFailure = {
  NotRunning: 'not-running',
  NotAShardTopic: 'not-a-shard-topic',
  InvalidMessage: 'invalid-message',
  TooLarge: 'too-large',
  NoServicePeer: 'no-service-peer',
  Rejected: 'rejected',
  Timeout: 'timeout',
  Failed: 'failed',
  BadQuery: 'bad-query',
} as const;
export type LightFailure = (typeof LightFailure)[keyof typeof LightFailure];

export type LightPublishResult =
  | {
      ok: true;
      hash: Uint8Array;
      hashHex: string;
      /** The service peer that accepted it. */
      servicePeer: string;
      /** Relay peers the service node passed it to (lightpush v3 only). */
      recipients?: number;
    }
  | {
      ok: false;
      reason: LightFailure;
      detail: string /** Lightpush status code, if a peer answered. */;
      status?: number;
    };

export interface LightSubscription {
  /** A filter service peer acknowledged the subscription. */
  acknowledged: boolean;
  /** Why not, when not. The subscription stays registered and is placed when a filter peer appears. */
  reason?: LightFailure;
  unsubscribe: () => Promise<void>;
}

export interface LightStoreQuery {
  /** Shard of the history; sent as the content filter, or only used to pick the peer for hash lookups. */
  pubsubTopic: string;
  contentTopics?: readonly string[];
  timeStart?: Date;
  timeEnd?: Date;
  /** Hash lookup: no content topics or time range allowed with it (13/WAKU2-STORE). */
  messageHashes?: readonly Uint8Array[];
  /** Oldest first (default) or newest first. */
  forward?: boolean;
  /** Messages per page, 1..100 (default 50, as status-go). */
  pageSize?: number;
}

export interface StoredMessage {
  pubsubTopic: string;
  message: WakuMessage;
  hash: Uint8Array;
  hashHex: string;
}

export interface StorePage {
  messages: StoredMessage[];
  servicePeer: string;
}

export class LightNodeError extends Error {
  readonly reason: LightFailure;

  constructor(reason: LightFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LightNodeError';
    this.reason = reason;
  }
}

export interface LightPeerSummary {
  id: string;
  addresses: string[];
  protocols: string[];
  direction: 'inbound' | 'outbound';
  /** One of the configured service peers. */
  configured: boolean;
  /** Usable for our shards right now. */
  ready: boolean;
  clusterId: number | null;
  shards: number[] | null;
}

export type LightCounter =
  | 'pushed'
  | `push-failed:${LightFailure}`
  | 'filter-received'
  | 'filter-duplicates'
  | 'filter-invalid'
  | 'store-queries'
  | 'store-pages'
  | 'store-messages'
  | `store-failed:${LightFailure}`
  | 'dial-failures'
  | 'reconnects';

export interface LightWakuNodeStats {
  peerId: string;
  running: boolean;
  state: LightNodeState;
  connections: number;
  readyServicePeers: string[];
  subscriptions: number;
  counters: Partial<Record<LightCounter, number>>;
}

/** Codecs that make a peer a service peer for us. */
const LIGHT_CODECS: ReadonlySet<string> = new Set([
  LIGHTPUSH_V3_CODEC,
  LIGHTPUSH_V2_CODEC,
  FilterCodecs.SUBSCRIBE,
  StoreCodec,
]);

const DEFAULTS = {
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  startTimeoutMs: 15_000,
  /** status-go's store page size. */
  pageSize: 50,
  maxPageSize: 100,
  recentHashes: 10_000,
  /** StoreCore refuses a time range longer than this (its MAX_TIME_RANGE). */
  storeWindowMs: 24 * 60 * 60 * 1000,
} as const;

interface ReadyPeer {
  id: PeerId;
  protocols: string[];
  clusterId: number | null;
  shards: number[] | null;
}

type PeerStatus =
  | { peerId: string; status: 'ready' }
  | { peerId: string; status: 'unusable'; reason: string }
  | { peerId: string; status: 'disconnected' };

interface Keeper {
  address: Multiaddr;
  peerId: string;
  /** Consecutive failed attempts since the peer was last ready. */
  failures: number;
  lastError?: string;
}

interface LocalSubscription {
  pubsubTopic: string;
  contentTopics: ReadonlySet<string>;
  decoders: IDecoder<RawDecodedMessage>[];
  handler: (message: LightNodeMessage) => void;
}

export class LightWakuNode {
  readonly clusterId: number;
  readonly maxMessageBytes: number;
  readonly #waku: LightNode;
  readonly #byteMeter: ByteMeter;
  readonly #store: StoreCore;
  readonly #log: TransportLogger;
  readonly #events: Emitter<LightWakuNodeEvents>;
  readonly #status = new Emitter<{ status: PeerStatus }>();
  readonly #counters = new Counters<LightCounter>();
  readonly #shards: ReadonlySet<number>;
  readonly #keepers: Keeper[];
  readonly #hasDiscovery: boolean;
  readonly #timeouts: { request: number; connect: number; start: number };
  readonly #backoff: BackoffOptions;
  readonly #ready = new Map<string, ReadyPeer>();
  readonly #unusable = new Map<string, string>();
  readonly #subscriptions = new Set<LocalSubscription>();
  /** The tail of each pubsub topic's queue of SDK filter (un)subscribe calls (see #oneAtATime). */
  readonly #filterQueues = new Map<string, Promise<void>>();
  readonly #recent = new RecentHashes(DEFAULTS.recentHashes);
  #state: LightNodeState = 'connecting';
  #running = false;
  #stopping = new AbortController();

  private constructor(parts: {
    options: LightWakuNodeOptions;
    waku: LightNode;
    keepers: Keeper[];
    byteMeter: ByteMeter;
  }) {
    const { options } = parts;
    this.clusterId = options.clusterId ?? STATUS_CLUSTER_ID;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#waku = parts.waku;
    this.#byteMeter = parts.byteMeter;
    this.#store = new StoreCore(parts.waku.libp2p);
    this.#log = options.log ?? silentLogger;
    this.#events = new Emitter((error) => this.#log.error('event listener failed', { error: errorText(error) }));
    this.#shards = new Set(options.shards ?? DEFAULT_RELAY_SHARDS);
    this.#keepers = parts.keepers;
    this.#hasDiscovery = (options.peerDiscovery?.length ?? 0) > 0;
    this.#timeouts = {
      request: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      connect: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      start: options.startTimeoutMs ?? DEFAULTS.startTimeoutMs,
    };
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  static async create(options: LightWakuNodeOptions): Promise<LightWakuNode> {
    const clusterId = options.clusterId ?? STATUS_CLUSTER_ID;
    for (const shard of options.shards ?? DEFAULT_RELAY_SHARDS) {
      if (!isValidShard(shard)) throw new RangeError(`shard ${shard} is not in 0..1023`);
    }
    const keepers = (options.servicePeers ?? []).map((text): Keeper => {
      const address = multiaddr(text);
      const peerId = address.getPeerId();
      if (peerId === null) throw new Error(`a service peer needs /p2p/<peer id>: ${text}`);
      return { address, peerId, failures: 0 };
    });
    const privateKey: PrivateKey =
      (options.peerKey ?? 'persistent') === 'persistent'
        ? (await loadOrCreatePeerKey(options.dataDir)).privateKey
        : await generateKeyPair('secp256k1');
    const byteMeter = new ByteMeter();
    const waku = await createLightNode({
      autoStart: false,
      networkConfig: { clusterId },
      defaultBootstrap: false,
      libp2p: {
        privateKey,
        // The SDK only allows wss unless told otherwise (waku-notes §5.5); a desktop node can also
        // use plain TCP, which the fleet offers on 30303.
        filterMultiaddrs: false,
        hideWebSocketInfo: true,
        transports: [tcp(), webSockets({ filter: allWebSocketAddresses })],
        connectionEncrypters: [noise()],
        // yamux first (flow control, no mplex reset storms); mplex for peers that only speak it.
        streamMuxers: [yamux(), mplex()],
        peerDiscovery: [...(options.peerDiscovery ?? [])],
        // Counts the bytes of every connection (bandwidth.ts).
        metrics: byteMeter.factory(),
      },
    });
    return new LightWakuNode({ options, waku, keepers, byteMeter });
  }

  get peerId(): PeerId {
    return this.#waku.libp2p.peerId;
  }

  get running(): boolean {
    return this.#running;
  }

  get state(): LightNodeState {
    return this.#state;
  }

  /** For tests and diagnostics: the SDK node. */
  get waku(): LightNode {
    return this.#waku;
  }

  on<Name extends keyof LightWakuNodeEvents>(
    name: Name,
    listener: (value: LightWakuNodeEvents[Name]) => void,
  ): () => void {
    return this.#events.on(name, listener);
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#stopping = new AbortController();
    const libp2p = this.#waku.libp2p;
    libp2p.addEventListener('peer:identify', this.#onIdentify);
    libp2p.addEventListener('peer:connect', this.#onConnect);
    libp2p.addEventListener('peer:disconnect', this.#onDisconnect);
    await this.#waku.start();
    this.#running = true;
    this.#log.info('light node started', { peerId: this.peerId.toString(), servicePeers: this.#keepers.length });
    const settled = this.#nextState((state) => state !== 'connecting', this.#timeouts.start);
    this.#updateState(true);
    for (const keeper of this.#keepers) void this.#keep(keeper, this.#stopping.signal);
    await settled;
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#stopping.abort();
    // Tell the service nodes, briefly; then make sure no SDK subscription timer outlives us.
    await Promise.all(
      [...this.#subscriptions].map((subscription) =>
        deadline(this.#waku.filter.unsubscribe(subscription.decoders), this.#timeouts.request).catch(() => false),
      ),
    );
    this.#subscriptions.clear();
    this.#waku.filter.unsubscribeAll();
    const libp2p = this.#waku.libp2p;
    libp2p.removeEventListener('peer:identify', this.#onIdentify);
    libp2p.removeEventListener('peer:connect', this.#onConnect);
    libp2p.removeEventListener('peer:disconnect', this.#onDisconnect);
    await this.#waku.stop();
    this.#ready.clear();
    this.#unusable.clear();
    this.#log.info('light node stopped');
  }

  /** Publishes through a service peer (lightpush); tries the next ready peer if one fails. */
  async publish(pubsubTopic: string, message: WakuMessage): Promise<LightPublishResult> {
    const result = await this.#publish(pubsubTopic, message);
    this.#counters.inc(result.ok ? 'pushed' : `push-failed:${result.reason}`);
    return result;
  }

  async #publish(pubsubTopic: string, message: WakuMessage): Promise<LightPublishResult> {
    if (!this.#running) return { ok: false, reason: LightFailure.NotRunning, detail: 'light node is not running' };
    const shard = shardOfTopic(pubsubTopic, this.clusterId);
    if (shard === null) {
      return {
        ok: false,
        reason: LightFailure.NotAShardTopic,
        detail: `${pubsubTopic} is not a shard of cluster ${this.clusterId}`,
      };
    }
    const invalid = messageInvalidReason(message);
    if (invalid !== null) return { ok: false, reason: LightFailure.InvalidMessage, detail: invalid };
    const size = proto_message.WakuMessage.encode(message).length;
    if (size > this.maxMessageBytes) {
      return { ok: false, reason: LightFailure.TooLarge, detail: `${size} bytes, the cap is ${this.maxMessageBytes}` };
    }
    const hash = messageHash(pubsubTopic, message);
    const peers = this.#candidates([LIGHTPUSH_V3_CODEC, LIGHTPUSH_V2_CODEC], shard);
    if (peers.length === 0) return this.#noServicePeer('lightpush', shard);
    let last: LightPublishResult = { ok: false, reason: LightFailure.NoServicePeer, detail: 'no attempt' };
    for (const peer of peers) {
      last = await this.#pushTo(peer, pubsubTopic, message, hash);
      if (last.ok) return last;
      // A message the network refuses (400/413/420/421) is refused by every peer alike.
      if (last.status !== undefined && last.status >= 400 && last.status < 500 && last.status !== 429) return last;
    }
    return last;
  }

  async #pushTo(
    peer: ReadyPeer,
    pubsubTopic: string,
    message: WakuMessage,
    hash: Uint8Array,
  ): Promise<LightPublishResult> {
    const connection = this.#openConnection(peer.id);
    const servicePeer = peer.id.toString();
    if (connection === null) return { ok: false, reason: LightFailure.Failed, detail: `${servicePeer} disconnected` };
    const v3 = peer.protocols.includes(LIGHTPUSH_V3_CODEC);
    const requestId = randomUUID();
    const request = { requestId, pubsubTopic, message };
    const reply = await requestOnce(
      connection,
      v3 ? LIGHTPUSH_V3_CODEC : LIGHTPUSH_V2_CODEC,
      v3 ? encodeLightPushV3Request(request) : encodeLightPushV2Request(request),
      { maxResponseBytes: 64 * 1024, timeoutMs: this.#timeouts.request },
    );
    if (!reply.ok) {
      const reason = reply.reason === 'timeout' ? LightFailure.Timeout : LightFailure.Failed;
      return { ok: false, reason, detail: `lightpush to ${servicePeer}: ${reply.reason} ${reply.detail}` };
    }
    const hashHex = toHex(hash);
    if (v3) {
      const response = decodeLightPushV3Response(reply.bytes);
      if (!response.ok)
        return { ok: false, reason: LightFailure.Failed, detail: `undecodable answer from ${servicePeer}` };
      const status = response.value.statusCode;
      if (status !== LightPushStatus.Success) {
        return {
          ok: false,
          reason: LightFailure.Rejected,
          status,
          detail: `${servicePeer}: ${status} ${response.value.statusDesc ?? ''}`.trim(),
        };
      }
      const result: LightPublishResult = { ok: true, hash, hashHex, servicePeer };
      if (response.value.relayPeerCount !== undefined) result.recipients = response.value.relayPeerCount;
      return result;
    }
    const response = decodeLightPushV2Response(reply.bytes);
    if (!response.ok)
      return { ok: false, reason: LightFailure.Failed, detail: `bad answer from ${servicePeer}: ${response.reason}` };
    if (!response.value.isSuccess) {
      // Our service node and nwaku put "<code> <description>" in `info`.
      const status = Number.parseInt(response.value.info ?? '', 10);
      const failure: LightPublishResult = {
        ok: false,
        reason: LightFailure.Rejected,
        detail: `${servicePeer}: ${response.value.info ?? 'refused'}`,
      };
      if (Number.isInteger(status)) failure.status = status;
      return failure;
    }
    return { ok: true, hash, hashHex, servicePeer };
  }

  /**
   * Receives `contentTopics` on `pubsubTopic` through filter. Every new message also goes out as
   * a 'message' event, once per hash however often service peers push it.
   */
  async subscribe(
    pubsubTopic: string,
    contentTopics: readonly string[],
    handler: (message: LightNodeMessage) => void,
  ): Promise<LightSubscription> {
    if (!this.#running) throw new LightNodeError(LightFailure.NotRunning, 'light node is not running');
    const shard = shardOfTopic(pubsubTopic, this.clusterId);
    if (shard === null)
      throw new LightNodeError(
        LightFailure.NotAShardTopic,
        `${pubsubTopic} is not a shard of cluster ${this.clusterId}`,
      );
    const topics = new Set(contentTopics);
    if (topics.size === 0 || topics.has(''))
      throw new LightNodeError(LightFailure.BadQuery, 'subscribe needs non-empty content topics');
    const local: LocalSubscription = {
      pubsubTopic,
      contentTopics: topics,
      decoders: [...topics].map((topic) => rawDecoder(pubsubTopic, topic)),
      handler,
    };
    this.#subscriptions.add(local);
    let removed = false;
    const unsubscribe = async () => {
      if (removed) return;
      removed = true;
      this.#subscriptions.delete(local);
      if (!this.#running) return;
      await this.#oneAtATime(pubsubTopic, () =>
        deadline(this.#waku.filter.unsubscribe(local.decoders), this.#timeouts.request),
      ).catch((error) => {
        this.#log.warn('filter unsubscribe failed', { error: errorText(error) });
      });
    };
    const onMessage = (decoded: RawDecodedMessage) => this.#onFilterMessage(decoded.pubsubTopic, decoded.raw);
    try {
      const acknowledged = await this.#oneAtATime(pubsubTopic, () =>
        deadline(this.#waku.filter.subscribe(local.decoders, onMessage), this.#timeouts.request),
      );
      if (acknowledged) return { acknowledged, unsubscribe };
      const reason =
        this.#candidates([FilterCodecs.SUBSCRIBE], shard).length === 0
          ? LightFailure.NoServicePeer
          : LightFailure.Rejected;
      return { acknowledged, reason, unsubscribe };
    } catch (error) {
      this.#log.warn('filter subscribe failed', { error: errorText(error) });
      return {
        acknowledged: false,
        reason: error instanceof DeadlineError ? LightFailure.Timeout : LightFailure.Failed,
        unsubscribe,
      };
    }
  }

  /**
   * Runs SDK filter calls for one pubsub topic one after another. The SDK's Filter keeps one
   * Subscription per pubsub topic but records a new one only once its first add() has settled:
   * concurrent subscribes on a topic each make their own, the last one wins, and the callbacks of
   * the others are never called again although the service node pushes their messages (the
   * messenger subscribes every chat at once, e.g. right after a switch to light mode). Each call
   * has its own deadline, so a stuck one holds the queue up for at most that long.
   */
  #oneAtATime<T>(pubsubTopic: string, call: () => Promise<T>): Promise<T> {
    const result = (this.#filterQueues.get(pubsubTopic) ?? Promise.resolve()).then(call);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.#filterQueues.set(pubsubTopic, tail);
    void tail.then(() => {
      if (this.#filterQueues.get(pubsubTopic) === tail) this.#filterQueues.delete(pubsubTopic);
    });
    return result;
  }

  #onFilterMessage(pubsubTopic: string, message: WakuMessage): void {
    if (messageInvalidReason(message) !== null || shardOfTopic(pubsubTopic, this.clusterId) === null) {
      this.#counters.inc('filter-invalid');
      return;
    }
    const hash = messageHash(pubsubTopic, message);
    const hashHex = toHex(hash);
    if (!this.#recent.add(hashHex)) {
      this.#counters.inc('filter-duplicates');
      return;
    }
    this.#counters.inc('filter-received');
    const event: LightNodeMessage = { pubsubTopic, message, hash, hashHex, source: 'filter' };
    this.#events.emit('message', event);
    for (const subscription of this.#subscriptions) {
      if (subscription.pubsubTopic !== pubsubTopic || !subscription.contentTopics.has(message.contentTopic)) continue;
      try {
        subscription.handler(event);
      } catch (error) {
        this.#log.error('subscription handler failed', { error: errorText(error) });
      }
    }
  }

  /**
   * Pages of archived messages from a store service peer. Throws LightNodeError: 'bad-query'
   * before asking anyone, 'no-service-peer', 'timeout' (one page took longer than the request
   * deadline) or 'failed' (the peer refused or the stream broke).
   */
  async *queryStore(query: LightStoreQuery): AsyncGenerator<StorePage> {
    const checked = this.#checkStoreQuery(query);
    if (!this.#running) throw new LightNodeError(LightFailure.NotRunning, 'light node is not running');
    const peer = this.#candidates([StoreCodec], checked.shard)[0];
    if (peer === undefined) {
      this.#counters.inc(`store-failed:${LightFailure.NoServicePeer}`);
      throw new LightNodeError(LightFailure.NoServicePeer, this.#noServicePeer('store', checked.shard).detail);
    }
    this.#counters.inc('store-queries');
    const servicePeer = peer.id.toString();
    // Adjacent windows share their boundary instant; a message stamped exactly there comes twice.
    const seen = new Set<string>();
    for (const window of checked.windows) {
      const pages = this.#store.queryPerPage(
        {
          includeData: true,
          // Hash lookups must carry no content filter, and the pubsub topic is part of it.
          pubsubTopic: checked.hashQuery ? (undefined as unknown as string) : query.pubsubTopic,
          contentTopics: checked.contentTopics,
          ...(window.start === undefined ? {} : { timeStart: window.start }),
          ...(window.end === undefined ? {} : { timeEnd: window.end }),
          ...(checked.hashQuery ? { messageHashes: [...(query.messageHashes ?? [])] } : {}),
          paginationForward: checked.forward,
          paginationLimit: checked.pageSize,
        },
        checked.decoders,
        peer.id,
      );
      try {
        while (true) {
          let step: IteratorResult<Promise<RawDecodedMessage | undefined>[]>;
          try {
            step = await deadline(pages.next(), this.#timeouts.request);
          } catch (error) {
            const reason = error instanceof DeadlineError ? LightFailure.Timeout : LightFailure.Failed;
            this.#counters.inc(`store-failed:${reason}`);
            throw new LightNodeError(reason, `store query to ${servicePeer}: ${errorText(error)}`, { cause: error });
          }
          if (step.done) break;
          const decoded = await Promise.all(step.value);
          const messages: StoredMessage[] = [];
          for (const item of decoded) {
            if (item === undefined) continue;
            const hash = messageHash(item.pubsubTopic, item.raw);
            const hashHex = toHex(hash);
            if (checked.windows.length > 1 && seen.has(hashHex)) continue;
            seen.add(hashHex);
            messages.push({ pubsubTopic: item.pubsubTopic, message: item.raw, hash, hashHex });
          }
          this.#counters.inc('store-pages');
          this.#counters.inc('store-messages', messages.length);
          if (messages.length > 0) yield { messages, servicePeer };
        }
      } finally {
        // The consumer may stop early; end the SDK's walk so it sends no further page requests.
        await pages.return(undefined).catch(() => undefined);
      }
    }
  }

  #checkStoreQuery(query: LightStoreQuery) {
    const shard = shardOfTopic(query.pubsubTopic, this.clusterId);
    if (shard === null)
      throw new LightNodeError(
        LightFailure.BadQuery,
        `${query.pubsubTopic} is not a shard of cluster ${this.clusterId}`,
      );
    const hashQuery = (query.messageHashes?.length ?? 0) > 0;
    const contentTopics = [...new Set(query.contentTopics ?? [])];
    if (hashQuery && (contentTopics.length > 0 || query.timeStart || query.timeEnd)) {
      throw new LightNodeError(LightFailure.BadQuery, 'a hash lookup cannot carry content topics or a time range');
    }
    if (!hashQuery && contentTopics.length === 0) {
      throw new LightNodeError(LightFailure.BadQuery, 'a store query needs content topics or message hashes');
    }
    const pageSize = query.pageSize ?? DEFAULTS.pageSize;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > DEFAULTS.maxPageSize) {
      throw new LightNodeError(LightFailure.BadQuery, `page size must be 1..${DEFAULTS.maxPageSize}`);
    }
    if (query.timeStart && query.timeEnd && query.timeStart > query.timeEnd) {
      throw new LightNodeError(LightFailure.BadQuery, 'timeStart is after timeEnd');
    }
    const forward = query.forward ?? true;
    const decoders = hashQuery
      ? anyContentTopic(rawDecoder(query.pubsubTopic, ''))
      : new Map(contentTopics.map((topic) => [topic, rawDecoder(query.pubsubTopic, topic)]));
    return { shard, hashQuery, contentTopics, pageSize, forward, decoders, windows: timeWindows(query, forward) };
  }

  /** Ready peers serving one of `codecs` on `shard`: configured peers first, in their order. */
  #candidates(codecs: readonly string[], shard: number): ReadyPeer[] {
    const order = new Map(this.#keepers.map((keeper, index) => [keeper.peerId, index]));
    return [...this.#ready.values()]
      .filter((peer) => codecs.some((codec) => peer.protocols.includes(codec)))
      .filter((peer) => peer.shards === null || peer.shards.includes(shard))
      .filter((peer) => this.#openConnection(peer.id) !== null)
      .sort((a, b) => (order.get(a.id.toString()) ?? Infinity) - (order.get(b.id.toString()) ?? Infinity));
  }

  #noServicePeer(what: string, shard: number): { ok: false; reason: 'no-service-peer'; detail: string } {
    const keeper = this.#keepers.find((candidate) => candidate.lastError !== undefined);
    const why = keeper?.lastError ? `; last attempt: ${keeper.lastError}` : '';
    return {
      ok: false,
      reason: LightFailure.NoServicePeer,
      detail: `no ${what} service peer for shard ${shard} (state ${this.#state}${why})`,
    };
  }

  async peers(): Promise<LightPeerSummary[]> {
    const configured = new Set(this.#keepers.map((keeper) => keeper.peerId));
    const byPeer = new Map<string, LightPeerSummary>();
    for (const connection of this.#waku.libp2p.getConnections()) {
      const id = connection.remotePeer.toString();
      const existing = byPeer.get(id);
      if (existing) {
        existing.addresses.push(connection.remoteAddr.toString());
        continue;
      }
      const ready = this.#ready.get(id);
      byPeer.set(id, {
        id,
        addresses: [connection.remoteAddr.toString()],
        protocols: await this.#waku.libp2p.peerStore.get(connection.remotePeer).then(
          (peer) => peer.protocols,
          () => [],
        ),
        direction: connection.direction,
        configured: configured.has(id),
        ready: ready !== undefined,
        clusterId: ready?.clusterId ?? null,
        shards: ready?.shards ?? null,
      });
    }
    return [...byPeer.values()];
  }

  /** Bytes through every libp2p connection, and the rate since the previous call. */
  bandwidth(): BandwidthSnapshot {
    return this.#byteMeter.snapshot();
  }

  stats(): LightWakuNodeStats {
    return {
      peerId: this.peerId.toString(),
      running: this.#running,
      state: this.#state,
      connections: this.#waku.libp2p.getConnections().length,
      readyServicePeers: [...this.#ready.keys()],
      subscriptions: this.#subscriptions.size,
      counters: this.#counters.snapshot(),
    };
  }

  // --- service peers ---------------------------------------------------------------------

  /** Keeps one configured service peer connected: dial, qualify, wait for loss, back off. */
  async #keep(keeper: Keeper, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.#ready.has(keeper.peerId)) {
        const lost = await this.#nextStatus(
          keeper.peerId,
          (status) => status.status === 'disconnected',
          null,
          signal,
        ).then(
          () => true,
          () => false,
        );
        if (!lost || signal.aborted) return;
        keeper.failures = 0;
        this.#counters.inc('reconnects');
        this.#updateState();
        continue;
      }
      const failure = await this.#connect(keeper, signal);
      if (signal.aborted) return;
      if (failure === null) {
        keeper.failures = 0;
        delete keeper.lastError;
        this.#updateState();
        continue;
      }
      keeper.failures += 1;
      keeper.lastError = failure;
      this.#counters.inc('dial-failures');
      this.#log.debug('service peer attempt failed', {
        peer: keeper.peerId,
        failures: keeper.failures,
        error: failure,
      });
      this.#updateState();
      await pause(backoffDelay(keeper.failures - 1, this.#backoff), signal);
    }
  }

  /** One attempt; null once the peer is ready, else why not. */
  async #connect(keeper: Keeper, signal: AbortSignal): Promise<string | null> {
    // Listen before dialling: identify and metadata may finish before dial() returns.
    const settled = this.#nextStatus(keeper.peerId, () => true, this.#timeouts.connect * 2, signal);
    settled.catch(() => undefined);
    try {
      await this.#waku.libp2p.dial(keeper.address, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.#timeouts.connect)]),
      });
    } catch (error) {
      return `dial ${keeper.address.toString()}: ${errorText(error)}`;
    }
    if (this.#ready.has(keeper.peerId)) return null;
    const known = this.#unusable.get(keeper.peerId);
    if (known !== undefined) return known;
    const status = await settled.catch(() => null);
    if (status === null) return signal.aborted ? 'stopped' : 'no identify/metadata answer in time';
    if (status.status === 'unusable') return status.reason;
    // Peers on another cluster hang up as soon as metadata tells them ours (66/WAKU2-METADATA).
    if (status.status === 'disconnected')
      return 'the peer closed the connection during the handshake (another cluster?)';
    return null;
  }

  readonly #onIdentify = (event: CustomEvent<IdentifyResult>): void => {
    void this.#qualify(event.detail.peerId, event.detail.protocols);
  };

  /** Decides whether an identified peer serves us: a light protocol, our cluster, one of our shards. */
  async #qualify(peerId: PeerId, protocols: string[]): Promise<void> {
    const id = peerId.toString();
    if (!protocols.some((protocol) => LIGHT_CODECS.has(protocol))) {
      this.#markUnusable(id, 'serves none of lightpush, filter, store');
      return;
    }
    let clusterId: number | null = null;
    let shards: number[] | null = null;
    if (protocols.includes(METADATA_CODEC)) {
      const connection = this.#openConnection(peerId);
      if (connection === null) return;
      const reply = await requestOnce(
        connection,
        METADATA_CODEC,
        encodeMetadataRequest({ clusterId: this.clusterId, shards: [...this.#shards] }),
        { maxResponseBytes: MAX_METADATA_BYTES, timeoutMs: this.#timeouts.request },
      );
      // A peer that offers metadata and then fails the exchange is most likely hanging up on a
      // foreign cluster (it closes the stream before the connection): not a service peer now.
      // The SDK would take it as a peer without metadata; the keeper's next dial asks again.
      if (!reply.ok && reply.reason !== 'unsupported') {
        this.#markUnusable(id, `metadata exchange ${reply.reason} (another cluster?)`);
        return;
      }
      const decoded = reply.ok ? decodeMetadataResponse(reply.bytes) : null;
      if (decoded?.ok) {
        clusterId = decoded.value.clusterId;
        shards = decoded.value.shards;
      }
    }
    if (clusterId !== null && clusterId !== this.clusterId) {
      this.#markUnusable(id, `on cluster ${clusterId}, we are on ${this.clusterId}`);
      return;
    }
    if (shards !== null && !shards.some((shard) => this.#shards.has(shard))) {
      // Includes shards [] (the SDK's default metadata): the SDK's own filter refuses such peers.
      this.#markUnusable(id, `serves shards [${shards.join(',')}], none of ours`);
      return;
    }
    if (shards !== null) {
      // The SDK's filter picks peers by the shard info in the peer store; keep it in step.
      await this.#waku.libp2p.peerStore
        .merge(peerId, { metadata: { shardInfo: encodeRelayShard({ clusterId: this.clusterId, shards }) } })
        .catch(() => undefined);
    }
    if (this.#openConnection(peerId) === null) return;
    this.#unusable.delete(id);
    this.#ready.set(id, { id: peerId, protocols, clusterId, shards });
    this.#status.emit('status', { peerId: id, status: 'ready' });
    this.#updateState();
  }

  #markUnusable(id: string, reason: string): void {
    this.#ready.delete(id);
    this.#unusable.set(id, reason);
    this.#status.emit('status', { peerId: id, status: 'unusable', reason });
    this.#updateState();
  }

  readonly #onConnect = (event: CustomEvent<PeerId>): void => {
    this.#events.emit('peers', { peerId: event.detail.toString(), change: 'connected', count: this.#peerCount() });
  };

  readonly #onDisconnect = (event: CustomEvent<PeerId>): void => {
    const id = event.detail.toString();
    this.#ready.delete(id);
    this.#unusable.delete(id);
    this.#status.emit('status', { peerId: id, status: 'disconnected' });
    this.#events.emit('peers', { peerId: id, change: 'disconnected', count: this.#peerCount() });
    this.#updateState();
  };

  #openConnection(peerId: PeerId): Connection | null {
    return this.#waku.libp2p.getConnections(peerId).find((connection) => connection.status === 'open') ?? null;
  }

  #peerCount(): number {
    return new Set(this.#waku.libp2p.getConnections().map((connection) => connection.remotePeer.toString())).size;
  }

  // --- state -------------------------------------------------------------------------------

  #computeState(): LightNodeState {
    if (this.#ready.size > 0) return 'ready';
    // Discovery may still bring a peer; without it and without configured peers nothing will.
    if (this.#keepers.length === 0) return this.#hasDiscovery ? 'connecting' : 'no-service-peer';
    return this.#keepers.every((keeper) => keeper.failures > 0) ? 'no-service-peer' : 'connecting';
  }

  #updateState(initial = false): void {
    if (!this.#running) return;
    const next = this.#computeState();
    if (!initial && next === this.#state) return;
    const previous = initial ? null : this.#state;
    this.#state = next;
    const event: LightStateEvent = { state: next, previous, readyPeers: [...this.#ready.keys()] };
    const reason = this.#keepers.find((keeper) => keeper.lastError !== undefined)?.lastError;
    if (next !== 'ready' && reason !== undefined) event.reason = reason;
    this.#log.info('light node state', { state: next, previous, reason });
    this.#events.emit('state', event);
  }

  /** Resolves when the state satisfies `predicate`, or after `ms` regardless. */
  #nextState(predicate: (state: LightNodeState) => boolean, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const off = this.#events.on('state', (event) => {
        if (predicate(event.state)) done();
      });
      function done() {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }

  /** The next status of `peerId` matching `predicate`; rejects after `ms` (null: never) or on abort. */
  #nextStatus(
    peerId: string,
    predicate: (status: PeerStatus) => boolean,
    ms: number | null,
    signal: AbortSignal,
  ): Promise<PeerStatus> {
    return new Promise((resolve, reject) => {
      const timer = ms === null ? undefined : setTimeout(() => finish(new DeadlineError('peer status')), ms);
      const onAbort = () => finish(new Error('stopped'));
      const off = this.#status.on('status', (status) => {
        if (status.peerId === peerId && predicate(status)) finish(status);
      });
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      function finish(outcome: PeerStatus | Error) {
        clearTimeout(timer);
        off();
        signal.removeEventListener('abort', onAbort);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      }
    });
  }
}

class DeadlineError extends Error {
  constructor(what: string) {
    super(`${what} timed out`);
    this.name = 'DeadlineError';
  }
}

/** Races `promise` against a timer; the SDK calls we wrap have no deadline of their own. */
function deadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`request (${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * StoreCore decodes each result with the decoder registered for its content topic. A hash
 * lookup does not know the content topics in advance, so every topic gets the raw decoder.
 */
function anyContentTopic(decoder: IDecoder<RawDecodedMessage>): Map<string, IDecoder<RawDecodedMessage>> {
  return new (class extends Map<string, IDecoder<RawDecodedMessage>> {
    override get(): IDecoder<RawDecodedMessage> {
      return decoder;
    }
  })();
}

/** ≤24 h windows covering the query's range, in the order pages should come back. */
function timeWindows(query: LightStoreQuery, forward: boolean): Array<{ start?: Date; end?: Date }> {
  const { timeStart, timeEnd } = query;
  if (timeStart === undefined || timeEnd === undefined) {
    const window: { start?: Date; end?: Date } = {};
    if (timeStart !== undefined) window.start = timeStart;
    if (timeEnd !== undefined) window.end = timeEnd;
    return [window];
  }
  const windows: Array<{ start: Date; end: Date }> = [];
  for (let start = timeStart.getTime(); ; start += DEFAULTS.storeWindowMs) {
    const end = Math.min(start + DEFAULTS.storeWindowMs, timeEnd.getTime());
    windows.push({ start: new Date(start), end: new Date(end) });
    if (end >= timeEnd.getTime()) break;
  }
  return forward ? windows : windows.reverse();
}
