import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, api, type NodeInfo, type NodeStats } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { NodeDashboard } from './NodeDashboard.tsx';

afterEach(cleanup);

const info: NodeInfo = {
  appVersion: '1',
  runtime: 'v22',
  platform: 'linux-x64',
  mode: 'full',
  dataDir: '/d',
  schemaVersion: 2,
  startedAt: 0,
  peerId: '16Uiu2HAmAUdrQ3uwzuE4Gy4D56hX6uLKEeerJAnhKEHZ3DxF1EfT',
  listenAddresses: ['/ip4/127.0.0.1/tcp/60000/p2p/16Uiu2HAmAUdrQ3uwzuE4Gy4D56hX6uLKEeerJAnhKEHZ3DxF1EfT'],
  clusterId: 16,
  shards: [32, 64],
};

const stats = (peers: number, served: number): NodeStats => ({
  mode: 'full',
  peerId: info.peerId,
  connections: peers,
  peers,
  relay: { subscriptions: ['/waku/2/rs/16/32'], meshPeers: { '/waku/2/rs/16/32': peers } },
  protocols: { lightpush: { served, 'refused:429': 2 } },
});

function setup() {
  let current = stats(1, 5);
  const server = new RpcServer(
    api,
    partialHandlers(api, {
      'node.stats': () => current,
      'node.peers': () =>
        Array.from({ length: current.peers }, (_, i) => ({
          id: `peer-${i}-0123456789abcdef`,
          addresses: [],
          protocols: ['/vac/waku/relay/2.0.0', '/vac/waku/lightpush/3.0.0'],
          direction: 'inbound' as const,
          clusterId: 16,
          shards: [32],
        })),
    }),
  );
  const [coreEnd, rendererEnd] = createChannelPair();
  server.attach(coreEnd);
  const client = new RpcClient<Api>(rendererEnd);
  return {
    client,
    push: async (next: NodeStats) => {
      current = next;
      server.emit('node.statsChanged', next);
      await client.call('node.stats');
    },
  };
}

describe('NodeDashboard', () => {
  it('shows the node identity, mesh, counters and peers, and follows pushed stats', async () => {
    const { client, push } = setup();
    render(<NodeDashboard client={client} info={info} />);
    expect(screen.getByTestId('peer-id').textContent).toBe(info.peerId);
    expect(screen.getByTestId('shards').textContent).toBe('16 / 32, 64');
    expect(await screen.findByText('1 peers')).toBeTruthy();
    expect(screen.getByText('refused:429')).toBeTruthy();
    expect(await screen.findByText('Peers (1)')).toBeTruthy();
    await act(() => push(stats(3, 9)));
    expect(screen.getByText('3 peers')).toBeTruthy();
    expect(screen.getByText('9')).toBeTruthy();
    expect(await screen.findByText('Peers (3)')).toBeTruthy();
  });

  it('says so when the core runs without a Waku node', () => {
    const { client } = setup();
    render(<NodeDashboard client={client} info={{ ...info, peerId: null }} />);
    expect(screen.getByText(/not running/)).toBeTruthy();
  });
});
