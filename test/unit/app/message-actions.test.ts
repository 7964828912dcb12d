// Message actions end to end on an in-memory bus: two MessagingServices (real account
// databases, the real messenger stack) replying, editing, deleting, reacting and pinning.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MessageActionError } from '../../../main/app/messenger/message-actions.ts';
import {
  AmmType,
  ContentType,
  DeleteMessage,
  EditMessage,
  EmojiReaction,
  EmojiReactionType,
  encode,
  MessageType,
  PinMessage,
  u64,
} from '../../../main/wire/proto.ts';
import type { MessageView } from '../../../shared/api.ts';
import { befriend, bus, closeAll, type Person, person, settle, until } from '../../helpers/messaging-people.ts';

after(closeAll);

const dropped = (p: Person, reason: string) => p.service.actions.dropped.get(reason as never) ?? 0;
const lastChange = (p: Person, id: string) => p.changed.filter((m) => m.id === id).at(-1);

async function pair() {
  const transport = bus();
  const alice = person(transport, 'Alice Liddell');
  const bob = person(transport, 'Bob Builder');
  await befriend(alice, bob);
  return { transport, alice, bob };
}

/** Alice says something, Bob has it. */
async function said(alice: Person, bob: Person, text: string): Promise<MessageView> {
  const sent = await alice.service.sendText(bob.key, text);
  await until(() => bob.incoming().some((m) => m.id === sent.id), `bob to get “${text}”`);
  return sent;
}

describe('message actions', () => {
  test('a reply carries response_to and shows a preview on the other side', async () => {
    const { alice, bob } = await pair();
    const question = await said(alice, bob, 'Tea?');
    const reply = await bob.service.sendText(alice.key, 'Yes please', question.id);
    assert.equal(reply.responseTo, question.id);
    assert.deepEqual(reply.replyPreview, { sender: alice.key, text: 'Tea?', deleted: false });
    await until(() => alice.incoming().some((m) => m.id === reply.id), 'the reply');
    const got = alice.incoming().find((m) => m.id === reply.id) as MessageView;
    assert.equal(got.responseTo, question.id);
    assert.deepEqual(got.replyPreview, { sender: alice.key, text: 'Tea?', deleted: false });
    await assert.rejects(bob.service.sendText(alice.key, 'x', `0x${'00'.repeat(32)}`), MessageActionError);
  });

  test('edit by the author reaches the other side; older edits do not win', async () => {
    const { alice, bob } = await pair();
    const sent = await said(alice, bob, 'helo');
    const edited = await alice.service.actions.edit(sent.id, 'hello');
    assert.equal(edited.edited, true);
    assert.equal(edited.text, 'hello');
    await until(() => lastChange(bob, sent.id)?.text === 'hello', 'the edit');
    assert.equal(lastChange(bob, sent.id)?.edited, true);

    // A stale edit (clock older than the last applied) is refused and counted.
    await alice.service.messenger.sendApplication(
      bob.key,
      AmmType.EDIT_MESSAGE,
      encode(EditMessage, {
        clock: u64(1000),
        text: 'old',
        chatId: bob.key,
        messageId: sent.id,
        messageType: MessageType.ONE_TO_ONE,
        contentType: ContentType.TEXT_PLAIN,
      }),
    );
    await until(() => dropped(bob, 'stale') === 1, 'the stale edit to be counted');
    assert.equal(bob.service.listMessages(alice.key, null, 10).find((m) => m.id === sent.id)?.text, 'hello');

    // Bob cannot edit Alice's message, locally or over the wire.
    await assert.rejects(
      bob.service.actions.edit(sent.id, 'mine now'),
      (e: MessageActionError) => e.code === 'NOT_AUTHOR',
    );
    await bob.service.messenger.sendApplication(
      alice.key,
      AmmType.EDIT_MESSAGE,
      encode(EditMessage, {
        clock: u64(Date.now()),
        text: 'forged',
        chatId: alice.key,
        messageId: sent.id,
        messageType: MessageType.ONE_TO_ONE,
        contentType: ContentType.TEXT_PLAIN,
      }),
    );
    await until(() => dropped(alice, 'not-author') === 1, 'the forged edit to be counted');
    assert.equal(alice.service.listMessages(bob.key, null, 10).find((m) => m.id === sent.id)?.text, 'hello');
  });

  test('delete for everyone by the author; not by the other side', async () => {
    const { alice, bob } = await pair();
    const sent = await said(alice, bob, 'oops');
    await bob.service.messenger.sendApplication(
      alice.key,
      AmmType.DELETE_MESSAGE,
      encode(DeleteMessage, {
        clock: u64(Date.now()),
        chatId: alice.key,
        messageId: sent.id,
        messageType: MessageType.ONE_TO_ONE,
      }),
    );
    await until(() => dropped(alice, 'not-author') === 1, 'the forged delete to be counted');
    await assert.rejects(bob.service.actions.delete(sent.id, true), (e: MessageActionError) => e.code === 'NOT_AUTHOR');

    const result = await alice.service.actions.delete(sent.id, true);
    assert.deepEqual(result, { id: sent.id, chatId: bob.key });
    await until(() => lastChange(bob, sent.id)?.deleted === true, 'the delete');
    assert.equal(lastChange(bob, sent.id)?.text, '');
    const listed = bob.service.listMessages(alice.key, null, 10).find((m) => m.id === sent.id);
    assert.equal(listed?.deleted, true);
    assert.equal(listed?.text, '');
  });

  test('delete for me hides the message here only', async () => {
    const { alice, bob } = await pair();
    const sent = await said(alice, bob, 'keep or not');
    await bob.service.actions.delete(sent.id, false);
    assert.deepEqual(bob.removed, [{ id: sent.id, chatId: alice.key }]);
    assert.equal(
      bob.service.listMessages(alice.key, null, 10).some((m) => m.id === sent.id),
      false,
    );
    await settle();
    assert.equal(
      alice.service.listMessages(bob.key, null, 10).some((m) => m.id === sent.id),
      true,
    );
  });

  test('reactions: add, count, mine, retract; unknown message and malformed payload counted', async () => {
    const { alice, bob } = await pair();
    const sent = await said(alice, bob, 'Look!');
    const mine = await alice.service.actions.react(sent.id, 'love', false);
    assert.deepEqual(mine.reactions, [{ emoji: 'love', count: 1, mine: true }]);
    await bob.service.actions.react(sent.id, 'love', false);
    await bob.service.actions.react(sent.id, 'laugh', false);
    await until(() => (lastChange(alice, sent.id)?.reactions.length ?? 0) === 2, 'bob’s reactions');
    assert.deepEqual(lastChange(alice, sent.id)?.reactions, [
      { emoji: 'love', count: 2, mine: true },
      { emoji: 'laugh', count: 1, mine: false },
    ]);
    await until(() => lastChange(bob, sent.id)?.reactions.find((r) => r.emoji === 'love')?.count === 2, 'alice’s');
    await bob.service.actions.react(sent.id, 'laugh', true);
    await until(() => lastChange(alice, sent.id)?.reactions.length === 1, 'the retraction');

    await bob.service.messenger.sendApplication(
      alice.key,
      AmmType.EMOJI_REACTION,
      encode(EmojiReaction, {
        clock: u64(Date.now()),
        chatId: alice.key,
        messageId: `0x${'ab'.repeat(32)}`,
        messageType: MessageType.ONE_TO_ONE,
        type: EmojiReactionType.SAD,
      }),
    );
    // A reaction to a message Alice does not have (yet) is kept for it, not applied.
    await until(() => alice.service.actions.pending.get('kept') === 1, 'the reaction to an unknown message');
    await bob.service.messenger.sendApplication(alice.key, AmmType.EMOJI_REACTION, new Uint8Array([0x0a, 0xff, 0xff]));
    await bob.service.messenger.sendApplication(alice.key, AmmType.PIN_MESSAGE, new Uint8Array([0xff]));
    await bob.service.messenger.sendApplication(alice.key, AmmType.EDIT_MESSAGE, new Uint8Array([0x12, 0x05, 0x01]));
    await until(() => dropped(alice, 'invalid') === 3, 'the malformed actions');
    // Alice still works.
    await said(bob, alice, 'still there?');
  });

  test('pins from either side', async () => {
    const { alice, bob } = await pair();
    const sent = await said(alice, bob, 'Important');
    const pinned = await bob.service.actions.pin(sent.id, true);
    assert.equal(pinned.pinned, true);
    await until(() => lastChange(alice, sent.id)?.pinned === true, 'the pin');
    await alice.service.actions.pin(sent.id, false);
    await until(() => lastChange(bob, sent.id)?.pinned === false, 'the unpin');
    // A pin naming another chat is refused.
    await bob.service.messenger.sendApplication(
      alice.key,
      AmmType.PIN_MESSAGE,
      encode(PinMessage, {
        clock: u64(Date.now()),
        chatId: bob.key,
        messageId: sent.id,
        pinned: true,
        messageType: MessageType.ONE_TO_ONE,
      }),
    );
    await until(() => dropped(alice, 'wrong-chat') === 1, 'the wrong-chat pin');
  });

  test('a stranger’s actions are dropped', async () => {
    const { transport, alice, bob } = await pair();
    const sent = await said(alice, bob, 'hi');
    const carol = person(transport, 'Carol');
    await carol.service.messenger.sendApplication(
      alice.key,
      AmmType.EMOJI_REACTION,
      encode(EmojiReaction, {
        clock: u64(Date.now()),
        chatId: alice.key,
        messageId: sent.id,
        messageType: MessageType.ONE_TO_ONE,
        type: EmojiReactionType.LOVE,
      }),
    );
    await until(() => dropped(alice, 'not-a-contact') === 1, 'the stranger’s reaction');
  });
});
