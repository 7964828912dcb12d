import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, api, type DeviceView } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { DevicesSection, relativeTime } from './DevicesSection.tsx';

afterEach(cleanup);

const NOW = Date.now();

const device = (overrides: Partial<DeviceView> = {}): DeviceView => ({
  installationId: 'aaaaaaaa-1111-2222-3333-444444444444',
  current: false,
  enabled: false,
  name: 'Laptop',
  deviceType: 'desktop',
  lastSeen: NOW - 5 * 60_000,
  ...overrides,
});

const THIS = device({ installationId: 'cccccccc-0000', current: true, enabled: true, name: 'Desk', lastSeen: NOW });
const LAPTOP = device();
const PHONE = device({
  installationId: 'bbbbbbbb-9999',
  name: '',
  deviceType: 'mobile',
  lastSeen: NOW - 3 * 3_600_000,
});

function fakeCore(initial: DeviceView[], options: { failSet?: boolean } = {}) {
  let devices = initial;
  const calls: Array<{ installationId: string; enabled: boolean }> = [];
  const handlers = partialHandlers(api, {
    'devices.list': () => devices,
    'devices.setEnabled': (params) => {
      calls.push(params);
      if (options.failSet) throw new RpcError(RpcErrorCode.Unavailable, 'no such installation');
      const found = devices.find((d) => d.installationId === params.installationId);
      if (!found) throw new RpcError(RpcErrorCode.Unavailable, 'no such installation');
      const updated = { ...found, enabled: params.enabled };
      devices = devices.map((d) => (d === found ? updated : d));
      return updated;
    },
    'node.status': () => ({ state: 'running', uptimeMs: 0, peers: 0, rpcSessions: 1, databaseBytes: 0 }),
  });
  const server = new RpcServer(api, handlers);
  const [coreEnd, rendererEnd] = createChannelPair();
  server.attach(coreEnd);
  return { server, calls, client: new RpcClient<Api>(rendererEnd) };
}

describe('DevicesSection', () => {
  it('lists this device first, without a switch, then the others', async () => {
    const { client } = fakeCore([LAPTOP, PHONE, THIS]);
    render(<DevicesSection client={client} />);
    const current = await screen.findByTestId('current-device');
    expect(current.textContent).toMatch(/This device/);
    expect(current.textContent).toMatch(/Desk/);
    expect(current.textContent).toMatch(/desktop/);
    expect(within(current).getByTestId('device-id').textContent).toBe('cccccccc');
    expect(within(current).queryByRole('switch')).toBeNull();
    // The current device precedes the list of others in the document.
    const list = screen.getByRole('list', { name: 'Other devices' });
    expect(current.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    const rows = within(list).getAllByTestId('device');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toMatch(/Laptop/);
    expect(rows[0]?.textContent).toMatch(/aaaaaaaa/);
    expect(rows[0]?.textContent).toMatch(/last seen 5 min ago/);
    expect(rows[1]?.textContent).toMatch(/Unnamed device/);
    expect(rows[1]?.textContent).toMatch(/3 h ago/);
    expect(screen.getByRole('switch', { name: 'Pair Laptop' })).toHaveProperty('checked', false);
    expect(screen.getByRole('switch', { name: 'Pair unnamed device bbbbbbbb' })).toBeTruthy();
    expect(screen.getByText(/encrypted to paired devices/)).toBeTruthy();
  });

  it('pairs a device with devices.setEnabled and shows the result', async () => {
    const { client, calls } = fakeCore([THIS, LAPTOP]);
    render(<DevicesSection client={client} />);
    const toggle = await screen.findByRole('switch', { name: 'Pair Laptop' });
    await act(async () => {
      fireEvent.click(toggle);
    });
    await waitFor(() => expect(screen.getByRole('switch', { name: 'Pair Laptop' })).toHaveProperty('checked', true));
    expect(calls).toEqual([{ installationId: LAPTOP.installationId, enabled: true }]);
    expect(screen.getByText('Paired')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why when pairing fails, and leaves the switch as it was', async () => {
    const { client, calls } = fakeCore([THIS, LAPTOP], { failSet: true });
    render(<DevicesSection client={client} />);
    const toggle = await screen.findByRole('switch', { name: 'Pair Laptop' });
    await act(async () => {
      fireEvent.click(toggle);
    });
    expect((await screen.findByRole('alert')).textContent).toBe('No such installation');
    expect(calls).toHaveLength(1);
    expect(screen.getByRole('switch', { name: 'Pair Laptop' })).toHaveProperty('checked', false);
  });

  it('follows devices.changed', async () => {
    const { client, server } = fakeCore([THIS]);
    render(<DevicesSection client={client} />);
    await screen.findByTestId('devices-empty');
    await act(async () => {
      server.emit('devices.changed', [THIS, { ...LAPTOP, enabled: true }]);
      await client.call('node.status'); // a round trip: the event has been delivered
    });
    expect(screen.queryByTestId('devices-empty')).toBeNull();
    expect(screen.getByRole('switch', { name: 'Pair Laptop' })).toHaveProperty('checked', true);
  });

  it('shows the empty state when this is the only device', async () => {
    const { client } = fakeCore([THIS]);
    render(<DevicesSection client={client} />);
    expect((await screen.findByTestId('devices-empty')).textContent).toMatch(
      /No other devices yet: sign in with your recovery phrase on another device/,
    );
    expect(screen.getByTestId('current-device')).toBeTruthy();
    expect(screen.queryByRole('switch')).toBeNull();
  });

  it('says why when the list cannot be read', async () => {
    const handlers = partialHandlers(api, {
      'devices.list': () => {
        throw new RpcError(RpcErrorCode.Unavailable, 'not logged in');
      },
    });
    const [coreEnd, rendererEnd] = createChannelPair();
    new RpcServer(api, handlers).attach(coreEnd);
    render(<DevicesSection client={new RpcClient<Api>(rendererEnd)} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Not logged in');
  });
});

describe('relativeTime', () => {
  it('reads as a short relative time', () => {
    expect(relativeTime(null, NOW)).toBe('never');
    expect(relativeTime(NOW - 10_000, NOW)).toBe('just now');
    expect(relativeTime(NOW - 2 * 86_400_000, NOW)).toBe('2 d ago');
  });
});
