import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import type { RpcChannel } from '../../../shared/rpc/channel.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { event, method } from '../../../shared/rpc/contract.ts';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { type Handlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { withTimeout } from '../../helpers/wait.ts';

const contract = {
  methods: {
    add: method(z.object({ a: z.number(), b: z.number() }).strict()).returns<number>(),
    echo: method(z.object({ text: z.string().max(10), times: z.number().int().min(1).default(1) })).returns<string>(),
    fail: method(z.object({ kind: z.enum(['typed', 'untyped']) })).returns<never>(),
    hang: method(z.object({})).returns<null>(),
    none: method(z.object({})).returns<void>(),
  },
  events: {
    tick: event<{ n: number }>(),
  },
} as const;

type Test = typeof contract;

function setup(options: { maxFrameChars?: number; maxInFlight?: number } = {}) {
  const hanging: Array<() => void> = [];
  const handlers: Handlers<Test> = {
    add: ({ a, b }) => a + b,
    echo: ({ text, times }) => text.repeat(times),
    fail: ({ kind }) => {
      if (kind === 'typed') throw new RpcError(RpcErrorCode.NotFound, 'no such thing', { id: 7 });
      throw new Error('secret internal detail /home/user/.key');
    },
    hang: () => new Promise<null>((resolve) => hanging.push(() => resolve(null))),
    none: () => undefined,
  };
  const server = new RpcServer(contract, handlers, options);
  const [serverEnd, clientEnd] = createChannelPair();
  server.attach(serverEnd);
  const client = new RpcClient<Test>(clientEnd, { timeoutMs: 2000 });
  return { server, client, clientEnd, serverEnd, hanging };
}

/** Sends a raw frame on a channel and resolves with the next frame that comes back. */
function rawExchange(channel: RpcChannel, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    channel.onFrame((reply) => resolve(JSON.parse(reply) as Record<string, unknown>));
    channel.send(frame);
  });
}

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RpcError, `expected an RpcError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('typed RPC', () => {
  test('a call returns the handler result', async () => {
    const { client } = setup();
    assert.equal(await client.call('add', { a: 2, b: 40 }), 42);
  });

  test('defaults of the params schema are applied on the serving side', async () => {
    const { client } = setup();
    assert.equal(await client.call('echo', { text: 'ab' }), 'ab');
    assert.equal(await client.call('echo', { text: 'ab', times: 3 }), 'ababab');
  });

  test('a handler returning undefined answers null', async () => {
    const { client } = setup();
    assert.equal(await client.call('none'), null);
  });

  test('invalid params are refused with InvalidParams and the failing paths', async () => {
    const { client, server } = setup();
    const error = await rejection(client.call('add', { a: 1, b: 'two' } as unknown as { a: number; b: number }));
    assert.equal(error.code, RpcErrorCode.InvalidParams);
    const issues = (error.data as { issues: Array<{ path: string }> }).issues;
    assert.deepEqual(
      issues.map((issue) => issue.path),
      ['b'],
    );
    const extra = await rejection(client.call('add', { a: 1, b: 2, c: 3 } as unknown as { a: number; b: number }));
    assert.equal(extra.code, RpcErrorCode.InvalidParams);
    assert.equal(server.stats.rejected.invalid_params, 2);
  });

  test('an unknown method, including prototype names, is refused with MethodNotFound', async () => {
    const { clientEnd, server } = setup();
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const reply = await rawExchange(clientEnd, JSON.stringify({ jsonrpc: '2.0', id: 1, method: name, params: {} }));
      assert.equal((reply.error as { code: number }).code, RpcErrorCode.MethodNotFound, name);
    }
    assert.equal(server.stats.rejected.unknown_method, 5);
  });

  test('malformed frames get typed errors and the session keeps serving', async () => {
    const { clientEnd, server } = setup();
    const cases: Array<[string, number]> = [
      ['not json', RpcErrorCode.ParseError],
      ['[1,2,3]', RpcErrorCode.InvalidRequest],
      ['42', RpcErrorCode.InvalidRequest],
      ['null', RpcErrorCode.InvalidRequest],
      [JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'add' }), RpcErrorCode.InvalidRequest],
      [JSON.stringify({ jsonrpc: '2.0', method: 'add' }), RpcErrorCode.InvalidRequest],
      [JSON.stringify({ jsonrpc: '2.0', id: { x: 1 }, method: 'add' }), RpcErrorCode.InvalidRequest],
      [JSON.stringify({ jsonrpc: '2.0', id: 1.5, method: 'add' }), RpcErrorCode.InvalidRequest],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 7 }), RpcErrorCode.InvalidRequest],
      [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'add', params: 'x' }), RpcErrorCode.InvalidParams],
    ];
    for (const [frame, code] of cases) {
      const reply = await rawExchange(clientEnd, frame);
      assert.equal((reply.error as { code: number }).code, code, frame);
    }
    const ok = await rawExchange(clientEnd, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'add', params: { a: 1, b: 1 } }));
    assert.deepEqual(ok, { jsonrpc: '2.0', id: 9, result: 2 });
    assert.equal(server.stats.rejected.parse, 1);
    assert.equal(server.stats.rejected.invalid_request, 8);
  });

  test('an oversize frame is refused before parsing', async () => {
    const { clientEnd, client, server } = setup({ maxFrameChars: 1000 });
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: { text: 'x'.repeat(2000) } });
    const reply = await rawExchange(clientEnd, big);
    assert.equal((reply.error as { code: number }).code, RpcErrorCode.FrameTooLarge);
    assert.equal(reply.id, null);
    assert.equal(server.stats.rejected.too_large, 1);
    // The session survives.
    const fresh = new RpcClient<Test>(clientEnd);
    assert.equal(await fresh.call('add', { a: 1, b: 2 }), 3);
    void client;
  });

  test('a typed handler error reaches the caller as is; an untyped one leaks nothing', async () => {
    const { client, server } = setup();
    const typed = await rejection(client.call('fail', { kind: 'typed' }));
    assert.equal(typed.code, RpcErrorCode.NotFound);
    assert.equal(typed.message, 'no such thing');
    assert.deepEqual(typed.data, { id: 7 });
    const untyped = await rejection(client.call('fail', { kind: 'untyped' }));
    assert.equal(untyped.code, RpcErrorCode.Internal);
    assert.doesNotMatch(untyped.message, /secret|home/);
    assert.equal(server.stats.rejected.internal, 1);
    assert.equal(server.stats.rejected.handler_error, 1);
  });

  test('a call without an answer times out with Timeout', async () => {
    const { client } = setup();
    const error = await rejection(client.call('hang', {}, { timeoutMs: 30 }));
    assert.equal(error.code, RpcErrorCode.Timeout);
  });

  test('closing the channel rejects pending calls with Closed and later calls at once', async () => {
    const { client, serverEnd } = setup();
    const pending = client.call('hang');
    serverEnd.close({ message: 'core went away' });
    const error = await rejection(pending);
    assert.equal(error.code, RpcErrorCode.Closed);
    assert.equal(error.message, 'core went away');
    assert.equal((await rejection(client.call('add', { a: 1, b: 1 }))).code, RpcErrorCode.Closed);
    assert.equal(client.closed, true);
  });

  test('a session has a cap on requests in flight', async () => {
    const { client, hanging, server } = setup({ maxInFlight: 2 });
    const first = client.call('hang');
    const second = client.call('hang');
    const third = await rejection(client.call('hang'));
    assert.equal(third.code, RpcErrorCode.Unavailable);
    assert.equal(server.stats.rejected.busy, 1);
    for (const release of hanging) release();
    assert.deepEqual(await Promise.all([first, second]), [null, null]);
    assert.equal(await client.call('add', { a: 0, b: 0 }), 0);
  });

  test('events reach every session and stop after unsubscribing', async () => {
    const { server, client } = setup();
    const [serverEnd2, clientEnd2] = createChannelPair();
    server.attach(serverEnd2);
    const other = new RpcClient<Test>(clientEnd2);
    const seen: number[] = [];
    const otherSeen = new Promise<number>((resolve) => other.on('tick', ({ n }) => resolve(n)));
    const unsubscribe = client.on('tick', ({ n }) => seen.push(n));
    server.emit('tick', { n: 1 });
    assert.equal(await withTimeout(otherSeen, 1000, 'tick on the second session'), 1);
    await client.call('add', { a: 0, b: 0 }); // a round trip: the event has arrived by now
    unsubscribe();
    server.emit('tick', { n: 2 });
    await client.call('add', { a: 0, b: 0 });
    assert.deepEqual(seen, [1]);
    assert.equal(server.stats.sessions, 2);
    other.close();
    await client.call('add', { a: 0, b: 0 });
    assert.equal(server.stats.sessions, 1);
  });

  test('a throwing event listener does not starve the others', async () => {
    const { server, client } = setup();
    client.on('tick', () => {
      throw new Error('listener bug');
    });
    const got = new Promise<number>((resolve) => client.on('tick', ({ n }) => resolve(n)));
    server.emit('tick', { n: 5 });
    assert.equal(await withTimeout(got, 1000, 'the second listener'), 5);
  });

  test('closeAll ends every session with the given code', async () => {
    const { server, client } = setup();
    const closed = new Promise<RpcError>((resolve) => client.onClose(resolve));
    server.closeAll(4503, 'bye');
    const error = await withTimeout(closed, 1000, 'client close');
    assert.equal(error.code, RpcErrorCode.Closed);
    assert.equal(error.message, 'bye');
  });

  test('a connection-level error before close becomes the close reason', async () => {
    const [serverEnd, clientEnd] = createChannelPair();
    const client = new RpcClient<Test>(clientEnd);
    const closed = new Promise<RpcError>((resolve) => client.onClose(resolve));
    serverEnd.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: RpcErrorCode.Unauthorized, message: 'bad token' } }));
    serverEnd.close({ code: 4401 });
    const error = await withTimeout(closed, 1000, 'client close');
    assert.equal(error.code, RpcErrorCode.Unauthorized);
    assert.equal(error.message, 'bad token');
  });

  test('unknown error codes from the wire map to Internal', () => {
    assert.equal(RpcError.fromWire({ code: 12345, message: 'x' }).code, RpcErrorCode.Internal);
    assert.equal(RpcError.fromWire({ code: -32602, message: 'x' }).code, RpcErrorCode.InvalidParams);
  });
});
