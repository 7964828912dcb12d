import { describe, expect, it } from 'vitest';
import { api } from '../../../shared/api.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { channelFromDomPort, type DomMessagePortLike } from '../../../shared/rpc/transports/message-port.ts';
import { type ConnectionState, CoreConnection, parseAddressFragment } from './connection.ts';

const TOKEN = 'cd'.repeat(32);

describe('parseAddressFragment', () => {
  it('reads ws and token from the fragment', () => {
    expect(parseAddressFragment(`#ws=${encodeURIComponent('ws://127.0.0.1:5000')}&token=${TOKEN}`)).toEqual({
      url: 'ws://127.0.0.1:5000',
      token: TOKEN,
    });
  });

  it.each([
    '',
    '#',
    '#ws=ws://127.0.0.1:1',
    `#token=${TOKEN}`,
    `#ws=javascript:alert(1)&token=${TOKEN}`,
    '#ws=ws://x&token=zz',
  ])('ignores %s', (hash) => {
    expect(parseAddressFragment(hash)).toBeNull();
  });
});

function waitForPhase(connection: CoreConnection, phase: ConnectionState['phase']): Promise<ConnectionState> {
  return new Promise((resolve) => {
    if (connection.state.phase === phase) resolve(connection.state);
    const unsubscribe = connection.subscribe((state) => {
      if (state.phase === phase) {
        unsubscribe();
        resolve(state);
      }
    });
  });
}

describe('CoreConnection through the preload', () => {
  it('asks for a port, uses it, and swaps to the new port after a core restart', async () => {
    const requests: unknown[] = [];
    const target = new EventTarget() as EventTarget & {
      postMessage: (data: unknown) => void;
      location: { origin: string };
    };
    target.location = { origin: 'app://bundle' };
    target.postMessage = (data: unknown) => requests.push(data);

    const connection = new CoreConnection();
    connection.connectThroughPreload(target as unknown as Window);
    expect(requests).toEqual([{ type: 'core:connect' }]);

    const handOver = (version: string) => {
      const { port1, port2 } = new MessageChannel();
      const handlers = partialHandlers(api, {
        'node.info': () => ({
          appVersion: version,
          runtime: '',
          platform: '',
          mode: 'full',
          dataDir: '',
          schemaVersion: 1,
          startedAt: 0,
          peerId: null,
          listenAddresses: [],
          clusterId: 16,
          shards: [],
        }),
        'node.status': () => ({ state: 'running', uptimeMs: 0, peers: 0, rpcSessions: 1, databaseBytes: 0 }),
        'prefs.get': () => null,
        'prefs.set': ({ key, value }) => ({ key, value, updatedAt: 0 }),
        'prefs.list': () => [],
      });
      const server = new RpcServer(api, handlers);
      server.attach(channelFromDomPort(port1 as unknown as DomMessagePortLike));
      target.dispatchEvent(
        new MessageEvent('message', {
          data: { type: 'core:port' },
          ports: [port2],
          source: target as unknown as Window,
        }),
      );
    };

    handOver('first');
    const first = await waitForPhase(connection, 'connected');
    if (first.phase !== 'connected') throw new Error('unreachable');
    expect((await first.client.call('node.info')).appVersion).toBe('first');

    handOver('second');
    const second = connection.state;
    if (second.phase !== 'connected') throw new Error('expected connected');
    expect(second.client).not.toBe(first.client);
    expect((await second.client.call('node.info')).appVersion).toBe('second');
    expect(first.client.closed).toBe(true);
  });

  it('ignores messages from other sources or without a port', () => {
    const target = new EventTarget() as EventTarget & {
      postMessage: (data: unknown) => void;
      location: { origin: string };
    };
    target.location = { origin: 'app://bundle' };
    target.postMessage = () => {};
    const connection = new CoreConnection();
    connection.connectThroughPreload(target as unknown as Window);
    const { port2 } = new MessageChannel();
    target.dispatchEvent(new MessageEvent('message', { data: { type: 'core:port' }, ports: [port2] }));
    target.dispatchEvent(
      new MessageEvent('message', { data: { type: 'core:port' }, source: target as unknown as Window }),
    );
    expect(connection.state.phase).toBe('connecting');
  });
});
