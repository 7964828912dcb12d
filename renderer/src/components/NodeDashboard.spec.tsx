import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeStats } from '../../../shared/api.ts';
import { nodeInfo, statsCore } from '../test/node-fixtures.ts';
import { NodeDashboard } from './NodeDashboard.tsx';

afterEach(cleanup);

const info = nodeInfo();

const stats = (peers: number, served: number): NodeStats => ({
  mode: 'full',
  peerId: info.peerId,
  connections: peers,
  peers,
  relay: { subscriptions: ['/waku/2/rs/16/32'], meshPeers: { '/waku/2/rs/16/32': peers } },
  protocols: { lightpush: { served, 'refused:429': 2 } },
});

function setup() {
  return statsCore(stats(1, 5), (current) =>
    Array.from({ length: current.peers }, (_, i) => ({
      id: `peer-${i}-0123456789abcdef`,
      addresses: [],
      protocols: ['/vac/waku/relay/2.0.0', '/vac/waku/lightpush/3.0.0'],
      direction: 'inbound' as const,
      clusterId: 16,
      shards: [32],
    })),
  );
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
