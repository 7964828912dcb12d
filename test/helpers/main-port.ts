import { EventEmitter } from 'node:events';
import type { MessagePort } from 'node:worker_threads';
import type { MainMessagePortLike } from '../../main/core/main-port-channel.ts';

/** Electron's MessagePortMain is an EventEmitter delivering {data}; make a Node port look like one. */
export function asMainPort(port: MessagePort): MainMessagePortLike {
  const emitter = new EventEmitter();
  port.on('message', (data) => emitter.emit('message', { data }));
  port.on('close', () => emitter.emit('close'));
  return {
    postMessage: (message: unknown) => port.postMessage(message),
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    start: () => port.start(),
    close: () => port.close(),
  } as MainMessagePortLike;
}
