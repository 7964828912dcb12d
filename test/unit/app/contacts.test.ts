// Contacts end to end on an in-memory bus: whole MessagingServices (real encrypted account
// databases, the real messenger stack) exchanging requests, accepts, retractions, updates.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { ContactsError } from '../../../main/app/contacts/contacts-service.ts';
import { deriveAccountFromSeed } from '../../../main/identity/derivation.ts';
import { describePublicKey } from '../../../main/identity/visual-identity.ts';
import { ContactsRepository } from '../../../main/storage/messenger/contacts-repository.ts';
import {
  AcceptContactRequest,
  AmmType,
  ChatMessage,
  ContactUpdate,
  ContentType,
  encode,
  MessageType,
  u64,
} from '../../../main/wire/proto.ts';
import type { ContactView } from '../../../shared/api.ts';
import { befriend, bus, closeAll, person, settle, stateOf, until } from '../../helpers/messaging-people.ts';

after(closeAll);

describe('contact requests', () => {
  test('request → accept → mutual; names travel; then chat flows both ways', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');

    const sent = await alice.service.contacts.sendRequest(bob.identity.chatKey, 'Hi Bob, it is Alice');
    assert.equal(sent.state, 'request-sent');
    assert.equal(sent.publicKey, bob.key);
    await until(() => bob.requests.length === 1, 'bob to get the request');
    const request = bob.requests[0] as ContactView;
    assert.equal(request.publicKey, alice.key);
    assert.equal(request.state, 'request-received');
    assert.equal(request.requestMessage, 'Hi Bob, it is Alice');
    assert.equal(request.displayName, 'Alice Liddell');
    assert.equal(request.alias, alice.identity.alias);
    assert.deepEqual(request.emojiHash, alice.identity.emojiHash);
    // A request is not a chat message.
    assert.equal(bob.incoming().length, 0);

    const accepted = await bob.service.contacts.accept(alice.identity.compressedKey);
    assert.equal(accepted.state, 'mutual');
    await until(() => stateOf(alice, bob) === 'mutual', 'alice to see the accept');
    await until(() => alice.service.contacts.get(bob.key)?.displayName === 'Bob Builder', 'bob’s name to reach alice');
    assert.equal(alice.requests.length, 0);

    await alice.service.sendText(bob.key, 'Now we can talk');
    await bob.service.sendText(alice.key, 'Indeed');
    await until(() => bob.incoming().length === 1 && alice.incoming().length === 1, 'both texts');
    assert.equal(bob.incoming()[0]?.text, 'Now we can talk');
    assert.equal(alice.incoming()[0]?.text, 'Indeed');
    assert.deepEqual(
      bob.service.contacts.list().map((c) => [c.publicKey, c.state]),
      [[alice.key, 'mutual']],
    );
  });

  test('a display name status-go would refuse (e.g. a 27-character alias) is left out, not fatal', async () => {
    const transport = bus();
    const alice = person(transport, 'Ajar Unselfish Nightcrawler');
    const bob = person(transport, 'Bob Builder');
    await alice.service.contacts.sendRequest(bob.key, 'hi');
    await until(() => bob.requests.length === 1, 'the request');
    assert.equal(bob.requests[0]?.displayName, '');
  });

  test('requests crossing each other make a mutual contact', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    await Promise.all([
      alice.service.contacts.sendRequest(bob.key, 'add me'),
      bob.service.contacts.sendRequest(alice.key, 'add me too'),
    ]);
    await until(() => stateOf(alice, bob) === 'mutual' && stateOf(bob, alice) === 'mutual', 'both mutual');
  });

  test('decline is local: dismissed for bob, still pending for alice, her texts stay unseen', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    await alice.service.contacts.sendRequest(bob.key, 'hello?');
    await until(() => stateOf(bob, alice) === 'request-received', 'the request');
    assert.equal(bob.service.contacts.decline(alice.key).state, 'dismissed');
    await settle();
    assert.equal(stateOf(alice, bob), 'request-sent');
    await alice.service.sendText(bob.key, 'please?');
    await until(() => (bob.service.contacts.dropped.get('not-a-contact') ?? 0) === 1, 'the text to be dropped');
    assert.equal(bob.incoming().length, 0);
    const stranger = describePublicKey(deriveAccountFromSeed(crypto.randomBytes(64)).chatKey.publicKey);
    assert.throws(
      () => bob.service.contacts.decline(stranger.chatKey),
      (e: ContactsError) => e.code === 'NO_REQUEST',
    );
  });

  test('retract: both sides back to none; accepting afterwards is refused', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    await alice.service.contacts.sendRequest(bob.key, 'hello');
    await until(() => stateOf(bob, alice) === 'request-received', 'the request');
    assert.equal((await alice.service.contacts.retract(bob.key)).state, 'none');
    await until(() => stateOf(bob, alice) === 'none', 'the retraction');
    await assert.rejects(bob.service.contacts.accept(alice.key), (e: ContactsError) => e.code === 'NO_REQUEST');
    // A fresh request after a retraction is a new request.
    await alice.service.contacts.sendRequest(bob.key, 'sorry, again');
    await until(() => bob.requests.length === 2, 'the second request');
    assert.equal(bob.requests[1]?.requestMessage, 'sorry, again');
  });

  test('retract after mutual removes the contact on both sides; their texts are dropped again', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    await befriend(alice, bob);
    await bob.service.contacts.retract(alice.key);
    await until(() => stateOf(alice, bob) === 'none', 'alice to see the removal');
    await alice.service.sendText(bob.key, 'still there?');
    await until(() => (bob.service.contacts.dropped.get('not-a-contact') ?? 0) === 1, 'the drop');
    assert.equal(bob.incoming().length, 0);
  });

  test('block drops everything from the key afterwards (counted); unblock resets', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    await befriend(alice, bob);
    await alice.service.sendText(bob.key, 'one');
    await until(() => bob.incoming().length === 1, 'first text');
    assert.equal(bob.service.contacts.block(alice.key).state, 'blocked');
    const requestsBefore = bob.requests.length;
    await alice.service.sendText(bob.key, 'two');
    await alice.service.contacts.sendRequest(bob.key, 'let me in');
    await until(() => (bob.service.contacts.dropped.get('blocked') ?? 0) === 2, 'both dropped');
    assert.equal(bob.incoming().length, 1);
    assert.equal(bob.requests.length, requestsBefore);
    await assert.rejects(bob.service.contacts.sendRequest(alice.key, 'hi'), (e: ContactsError) => e.code === 'BLOCKED');
    assert.equal(bob.service.contacts.unblock(alice.key).state, 'request-received');
  });

  test('gating: a stranger’s text is dropped and counted; a reply to our pending request is shown', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    const carol = person(transport, 'Carol Danvers');
    await carol.service.sendText(bob.key, 'buy my stuff');
    await until(() => (bob.service.contacts.dropped.get('not-a-contact') ?? 0) === 1, 'carol dropped');
    assert.equal(bob.incoming().length, 0);
    assert.deepEqual(bob.service.listChats(), []);
    assert.equal(bob.service.contacts.get(carol.key), null);

    await alice.service.contacts.sendRequest(bob.key, 'hi');
    await until(() => stateOf(bob, alice) === 'request-received', 'the request');
    // Bob answers in the chat before accepting: he did not add Alice, she did add him.
    await bob.service.sendText(alice.key, 'who are you?');
    await until(() => alice.incoming().length === 1, 'alice sees the reply');
  });

  test('a plain message carrying a "sent" request state becomes a request (status-go)', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    const now = Date.now();
    const chat = encode(ChatMessage, {
      clock: u64(now),
      timestamp: u64(now),
      text: 'legacy hello',
      chatId: bob.key,
      messageType: MessageType.ONE_TO_ONE,
      contentType: ContentType.TEXT_PLAIN,
      contactRequestPropagatedState: {
        localClock: u64(now),
        localState: u64(2),
        remoteClock: u64(0),
        remoteState: u64(0),
      },
    });
    await alice.service.messenger.sendApplication(bob.key, AmmType.CHAT_MESSAGE, chat);
    await until(() => bob.requests.length === 1, 'the request');
    assert.equal(bob.requests[0]?.requestMessage, 'legacy hello');
    assert.equal(bob.incoming().length, 0);
  });
});

describe('contact updates and replays', () => {
  test('a ContactUpdate with an older clock is ignored', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    await befriend(alice, bob);
    const update = (clock: number, displayName: string) => encode(ContactUpdate, { clock: u64(clock), displayName });
    const now = Date.now() + 1000;
    await alice.service.messenger.sendApplication(bob.key, AmmType.CONTACT_UPDATE, update(now, 'Alice Newer'));
    await until(() => bob.service.contacts.get(alice.key)?.displayName === 'Alice Newer', 'the newer name');
    const stale = bob.service.contacts.dropped.get('stale') ?? 0;
    await alice.service.messenger.sendApplication(bob.key, AmmType.CONTACT_UPDATE, update(now - 500, 'Alice Older'));
    await until(() => (bob.service.contacts.dropped.get('stale') ?? 0) === stale + 1, 'the stale update');
    assert.equal(bob.service.contacts.get(alice.key)?.displayName, 'Alice Newer');
  });

  test('profile broadcast: a new display name reaches mutual contacts', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    await befriend(alice, bob);
    alice.prefs.set('profile.displayName', 'Alice Renamed', Date.now());
    assert.equal(await alice.service.contacts.broadcastProfile(), 1);
    await until(() => bob.service.contacts.get(alice.key)?.displayName === 'Alice Renamed', 'the new name');
  });

  test('a replayed accept is idempotent; an accept for a request never sent is refused', async () => {
    const transport = bus();
    const alice = person(transport, 'Alice Liddell');
    const bob = person(transport, 'Bob Builder');
    const carol = person(transport, 'Carol Danvers');
    await alice.service.contacts.sendRequest(bob.key, 'hi');
    await until(() => bob.requests.length === 1, 'the request');
    const requestId = new ContactsRepository(bob.db).get(alice.key)?.requestMessageId;
    // The request is not part of the conversation.
    assert.deepEqual(bob.service.listMessages(alice.key, null, 10), []);
    assert.ok(requestId);
    await bob.service.contacts.accept(alice.key);
    await until(() => stateOf(alice, bob) === 'mutual', 'mutual');
    await settle();
    const updatesBefore = alice.updates.length;
    // The same accept again (an older clock than the one alice applied): nothing changes.
    const replay = encode(AcceptContactRequest, { id: requestId, clock: u64(Date.now() - 60_000) });
    const stale = alice.service.contacts.dropped.get('stale') ?? 0;
    await bob.service.messenger.sendApplication(alice.key, AmmType.ACCEPT_CONTACT_REQUEST, replay);
    await until(() => (alice.service.contacts.dropped.get('stale') ?? 0) === stale + 1, 'the replay to be ignored');
    assert.equal(alice.updates.length, updatesBefore);
    assert.equal(stateOf(alice, bob), 'mutual');

    await carol.service.messenger.sendApplication(
      alice.key,
      AmmType.ACCEPT_CONTACT_REQUEST,
      encode(AcceptContactRequest, { id: requestId, clock: u64(Date.now()) }),
    );
    await until(() => (alice.service.contacts.dropped.get('unsolicited-accept') ?? 0) === 1, 'carol refused');
    assert.equal(alice.service.contacts.get(carol.key), null);
  });

  test('self and bad keys are refused', async () => {
    const alice = person(bus(), 'Alice Liddell');
    await assert.rejects(
      alice.service.contacts.sendRequest(alice.identity.chatKey, 'me'),
      (e: ContactsError) => e.code === 'SELF',
    );
    await assert.rejects(alice.service.contacts.sendRequest('0x04zz', 'x'));
  });
});
