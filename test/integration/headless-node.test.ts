// The headless node as a user runs it: a separate process serving the contract over a
// token-protected loopback WebSocket, and a small REST API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DataFile } from '../../main/storage/data-dir.ts';
import type { Api } from '../../shared/api.ts';
import { RpcClient } from '../../shared/rpc/client.ts';
import { RpcError, RpcErrorCode } from '../../shared/rpc/protocol.ts';
import { openWebSocketChannel, rpcWebSocketUrl } from '../../shared/rpc/transports/websocket.ts';
import { type HeadlessProcess, runNodeCli, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { withTimeout } from '../helpers/wait.ts';

/** Opens a raw WebSocket and resolves with the first text frame after sending `payload`. */
function rawRoundTrip(url: string, payload: string | Uint8Array): Promise<{ reply: Record<string, unknown>; socket: WebSocket }> {
  const socket = new WebSocket(url);
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.addEventListener('open', () => socket.send(payload));
      socket.addEventListener('message', (event) => {
        const frame = JSON.parse(String(event.data)) as Record<string, unknown>;
        // Pushed events (no id) may come first: the core announces every new session.
        if ('id' in frame) resolve({ reply: frame, socket });
      });
      socket.addEventListener('error', () => reject(new Error('socket error')));
    }),
    5000,
    'a reply frame',
  );
}

describe('headless node', () => {
  let node: HeadlessProcess;
  let dataDir: string;
  let cleanup: () => void;

  before(async () => {
    ({ dir: dataDir, cleanup } = tempDir());
    node = await startHeadlessProcess(dataDir, ['--rest-port', '0']);
  });

  after(async () => {
    if (node.child.exitCode === null) node.child.kill('SIGKILL');
    cleanup();
  });

  test('starts in under 3 s and answers node.info with the token', async () => {
    assert.ok(node.startMs < 3000, `started in ${Math.round(node.startMs)} ms`);
    assert.match(node.ready.rpcUrl ?? '', /^ws:\/\/127\.0\.0\.1:\d+$/);
    const client = await node.connect();
    const info = await client.call('node.info');
    assert.equal(info.dataDir, path.resolve(dataDir));
    assert.equal(info.runtime.startsWith('v22.'), true);
    client.close();
  });

  test('the token file is owner-only and 64 hex chars', () => {
    const file = path.join(dataDir, DataFile.RpcToken);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.match(node.token(), /^[0-9a-f]{64}$/);
  });

  test('a wrong or missing token is refused with Unauthorized; the node keeps serving', async () => {
    const url = node.ready.rpcUrl ?? '';
    for (const candidate of [rpcWebSocketUrl(url, 'f'.repeat(64)), rpcWebSocketUrl(url, ''), url]) {
      const channel = await openWebSocketChannel(new WebSocket(candidate));
      const client = new RpcClient<Api>(channel);
      await assert.rejects(
        client.call('node.info'),
        (error: unknown) => error instanceof RpcError && error.code === RpcErrorCode.Unauthorized,
      );
    }
    const good = await node.connect();
    assert.equal((await good.call('node.status')).state, 'running');
    good.close();
  });

  test('malformed, binary and unknown-method frames get typed errors on a live connection', async () => {
    const url = rpcWebSocketUrl(node.ready.rpcUrl ?? '', node.token());
    const parse = await rawRoundTrip(url, '{"jsonrpc": "2.0", "id": 1, "method": ');
    assert.equal((parse.reply.error as { code: number }).code, RpcErrorCode.ParseError);
    const binary = await rawRoundTrip(url, new Uint8Array([1, 2, 3]));
    assert.equal((binary.reply.error as { code: number }).code, RpcErrorCode.InvalidRequest);
    const unknown = await rawRoundTrip(url, JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'node.reboot' }));
    assert.deepEqual(unknown.reply, {
      jsonrpc: '2.0',
      id: 5,
      error: { code: RpcErrorCode.MethodNotFound, message: 'unknown method "node.reboot"' },
    });
    // The same socket still serves a valid request afterwards.
    const next = await withTimeout(
      new Promise<Record<string, unknown>>((resolve) => {
        unknown.socket.addEventListener('message', (event) => {
          const frame = JSON.parse(String(event.data)) as Record<string, unknown>;
          if (frame.id === 6) resolve(frame);
        });
        unknown.socket.send(JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'node.status' }));
      }),
      5000,
      'a valid answer on the same socket',
    );
    assert.equal((next.result as { state: string }).state, 'running');
    for (const r of [parse, binary, unknown]) r.socket.close();
  });

  test('an oversize frame is refused and the connection survives', async () => {
    const url = rpcWebSocketUrl(node.ready.rpcUrl ?? '', node.token());
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'prefs.set', params: { key: 'a', value: 'x'.repeat(2 << 20) } });
    const { reply, socket } = await rawRoundTrip(url, big);
    assert.equal((reply.error as { code: number }).code, RpcErrorCode.FrameTooLarge);
    socket.close();
  });

  test('REST: /health and /debug/v1/version', async () => {
    const health = await fetch(`${node.ready.restUrl}/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { nodeHealth: string }).nodeHealth, 'Ready');
    const version = await fetch(`${node.ready.restUrl}/debug/v1/version`);
    assert.match(await version.text(), /^\d+\.\d+\.\d+/);
    assert.equal((await fetch(`${node.ready.restUrl}/nope`)).status, 404);
  });

  test('a second node on the same data directory exits 1 with a clear message', async () => {
    const second = runNodeCli(['--data-dir', dataDir, '--rpc-port', '0']);
    assert.equal(await second.exited, 1);
    assert.match(second.stderr(), /in use by process \d+/);
  });

  test('SIGTERM shuts down cleanly: exit 0, lock released, no WAL left', async () => {
    node.child.kill('SIGTERM');
    assert.equal(await withTimeout(node.exited, 10_000, 'exit'), 0);
    assert.equal(fs.existsSync(path.join(dataDir, DataFile.Lock)), false);
    assert.equal(fs.existsSync(path.join(dataDir, `${DataFile.Database}-wal`)), false);
    assert.match(node.stderr(), /core stopped/);
  });
});

describe('headless node command line', () => {
  test('unknown flags and bad values print usage and exit 2', async () => {
    for (const args of [['--bogus'], ['--data-dir', 'x', '--rpc-port', 'http'], []]) {
      const run = runNodeCli(args);
      assert.equal(await run.exited, 2, args.join(' '));
      assert.match(run.stderr(), /^error: .*\n\nusage: npm run node/s);
      assert.equal(run.stdout(), '');
    }
  });

  test('--help prints usage and exits 0', async () => {
    const run = runNodeCli(['--help']);
    assert.equal(await run.exited, 0);
    assert.match(run.stdout(), /usage: npm run node/);
  });
});
