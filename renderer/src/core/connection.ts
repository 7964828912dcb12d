// How the renderer reaches the core: in Electron through the MessagePort the preload relays
// (a new one arrives after a core restart), in a plain browser through a loopback WebSocket
// whose URL and token come from the page's #fragment (never sent to any server).
import type { Api } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { channelFromDomPort } from '../../../shared/rpc/transports/message-port.ts';
import { openWebSocketChannel, rpcWebSocketUrl } from '../../../shared/rpc/transports/websocket.ts';

export type CoreClient = RpcClient<Api>;

export type ConnectionState =
  | { phase: 'connecting' }
  | { phase: 'connected'; client: CoreClient }
  | { phase: 'needs-address' }
  | { phase: 'failed'; error: string };

export interface WebSocketAddress {
  url: string;
  token: string;
}

/** Reads `#ws=ws://127.0.0.1:port&token=…`; returns null when absent or unusable. */
export function parseAddressFragment(hash: string): WebSocketAddress | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const url = params.get('ws');
  const token = params.get('token');
  if (!url || !token) return null;
  return validateAddress(url, token) === null ? { url, token } : null;
}

/** Returns a human message for what is wrong, or null when the address is usable. */
export function validateAddress(url: string, token: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The address is not a URL (expected ws://127.0.0.1:<port>).';
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return 'The address must start with ws:// or wss://.';
  if (!/^[0-9a-f]{64}$/i.test(token.trim())) return 'The token is the 64 hex characters of <data-dir>/rpc-token.';
  return null;
}

type Listener = (state: ConnectionState) => void;

export class CoreConnection {
  /** The last address tried, to prefill the form after a failure. */
  lastAddressUrl: string | undefined;
  #state: ConnectionState = { phase: 'connecting' };
  readonly #listeners = new Set<Listener>();

  get state(): ConnectionState {
    return this.#state;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Electron: ask the preload for a port, and take every port it relays. */
  connectThroughPreload(target: Window): void {
    target.addEventListener('message', (event: MessageEvent) => {
      const port = event.ports[0];
      if (event.source !== target || (event.data as { type?: unknown } | null)?.type !== 'core:port' || !port) return;
      if (this.#state.phase === 'connected') this.#state.client.close();
      this.#adopt(new RpcClient<Api>(channelFromDomPort(port)), 'waiting for the core to restart');
    });
    target.postMessage({ type: 'core:connect' }, target.location.origin);
  }

  async connectWebSocket(address: WebSocketAddress, makeSocket = (url: string) => new WebSocket(url)): Promise<void> {
    this.lastAddressUrl = address.url;
    this.#set({ phase: 'connecting' });
    let channel: Awaited<ReturnType<typeof openWebSocketChannel>>;
    try {
      channel = await openWebSocketChannel(makeSocket(rpcWebSocketUrl(address.url, address.token.trim())));
    } catch {
      this.#set({ phase: 'failed', error: `Could not reach a node at ${address.url}. Is it running?` });
      return;
    }
    try {
      const client = new RpcClient<Api>(channel);
      this.#adopt(client, null);
      // The core refuses a bad token only after the socket opens: learn it now, not later.
      await client.call('node.info');
    } catch (error) {
      this.#set({ phase: 'failed', error: describeError(error) });
    }
  }

  needsAddress(): void {
    this.#set({ phase: 'needs-address' });
  }

  #adopt(client: CoreClient, onCloseMessage: string | null): void {
    this.#set({ phase: 'connected', client });
    client.onClose((error) => {
      if (this.#state.phase !== 'connected' || this.#state.client !== client) return;
      this.#set(onCloseMessage === null ? { phase: 'failed', error: describeError(error) } : { phase: 'connecting' });
    });
  }

  #set(state: ConnectionState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof RpcError && error.code === RpcErrorCode.Unauthorized) {
    return 'The core refused the token. Copy it again from <data-dir>/rpc-token.';
  }
  return error instanceof Error ? error.message : String(error);
}
