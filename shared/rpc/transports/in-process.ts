// Two connected channels in one process, for tests and benchmarks. Delivery is
// asynchronous (a microtask) so code under test sees the same ordering as over a real port.
import { ChannelEvents, type CloseReason, type RpcChannel } from '../channel.ts';

class InProcessChannel implements RpcChannel {
  readonly events = new ChannelEvents();
  peer: InProcessChannel | undefined;

  send(frame: string): void {
    if (this.events.closed) throw new Error('channel closed');
    const peer = this.peer;
    queueMicrotask(() => peer?.events.deliver(frame));
  }

  onFrame(listener: (frame: string) => void): void {
    this.events.onFrame(listener);
  }

  onClose(listener: (reason: CloseReason) => void): void {
    this.events.onClose(listener);
  }

  close(reason: CloseReason = {}): void {
    if (!this.events.end(reason)) return;
    const peer = this.peer;
    queueMicrotask(() => peer?.events.end(reason));
  }
}

export function createChannelPair(): [RpcChannel, RpcChannel] {
  const a = new InProcessChannel();
  const b = new InProcessChannel();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
