// The core's Waku node: settings, start and stop, and the views of it the contract exposes
// (peers, stats). Full mode runs our own relay + service node; light mode is a client of
// service peers.
import type { NodeMode, NodePeer, NodeStats } from '../../shared/api.ts';
import { DEFAULT_RELAY_SHARDS, STATUS_CLUSTER_ID } from '../transport/sharding.ts';
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
  /** Multiaddrs ending in /p2p/<id>, kept connected. */
  staticPeers: string[];
  discovery: boolean;
}

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

export class Network {
  readonly settings: NetworkSettings;
  readonly node: WakuNode;

  private constructor(settings: NetworkSettings, node: WakuNode) {
    this.settings = settings;
    this.node = node;
  }

  static async start(settings: NetworkSettings, dataDir: string, log: Logger): Promise<Network> {
    if (settings.mode === 'light') throw new Error('light mode is not available yet in this build');
    const node = await WakuNode.create({
      dataDir,
      mode: 'full',
      host: settings.host,
      tcpPort: settings.tcpPort,
      wsPort: settings.wsPort,
      clusterId: settings.clusterId,
      shards: settings.shards,
      staticPeers: settings.staticPeers,
      log: log.child('waku'),
    });
    await node.start();
    return new Network(settings, node);
  }

  get peerId(): string {
    return this.node.peerId.toString();
  }

  get listenAddresses(): string[] {
    return this.node.listenAddresses;
  }

  get shards(): number[] {
    return this.node.shards();
  }

  peerCount(): number {
    return this.node.stats().peers;
  }

  async peers(): Promise<NodePeer[]> {
    return (await this.node.peers()).map((peer) => ({ ...peer }));
  }

  stats(): NodeStats {
    const { peerId, connections, peers, relay, ...rest } = this.node.stats();
    const protocols: Record<string, Record<string, number>> = { relay: numbers(relay.counters) };
    // Every service section that carries counters becomes one protocol row, whatever it is.
    for (const [name, value] of Object.entries(rest)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) protocols[name] = numbers(value);
    }
    return {
      mode: this.settings.mode,
      peerId,
      connections,
      peers,
      relay: { subscriptions: relay.subscriptions, meshPeers: relay.meshPeers },
      protocols,
    };
  }

  stop(): Promise<void> {
    return this.node.stop();
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
