// Negotiated 1:1 topics: the agreement rules, and whole messaging services switching to the
// negotiated topic once both sides have exchanged ratchet messages (and still delivering).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MessagingService } from '../../../main/app/messenger/messaging-service.ts';
import {
  agreesOnSecret,
  isAgreed,
  negotiatedTopicWith,
  sharedSecret,
} from '../../../main/app/messenger/negotiated-secrets.ts';
import type { IncomingWakuMessage, MessengerTransport } from '../../../main/app/messenger/ports.ts';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import type { SignedBundle } from '../../../main/encryption/bundle.ts';
import { messageHashHex, } from '../../../main/transport/message.ts';
import { contentTopic, partitionedTopic } from '../../../main/wire/content-topics.ts';
import type { MessageView } from '../../../shared/api.ts';
import { befriend, bus, closeAll, person, settle, until } from '../../helpers/messaging-people.ts';

after(closeAll);

const bundleWith = (entries: Array<[string, number]>): SignedBundle => ({
  identity: new Uint8Array(33),
  signedPreKeys: new Map(
    entries.map(([id, v]) => [id, { signedPreKey: new Uint8Array(33), version: 0, protocolVersion: v }]),
  ),
  timestamp: 0n,
  signature: new Uint8Array(65),
});

describe('negotiated secret rules', () => {
  test('the secret is the same DH on both sides; its topic is its lowercase hex', () => {
    const a = randomPrivateKey();
    const b = randomPrivateKey();
    assert.deepEqual(sharedSecret(a, publicKey(b)), sharedSecret(b, publicKey(a)));
    assert.match(negotiatedTopicWith(a, publicKey(b)), /^[0-9a-f]{64}$/);
  });

  test('agreement needs protocol_version ≥ 1 for that installation in the first attached bundle', () => {
    assert.equal(agreesOnSecret([bundleWith([['dev1', 1]])], 'dev1'), true);
    assert.equal(agreesOnSecret([bundleWith([['dev1', 0]])], 'dev1'), false);
    assert.equal(agreesOnSecret([bundleWith([['dev2', 1]])], 'dev1'), false);
    assert.equal(agreesOnSecret([], 'dev1'), false);
    assert.equal(agreesOnSecret([bundleWith([['', 1]])], ''), false);
  });

  test('agreed only when every targeted installation agreed, and never with none', () => {
    assert.equal(isAgreed([], new Set(['a'])), false);
    assert.equal(isAgreed(['a'], new Set(['a'])), true);
    assert.equal(isAgreed(['a', 'b'], new Set(['a'])), false);
    assert.equal(isAgreed(['a', 'b'], new Set(['a', 'b', 'c'])), true);
  });
});

/**
 * Alice and Bob, contacts who have each sent a ratchet message: both agree on the negotiated
 * topic. `sent` is every Waku message published on the bus (live: later ones are appended).
 */
async function negotiatedContacts() {
  const inner = bus();
  const sent: IncomingWakuMessage[] = [];
  const spy: MessengerTransport = {
    subscribe: inner.subscribe,
    publish: (pubsubTopic, message) => {
      sent.push({ pubsubTopic, message, hashHex: messageHashHex(pubsubTopic, message) });
      return inner.publish(pubsubTopic, message);
    },
  };
  const alice = person(spy, 'Alice');
  const bob = person(spy, 'Bob');
  await befriend(alice, bob);
  await alice.service.sendText(bob.key, 'hello Bob');
  await until(() => bob.incoming().length === 1, 'bob to get the first text');
  await bob.service.sendText(alice.key, 'hello Alice');
  await until(() => alice.incoming().length === 1, 'alice to get the reply');
  await settle();
  assert.equal(alice.service.messenger.negotiatedWith(bob.key), true);
  assert.equal(bob.service.messenger.negotiatedWith(alice.key), true);
  return { alice, bob, spy, sent };
}

describe('switching to the negotiated topic', () => {
  test('after both sides sent ratchet messages, the next ones travel on the negotiated topic and arrive', async () => {
    const { alice, bob, sent } = await negotiatedContacts();

    const negotiatedOf = (p: typeof alice) =>
      p.service.messenger.filters.filter((f) => f.kind === 'negotiated').map((f) => f.contentTopic);
    assert.deepEqual(negotiatedOf(alice), negotiatedOf(bob), 'both listen on the one topic they share');
    const negotiated = negotiatedOf(bob)[0] ?? '';
    const from = sent.length;
    await alice.service.sendText(bob.key, 'on the negotiated topic');
    await until(() => bob.incoming().length === 2, 'bob to get it');
    const after = sent.slice(from).map((p) => p.message);
    const text = after.find((m) => m.contentTopic === negotiated);
    assert.ok(text, 'it went out on the negotiated topic');
    assert.ok(!after.some((m) => m.contentTopic === contentTopic(partitionedTopic(bob.key))));
    assert.equal(bob.incoming()[1]?.text, 'on the negotiated topic');
    assert.ok(bob.service.messenger.contentTopics.includes(negotiated), 'history syncs it too');
    await until(
      () =>
        alice.service.listMessages(bob.key, null, 50).find((m) => m.text === 'on the negotiated topic')?.status ===
        'delivered',
      'the ack (over the negotiated topic too)',
    );
  });
});

describe('a restart with negotiated topics', () => {
  test('a store page on the negotiated topic, handed over before its key is derived, still opens', async () => {
    const { alice, bob, spy, sent } = await negotiatedContacts();

    // Bob goes away; what Alice says meanwhile waits in the store, on the negotiated topic.
    bob.service.stop();
    const from = sent.length;
    await alice.service.sendText(bob.key, 'while you were away');
    const away = sent.slice(from);
    assert.ok(away.length > 0);
    const negotiated = contentTopic(
      negotiatedTopicWith(bob.session.keys.chatKey.privateKey, publicKey(alice.session.keys.chatKey.privateKey)),
    );
    assert.ok(away.every((m) => m.message.contentTopic === negotiated));

    // He comes back: the first store page is handed over at once, while the restored negotiated
    // filter's key is still being derived (asynchronously).
    const added: MessageView[] = [];
    const again = new MessagingService({
      session: bob.session,
      transport: spy,
      events: {
        onAdded: (m) => added.push(m),
        onUpdated: () => {},
        onContactUpdated: () => {},
        onContactRequest: () => {},
        onChanged: () => {},
        onRemoved: () => {},
      },
    });
    try {
      assert.ok(again.messenger.contentTopics.includes(negotiated), 'the topic is synced from the start');
      assert.equal(again.messenger.listensTo(negotiated), false, 'its key is not derived yet');
      await again.messenger.ingestAll(away);
      assert.deepEqual(
        added.filter((m) => !m.outgoing).map((m) => m.text),
        ['while you were away'],
      );
      assert.equal(again.rejected.get('envelope') ?? 0, 0);
    } finally {
      again.stop();
    }
  });
});
