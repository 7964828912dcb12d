// An in-memory Waku for unit tests of the messaging stack: every published message reaches
// every subscriber of its content topic on a microtask, no network, no timers. And bare
// Messengers on it with in-memory stores (memory-ports.ts).
import { memoryBundles, memorySessions } from '../../main/app/messenger/memory-ports.ts';
import {
  Messenger,
  type ReceivedApplication,
  type ReceivedChatMessage,
  type Rejection,
} from '../../main/app/messenger/messenger.ts';
import type { IncomingWakuMessage, MessengerTransport } from '../../main/app/messenger/ports.ts';
import { randomPrivateKey } from '../../main/crypto/secp256k1.ts';
import { MemoryMvdsStore } from '../../main/reliability/mvds/node.ts';
import { messageHashHex, type WakuMessage } from '../../main/transport/message.ts';

/** The bus's transport, with what was published, the live subscriptions and a way to inject a message. */
export function memoryBus() {
  const subscribers: Array<{ topics: Set<string>; handler: (m: IncomingWakuMessage) => void }> = [];
  const published: WakuMessage[] = [];
  const deliver = (pubsubTopic: string, message: WakuMessage) => {
    const incoming = { pubsubTopic, message, hashHex: messageHashHex(pubsubTopic, message) };
    for (const s of [...subscribers]) if (s.topics.has(message.contentTopic)) s.handler(incoming);
  };
  const transport: MessengerTransport = {
    publish: async (pubsubTopic, message) => {
      published.push(message);
      queueMicrotask(() => deliver(pubsubTopic, message));
      return { ok: true };
    },
    subscribe: (topics, handler) => {
      const entry = { topics: new Set(topics), handler };
      subscribers.push(entry);
      return () => void subscribers.splice(subscribers.indexOf(entry), 1);
    },
  };
  return { transport, deliver, published, subscribers };
}

/** Lets the bus and what it feeds run for `rounds` turns of the event loop (microtasks and immediates). */
export async function settle(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** A version-1 Waku message of `payload` on `contentTopic`, stamped now. */
export const wakuMessage = (payload: Uint8Array, contentTopic: string, version = 1): WakuMessage => ({
  payload,
  contentTopic,
  version,
  timestamp: BigInt(Date.now()) * 1_000_000n,
  ephemeral: false,
  meta: undefined,
  rateLimitProof: undefined,
});

const running: Messenger[] = [];
/** Stops every Messenger `messengerPerson` started; the test file's `after` runs it. */
export function stopMessengers(): void {
  for (const m of running.splice(0)) m.stop();
}

/**
 * A started Messenger with a fresh key and in-memory stores, collecting what it hands over.
 * `applications`: it takes non-chat application messages (`apps`); without, it refuses them.
 */
export function messengerPerson(transport: MessengerTransport, name: string, { applications = false } = {}) {
  const key = randomPrivateKey();
  const inbox: ReceivedChatMessage[] = [];
  const apps: ReceivedApplication[] = [];
  const rejections: Rejection[] = [];
  const messenger = new Messenger({
    transport,
    chatKey: key,
    bundles: memoryBundles(key, name),
    sessions: memorySessions(),
    mvds: new MemoryMvdsStore(),
    events: {
      onMessage: (m) => inbox.push(m),
      onRejected: (r) => rejections.push(r),
      ...(applications ? { onApplicationMessage: (m: ReceivedApplication) => void apps.push(m) } : {}),
    },
  });
  messenger.start();
  running.push(messenger);
  return { key, messenger, inbox, apps, rejections };
}
