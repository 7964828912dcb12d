// The messenger's topic filters and public messages on an in-memory bus: symmetric and
// asymmetric filters, 4-byte collisions, public (contact-code) round trips, bad input counted.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { MessengerTransport } from '../../../main/app/messenger/ports.ts';
import { FilterKind, TopicFilters } from '../../../main/app/messenger/topic-filters.ts';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { encryptSymmetric } from '../../../main/encryption/envelope.ts';
import { wrapApplicationMessage } from '../../../main/wire/application-metadata.ts';
import { contactCodeTopic, contentTopic, symmetricKey } from '../../../main/wire/content-topics.ts';
import { AmmType, encode, ProtocolMessage, StatusType, StatusUpdate, u64 } from '../../../main/wire/proto.ts';
import { memoryBus, messengerPerson, settle, stopMessengers, wakuMessage } from '../../helpers/memory-bus.ts';

after(stopMessengers);

const person = (transport: MessengerTransport, name: string) =>
  messengerPerson(transport, name, { applications: true });

/** Two topic strings whose content topics share their 4 bytes (a birthday search, ~80k hashes). */
function collidingTopics(): [string, string] {
  const seen = new Map<string, string>();
  for (let i = 0; ; i += 1) {
    const topic = `collide-${i}`;
    const id = contentTopic(topic);
    const other = seen.get(id);
    if (other) return [other, topic];
    seen.set(id, topic);
  }
}

describe('topic filters', () => {
  test('filters of one content topic share one subscription, added and removed at run time', async () => {
    const { transport, subscribers } = memoryBus();
    const filters = new TopicFilters(transport, () => {});
    const [a, b] = collidingTopics();
    filters.addAsymmetric(a, FilterKind.Partitioned);
    await filters.addSymmetric(b, FilterKind.ContactCode);
    assert.equal(subscribers.length, 1);
    assert.deepEqual(
      filters.matching(contentTopic(a)).map((f) => [f.topic, f.symmetricKey === undefined]),
      [
        [a, true],
        [b, false],
      ],
    );
    filters.remove(a);
    assert.equal(subscribers.length, 1, 'still one filter on it');
    filters.remove(b);
    assert.equal(subscribers.length, 0, 'the last filter gone, the subscription goes');
    // Removed while its key was being derived: it never subscribes.
    const late = filters.addSymmetric('late-topic', FilterKind.Negotiated);
    filters.remove('late-topic');
    await late;
    assert.equal(filters.has('late-topic'), false);
    assert.equal(subscribers.length, 0);
  });

  test('on a 4-byte collision the receiver tries every matching filter', async () => {
    const { transport, deliver } = memoryBus();
    const bob = person(transport, 'bob');
    const [a, b] = collidingTopics();
    const alice = randomPrivateKey();
    const statusUpdate = (clock: number) =>
      encode(ProtocolMessage, {
        installationId: 'x',
        publicMessage: wrapApplicationMessage(
          AmmType.STATUS_UPDATE,
          encode(StatusUpdate, { clock: u64(clock), statusType: StatusType.AUTOMATIC }),
          alice,
        ),
      });
    const sealed = (topic: string, clock: number) =>
      wakuMessage(encryptSymmetric(statusUpdate(clock), symmetricKey(topic), alice), contentTopic(topic));
    // Listening on a only: a message sealed under b's key arrives (same content topic) but does not open.
    await bob.messenger.listenToPublic(a);
    deliver('/waku/2/rs/16/32', sealed(b, 1));
    await settle();
    assert.deepEqual(bob.rejections, ['envelope']);
    await bob.messenger.listenToPublic(b);
    // Sealed under b's key, on the content topic a and b share: the second filter opens it.
    deliver('/waku/2/rs/16/32', sealed(b, 2));
    deliver('/waku/2/rs/16/32', sealed(a, 3));
    await settle();
    assert.deepEqual(bob.rejections, ['envelope']);
    assert.equal(bob.apps.length, 2);
    assert.ok(bob.apps.every((m) => m.public && m.sender === `0x${Buffer.from(publicKey(alice)).toString('hex')}`));
  });
});

describe('public messages', () => {
  test('a contact-code advertisement round trip teaches the bundle, and counts as public', async () => {
    const { transport, published } = memoryBus();
    const alice = person(transport, 'alice');
    const bob = person(transport, 'bob');
    await bob.messenger.listenToContactCode(alice.messenger.publicKeyHex);
    assert.equal(bob.messenger.bundleOf(alice.messenger.publicKeyHex), undefined);
    const sent = await alice.messenger.publishPublic(
      contactCodeTopic(alice.messenger.publicKeyHex),
      AmmType.CONTACT_CODE_ADVERTISEMENT,
      new Uint8Array(),
      { ephemeral: false },
    );
    await settle();
    assert.ok(sent.ok);
    assert.equal(published.at(-1)?.contentTopic, contentTopic(contactCodeTopic(alice.messenger.publicKeyHex)));
    assert.equal(published.at(-1)?.ephemeral, false);
    const got = bob.apps.find((m) => m.id === sent.id);
    assert.equal(got?.type, AmmType.CONTACT_CODE_ADVERTISEMENT);
    assert.equal(got?.public, true);
    assert.ok(bob.messenger.bundleOf(alice.messenger.publicKeyHex), 'Bob learned her bundle from the ad');
    // Alice hears her own ad on her own topic, and does not take her bundle for a peer's.
    assert.equal(alice.messenger.bundleOf(alice.messenger.publicKeyHex), undefined);
  });

  test('garbage and a forged AMM signer on a contact-code topic are refused and counted', async () => {
    const { transport, deliver } = memoryBus();
    const alice = randomPrivateKey();
    const mallory = randomPrivateKey();
    const bob = person(transport, 'bob');
    const aliceHex = `0x${Buffer.from(publicKey(alice)).toString('hex')}`;
    await bob.messenger.listenToContactCode(aliceHex);
    const topic = contactCodeTopic(aliceHex);
    const key = symmetricKey(topic);
    deliver('/waku/2/rs/16/32', wakuMessage(new Uint8Array(200).fill(3), contentTopic(topic)));
    deliver(
      '/waku/2/rs/16/32',
      wakuMessage(encryptSymmetric(new Uint8Array([9, 9, 9]), key, alice), contentTopic(topic)),
    );
    const forged = encode(ProtocolMessage, {
      installationId: 'x',
      publicMessage: wrapApplicationMessage(
        AmmType.STATUS_UPDATE,
        encode(StatusUpdate, { clock: u64(1), statusType: StatusType.AUTOMATIC }),
        mallory,
      ),
    });
    deliver('/waku/2/rs/16/32', wakuMessage(encryptSymmetric(forged, key, alice), contentTopic(topic)));
    await settle();
    assert.deepEqual(bob.rejections, ['envelope', 'encryption', 'forged-sender']);
    assert.equal(bob.apps.length, 0);
  });
});
