// Adapter for Electron's MessagePortMain (an EventEmitter), the core's end of the port
// main hands it for each window. Typed structurally so the core never imports 'electron'.
import type { RpcChannel } from '../../shared/rpc/channel.ts';
import { channelFromPort } from '../../shared/rpc/transports/message-port.ts';

export interface MainMessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export function channelFromMainPort(port: MainMessagePortLike): RpcChannel {
  return channelFromPort(port, (onData, onClosed) => {
    port.on('message', ({ data }) => onData(data));
    port.on('close', onClosed);
  });
}
