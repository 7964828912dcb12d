// Node dashboard fixtures: a node's info, and a core whose stats the test pushes.
import type { Api, NodeInfo, NodeStats } from '../../../shared/api.ts';
import type { Handlers } from '../../../shared/rpc/server.ts';
import { connectedCore } from './fake-core.ts';

type NodePeers = Awaited<ReturnType<Handlers<Api>['node.peers']>>;

const PEER_ID = '16Uiu2HAmAUdrQ3uwzuE4Gy4D56hX6uLKEeerJAnhKEHZ3DxF1EfT';

export function nodeInfo(overrides: Partial<NodeInfo> = {}): NodeInfo {
  return {
    appVersion: '1',
    runtime: 'v22',
    platform: 'linux-x64',
    mode: 'full',
    dataDir: '/d',
    schemaVersion: 2,
    startedAt: 0,
    peerId: PEER_ID,
    listenAddresses: [`/ip4/127.0.0.1/tcp/60000/p2p/${PEER_ID}`],
    clusterId: 16,
    shards: [32, 64],
    ...overrides,
  };
}

/** A core answering node.stats with the latest stats; `push` sends new ones and waits until they arrived. */
export function statsCore(first: NodeStats, peers: (stats: NodeStats) => NodePeers = () => []) {
  let current = first;
  const { server, client } = connectedCore({ 'node.stats': () => current, 'node.peers': () => peers(current) });
  return {
    client,
    push: async (next: NodeStats) => {
      current = next;
      server.emit('node.statsChanged', next);
      await client.call('node.stats');
    },
  };
}
