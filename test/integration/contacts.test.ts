// Three people, three headless cores: Alice checks Bob's key, asks him to be a contact, he
// accepts, and they talk; Carol, a stranger, writes to Bob and is not heard.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ContactView, MessageView } from '../../shared/api.ts';
import { ChatPeople, type ChatPerson, dialling, meshed, SLOW } from '../helpers/chat-people.ts';
import { eventually, nextMatching } from '../helpers/wait.ts';

describe('contacts between headless cores', () => {
  const people = new ChatPeople();
  let alice: ChatPerson;
  let bob: ChatPerson;
  let carol: ChatPerson;

  before(async () => {
    alice = await people.person('Alice Liddell');
    const dial = dialling(alice);
    [bob, carol] = await Promise.all([people.person('Bob Builder', dial), people.person('Carol Danvers', dial)]);
    await Promise.all([meshed(bob.client), meshed(carol.client)]);
  });
  after(() => people.stop());

  test('alice previews bob’s zQ3 key: the alias and emoji hash are those of his profile', async () => {
    const preview = await alice.client.call('contacts.preview', { key: bob.account.chatKey });
    assert.equal(preview.publicKey, bob.account.publicKey);
    assert.equal(preview.compressedKey, bob.account.compressedKey);
    assert.equal(preview.alias, bob.account.alias);
    assert.deepEqual(preview.emojiHash, bob.account.emojiHash);
    assert.deepEqual(preview.colorHash, bob.account.colorHash);
    assert.equal(preview.colorId, bob.account.colorId);
    await assert.rejects(
      alice.client.call('contacts.preview', { key: '0x04zzzzzzzzzz' }),
      (e: { code: number }) => e.code === -32602,
    );
  });

  test('request → bob is told → accepts → both mutual → messages flow', async () => {
    const received = nextMatching<ContactView>(
      (l) => bob.client.on('contacts.requestReceived', l),
      (c) => c.publicKey === alice.account.publicKey,
      20_000,
      'bob to get the request',
    );
    const sent = await alice.client.call(
      'contacts.sendRequest',
      { key: bob.account.chatKey, message: 'Hi Bob, Alice here' },
      SLOW,
    );
    assert.equal(sent.state, 'request-sent');
    const request = await received;
    assert.equal(request.state, 'request-received');
    assert.equal(request.requestMessage, 'Hi Bob, Alice here');
    assert.equal(request.displayName, 'Alice Liddell');
    assert.equal(request.alias, alice.account.alias);

    const aliceMutual = nextMatching<ContactView>(
      (l) => alice.client.on('contacts.updated', l),
      (c) => c.publicKey === bob.account.publicKey && c.state === 'mutual',
      20_000,
      'alice to see the accept',
    );
    const accepted = await bob.client.call('contacts.accept', { key: alice.account.publicKey }, SLOW);
    assert.equal(accepted.state, 'mutual');
    await aliceMutual;
    const aliceContacts = await alice.client.call('contacts.list');
    assert.deepEqual(
      aliceContacts.map((c) => [c.publicKey, c.state]),
      [[bob.account.publicKey, 'mutual']],
    );
    await eventually(
      async () => ((await alice.client.call('contacts.list'))[0]?.displayName === 'Bob Builder' ? true : undefined),
      20_000,
      'bob’s name to reach alice',
    );

    const arrived = nextMatching<MessageView>(
      (l) => bob.client.on('messages.added', l),
      (m) => !m.outgoing,
      20_000,
      'bob to receive',
    );
    await alice.client.call('messages.sendText', { chatId: bob.account.chatKey, text: 'Now we are contacts' }, SLOW);
    assert.equal((await arrived).text, 'Now we are contacts');
    const reply = nextMatching<MessageView>(
      (l) => alice.client.on('messages.added', l),
      (m) => !m.outgoing,
      20_000,
      'alice to receive',
    );
    await bob.client.call('messages.sendText', { chatId: alice.account.publicKey, text: 'Indeed' }, SLOW);
    assert.equal((await reply).text, 'Indeed');
  });

  test('carol is no contact of bob: her plain message is not shown to him', async () => {
    // Bob's messenger acknowledges whatever it decrypted (MVDS) before the contacts gate drops
    // it: Carol's "delivered" tick proves Bob processed her message.
    const seen: MessageView[] = [];
    const off = bob.client.on('messages.added', (m) => {
      if (!m.outgoing) seen.push(m);
    });
    const delivered = nextMatching<{ id: string; status: string | null }>(
      (l) => carol.client.on('messages.updated', l),
      (u) => u.status === 'delivered',
      20_000,
      'bob to acknowledge carol',
    );
    const sent = await carol.client.call(
      'messages.sendText',
      { chatId: bob.account.chatKey, text: 'Buy my stuff' },
      SLOW,
    );
    assert.equal((await delivered).id, sent.id);
    off();
    assert.deepEqual(seen, []);
    const chats = await bob.client.call('chats.list');
    assert.equal(
      chats.some((c) => c.id === carol.account.publicKey),
      false,
    );
    assert.deepEqual(
      (await bob.client.call('contacts.list')).map((c) => c.publicKey),
      [alice.account.publicKey],
    );
  });
});
