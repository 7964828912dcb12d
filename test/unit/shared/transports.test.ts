import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { z } from 'zod';
import { channelFromMainPort } from '../../../main/core/main-port-channel.ts';
import type { RpcChannel } from '../../../shared/rpc/channel.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { method } from '../../../shared/rpc/contract.ts';
import { RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { RpcServer } from '../../../shared/rpc/server.ts';
import { channelFromDomPort, type DomMessagePortLike } from '../../../shared/rpc/transports/message-port.ts';
import { asMainPort } from '../../helpers/main-port.ts';
import { withTimeout } from '../../helpers/wait.ts';

const contract = {
  methods: { double: method(z.object({ n: z.number() })).returns<number>() },
  events: {},
} as const;

function serve(channel: RpcChannel) {
  const server = new RpcServer(contract, { double: ({ n }) => n * 2 });
  server.attach(channel);
  return server;
}

describe('MessagePort transports', () => {
  test('renderer end (DOM port) talks to the core end (MessagePortMain)', async () => {
    const { port1, port2 } = new MessageChannel();
    serve(channelFromMainPort(asMainPort(port1)));
    const client = new RpcClient<typeof contract>(channelFromDomPort(port2 as unknown as DomMessagePortLike));
    assert.equal(await client.call('double', { n: 21 }), 42);
    const results = await Promise.all(Array.from({ length: 50 }, (_, n) => client.call('double', { n })));
    assert.deepEqual(
      results,
      Array.from({ length: 50 }, (_, n) => n * 2),
    );
    client.close();
  });

  test('closing the renderer end ends the core session', async () => {
    const { port1, port2 } = new MessageChannel();
    const server = serve(channelFromMainPort(asMainPort(port1)));
    const client = new RpcClient<typeof contract>(channelFromDomPort(port2 as unknown as DomMessagePortLike));
    await client.call('double', { n: 1 });
    assert.equal(server.stats.sessions, 1);
    client.close();
    await withTimeout(
      new Promise<void>((resolve) => {
        const poll = () => (server.stats.sessions === 0 ? resolve() : setImmediate(poll));
        poll();
      }),
      2000,
      'the core session to end',
    );
  });

  test('closing the core end fails the renderer calls with Closed', async () => {
    const { port1, port2 } = new MessageChannel();
    const coreEnd = channelFromMainPort(asMainPort(port1));
    serve(coreEnd);
    const client = new RpcClient<typeof contract>(channelFromDomPort(port2 as unknown as DomMessagePortLike));
    await client.call('double', { n: 1 });
    const closed = new Promise((resolve) => client.onClose(resolve));
    coreEnd.close({ message: 'restart' });
    await withTimeout(closed, 2000, 'renderer to see the close');
    await assert.rejects(client.call('double', { n: 1 }), (error: { code: number }) => error.code === RpcErrorCode.Closed);
  });

  test('non-string messages on a port are ignored', async () => {
    const { port1, port2 } = new MessageChannel();
    serve(channelFromMainPort(asMainPort(port1)));
    port2.postMessage({ not: 'a frame' });
    port2.postMessage(42);
    const client = new RpcClient<typeof contract>(channelFromDomPort(port2 as unknown as DomMessagePortLike));
    assert.equal(await client.call('double', { n: 2 }), 4);
    client.close();
  });
});
