// Adapters for message ports: the renderer's end of the port Electron hands it (a DOM
// MessagePort), Node's worker_threads ports in tests, and, through `channelFromPort`, the
// core's end (Electron's MessagePortMain, an EventEmitter; see main/core/main-port-channel.ts).
import { ChannelEvents, type CloseReason, type RpcChannel } from '../channel.ts';

export interface DomMessagePortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

/** What every port offers, whatever its event API. */
export interface PortLike {
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** A frame we send to tell the other end we are leaving: ports have no reliable close event everywhere. */
export const PORT_CLOSE_FRAME = '\u0000close';

/**
 * Builds a channel on any port; `listen` wires the port's own events to the two callbacks
 * (message data, and the port closing).
 */
export function channelFromPort(
  port: PortLike,
  listen: (onData: (data: unknown) => void, onClosed: () => void) => void,
): RpcChannel {
  const events = new ChannelEvents();
  listen(
    (data) => {
      if (data === PORT_CLOSE_FRAME) {
        events.end({ message: 'peer closed the port' });
        port.close();
      } else if (typeof data === 'string') {
        events.deliver(data);
      }
    },
    () => events.end({ message: 'port closed' }),
  );
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

export function channelFromDomPort(port: DomMessagePortLike): RpcChannel {
  return channelFromPort(port, (onData, onClosed) => {
    port.addEventListener('message', (event) => onData(event.data));
    port.addEventListener('close', onClosed);
  });
}
