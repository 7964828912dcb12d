import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeStats } from '../../../shared/api.ts';
import { nodeInfo, statsCore } from '../test/node-fixtures.ts';
import { NodeDashboard } from './NodeDashboard.tsx';
import { formatBytes, formatRate } from './NodeSummary.tsx';

afterEach(cleanup);

const info = nodeInfo({ listenAddresses: [], shards: [32] });

const fullStats = (overrides: Partial<NodeStats> = {}): NodeStats => ({
  mode: 'full',
  peerId: info.peerId,
  connections: 6,
  peers: 5,
  relay: { subscriptions: [], meshPeers: {} },
  protocols: {},
  served: {
    lightClients: 3,
    filterSubscribers: 2,
    filterSubscriptions: 7,
    archiveMessages: 12_345,
    archiveBytes: 3 * 1024 * 1024 + 512 * 1024,
  },
  bandwidth: { bytesIn: 5 * 1024 * 1024, bytesOut: 2048, inPerSec: 10 * 1024, outPerSec: 1536 },
  ...overrides,
});

const setup = (first: NodeStats) => statsCore(first);

const tile = (name: string) => screen.getByRole('region', { name });

describe('NodeSummary tiles', () => {
  it('shows peers, served light clients, filter, archive and bandwidth above the tables', async () => {
    const { client } = setup(fullStats());
    render(<NodeDashboard client={client} info={info} />);
    const summary = await screen.findByRole('region', { name: 'Node summary' });
    expect(await within(summary).findByText('12,345 messages')).toBeTruthy();
    expect(within(tile('Peers')).getByText('5')).toBeTruthy();
    expect(within(tile('Light clients served')).getByText('3')).toBeTruthy();
    expect(within(tile('Filter subscriptions')).getByText('7')).toBeTruthy();
    expect(within(tile('Filter subscriptions')).getByText('2 subscribers')).toBeTruthy();
    expect(within(tile('Archive')).getByText('3.5 MiB')).toBeTruthy();
    const bandwidth = tile('Bandwidth');
    expect(within(bandwidth).getByTestId('rate-in').textContent).toBe('↓ 10.0 KiB/s');
    expect(within(bandwidth).getByTestId('rate-out').textContent).toBe('↑ 1.5 KiB/s');
    expect(within(bandwidth).getByTestId('bandwidth-totals').textContent).toBe('total ↓ 5.0 MiB ↑ 2.0 KiB');
    expect(within(bandwidth).getAllByRole('img', { name: 'download' })).toHaveLength(2);
    expect(within(bandwidth).getAllByRole('img', { name: 'upload' })).toHaveLength(2);
    // The tiles come first, the existing tables stay below.
    const table = screen.getByRole('table', { name: 'Protocol counters' });
    expect(summary.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('follows node.statsChanged live', async () => {
    const { client, push } = setup(fullStats());
    render(<NodeDashboard client={client} info={info} />);
    await screen.findByText('12,345 messages');
    const base = fullStats();
    await act(() =>
      push(
        fullStats({
          peers: 9,
          served: { ...(base.served as NonNullable<NodeStats['served']>), lightClients: 4, archiveMessages: 12_346 },
          bandwidth: { bytesIn: 6 * 1024 * 1024, bytesOut: 4096, inPerSec: 0, outPerSec: 20 * 1024 },
        }),
      ),
    );
    expect(within(tile('Peers')).getByText('9')).toBeTruthy();
    expect(within(tile('Light clients served')).getByText('4')).toBeTruthy();
    expect(within(tile('Archive')).getByText('12,346 messages')).toBeTruthy();
    expect(within(tile('Bandwidth')).getByTestId('rate-in').textContent).toBe('↓ 0.0 KiB/s');
    expect(within(tile('Bandwidth')).getByTestId('rate-out').textContent).toBe('↑ 20.0 KiB/s');
  });

  it('hides the served tiles in light mode and keeps peers and bandwidth', async () => {
    const { served: _served, ...light } = fullStats({ mode: 'light' });
    const { client } = setup(light);
    render(<NodeDashboard client={client} info={{ ...info, mode: 'light' }} />);
    expect((await screen.findByTestId('rate-in')).textContent).toBe('↓ 10.0 KiB/s');
    expect(tile('Peers')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Light clients served' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Filter subscriptions' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Archive' })).toBeNull();
  });

  it('formats bytes and rates in binary units', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
    expect(formatRate(0)).toBe('0.0 KiB/s');
  });
});
