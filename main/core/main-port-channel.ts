// Adapter for Electron's MessagePortMain (an EventEmitter), the core's end of the port
// main hands it for each window. Typed structurally so the core never imports 'electron'.
import { ChannelEvents, type CloseReason, type RpcChannel } from '../../shared/rpc/channel.ts';
import { PORT_CLOSE_FRAME } from '../../shared/rpc/transports/message-port.ts';

export interface MainMessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export function channelFromMainPort(port: MainMessagePortLike): RpcChannel {
  const events = new ChannelEvents();
  port.on('message', ({ data }) => {
    if (data === PORT_CLOSE_FRAME) {
      events.end({ message: 'peer closed the port' });
      port.close();
    } else if (typeof data === 'string') {
      events.deliver(data);
    }
  });
  port.on('close', () => events.end({ message: 'port closed' }));
  port.start();
  return {
    send(frame) {
      if (events.closed) throw new Error('channel closed');
      port.postMessage(frame);
    },
    onFrame: (listener) => events.onFrame(listener),
    onClose: (listener) => events.onClose(listener),
    close(reason: CloseReason = {}) {
      if (!events.end(reason)) return;
      try {
        port.postMessage(PORT_CLOSE_FRAME);
      } finally {
        port.close();
      }
    },
  };
}
