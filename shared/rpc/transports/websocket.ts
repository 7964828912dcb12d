// Adapter for a WHATWG WebSocket (browser, or Node 22's global WebSocket): how the
// renderer in a plain browser and the tests reach a headless core.
import { ChannelEvents, type CloseReason, type RpcChannel } from '../channel.ts';

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

const OPEN = 1;

/** Builds the URL a client connects to; the token travels as a query parameter (browsers cannot set headers). */
export function rpcWebSocketUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/** Resolves once the socket is open; rejects if it fails or closes first. */
export function openWebSocketChannel(socket: WebSocketLike): Promise<RpcChannel> {
  const events = new ChannelEvents();
  socket.addEventListener('message', (event) => {
    if (typeof event.data === 'string') events.deliver(event.data);
  });
  const channel: RpcChannel = {
    send(frame) {
      if (events.closed || socket.readyState !== OPEN) throw new Error('socket not open');
      socket.send(frame);
    },
    onFrame: (listener) => events.onFrame(listener),
    onClose: (listener) => events.onClose(listener),
    close(reason: CloseReason = {}) {
      if (events.end(reason)) socket.close(1000, reason.message?.slice(0, 120));
    },
  };
  return new Promise((resolve, reject) => {
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      resolve(channel);
    });
    socket.addEventListener('close', (event) => {
      events.end({ code: event.code, message: event.reason });
      if (!opened) reject(new Error(`WebSocket closed before opening (code ${event.code})`));
    });
    socket.addEventListener('error', () => {
      if (!opened) reject(new Error('WebSocket connection failed'));
    });
  });
}
