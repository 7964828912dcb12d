import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, api, type NodeStatus } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { NodeStatusPanel } from './NodeStatusPanel.tsx';

afterEach(cleanup);

const status = (overrides: Partial<NodeStatus> = {}): NodeStatus => ({
  state: 'running',
  uptimeMs: 65_000,
  peers: 3,
  rpcSessions: 1,
  databaseBytes: 3 * 1024 * 1024,
  ...overrides,
});

function fakeCore(options: { failInfo?: boolean } = {}) {
  const handlers = partialHandlers(api, {
    'node.info': () => {
      if (options.failInfo) throw new RpcError(RpcErrorCode.Unavailable, 'the core is starting');
      return {
        appVersion: '1.2.3',
        runtime: 'v22.23.3',
        platform: 'linux-x64',
        mode: 'full',
        dataDir: '/data',
        schemaVersion: 1,
        startedAt: 0,
        peerId: null,
        listenAddresses: [],
        clusterId: 16,
        shards: [32],
      };
    },
    'node.status': () => status(),
    'prefs.get': () => null,
    'prefs.set': ({ key, value }) => ({ key, value, updatedAt: 0 }),
    'prefs.list': () => [],
  });
  const server = new RpcServer(api, handlers);
  const [coreEnd, rendererEnd] = createChannelPair();
  server.attach(coreEnd);
  return { server, client: new RpcClient<Api>(rendererEnd) };
}

describe('NodeStatusPanel', () => {
  it('shows info and status read over the RPC', async () => {
    const { client } = fakeCore();
    render(<NodeStatusPanel client={client} />);
    expect(await screen.findByTestId('node-version')).toHaveProperty('textContent', '1.2.3');
    expect(screen.getByTestId('node-state').textContent).toBe('running');
    expect(screen.getByTestId('node-uptime').textContent).toBe('1 min 5 s');
    expect(screen.getByTestId('node-peers').textContent).toBe('3');
    expect(screen.getByText('3.0 MiB')).toBeTruthy();
  });

  it('follows pushed status events', async () => {
    const { client, server } = fakeCore();
    render(<NodeStatusPanel client={client} />);
    await screen.findByTestId('node-version');
    await act(async () => {
      server.emit('node.statusChanged', status({ state: 'stopping', peers: 0, rpcSessions: 4 }));
      await client.call('node.status'); // a round trip: the event has been delivered
    });
    expect(screen.getByTestId('node-state').textContent).toBe('stopping');
    expect(screen.getByTestId('node-sessions').textContent).toBe('4');
  });

  it('says why when the core cannot answer', async () => {
    const { client } = fakeCore({ failInfo: true });
    render(<NodeStatusPanel client={client} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/the core is starting/);
  });
});
