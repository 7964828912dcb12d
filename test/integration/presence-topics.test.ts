// Status topics over real relay on 127.0.0.1: (a) presence between two headless cores,
// (b) a contact-code advertisement teaches the bundle before any 1:1 message, (c) 1:1 traffic
// moves to the negotiated topic once both sides have exchanged messages, and still arrives.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MessengerTransport } from '../../main/app/messenger/ports.ts';
import { fullNodeTransport } from '../../main/app/messenger/waku-transport.ts';
import type { WakuMessage } from '../../main/transport/message.ts';
import { contactCodeTopic, contentTopic, partitionedTopic } from '../../main/wire/content-topics.ts';
import type { ContactView, PresenceView } from '../../shared/api.ts';
import { ChatPeople, type ChatPerson, SLOW } from '../helpers/chat-people.ts';
import { closeAll, person, until } from '../helpers/messaging-people.ts';
import { eventually, nextMatching } from '../helpers/wait.ts';
import { linkRelay, startTestNode, type TestNode, tcpAddress } from '../helpers/waku.ts';

describe('presence between two headless cores', () => {
  // Presence every 2 s instead of 5 minutes (test-only knobs).
  const people = new ChatPeople({ WSD_PRESENCE_FIRST_MS: '1000', WSD_PRESENCE_INTERVAL_MS: '2000' });
  let alice: ChatPerson;
  let bob: ChatPerson;

  before(async () => {
    [alice, bob] = await people.twoContacts();
  });
  after(() => people.stop());

  test('Bob sees Alice online through contacts.presence and contacts.list', async () => {
    const online = await nextMatching<PresenceView>(
      (l) => bob.client.on('contacts.presence', l),
      (p) => p.publicKey === alice.account.publicKey && p.online,
      20_000,
      'alice to show online',
    );
    assert.ok(online.lastSeen && Math.abs(online.lastSeen - Date.now()) < 60_000);
    const listed = await eventually(
      async () =>
        (await bob.client.call('contacts.list', {}, SLOW)).find(
          (c: ContactView) => c.publicKey === alice.account.publicKey && c.online,
        ),
      10_000,
      'the contact list to show her online',
    );
    assert.equal(listed.online, true);
    assert.ok(listed.lastSeen);
  });
});

describe('contact code and negotiated topics over real relay', () => {
  let nodes: TestNode[] = [];
  after(async () => {
    closeAll();
    await Promise.all(nodes.map((n) => n.close()));
  });

  test('an advertisement teaches the bundle first; then 1:1 traffic switches to the negotiated topic', async () => {
    nodes = [await startTestNode(), await startTestNode()];
    const [a, b] = nodes as [TestNode, TestNode];
    await linkRelay(a.node, b.node, tcpAddress(b.node));
    const sent: WakuMessage[] = [];
    // Until her advertisement has been checked, Alice's 1:1 traffic (her MVDS ack of Bob's
    // request carries her bundle too) is lost on the way; MVDS re-sends it later.
    let aliceOnlyAdvertises = true;
    const spying = (t: MessengerTransport, only?: () => string | undefined): MessengerTransport => ({
      subscribe: t.subscribe,
      publish: (pubsubTopic, message) => {
        const allowed = only?.();
        if (allowed !== undefined && message.contentTopic !== allowed) return Promise.resolve({ ok: true });
        sent.push(message);
        return t.publish(pubsubTopic, message);
      },
    });
    const alice = person(
      spying(fullNodeTransport(a.node), () =>
        aliceOnlyAdvertises ? contentTopic(contactCodeTopic(alice.key)) : undefined,
      ),
      'Alice',
    );
    const bob = person(spying(fullNodeTransport(b.node)), 'Bob');

    // (b) Bob asks Alice; Alice does not answer. Her advertisement alone brings him her bundle.
    await bob.service.contacts.sendRequest(alice.identity.chatKey, 'Hi Alice');
    await until(() => alice.service.contacts.get(bob.key)?.state === 'request-received', 'alice to get the request');
    await bob.service.messenger.whenListening();
    assert.equal(bob.service.messenger.bundleOf(alice.key), undefined, 'no message from Alice yet');
    await alice.service.contactCode.publish();
    await eventually(async () => bob.service.messenger.bundleOf(alice.key), 10_000, 'bob to learn her bundle');
    assert.equal(bob.incoming().length, 0, 'before any 1:1 message from her');
    aliceOnlyAdvertises = false;

    // (c) Both sides exchange messages; then the next ones travel on the negotiated topic.
    await alice.service.contacts.accept(bob.key);
    await until(() => bob.service.contacts.get(alice.key)?.state === 'mutual', 'bob to see the accept');
    await alice.service.sendText(bob.key, 'one');
    await eventually(async () => bob.incoming().some((m) => m.text === 'one') || undefined, 10_000, 'bob gets one');
    await bob.service.sendText(alice.key, 'two');
    await eventually(async () => alice.incoming().some((m) => m.text === 'two') || undefined, 10_000, 'alice gets two');
    await eventually(
      async () =>
        (alice.service.messenger.negotiatedWith(bob.key) && bob.service.messenger.negotiatedWith(alice.key)) ||
        undefined,
      10_000,
      'both to agree',
    );
    const negotiated = bob.service.messenger.filters.find((f) => f.kind === 'negotiated')?.contentTopic ?? '';
    const from = sent.length;
    await alice.service.sendText(bob.key, 'three');
    await eventually(async () => bob.incoming().some((m) => m.text === 'three') || undefined, 10_000, 'bob gets three');
    const carried = sent.slice(from).map((m) => m.contentTopic);
    assert.ok(carried.includes(negotiated), 'it travelled on the negotiated topic');
    assert.ok(!carried.includes(contentTopic(partitionedTopic(bob.key))), 'not on his partitioned topic');
  });
});
