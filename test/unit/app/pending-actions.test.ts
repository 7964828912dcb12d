// Actions that come before the message they are about: kept, applied when it arrives (through
// the same checks as on arrival), bounded per chat and in total, expired after a week.
// MessageActions on a real account database; the messenger is only its key (their actions
// arrive as verified ReceivedApplications, the way the messenger hands them over).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { MessageActions } from '../../../main/app/messenger/message-actions.ts';
import type { Messenger, ReceivedApplication } from '../../../main/app/messenger/messenger.ts';
import { closeDatabase, openDatabase } from '../../../main/storage/database.ts';
import { ChatsRepository, ChatType } from '../../../main/storage/messenger/chats-repository.ts';
import { MessagesRepository } from '../../../main/storage/messenger/messages-repository.ts';
import { accountMigrations } from '../../../main/storage/schema/account-migrations.ts';
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
import { tempDir } from '../../helpers/temp-dir.ts';

const ME = `0x04${'a1'.repeat(64)}`;
const BOB = `0x04${'b2'.repeat(64)}`;
const CAROL = `0x04${'c3'.repeat(64)}`;
const T0 = 1_750_000_000_000;
const DAY = 24 * 60 * 60 * 1000;

const cleanups: Array<() => void> = [];
after(() => {
  for (const c of cleanups.reverse()) c();
});

function setup(limits: { perChat?: number; total?: number } = {}) {
  const { dir, cleanup } = tempDir();
  const { db } = openDatabase({
    path: path.join(dir, 'a.db'),
    key: crypto.randomBytes(32),
    migrations: accountMigrations,
  });
  cleanups.push(() => {
    closeDatabase(db);
    cleanup();
  });
  let now = T0;
  const messages = new MessagesRepository(db);
  const chats = new ChatsRepository(db);
  const changed: MessageView[] = [];
  const actions = new MessageActions({
    db,
    messenger: { publicKeyHex: ME } as Messenger,
    messages,
    allows: (sender) => sender === BOB || sender === CAROL,
    events: { onChanged: (m) => changed.push(m) },
    now: () => now,
    pendingLimits: limits,
  });
  /** Their message `id` arrives now in the chat with `sender` (what onMessage does). */
  const arrive = (id: string, sender = BOB, text = 'original') => {
    chats.upsert({ id: sender, type: ChatType.OneToOne, name: sender }, now);
    assert.ok(
      messages.insert({
        id,
        chatId: sender,
        sender,
        clock: now,
        timestamp: now,
        contentType: ContentType.TEXT_PLAIN,
        messageType: MessageType.ONE_TO_ONE,
        text,
        outgoing: false,
        receivedAt: now,
      }),
    );
    actions.onMessageArrived(id);
  };
  return {
    actions,
    messages,
    changed,
    arrive,
    advance: (ms: number) => {
      now += ms;
    },
    dropped: (reason: string) => actions.dropped.get(reason as never) ?? 0,
  };
}

let sequence = 0;
const messageId = () => `0x${(++sequence).toString(16).padStart(64, '0')}`;

function received(type: AmmType, payload: Uint8Array, sender = BOB): ReceivedApplication {
  const app = {
    id: messageId(),
    type,
    payload,
    sender,
    wakuTimestampNs: BigInt(T0 + 60_000) * 1_000_000n,
    public: false,
  };
  return app as ReceivedApplication;
}

const edit = (target: string, text: string, clock = T0 + 10, sender = BOB) =>
  received(
    AmmType.EDIT_MESSAGE,
    encode(EditMessage, {
      clock: u64(clock),
      text,
      chatId: ME,
      messageId: target,
      messageType: MessageType.ONE_TO_ONE,
      contentType: ContentType.TEXT_PLAIN,
    }),
    sender,
  );
const deletion = (target: string, sender = BOB) =>
  received(
    AmmType.DELETE_MESSAGE,
    encode(DeleteMessage, { clock: u64(T0 + 20), chatId: ME, messageId: target, messageType: MessageType.ONE_TO_ONE }),
    sender,
  );
const reaction = (target: string, sender = BOB) =>
  received(
    AmmType.EMOJI_REACTION,
    encode(EmojiReaction, {
      clock: u64(T0 + 30),
      chatId: ME,
      messageId: target,
      messageType: MessageType.ONE_TO_ONE,
      type: EmojiReactionType.LOVE,
    }),
    sender,
  );
const pin = (target: string, sender = BOB) =>
  received(
    AmmType.PIN_MESSAGE,
    encode(PinMessage, {
      clock: u64(T0 + 40),
      chatId: ME,
      messageId: target,
      pinned: true,
      messageType: MessageType.ONE_TO_ONE,
    }),
    sender,
  );

describe('actions before their message', () => {
  test('an edit is kept and applied when its message arrives', () => {
    const s = setup();
    const target = messageId();
    assert.equal(s.actions.onApplicationMessage(edit(target, 'edited')), true);
    assert.equal(s.actions.pendingCount(), 1);
    assert.equal(s.dropped('unknown-message'), 0);
    s.arrive(target);
    const record = s.messages.get(target);
    assert.equal(record?.text, 'edited');
    assert.ok((record?.editedClock ?? 0) > 0);
    assert.equal(s.changed.at(-1)?.text, 'edited');
    assert.equal(s.actions.pendingCount(), 0);
    assert.equal(s.actions.pending.get('replayed'), 1);
  });

  test('a deletion is kept and applied', () => {
    const s = setup();
    const target = messageId();
    s.actions.onApplicationMessage(deletion(target));
    s.arrive(target);
    assert.equal(s.messages.get(target)?.deleted, true);
    assert.equal(s.changed.at(-1)?.deleted, true);
  });

  test('a reaction is kept and applied', () => {
    const s = setup();
    const target = messageId();
    s.actions.onApplicationMessage(reaction(target));
    assert.equal(s.changed.length, 0, 'nothing to show before the message is there');
    s.arrive(target);
    assert.deepEqual(s.changed.at(-1)?.reactions, [{ emoji: 'love', count: 1, mine: false }]);
  });

  test('a pin is kept and applied', () => {
    const s = setup();
    const target = messageId();
    s.actions.onApplicationMessage(pin(target));
    s.arrive(target);
    assert.equal(s.messages.get(target)?.pinned, true);
    assert.deepEqual(
      s.messages.pinned(BOB).map((m) => m.id),
      [target],
    );
  });

  test('several actions for one message all apply; a re-sent one is kept once', () => {
    const s = setup();
    const target = messageId();
    const first = edit(target, 'first', T0 + 10);
    s.actions.onApplicationMessage(edit(target, 'second', T0 + 50));
    s.actions.onApplicationMessage(first);
    s.actions.onApplicationMessage(first);
    s.actions.onApplicationMessage(reaction(target));
    assert.equal(s.actions.pendingCount(), 3);
    s.arrive(target);
    // The newest edit wins whatever the order they are replayed in.
    assert.equal(s.messages.get(target)?.text, 'second');
    assert.equal(s.changed.at(-1)?.reactions.length, 1);
  });

  test('on arrival an edit or delete by someone else than the author is refused', () => {
    const s = setup();
    const target = messageId();
    // Carol edits and deletes what turns out to be Bob's message.
    s.actions.onApplicationMessage(edit(target, 'forged', T0 + 10, CAROL));
    s.actions.onApplicationMessage(deletion(target, CAROL));
    s.arrive(target, BOB);
    assert.equal(s.messages.get(target)?.text, 'original');
    assert.equal(s.messages.get(target)?.deleted, false);
    // Carol's actions name a message of another chat: refused as such, nothing applied.
    assert.equal(s.dropped('wrong-chat'), 2);
    assert.equal(s.actions.pendingCount(), 0);
  });

  test('on arrival an edit of our message by the other side is refused (not the author)', () => {
    const s = setup();
    const target = messageId();
    s.actions.onApplicationMessage(edit(target, 'forged', T0 + 10, BOB));
    s.arrive(target, BOB);
    assert.equal(s.messages.get(target)?.text, 'forged', 'Bob may edit his own message');
    const mine = messageId();
    s.actions.onApplicationMessage(edit(mine, 'not yours', T0 + 10, BOB));
    // A message of the chat with Bob whose sender is someone else than Bob: ours.
    s.messages.insert({
      id: mine,
      chatId: BOB,
      sender: ME,
      clock: T0,
      timestamp: T0,
      contentType: ContentType.TEXT_PLAIN,
      messageType: MessageType.ONE_TO_ONE,
      text: 'mine',
      outgoing: true,
      status: 'sent',
      receivedAt: T0,
    });
    s.actions.onMessageArrived(mine);
    assert.equal(s.messages.get(mine)?.text, 'mine');
    assert.equal(s.dropped('not-author'), 1);
  });

  test('bounded per chat: the oldest is evicted and counted', () => {
    const s = setup({ perChat: 2, total: 100 });
    const targets = [messageId(), messageId(), messageId()];
    for (const target of targets) {
      s.actions.onApplicationMessage(edit(target, `edited ${target}`));
      s.advance(1);
    }
    assert.equal(s.actions.pendingCount(), 2);
    assert.equal(s.dropped('evicted'), 1);
    for (const target of targets) s.arrive(target);
    assert.equal(s.messages.get(targets[0] as string)?.text, 'original', 'the evicted edit is gone');
    assert.equal(s.messages.get(targets[2] as string)?.text, `edited ${targets[2]}`);
    // Another chat has its own budget.
    s.actions.onApplicationMessage(edit(messageId(), 'x', T0 + 10, CAROL));
    assert.equal(s.dropped('evicted'), 1);
  });

  test('bounded in total across chats', () => {
    const s = setup({ perChat: 10, total: 3 });
    for (const sender of [BOB, CAROL, BOB, CAROL]) {
      s.actions.onApplicationMessage(reaction(messageId(), sender));
      s.advance(1);
    }
    assert.equal(s.actions.pendingCount(), 3);
    assert.equal(s.dropped('evicted'), 1);
  });

  test('kept actions expire after a week, counted', () => {
    const s = setup();
    const old = messageId();
    s.actions.onApplicationMessage(pin(old));
    s.advance(7 * DAY + 1);
    s.actions.onApplicationMessage(reaction(messageId()));
    assert.equal(s.dropped('expired'), 1);
    assert.equal(s.actions.pendingCount(), 1);
    s.arrive(old);
    assert.equal(s.messages.get(old)?.pinned, false);
  });

  test('an action naming another chat is not kept', () => {
    const s = setup();
    const wrong = received(
      AmmType.EDIT_MESSAGE,
      encode(EditMessage, {
        clock: u64(T0 + 10),
        text: 'x',
        chatId: CAROL,
        messageId: messageId(),
        messageType: MessageType.ONE_TO_ONE,
        contentType: ContentType.TEXT_PLAIN,
      }),
    );
    s.actions.onApplicationMessage(wrong);
    assert.equal(s.actions.pendingCount(), 0);
    assert.equal(s.dropped('wrong-chat'), 1);
  });
});
