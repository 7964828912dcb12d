// A full Waku v2 node for the Status protocol: relay on our cluster's shards, and the
// services light clients need (metadata, lightpush). The composer creates it, starts it,
// listens to 'message' and 'peers', and publishes through it.
import type { GossipSub } from '@chainsafe/libp2p-gossipsub';
import { KEEP_ALIVE, type Libp2p, type PeerId, type PrivateKey } from '@libp2p/interface';
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id';
import { multiaddr } from '@multiformats/multiaddr';
import { type IpConnectionGate, ipConnectionGate } from './connection-gate.ts';
import { Emitter } from './emitter.ts';
import { LocalEnr, type SignedEnr } from './enr.ts';
import { type FilterOptions, FilterService, type FilterStats } from './filter/filter-service.ts';
import { LIGHTPUSH_FRAME_OVERHEAD_BYTES } from './lightpush/lightpush-codec.ts';
import { DEFAULT_LIGHTPUSH_RATE_LIMIT, LightPushService } from './lightpush/lightpush-service.ts';
import { errorText, silentLogger, type TransportLogger } from './logger.ts';
import { DEFAULT_MAX_MESSAGE_BYTES, toHex, type WakuMessage } from './message.ts';
import { MetadataService } from './metadata/metadata-service.ts';
import { type BandwidthSnapshot, ByteMeter } from './bandwidth.ts';
import { createNodeLibp2p } from './node-libp2p.ts';
import { PeerActivity } from './peer-activity.ts';
import { loadOrCreatePeerKey } from './peer-key.ts';
import { EnrCache } from './peer-exchange/enr-cache.ts';
import { tapDiscovery } from './peer-exchange/discovery-tap.ts';
import {
  DEFAULT_PEER_EXCHANGE_RATE_LIMIT,
  MAX_PEERS_PER_RESPONSE,
  type PeerExchangeOptions,
  PeerExchangeService,
  type PeerExchangeStats,
} from './peer-exchange/peer-exchange-service.ts';
import type { RateLimit } from './rate-limiter.ts';
import { type PublishOutcome, RelayService } from './relay/relay-service.ts';
import {
  DEFAULT_RELAY_SHARDS,
  isValidShard,
  pubsubTopicForShard,
  STATUS_CLUSTER_ID,
  shardOfTopic,
} from './sharding.ts';
import { Counters } from './counters.ts';
import type { PeerDiscoveryFactory } from './discovery/discovery-config.ts';
import { MessageArchive } from './store/archive.ts';
import { DEFAULT_STORE_RATE_LIMIT, type StoreOptions, StoreService, type StoreStats } from './store/store-service.ts';
import { DEFAULT_STREAM_TIMEOUTS, type StreamTimeouts } from './stream-limits.ts';

export interface WakuNodeOptions {
  /** Holds the libp2p key (peer id) across restarts. */
  dataDir: string;
  mode?: 'full';
  /** Listen host; loopback unless the node should be reachable from other machines. */
  host?: string;
  /** 0 picks a free port. */
  tcpPort?: number;
  /** null disables the WebSocket listener; 0 picks a free port. */
  wsPort?: number | null;
  clusterId?: number;
  /** Shards relayed and served to light clients. */
  shards?: readonly number[];
  /** Multiaddrs with /p2p/<id>, dialled at start and redialled when they drop. */
  staticPeers?: readonly string[];
  maxConnections?: number;
  maxConnectionsPerIp?: number;
  /** New inbound connections accepted per second from one IP (libp2p's default is 5). */
  inboundConnectionsPerIpPerSecond?: number;
  /** Largest encoded WakuMessage relayed or accepted (150 KiB, as on The Waku Network). */
  maxMessageBytes?: number;
  lightpushRateLimit?: RateLimit;
  /** Serve filter v2 to light clients (limits default to nwaku's; see filter/filter-service.ts). */
  filter?: FilterOptions;
  /** Archive served shards and answer store v3 queries (see store/archive.ts for defaults). */
  store?: StoreOptions;
  /**
   * Serve peer exchange (34/WAKU2-PEER-EXCHANGE) to light clients from the ENRs discovery found
   * (default true; `true` takes the defaults in peer-exchange/peer-exchange-service.ts).
   */
  peerExchange?: boolean | PeerExchangeOptions;
  /** Discovery modules (discovery/discovery-config.ts); discovered peers are dialled up to `discoveryTarget`. */
  peerDiscovery?: readonly PeerDiscoveryFactory[];
  /** Stop dialling discovered peers once this many are connected (default 20). */
  discoveryTarget?: number;
  streamTimeouts?: Partial<StreamTimeouts>;
  log?: TransportLogger;
}

export type MessageSource = 'relay' | 'lightpush';

export interface NodeMessage {
  pubsubTopic: string;
  message: WakuMessage;
  /** Deterministic message hash (14/WAKU2-MESSAGE), the dedupe key everywhere above us. */
  hash: Uint8Array;
  hashHex: string;
  source: MessageSource;
  /** The peer that handed it to us. */
  from: string;
}

export interface PeersEvent {
  peerId: string;
  change: 'connected' | 'disconnected';
  /** Connected peers after the change. */
  count: number;
}

export interface WakuNodeEvents extends Record<string, unknown> {
  message: NodeMessage;
  peers: PeersEvent;
}

export interface PeerSummary {
  id: string;
  addresses: string[];
  protocols: string[];
  direction: 'inbound' | 'outbound';
  /** From the metadata handshake, when the peer answered. */
  clusterId: number | null;
  shards: number[] | null;
}

export interface WakuNodeStats {
  peerId: string;
  running: boolean;
  connections: number;
  peers: number;
  refusedConnectionsPerIp: number;
  relay: {
    subscriptions: string[];
    meshPeers: Record<string, number>;
    counters: ReturnType<RelayService['counters']['snapshot']>;
  };
  lightpush: ReturnType<LightPushService['counters']['snapshot']>;
  metadata: ReturnType<MetadataService['counters']['snapshot']>;
  discovery: Partial<Record<'found' | 'dialled' | 'dial-failed', number>>;
  /** null when the node does not serve filter. */
  filter: FilterStats | null;
  /** null when the node does not serve store. */
  store: StoreStats | null;
  /** null when the node does not serve peer exchange. */
  peerExchange: PeerExchangeStats | null;
}

const DEFAULTS = {
  host: '127.0.0.1',
  tcpPort: 0,
  wsPort: 0,
  maxConnections: 150,
  maxConnectionsPerIp: 10,
  inboundConnectionsPerIpPerSecond: 5,
} as const;

export interface WakuNodeServed {
  lightClients: number;
  filterSubscribers: number;
  filterSubscriptions: number;
  archiveMessages: number;
  archiveBytes: number;
}

export class WakuNode {
  readonly clusterId: number;
  readonly maxMessageBytes: number;
  readonly #libp2p: Libp2p;
  readonly #gossipsub: GossipSub;
  readonly #gate: IpConnectionGate;
  readonly #relay: RelayService;
  readonly #metadata: MetadataService;
  readonly #lightpush: LightPushService;
  readonly #filter: FilterService | null;
  readonly #archive: MessageArchive | null;
  readonly #store: StoreService | null;
  readonly #peerExchange: PeerExchangeService | null;
  readonly #localEnr: LocalEnr;
  readonly #byteMeter: ByteMeter;
  /** Peers that used filter, lightpush or store lately (one map for the three). */
  readonly #activity = new PeerActivity();
  readonly #events: Emitter<WakuNodeEvents>;
  readonly #log: TransportLogger;
  readonly #shards = new Set<number>();
  readonly #staticPeers: string[];
  readonly #discovery = new Counters<'found' | 'dialled' | 'dial-failed'>();
  readonly #discoveryTarget: number;
  #discoveredEarly: PeerId[] = [];
  #running = false;

  private constructor(parts: {
    options: WakuNodeOptions;
    libp2p: Libp2p;
    gossipsub: GossipSub;
    gate: IpConnectionGate;
    privateKey: PrivateKey;
    enrCache: EnrCache | null;
    byteMeter: ByteMeter;
  }) {
    const { options } = parts;
    this.clusterId = options.clusterId ?? STATUS_CLUSTER_ID;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#libp2p = parts.libp2p;
    this.#gossipsub = parts.gossipsub;
    this.#gate = parts.gate;
    this.#byteMeter = parts.byteMeter;
    this.#log = options.log ?? silentLogger;
    this.#events = new Emitter((error) => this.#log.error('event listener failed', { error: errorText(error) }));
    this.#staticPeers = [...(options.staticPeers ?? [])];
    this.#discoveryTarget = options.discoveryTarget ?? 20;
    for (const shard of options.shards ?? DEFAULT_RELAY_SHARDS) this.#shards.add(assertShard(shard));
    const timeouts: StreamTimeouts = { ...DEFAULT_STREAM_TIMEOUTS, ...options.streamTimeouts };
    this.#localEnr = new LocalEnr(parts.privateKey);

    this.#relay = new RelayService({
      gossipsub: this.#gossipsub,
      clusterId: this.clusterId,
      maxMessageBytes: this.maxMessageBytes,
      log: this.#log.child('relay'),
      onMessage: ({ pubsubTopic, message, hash, from }) => this.#deliver(pubsubTopic, message, hash, 'relay', from),
    });
    this.#metadata = new MetadataService({
      libp2p: this.#libp2p,
      clusterId: this.clusterId,
      shards: () => this.shards(),
      timeouts,
      log: this.#log.child('metadata'),
    });
    this.#lightpush = new LightPushService({
      libp2p: this.#libp2p,
      clusterId: this.clusterId,
      maxMessageBytes: this.maxMessageBytes,
      rateLimit: options.lightpushRateLimit ?? DEFAULT_LIGHTPUSH_RATE_LIMIT,
      timeouts,
      log: this.#log.child('lightpush'),
      activity: this.#activity,
      servesTopic: (topic) => this.servesTopic(topic),
      isRunning: () => this.#running,
      publish: (topic, message) => this.#relay.publish(topic, message),
      deliverLocally: (topic, message, hash, from) => this.#deliver(topic, message, hash, 'lightpush', from),
    });
    this.#filter =
      options.filter === undefined
        ? null
        : new FilterService({
            libp2p: this.#libp2p,
            timeouts,
            log: this.#log.child('filter'),
            activity: this.#activity,
            options: options.filter,
            servesTopic: (topic) => this.servesTopic(topic),
            isRunning: () => this.#running,
          });
    if (options.store === undefined) {
      this.#archive = null;
      this.#store = null;
    } else {
      const { db, rateLimit, ...archiveOptions } = options.store;
      this.#archive = new MessageArchive(db, archiveOptions);
      this.#store = new StoreService({
        libp2p: this.#libp2p,
        archive: this.#archive,
        rateLimit: rateLimit ?? DEFAULT_STORE_RATE_LIMIT,
        timeouts,
        log: this.#log.child('store'),
        activity: this.#activity,
        isRunning: () => this.#running,
        ...(archiveOptions.now ? { now: archiveOptions.now } : {}),
      });
    }
    const peerExchange = peerExchangeOptions(options);
    this.#peerExchange =
      peerExchange === null || parts.enrCache === null
        ? null
        : new PeerExchangeService({
            libp2p: this.#libp2p,
            cache: parts.enrCache,
            rateLimit: peerExchange.rateLimit ?? DEFAULT_PEER_EXCHANGE_RATE_LIMIT,
            maxPeersPerResponse: Math.min(
              MAX_PEERS_PER_RESPONSE,
              Math.max(0, peerExchange.maxPeersPerResponse ?? MAX_PEERS_PER_RESPONSE),
            ),
            timeouts,
            log: this.#log.child('peer-exchange'),
            isRunning: () => this.#running,
          });
  }

  static async create(options: WakuNodeOptions): Promise<WakuNode> {
    if ((options.mode ?? 'full') !== 'full') throw new Error(`unsupported mode ${String(options.mode)}`);
    const clusterId = options.clusterId ?? STATUS_CLUSTER_ID;
    const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const { privateKey } = await loadOrCreatePeerKey(options.dataDir);
    const gate = ipConnectionGate(options.maxConnectionsPerIp ?? DEFAULTS.maxConnectionsPerIp);
    // The cache exists before libp2p so the discovery modules libp2p builds can feed it.
    const peerExchange = peerExchangeOptions(options);
    const enrCache =
      peerExchange === null
        ? null
        : new EnrCache({
            clusterId,
            selfPeerId: peerIdFromPrivateKey(privateKey).toString(),
            ...(peerExchange.maxCachedEnrs === undefined ? {} : { maxEntries: peerExchange.maxCachedEnrs }),
          });
    const peerDiscovery =
      options.peerDiscovery && enrCache !== null
        ? options.peerDiscovery.map((factory) => tapDiscovery(factory, (enr, source) => enrCache.add(enr, source)))
        : options.peerDiscovery;
    const byteMeter = new ByteMeter();
    const { libp2p, gossipsub } = await createNodeLibp2p({
      privateKey,
      byteMeter,
      listen: listenAddresses(options),
      clusterId,
      // Relay frames may carry a lightpushed message plus its envelope.
      maxMessageBytes: maxMessageBytes + LIGHTPUSH_FRAME_OVERHEAD_BYTES,
      maxConnections: options.maxConnections ?? DEFAULTS.maxConnections,
      inboundConnectionsPerIpPerSecond:
        options.inboundConnectionsPerIpPerSecond ?? DEFAULTS.inboundConnectionsPerIpPerSecond,
      connectionGater: gate.gater,
      ...(peerDiscovery ? { peerDiscovery } : {}),
    });
    gate.attach(libp2p);
    return new WakuNode({ options, libp2p, gossipsub, gate, privateKey, enrCache, byteMeter });
  }

  get peerId(): PeerId {
    return this.#libp2p.peerId;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Listen multiaddrs, each ending in /p2p/<our id>. */
  get listenAddresses(): string[] {
    return this.#libp2p.getMultiaddrs().map((address) => address.toString());
  }

  /**
   * Our signed ENR (EIP-778 / 31/WAKU2-ENR): listen addresses (rule in enr.ts), the services we
   * mount as `waku2` flags, cluster and served shards as `rs`. Re-signed with a higher seq when
   * any of that changed since the last read.
   */
  get enr(): SignedEnr {
    return this.#localEnr.update({
      waku2: { relay: true, lightPush: true, filter: this.#filter !== null, store: this.#store !== null },
      shardInfo: { clusterId: this.clusterId, shards: this.shards() },
      listenAddresses: this.listenAddresses,
    });
  }

  /** `enr:…` text of `enr` (for /debug/v1/info's enrUri). */
  enrUri(): string {
    return this.enr.uri;
  }

  /** For tests and diagnostics: the underlying libp2p node. */
  get libp2p(): Libp2p {
    return this.#libp2p;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#libp2p.addEventListener('peer:connect', this.#onPeerConnect);
    this.#libp2p.addEventListener('peer:disconnect', this.#onPeerDisconnect);
    this.#libp2p.addEventListener('peer:discovery', this.#onPeerDiscovery);
    await this.#libp2p.start();
    await this.#metadata.start();
    await this.#lightpush.start();
    await this.#filter?.start();
    await this.#store?.start();
    await this.#peerExchange?.start();
    this.#archive?.start();
    this.#relay.start();
    for (const shard of this.#shards) this.#relay.subscribe(pubsubTopicForShard(shard, this.clusterId));
    this.#running = true;
    this.#log.info('waku node started', { peerId: this.peerId.toString(), listen: this.listenAddresses });
    for (const address of this.#staticPeers) void this.#keepConnected(address);
    for (const peer of this.#discoveredEarly.splice(0)) this.#dialDiscovered(peer);
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#relay.stop();
    await this.#lightpush.stop().catch(() => {});
    await this.#filter?.stop().catch(() => {});
    await this.#store?.stop().catch(() => {});
    await this.#peerExchange?.stop().catch(() => {});
    await this.#archive?.stop();
    await this.#metadata.stop().catch(() => {});
    await this.#libp2p.stop();
    this.#libp2p.removeEventListener('peer:connect', this.#onPeerConnect);
    this.#libp2p.removeEventListener('peer:discovery', this.#onPeerDiscovery);
    this.#libp2p.removeEventListener('peer:disconnect', this.#onPeerDisconnect);
    this.#log.info('waku node stopped');
  }

  on<Name extends keyof WakuNodeEvents>(name: Name, listener: (value: WakuNodeEvents[Name]) => void): () => void {
    return this.#events.on(name, listener);
  }

  /** The local message archive, when the store service is mounted (REST queries read it too). */
  get archive(): MessageArchive | null {
    return this.#archive;
  }

  /** Served shards, ascending. */
  shards(): number[] {
    return [...this.#shards].sort((a, b) => a - b);
  }

  servesTopic(pubsubTopic: string): boolean {
    const shard = shardOfTopic(pubsubTopic, this.clusterId);
    return shard !== null && this.#shards.has(shard);
  }

  /** Starts relaying and serving a shard (e.g. a community joined at runtime). */
  subscribe(shard: number): void {
    this.#shards.add(assertShard(shard));
    if (this.#running) this.#relay.subscribe(pubsubTopicForShard(shard, this.clusterId));
  }

  unsubscribe(shard: number): void {
    this.#shards.delete(shard);
    if (this.#running) this.#relay.unsubscribe(pubsubTopicForShard(shard, this.clusterId));
  }

  /**
   * Publishes into relay; resolves with the number of relay peers it went to. Our own
   * messages are not echoed as 'message' events, but filter subscribers get them and the
   * store archives them.
   */
  async publish(pubsubTopic: string, message: WakuMessage): Promise<PublishOutcome> {
    if (!this.#running) return { ok: false, reason: 'publish-failed', detail: 'node is not running' };
    const outcome = await this.#relay.publish(pubsubTopic, message);
    if (outcome.ok) this.#serveLocally(pubsubTopic, message, outcome.hash);
    return outcome;
  }

  /** Peers that share a relay mesh with us on the topic. */
  meshPeers(pubsubTopic: string): string[] {
    return this.#relay.meshPeers(pubsubTopic);
  }

  async dial(address: string): Promise<void> {
    await this.#libp2p.dial(multiaddr(address));
  }

  async peers(): Promise<PeerSummary[]> {
    const byPeer = new Map<string, PeerSummary>();
    for (const connection of this.#libp2p.getConnections()) {
      const id = connection.remotePeer.toString();
      const existing = byPeer.get(id);
      if (existing) {
        existing.addresses.push(connection.remoteAddr.toString());
        continue;
      }
      const info = this.#metadata.shardInfo(id);
      byPeer.set(id, {
        id,
        addresses: [connection.remoteAddr.toString()],
        protocols: await this.#libp2p.peerStore.get(connection.remotePeer).then(
          (peer) => peer.protocols,
          () => [],
        ),
        direction: connection.direction,
        clusterId: info?.clusterId ?? null,
        shards: info?.shards ?? null,
      });
    }
    return [...byPeer.values()];
  }

  stats(): WakuNodeStats {
    const subscriptions = this.#relay.subscriptions();
    const connections = this.#libp2p.getConnections();
    return {
      peerId: this.peerId.toString(),
      running: this.#running,
      connections: connections.length,
      peers: new Set(connections.map((connection) => connection.remotePeer.toString())).size,
      refusedConnectionsPerIp: this.#gate.refused(),
      relay: {
        subscriptions,
        meshPeers: Object.fromEntries(
          subscriptions.map((topic) => [topic, this.#gossipsub.getMeshPeers(topic).length]),
        ),
        counters: this.#relay.counters.snapshot(),
      },
      lightpush: this.#lightpush.counters.snapshot(),
      discovery: this.#discovery.snapshot(),
      metadata: this.#metadata.counters.snapshot(),
      filter: this.#filter?.stats() ?? null,
      store: this.#store?.stats() ?? null,
      peerExchange: this.#peerExchange?.stats() ?? null,
    };
  }

  /**
   * What we do for light clients right now: distinct peers that used filter, lightpush or store
   * within the window, live filter subscribers and criteria, and the archive's trigger-kept
   * totals (one indexed row, no scan).
   */
  served(): WakuNodeServed {
    const filter = this.#filter?.subscriptions;
    const archive = this.#archive?.totals();
    return {
      lightClients: this.#activity.count(),
      filterSubscribers: filter?.peerCount ?? 0,
      filterSubscriptions: filter?.criteriaCount ?? 0,
      archiveMessages: archive?.rows ?? 0,
      archiveBytes: archive?.bytes ?? 0,
    };
  }

  /** Bytes through every libp2p connection, and the rate since the previous call. */
  bandwidth(): BandwidthSnapshot {
    return this.#byteMeter.snapshot();
  }

  /** Emits an accepted message; returns how many local services took it (filter, store). */
  #deliver(pubsubTopic: string, message: WakuMessage, hash: Uint8Array, source: MessageSource, from: PeerId): number {
    this.#events.emit('message', { pubsubTopic, message, hash, hashHex: toHex(hash), source, from: from.toString() });
    return this.#serveLocally(pubsubTopic, message, hash);
  }

  /**
   * Hands a message to the local services: filter pushes it to matching subscribers, the store
   * archives it if we serve its shard. Returns how many services took it (lightpush answers
   * 505 NO_PEERS only when neither relay peers nor a local service did).
   */
  #serveLocally(pubsubTopic: string, message: WakuMessage, hash: Uint8Array): number {
    let taken = 0;
    if (this.#filter !== null && this.#filter.deliver(pubsubTopic, message) > 0) taken += 1;
    if (
      this.#archive !== null &&
      this.servesTopic(pubsubTopic) &&
      this.#archive.accept(pubsubTopic, message, hash).archived
    )
      taken += 1;
    return taken;
  }

  async #keepConnected(address: string): Promise<void> {
    try {
      const target = multiaddr(address);
      const peerId = target.getPeerId();
      if (peerId === null) throw new Error('a static peer needs /p2p/<peer id>');
      // KEEP_ALIVE makes libp2p's connection manager redial the peer when it drops.
      await this.#libp2p.peerStore.merge(peerIdFromString(peerId), {
        multiaddrs: [target],
        tags: { [KEEP_ALIVE]: { value: 1 } },
      });
      await this.#libp2p.dial(target);
    } catch (error) {
      this.#log.warn('static peer dial failed', { address, error: errorText(error) });
    }
  }

  readonly #onPeerConnect = (event: CustomEvent<PeerId>): void => {
    this.#events.emit('peers', { peerId: event.detail.toString(), change: 'connected', count: this.#peerCount() });
  };

  /**
   * libp2p 2.x does not dial what discovery finds: we do, until `discoveryTarget` peers are
   * connected. A peer of another cluster is dropped by the metadata handshake after connecting.
   */
  readonly #onPeerDiscovery = (event: CustomEvent<{ id: PeerId; multiaddrs: unknown[] }>): void => {
    this.#discovery.inc('found');
    // DNS discovery answers while libp2p is still starting: keep those peers for start() to dial.
    if (this.#running) this.#dialDiscovered(event.detail.id);
    else this.#discoveredEarly.push(event.detail.id);
  };

  #dialDiscovered(peer: PeerId): void {
    if (this.#peerCount() >= this.#discoveryTarget || this.#libp2p.getConnections(peer).length > 0) return;
    this.#discovery.inc('dialled');
    this.#libp2p.dial(peer).catch((error: unknown) => {
      this.#discovery.inc('dial-failed');
      this.#log.debug('dialling a discovered peer failed', { peer: peer.toString(), error: errorText(error) });
    });
  }

  readonly #onPeerDisconnect = (event: CustomEvent<PeerId>): void => {
    this.#events.emit('peers', { peerId: event.detail.toString(), change: 'disconnected', count: this.#peerCount() });
  };

  #peerCount(): number {
    return new Set(this.#libp2p.getConnections().map((connection) => connection.remotePeer.toString())).size;
  }
}

function assertShard(shard: number): number {
  if (!isValidShard(shard)) throw new RangeError(`shard ${shard} is not in 0..1023`);
  return shard;
}

function peerExchangeOptions(options: WakuNodeOptions): PeerExchangeOptions | null {
  const value = options.peerExchange ?? true;
  if (value === false) return null;
  return value === true ? {} : value;
}

function listenAddresses(options: WakuNodeOptions): string[] {
  const host = options.host ?? DEFAULTS.host;
  const family = host.includes(':') ? 'ip6' : 'ip4';
  const addresses = [`/${family}/${host}/tcp/${options.tcpPort ?? DEFAULTS.tcpPort}`];
  const wsPort = options.wsPort === undefined ? DEFAULTS.wsPort : options.wsPort;
  if (wsPort !== null) addresses.push(`/${family}/${host}/tcp/${wsPort}/ws`);
  return addresses;
}
