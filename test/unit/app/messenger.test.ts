// The messenger on an in-memory bus: what happens to bad input at each layer.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { memoryBundles, memorySessions } from '../../../main/app/messenger/memory-ports.ts';
import { Messenger, type Rejection } from '../../../main/app/messenger/messenger.ts';
import type { IncomingWakuMessage, MessengerTransport } from '../../../main/app/messenger/ports.ts';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { encryptAsymmetric } from '../../../main/encryption/envelope.ts';
import { MemoryMvdsStore } from '../../../main/reliability/mvds/node.ts';
import { messageHashHex, type WakuMessage } from '../../../main/transport/message.ts';
import { wrapApplicationMessage } from '../../../main/wire/application-metadata.ts';
import { contentTopic, partitionedTopic } from '../../../main/wire/content-topics.ts';
import {
  AmmType,
  ChatMessage,
  ContentType,
  encode,
  MessageType,
  ProtocolMessage,
  u64,
} from '../../../main/wire/proto.ts';
import {
  memoryBus,
  messengerPerson as person,
  settle as settleRounds,
  stopMessengers,
  wakuMessage,
} from '../../helpers/memory-bus.ts';

after(stopMessengers);

const settle = () => settleRounds(1);

describe('messenger refusals', () => {
  test('a duplicate Waku message is processed once', async () => {
    const { transport, deliver } = memoryBus();
    const alice = person(transport, 'alice');
    const bob = person(transport, 'bob');
    const published: Array<[string, WakuMessage]> = [];
    const spy: MessengerTransport = {
      ...transport,
      publish: async (t, m) => {
        published.push([t, m]);
        return transport.publish(t, m);
      },
    };
    const sender = new Messenger({
      transport: spy,
      chatKey: alice.key,
      bundles: memoryBundles(alice.key, 'a2'),
      sessions: memorySessions(),
      mvds: new MemoryMvdsStore(),
    });
    await sender.sendText(bob.messenger.publicKeyHex, 'once');
    await settle();
    assert.equal(bob.inbox.length, 1);
    const [topic, message] = published[0] ?? ['', wakuMessage(new Uint8Array(), '')];
    deliver(topic, message);
    await settle();
    assert.equal(bob.inbox.length, 1);
    assert.ok(bob.rejections.includes('duplicate'));
    alice.messenger.stop();
  });

  test('ingestAll: a store page in one outer unit of work; a bad message in it costs only itself', async () => {
    const { transport } = memoryBus();
    const published: IncomingWakuMessage[] = [];
    const capture: MessengerTransport = {
      publish: async (pubsubTopic, message) => {
        published.push({ pubsubTopic, message, hashHex: messageHashHex(pubsubTopic, message) });
        return { ok: true };
      },
      subscribe: transport.subscribe,
    };
    const aliceKey = randomPrivateKey();
    const alice = new Messenger({
      transport: capture,
      chatKey: aliceKey,
      bundles: memoryBundles(aliceKey, 'alice'),
      sessions: memorySessions(),
      mvds: new MemoryMvdsStore(),
    });
    const bobKey = randomPrivateKey();
    const inbox: string[] = [];
    const rejections: Rejection[] = [];
    const units: number[] = [];
    let depth = 0;
    const bob = new Messenger({
      transport,
      chatKey: bobKey,
      bundles: memoryBundles(bobKey, 'bob'),
      sessions: memorySessions(),
      mvds: new MemoryMvdsStore(),
      events: { onMessage: (m) => inbox.push(m.text), onRejected: (r) => rejections.push(r) },
      atomically: (work) => {
        depth += 1;
        units.push(depth);
        try {
          return work();
        } finally {
          depth -= 1;
        }
      },
    });
    for (const text of ['one', 'two', 'three']) await alice.sendText(bob.publicKeyHex, text);
    assert.equal(published.length, 3, 'one Waku message per text while nothing is acked');
    const garbage = {
      ...(published[1] as IncomingWakuMessage),
      message: wakuMessage(new Uint8Array(300).fill(9), published[1]?.message.contentTopic ?? ''),
      hashHex: 'ff'.repeat(32),
    };
    await bob.ingestAll([published[0], garbage, published[1], published[2]] as IncomingWakuMessage[]);
    assert.deepEqual(inbox, ['one', 'two', 'three']);
    assert.deepEqual(rejections, ['envelope']);
    assert.deepEqual(units, [1, 2, 2, 2, 2], 'one outer unit, each message nested inside it');
    alice.stop();
    bob.stop();
  });

  test('garbage, unsigned-looking and wrong-version messages on our topic are refused, not fatal', async () => {
    const { transport, deliver } = memoryBus();
    const bob = person(transport, 'bob');
    const topic = contentTopic(partitionedTopic(publicKey(bob.key)));
    deliver('/waku/2/rs/16/32', wakuMessage(new Uint8Array([1, 2, 3]), topic));
    deliver('/waku/2/rs/16/32', wakuMessage(new Uint8Array(300).fill(7), topic));
    deliver('/waku/2/rs/16/32', wakuMessage(new Uint8Array(300).fill(8), topic, 0));
    await settle();
    assert.deepEqual(bob.rejections, ['envelope', 'envelope', 'not-version-1']);
    assert.equal(bob.inbox.length, 0);
  });

  test('an AMM signed by someone else inside Alice’s envelope is a forged sender', async () => {
    const { transport, deliver } = memoryBus();
    const bob = person(transport, 'bob');
    const alice = randomPrivateKey();
    const mallory = randomPrivateKey();
    const chat = encode(ChatMessage, {
      clock: u64(Date.now()),
      timestamp: u64(Date.now()),
      text: 'trust me',
      chatId: bob.messenger.publicKeyHex,
      messageType: MessageType.ONE_TO_ONE,
      contentType: ContentType.TEXT_PLAIN,
    });
    const amm = wrapApplicationMessage(AmmType.CHAT_MESSAGE, chat, mallory);
    // A ProtocolMessage with only a public_message, as unencrypted layers send it.
    const protocol = encode(ProtocolMessage, { installationId: 'x', publicMessage: amm });
    const envelope = encryptAsymmetric(protocol, publicKey(bob.key), alice);
    deliver('/waku/2/rs/16/32', wakuMessage(envelope, contentTopic(partitionedTopic(publicKey(bob.key)))));
    await settle();
    assert.deepEqual(bob.rejections, ['forged-sender']);
    assert.equal(bob.inbox.length, 0);
  });

  test('a message from the future (clock beyond 120 s of the transport time) is refused', async () => {
    const { transport, deliver } = memoryBus();
    const bob = person(transport, 'bob');
    const alice = randomPrivateKey();
    const chat = encode(ChatMessage, {
      clock: u64(Date.now() + 10 * 60_000),
      timestamp: u64(Date.now()),
      text: 'from the future',
      chatId: bob.messenger.publicKeyHex,
      messageType: MessageType.ONE_TO_ONE,
      contentType: ContentType.TEXT_PLAIN,
    });
    const protocol = encode(ProtocolMessage, {
      installationId: 'x',
      publicMessage: wrapApplicationMessage(AmmType.CHAT_MESSAGE, chat, alice),
    });
    deliver(
      '/waku/2/rs/16/32',
      wakuMessage(
        encryptAsymmetric(protocol, publicKey(bob.key), alice),
        contentTopic(partitionedTopic(publicKey(bob.key))),
      ),
    );
    await settle();
    assert.deepEqual(bob.rejections, ['invalid-message']);
  });
});
