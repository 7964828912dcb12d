// The core's Waku node: settings, start and stop, and the views of it the contract exposes
// (peers, stats). Full mode runs our own relay + service node; light mode is a client of
// service peers (filter, lightpush, store), as a mobile client is.
import type { NodeMode, NodePeer, NodeStats } from '../../shared/api.ts';
import { closeDatabase, type Db, openDatabase } from '../storage/database.ts';
import { DEFAULT_DISCOVERY, discoveryModules } from '../transport/discovery/discovery-config.ts';
import { LightWakuNode } from '../transport/light/light-node.ts';
import { DEFAULT_RELAY_SHARDS, STATUS_CLUSTER_ID } from '../transport/sharding.ts';
import { storeMigrations } from '../transport/store/schema.ts';
import { WakuNode } from '../transport/waku-node.ts';
import type { Logger } from './log.ts';

export interface NetworkSettings {
  mode: NodeMode;
  /** Listen host: 0.0.0.0 to serve peers on the network, 127.0.0.1 for tests. */
  host: string;
  tcpPort: number;
  /** null: no WebSocket listener (browsers and most mobile clients need one). */
  wsPort: number | null;
  clusterId: number;
  shards: number[];
  /** Multiaddrs ending in /p2p/<id>: kept connected; in light mode, the service peers. */
  staticPeers: string[];
  discovery: boolean;
}

/** A desktop archive: two days, like nwaku, but fewer rows than a dedicated store node keeps. */
export const DESKTOP_STORE_MAX_ROWS = 250_000;

/** nwaku's default ports, so a service node is where operators expect it. */
export const DEFAULT_NETWORK: NetworkSettings = {
  mode: 'full',
  host: '0.0.0.0',
  tcpPort: 60000,
  wsPort: 8000,
  clusterId: STATUS_CLUSTER_ID,
  shards: [...DEFAULT_RELAY_SHARDS],
  staticPeers: [],
  discovery: true,
};

/** Core DB pref (main/storage/prefs-repository.ts) holding the mode chosen with `node.setMode`. */
export const NODE_MODE_PREF = 'node.mode';

/**
 * The mode a starting core runs in. Precedence, highest first:
 *  1. an explicit launcher flag (headless `--light` / `--full`): scripts and tests get what they ask for;
 *  2. the choice saved by `node.setMode` (pref {@link NODE_MODE_PREF}): Electron passes no mode
 *     flag, so the UI's switch sticks across restarts;
 *  3. the settings' default (full: relay + services).
 * A saved light choice that cannot work (no static service peer and no discovery) falls back to
 * full; the caller logs `problem`.
 */
export function resolveStartMode(
  settings: NetworkSettings,
  explicit: boolean,
  saved: unknown,
): { mode: NodeMode; source: 'flag' | 'saved' | 'default'; problem?: string } {
  if (explicit) return { mode: settings.mode, source: 'flag' };
  if (saved === 'full') return { mode: 'full', source: 'saved' };
  if (saved === 'light') {
    const problem = lightModeProblem(settings);
    return problem ? { mode: settings.mode, source: 'default', problem } : { mode: 'light', source: 'saved' };
  }
  return { mode: settings.mode, source: 'default' };
}

/** Why light mode could never find a service peer with these settings, or null. */
export function lightModeProblem(settings: NetworkSettings): string | null {
  if (settings.staticPeers.length > 0 || settings.discovery) return null;
  return 'light mode needs a service peer: start the node with --static-node <addr> or with discovery on';
}

export class Network {
  readonly settings: NetworkSettings;
  /** Present in full mode. */
  readonly full: WakuNode | undefined;
  /** Present in light mode. */
  readonly light: LightWakuNode | undefined;

  readonly #storeDb: Db | undefined;

  private constructor(settings: NetworkSettings, node: { full?: WakuNode; light?: LightWakuNode; storeDb?: Db }) {
    this.settings = settings;
    this.full = node.full;
    this.light = node.light;
    this.#storeDb = node.storeDb;
  }

  /**
   * Starts the node. In full mode it also serves filter and store; the archive lives in its
   * own encrypted database at `storeDbPath`, keyed like the core database.
   */
  static async start(
    settings: NetworkSettings,
    dataDir: string,
    log: Logger,
    store?: { path: string; key: Uint8Array },
  ): Promise<Network> {
    if (settings.mode === 'light') {
      const light = await LightWakuNode.create({
        dataDir,
        clusterId: settings.clusterId,
        shards: settings.shards,
        servicePeers: settings.staticPeers,
        peerDiscovery: discoveryModules({ ...DEFAULT_DISCOVERY, enabled: settings.discovery }),
        log: log.child('waku-light'),
      });
      await light.start();
      return new Network(settings, { light });
    }
    const storeDb = store
      ? openDatabase({ path: store.path, key: store.key, migrations: storeMigrations }).db
      : undefined;
    try {
      const full = await WakuNode.create({
        dataDir,
        mode: 'full',
        host: settings.host,
        tcpPort: settings.tcpPort,
        wsPort: settings.wsPort,
        clusterId: settings.clusterId,
        shards: settings.shards,
        staticPeers: settings.staticPeers,
        log: log.child('waku'),
        filter: {},
        // Full nodes find peers through the fleet's DNS tree (discv5 is not available in JS).
        peerDiscovery: discoveryModules({ ...DEFAULT_DISCOVERY, peerExchange: false, enabled: settings.discovery }),
        ...(storeDb ? { store: { db: storeDb, retention: { maxRows: DESKTOP_STORE_MAX_ROWS } } } : {}),
      });
      await full.start();
      return new Network(settings, storeDb ? { full, storeDb } : { full });
    } catch (error) {
      if (storeDb) closeDatabase(storeDb);
      throw error;
    }
  }

  get peerId(): string {
    return (this.full?.peerId ?? this.light?.peerId)?.toString() ?? '';
  }

  /** Light nodes listen nowhere: they only dial their service peers. */
  get listenAddresses(): string[] {
    return this.full?.listenAddresses ?? [];
  }

  get shards(): number[] {
    return this.full?.shards() ?? [...this.settings.shards];
  }

  peerCount(): number {
    if (this.full) return this.full.stats().peers;
    return this.light?.stats().connections ?? 0;
  }

  async peers(): Promise<NodePeer[]> {
    const peers = this.full ? await this.full.peers() : ((await this.light?.peers()) ?? []);
    return peers.map(({ id, addresses, protocols, direction, clusterId, shards }) => ({
      id,
      addresses,
      protocols,
      direction,
      clusterId,
      shards,
    }));
  }

  stats(): NodeStats {
    if (this.light) {
      const stats = this.light.stats();
      return {
        mode: 'light',
        peerId: stats.peerId,
        connections: stats.connections,
        peers: stats.readyServicePeers.length,
        relay: { subscriptions: [], meshPeers: {} },
        protocols: { light: numbers(stats.counters) },
        bandwidth: this.light.bandwidth(),
      };
    }
    const full = this.full as WakuNode;
    const { peerId, connections, peers, relay, ...rest } = full.stats();
    const protocols: Record<string, Record<string, number>> = { relay: numbers(relay.counters) };
    // Every service section that carries counters becomes one protocol row, whatever it is.
    for (const [name, value] of Object.entries(rest)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) protocols[name] = numbers(value);
    }
    return {
      mode: 'full',
      peerId,
      connections,
      peers,
      relay: { subscriptions: relay.subscriptions, meshPeers: relay.meshPeers },
      protocols,
      served: full.served(),
      bandwidth: full.bandwidth(),
    };
  }

  async stop(): Promise<void> {
    try {
      await this.full?.stop();
      await this.light?.stop();
    } finally {
      if (this.#storeDb) closeDatabase(this.#storeDb);
    }
  }
}

/** Flattens a counters snapshot (possibly nested one level) to name → number. */
function numbers(section: object): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(section)) {
    if (typeof value === 'number') out[key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (typeof innerValue === 'number') out[`${key}.${inner}`] = innerValue;
      }
    }
  }
  return out;
}
