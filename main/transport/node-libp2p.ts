// The libp2p stack of a full Waku node: TCP and WebSocket listeners, noise, yamux and mplex
// (js-waku light clients only speak mplex), identify, ping and gossipsub for relay.
import type { GossipSub } from '@chainsafe/libp2p-gossipsub';
import { gossipsub } from '@chainsafe/libp2p-gossipsub';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import type { ConnectionGater, Libp2p, PrivateKey } from '@libp2p/interface';
import { mplex } from '@libp2p/mplex';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import { all as allWebSocketAddresses } from '@libp2p/websockets/filters';
import { createLibp2p } from 'libp2p';
import type { ByteMeter } from './bandwidth.ts';
import type { PeerDiscoveryFactory } from './discovery/discovery-config.ts';
import { RELAY_CODEC, relayGossipsubOptions } from './relay/gossipsub-options.ts';

/**
 * mplex aborts a connection once a peer sends more than `disconnectThreshold` frames per second
 * for streams it already closed (default 5). Our handlers drain properly, but a busy light
 * client racing its own closes must not cost every stream on the connection (waku-notes §5.1).
 */
export const MPLEX_DISCONNECT_THRESHOLD = 100;

export interface NodeLibp2pConfig {
  privateKey: PrivateKey;
  listen: string[];
  clusterId: number;
  maxMessageBytes: number;
  maxConnections: number;
  inboundConnectionsPerIpPerSecond: number;
  connectionGater: Partial<ConnectionGater>;
  /** Discovery modules (discovery/discovery-config.ts); none means static peers only. */
  peerDiscovery?: readonly PeerDiscoveryFactory[];
  /** Counts the bytes of every connection (bandwidth.ts). */
  byteMeter?: ByteMeter;
}

export interface NodeLibp2p {
  libp2p: Libp2p;
  gossipsub: GossipSub;
}

export async function createNodeLibp2p(config: NodeLibp2pConfig): Promise<NodeLibp2p> {
  const libp2p = await createLibp2p({
    start: false,
    privateKey: config.privateKey,
    addresses: { listen: config.listen },
    transports: [tcp(), webSockets({ filter: allWebSocketAddresses })],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux(), mplex({ disconnectThreshold: MPLEX_DISCONNECT_THRESHOLD })],
    connectionGater: config.connectionGater,
    peerDiscovery: [...(config.peerDiscovery ?? [])],
    ...(config.byteMeter ? { metrics: config.byteMeter.factory() } : {}),
    connectionManager: {
      maxConnections: config.maxConnections,
      inboundConnectionThreshold: config.inboundConnectionsPerIpPerSecond,
    },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub(
        relayGossipsubOptions({
          clusterId: config.clusterId,
          maxMessageBytes: config.maxMessageBytes,
          allowPublishToZeroTopicPeers: true,
        }),
      ),
    },
  });
  // The factory is typed as the generic PubSub; relay needs gossipsub's mesh accessors.
  const pubsub = libp2p.services.pubsub as unknown as GossipSub;
  // Waku relay speaks gossipsub under its own protocol id only (no /meshsub, no floodsub).
  // gossipsub reads this list when it starts, so setting it before start is enough.
  pubsub.multicodecs = [RELAY_CODEC];
  return { libp2p, gossipsub: pubsub };
}
