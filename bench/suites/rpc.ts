// What the typed RPC costs: a validated call against a bare echo of the same frames,
// in-process and over the loopback WebSocket.
import { WebSocketServer } from 'ws';
import { createLogger } from '../../main/core/log.ts';
import { startRpcWebSocketServer } from '../../main/core/rpc-websocket-server.ts';
import { type Api, api } from '../../shared/api.ts';
import type { RpcChannel } from '../../shared/rpc/channel.ts';
import { RpcClient } from '../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../shared/rpc/server.ts';
import { createChannelPair } from '../../shared/rpc/transports/in-process.ts';
import { openWebSocketChannel, rpcWebSocketUrl } from '../../shared/rpc/transports/websocket.ts';
import { type Comparison, compare } from '../measure.ts';

const PREF = { key: 'ui.layout', value: { sidebar: 280, theme: 'dark', pinned: ['a', 'b', 'c'] } };

const handlers = partialHandlers(api, {
  'node.info': () => {
    throw new Error('unused');
  },
  'node.status': () => ({ state: 'running', uptimeMs: 1, peers: 0, rpcSessions: 1, databaseBytes: 0 }),
  'prefs.get': () => null,
  'prefs.set': ({ key, value }) => ({ key, value, updatedAt: 1 }),
  'prefs.list': () => [],
});

/** Baseline: the peer parses each frame and answers with a reply of the same shape, nothing else. */
function echoReply(frame: string): string {
  const request = JSON.parse(frame) as { id: number; params: { key: string; value: unknown } };
  return JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { ...request.params, updatedAt: 1 } });
}

function rawCaller(channel: RpcChannel): (i: number) => Promise<unknown> {
  const waiting = new Map<number, (value: unknown) => void>();
  channel.onFrame((frame) => {
    const reply = JSON.parse(frame) as { id: number; result: unknown };
    waiting.get(reply.id)?.(reply.result);
    waiting.delete(reply.id);
  });
  return (i) =>
    new Promise((resolve) => {
      waiting.set(i, resolve);
      channel.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'prefs.set', params: PREF }));
    });
}

export async function rpcBenchmarks(ops: number): Promise<Comparison[]> {
  const results: Comparison[] = [];

  const [serverEnd, clientEnd] = createChannelPair();
  new RpcServer(api, handlers).attach(serverEnd);
  const client = new RpcClient<Api>(clientEnd);
  const [echoEnd, rawEnd] = createChannelPair();
  echoEnd.onFrame((frame) => echoEnd.send(echoReply(frame)));
  const raw = rawCaller(rawEnd);
  results.push(
    await compare(
      'rpc call, in-process',
      'typed call with zod validation vs. a JSON echo of the same frame',
      { name: 'RpcClient → RpcServer', op: () => client.call('prefs.set', PREF) },
      { name: 'raw JSON echo', op: raw },
      ops,
    ),
  );

  const log = createLogger({ level: 'silent' });
  const token = 'a'.repeat(64);
  const server = new RpcServer(api, handlers);
  const ws = await startRpcWebSocketServer({ port: 0, token, attach: (channel) => server.attach(channel), log });
  const wsClient = new RpcClient<Api>(await openWebSocketChannel(new WebSocket(rpcWebSocketUrl(ws.url, token))));
  const echoServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => echoServer.once('listening', resolve));
  echoServer.on('connection', (socket) => socket.on('message', (data) => socket.send(echoReply(data.toString()))));
  const { port } = echoServer.address() as { port: number };
  const rawWsChannel = await openWebSocketChannel(new WebSocket(`ws://127.0.0.1:${port}`));
  const rawWs = rawCaller(rawWsChannel);
  results.push(
    await compare(
      'rpc call, loopback WebSocket',
      'typed call through the token-guarded server vs. a bare ws echo server',
      { name: 'RpcClient → ws → RpcServer', op: () => wsClient.call('prefs.set', PREF) },
      { name: 'raw ws echo', op: rawWs },
      ops,
    ),
  );
  wsClient.close();
  rawWsChannel.close();
  await ws.close();
  for (const socket of echoServer.clients) socket.terminate();
  await new Promise((resolve) => echoServer.close(resolve));
  return results;
}
