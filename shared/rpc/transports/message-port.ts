// Adapter for a DOM-style MessagePort: the renderer's end of the port Electron hands it,
// and Node's worker_threads ports in tests. (The core's end, Electron's MessagePortMain,
// has an EventEmitter API and its own adapter in main/core.)
import { ChannelEvents, type CloseReason, type RpcChannel } from '../channel.ts';

export interface DomMessagePortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

/** A frame we send to tell the other end we are leaving: ports have no reliable close event everywhere. */
export const PORT_CLOSE_FRAME = '\u0000close';

export function channelFromDomPort(port: DomMessagePortLike): RpcChannel {
  const events = new ChannelEvents();
  port.addEventListener('message', (event) => {
    if (event.data === PORT_CLOSE_FRAME) {
      events.end({ message: 'peer closed the port' });
      port.close();
    } else if (typeof event.data === 'string') {
      events.deliver(event.data);
    }
  });
  port.addEventListener('close', () => events.end({ message: 'port closed' }));
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
