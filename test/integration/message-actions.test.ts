// Two headless cores, mutual contacts: replies, edits, reactions, deletes and pins over the RPC,
// each seen on the other side through messages.added / messages.changed / messages.removed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MessageView } from '../../shared/api.ts';
import { ChatPeople, type ChatPerson, SLOW } from '../helpers/chat-people.ts';
import { nextMatching } from '../helpers/wait.ts';

const WAIT = 20_000;

describe('message actions between two headless cores', () => {
  const people = new ChatPeople();
  let alice: ChatPerson;
  let bob: ChatPerson;

  const changedOn = (p: ChatPerson, id: string, done: (m: MessageView) => boolean, what: string) =>
    nextMatching<MessageView>(
      (l) => p.client.on('messages.changed', l),
      (m) => m.id === id && done(m),
      WAIT,
      what,
    );

  /** `from` sends a text (maybe a reply) and `to` receives it; returns what `to` got. */
  async function say(from: ChatPerson, to: ChatPerson, text: string, responseTo?: string) {
    const arrived = nextMatching<MessageView>(
      (l) => to.client.on('messages.added', l),
      (m) => !m.outgoing && m.text === text,
      WAIT,
      `“${text}” to arrive`,
    );
    const sent = await from.client.call(
      'messages.sendText',
      { chatId: to.account.publicKey, text, ...(responseTo ? { responseTo } : {}) },
      SLOW,
    );
    const got = await arrived;
    assert.equal(got.id, sent.id);
    return { sent, got };
  }

  before(async () => {
    [alice, bob] = await people.twoContacts();
  });
  after(() => people.stop());

  test('a reply arrives with its preview', async () => {
    const { sent: question } = await say(alice, bob, 'Lunch at noon?');
    const { got } = await say(bob, alice, 'Sure', question.id);
    assert.equal(got.responseTo, question.id);
    assert.deepEqual(got.replyPreview, { sender: alice.account.publicKey, text: 'Lunch at noon?', deleted: false });
  });

  test('an edit reaches the other side as messages.changed', async () => {
    const { sent } = await say(alice, bob, 'See you at 1');
    const changed = changedOn(bob, sent.id, (m) => m.edited, 'the edit');
    const mine = await alice.client.call('messages.edit', { messageId: sent.id, text: 'See you at 2' }, SLOW);
    assert.equal(mine.edited, true);
    const theirs = await changed;
    assert.equal(theirs.text, 'See you at 2');
    // Only the author may edit.
    await assert.rejects(
      bob.client.call('messages.edit', { messageId: sent.id, text: 'nope' }),
      (e: { data?: { reason?: string } }) => e.data?.reason === 'NOT_AUTHOR',
    );
  });

  test('reactions are counted, then retracted', async () => {
    const { sent } = await say(bob, alice, 'Nice weather');
    const first = changedOn(bob, sent.id, (m) => m.reactions.some((r) => r.emoji === 'thumbs-up'), 'the reaction');
    await alice.client.call('messages.react', { messageId: sent.id, emoji: 'thumbs-up', remove: false }, SLOW);
    assert.deepEqual((await first).reactions, [{ emoji: 'thumbs-up', count: 1, mine: false }]);
    const both = changedOn(alice, sent.id, (m) => m.reactions[0]?.count === 2, 'bob’s reaction');
    const own = await bob.client.call(
      'messages.react',
      { messageId: sent.id, emoji: 'thumbs-up', remove: false },
      SLOW,
    );
    assert.deepEqual(own.reactions, [{ emoji: 'thumbs-up', count: 2, mine: true }]);
    assert.deepEqual((await both).reactions, [{ emoji: 'thumbs-up', count: 2, mine: true }]);
    const gone = changedOn(bob, sent.id, (m) => m.reactions[0]?.count === 1, 'the retraction');
    await alice.client.call('messages.react', { messageId: sent.id, emoji: 'thumbs-up', remove: true }, SLOW);
    assert.deepEqual((await gone).reactions, [{ emoji: 'thumbs-up', count: 1, mine: true }]);
  });

  test('delete for everyone leaves a tombstone on both sides', async () => {
    const { sent } = await say(alice, bob, 'Wrong chat, sorry');
    const changed = changedOn(bob, sent.id, (m) => m.deleted, 'the delete');
    const result = await alice.client.call('messages.delete', { messageId: sent.id, forEveryone: true }, SLOW);
    assert.deepEqual(result, { id: sent.id, chatId: bob.account.publicKey });
    const theirs = await changed;
    assert.equal(theirs.text, '');
    const listed = (await bob.client.call('messages.list', { chatId: alice.account.publicKey, limit: 50 })).find(
      (m) => m.id === sent.id,
    );
    assert.equal(listed?.deleted, true);
    assert.equal(listed?.text, '');
  });

  test('delete for me: messages.removed, and hidden from messages.list', async () => {
    const { sent } = await say(alice, bob, 'Only for Bob to hide');
    const removed = nextMatching<{ id: string; chatId: string }>(
      (l) => bob.client.on('messages.removed', l),
      (r) => r.id === sent.id,
      WAIT,
      'messages.removed',
    );
    await bob.client.call('messages.delete', { messageId: sent.id, forEveryone: false }, SLOW);
    assert.deepEqual(await removed, { id: sent.id, chatId: alice.account.publicKey });
    const bobs = await bob.client.call('messages.list', { chatId: alice.account.publicKey, limit: 50 });
    assert.equal(
      bobs.some((m) => m.id === sent.id),
      false,
    );
    const alices = await alice.client.call('messages.list', { chatId: bob.account.publicKey, limit: 50 });
    assert.equal(
      alices.some((m) => m.id === sent.id),
      true,
    );
  });

  test('pin and unpin', async () => {
    const { sent } = await say(alice, bob, 'The address is 42 Main St');
    const pinned = changedOn(alice, sent.id, (m) => m.pinned, 'the pin');
    assert.equal((await bob.client.call('messages.pin', { messageId: sent.id, pinned: true }, SLOW)).pinned, true);
    await pinned;
    const unpinned = changedOn(bob, sent.id, (m) => !m.pinned, 'the unpin');
    await alice.client.call('messages.pin', { messageId: sent.id, pinned: false }, SLOW);
    await unpinned;
  });
});
