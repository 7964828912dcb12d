// Serves the RPC contract over a loopback WebSocket for headless use (tests, a browser
// during development, tools). A random token guards it: a wrong or missing token gets a
// typed Unauthorized error and the socket is closed; the core keeps serving everyone else.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { ChannelEvents, type RpcChannel } from '../../shared/rpc/channel.ts';
import { DEFAULT_MAX_FRAME_CHARS, RpcCloseCode, RpcError, RpcErrorCode } from '../../shared/rpc/protocol.ts';
import type { Logger } from './log.ts';

export interface RpcWebSocketServerOptions {
  port: number;
  token: string;
  attach: (channel: RpcChannel) => void;
  log: Logger;
  host?: string;
  maxConnections?: number;
}

export interface RpcWebSocketServer {
  readonly url: string;
  readonly port: number;
  readonly stats: { connections: number; unauthorized: number; binaryFrames: number };
  close(): Promise<void>;
}

/** Frames beyond this are cut by ws itself; below it the RPC server answers FrameTooLarge. */
const MAX_SOCKET_PAYLOAD_BYTES = 4 * DEFAULT_MAX_FRAME_CHARS;

export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const digest = (text: string) => crypto.createHash('sha256').update(text).digest();
  return crypto.timingSafeEqual(digest(expected), digest(given));
}

export async function startRpcWebSocketServer(options: RpcWebSocketServerOptions): Promise<RpcWebSocketServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log;
  const stats = { connections: 0, unauthorized: 0, binaryFrames: 0 };
  const server = new WebSocketServer({
    host,
    port: options.port,
    maxPayload: MAX_SOCKET_PAYLOAD_BYTES,
    perMessageDeflate: false,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.on('error', (error) => log.error('rpc websocket server error', { error: String(error) }));

  server.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const token = new URL(request.url ?? '/', 'ws://localhost').searchParams.get('token');
    if (!tokenMatches(options.token, token)) {
      stats.unauthorized += 1;
      log.warn('rpc connection refused: bad token', { remote: request.socket.remoteAddress });
      const error = new RpcError(RpcErrorCode.Unauthorized, 'missing or wrong RPC token');
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: error.toWire() }));
      socket.close(RpcCloseCode.Unauthorized, 'unauthorized');
      return;
    }
    if (stats.connections >= (options.maxConnections ?? 32)) {
      socket.close(1013, 'too many connections');
      return;
    }
    stats.connections += 1;
    socket.on('close', () => {
      stats.connections -= 1;
    });
    options.attach(channelFromServerSocket(socket, stats));
  });

  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://${host}:${port}`,
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.close(RpcCloseCode.ShuttingDown, 'core is shutting down');
        server.close(() => resolve());
      }),
  };
}

function channelFromServerSocket(socket: WebSocket, stats: { binaryFrames: number }): RpcChannel {
  const events = new ChannelEvents();
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      stats.binaryFrames += 1;
      const error = new RpcError(RpcErrorCode.InvalidRequest, 'binary frames are not accepted');
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: error.toWire() }));
      return;
    }
    events.deliver(data.toString());
  });
  socket.on('close', (code, reason) => events.end({ code, message: reason.toString() }));
  socket.on('error', () => socket.terminate());
  return {
    send(frame) {
      if (socket.readyState === socket.OPEN) socket.send(frame);
    },
    onFrame: (listener) => events.onFrame(listener),
    onClose: (listener) => events.onClose(listener),
    close(reason = {}) {
      if (events.end(reason)) socket.close(reason.code ?? 1000, reason.message?.slice(0, 120));
    },
  };
}
