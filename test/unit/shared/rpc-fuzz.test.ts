// Any frame a client can send gets exactly one typed answer, and the session keeps serving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { api } from '../../../shared/api.ts';
import type { RpcChannel } from '../../../shared/rpc/channel.ts';
import { RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';

const handlers = partialHandlers(api, {
  'node.info': () => ({
    appVersion: '0',
    runtime: 'v22',
    platform: 'test',
    mode: 'full',
    dataDir: '/x',
    schemaVersion: 1,
    startedAt: 0,
    peerId: null,
    listenAddresses: [],
    clusterId: 16,
    shards: [32],
  }),
  'node.status': () => ({ state: 'running', uptimeMs: 0, peers: 0, rpcSessions: 1, databaseBytes: 0 }),
  'prefs.get': () => null,
  'prefs.set': ({ key, value }) => ({ key, value, updatedAt: 0 }),
  'prefs.list': () => [],
});

const knownCodes = new Set<number>(Object.values(RpcErrorCode));

function exchange(channel: RpcChannel, frame: string): Promise<unknown> {
  return new Promise((resolve) => {
    channel.onFrame((reply) => resolve(JSON.parse(reply)));
    channel.send(frame);
  });
}

const requestLike = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.string()),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 80 }), fc.constant(null), fc.double(), fc.object()),
    method: fc.oneof(fc.constantFrom(...Object.keys(api.methods), '__proto__', 'constructor'), fc.string()),
    params: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const frames = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  requestLike.map((value) => JSON.stringify(value)),
);

test('every frame gets one well-formed answer and the session survives', async () => {
  const server = new RpcServer(api, handlers);
  const [serverEnd, clientEnd] = createChannelPair();
  server.attach(serverEnd);
  await fc.assert(
    fc.asyncProperty(frames, async (frame) => {
      const reply = (await exchange(clientEnd, frame)) as Record<string, unknown>;
      assert.equal(reply.jsonrpc, '2.0');
      if ('error' in reply) {
        const error = reply.error as { code: number; message: string };
        assert.ok(knownCodes.has(error.code), `unknown code ${error.code}`);
        assert.equal(typeof error.message, 'string');
      } else {
        assert.ok('result' in reply);
      }
    }),
    { numRuns: 500 },
  );
  const ok = (await exchange(clientEnd, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'node.status' }))) as {
    result: { state: string };
  };
  assert.equal(ok.result.state, 'running');
  assert.equal(server.stats.rejected.internal, 0);
});

test('prefs params are validated: key shape and value size', async () => {
  const server = new RpcServer(api, handlers);
  const [serverEnd, clientEnd] = createChannelPair();
  server.attach(serverEnd);
  const call = (params: unknown) =>
    exchange(clientEnd, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'prefs.set', params })) as Promise<{
      error?: { code: number };
      result?: unknown;
    }>;
  assert.ok((await call({ key: 'ui.theme', value: 'dark' })).result);
  for (const bad of [
    { key: 'UI', value: 1 },
    { key: '', value: 1 },
    { key: 'k'.repeat(65), value: 1 },
    { key: 'ok', value: 'x'.repeat(5000) },
    { key: 'ok' },
    { key: 'ok', value: 1, extra: true },
  ]) {
    assert.equal((await call(bad)).error?.code, RpcErrorCode.InvalidParams, JSON.stringify(bad).slice(0, 60));
  }
});
