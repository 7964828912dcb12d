import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { closeDatabase, type Db, integrityCheck, openDatabase } from '../../../main/storage/database.ts';
import { ChatsRepository, ChatType } from '../../../main/storage/messenger/chats-repository.ts';
import { ContactRequestState, ContactsRepository } from '../../../main/storage/messenger/contacts-repository.ts';
import {
  type MessageRecord,
  MessagesRepository,
  type NewMessage,
  OutgoingStatus,
} from '../../../main/storage/messenger/messages-repository.ts';
import {
  PROCESSED_RETENTION_MS,
  ProcessedMessagesRepository,
} from '../../../main/storage/messenger/processed-messages-repository.ts';
import { EmojiType, ReactionsRepository } from '../../../main/storage/messenger/reactions-repository.ts';
import { schemaVersion } from '../../../main/storage/migrations.ts';
import { PrefsRepository } from '../../../main/storage/prefs-repository.ts';
import { accountMigrations } from '../../../main/storage/schema/account-migrations.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let dir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = openDatabase({
    path: path.join(dir, 'account.db'),
    key: crypto.randomBytes(32),
    migrations: accountMigrations,
  }).db;
});
afterEach(() => {
  closeDatabase(db);
  cleanup();
});

const ME = `0x04${'aa'.repeat(64)}`;
const BOB = `0x04${'bb'.repeat(64)}`;
const CHAT = BOB;
const NOW = 1_700_000_000_000;
const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

function message(overrides: Partial<NewMessage> & { id: string; clock: number }): NewMessage {
  return {
    chatId: CHAT,
    sender: BOB,
    timestamp: overrides.clock,
    contentType: 1,
    messageType: 1,
    text: `text ${overrides.id}`,
    outgoing: false,
    receivedAt: NOW,
    ...overrides,
  };
}

describe('account schema', () => {
  test('a fresh database gets every migration, and the schema is sound', () => {
    assert.equal(schemaVersion(db), accountMigrations.length);
    assert.deepEqual(integrityCheck(db), ['ok']);
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    const tables = (
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as Array<{
        name: string;
        sql: string;
      }>
    ).filter((t) => t.name !== 'prefs');
    for (const name of [
      'installation',
      'signed_prekeys',
      'bundles',
      'encryption_sessions',
      'mvds_outgoing',
      'mvds_pending_acks',
      'mvds_received',
      'contacts',
      'chats',
      'messages',
      'reactions',
      'processed_waku_messages',
    ]) {
      assert.ok(
        tables.some((t) => t.name === name),
        name,
      );
    }
    for (const table of tables) assert.match(table.sql, /\bSTRICT\b/, `${table.name} is STRICT`);
  });

  test('a database made with only version 1 is migrated forward and keeps its settings', () => {
    const file = path.join(dir, 'old.db');
    const key = crypto.randomBytes(32);
    const old = openDatabase({ path: file, key, migrations: accountMigrations.slice(0, 1) });
    assert.deepEqual(old.migrated, [1]);
    new PrefsRepository(old.db).set('displayName', 'Alice', NOW);
    closeDatabase(old.db);

    const { db: upgraded, migrated } = openDatabase({ path: file, key, migrations: accountMigrations });
    assert.deepEqual(
      migrated,
      accountMigrations.slice(1).map((m) => m.version),
    );
    assert.equal(new PrefsRepository(upgraded).get('displayName')?.value, 'Alice');
    new ChatsRepository(upgraded).upsert({ id: CHAT, type: ChatType.OneToOne, name: 'Bob' }, NOW);
    assert.deepEqual(integrityCheck(upgraded), ['ok']);
    closeDatabase(upgraded);
  });

  test('migration 10 keeps the group events of version 9 and takes a picture-sized one', () => {
    const file = path.join(dir, 'groups.db');
    const key = crypto.randomBytes(32);
    const before = accountMigrations.filter((m) => m.version <= 9);
    const old = openDatabase({ path: file, key, migrations: before });
    const row = (eventId: string, wire: Uint8Array) =>
      [`${'a'.repeat(36)}-0x04${'b'.repeat(128)}`, eventId, `0x04${'c'.repeat(128)}`, 1, wire, NOW] as const;
    const insert =
      'INSERT INTO group_events (chat_id, event_id, signer, clock, wire, received_at) VALUES (?, ?, ?, ?, ?, ?)';
    old.db.prepare(insert).run(...row(`0x${'1'.repeat(130)}`, new Uint8Array(100).fill(1)));
    assert.throws(() => old.db.prepare(insert).run(...row(`0x${'2'.repeat(130)}`, new Uint8Array(300_000))), /CHECK/);
    closeDatabase(old.db);

    const { db: upgraded, migrated } = openDatabase({ path: file, key, migrations: accountMigrations });
    assert.ok(migrated.includes(10));
    const rows = upgraded.prepare('SELECT event_id, length(wire) AS n FROM group_events').all();
    assert.deepEqual(rows, [{ event_id: `0x${'1'.repeat(130)}`, n: 100 }]);
    upgraded.prepare(insert).run(...row(`0x${'2'.repeat(130)}`, new Uint8Array(300_000)));
    assert.throws(() => upgraded.prepare(insert).run(...row(`0x${'3'.repeat(130)}`, new Uint8Array(416_450))), /CHECK/);
    assert.deepEqual(integrityCheck(upgraded), ['ok']);
    closeDatabase(upgraded);
  });

  test('paging uses the (chat_id, clock, id) index in both directions', () => {
    for (const sql of [
      `SELECT id FROM messages WHERE chat_id = 'c' AND deleted_for_me = 0 AND (clock, id) < (1, 'x') ORDER BY clock DESC, id DESC LIMIT 5`,
      `SELECT id FROM messages WHERE chat_id = 'c' AND deleted_for_me = 0 AND (clock, id) > (1, 'x') ORDER BY clock ASC, id ASC LIMIT 5`,
    ]) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail);
      assert.ok(
        plan.some((d) => d.includes('messages_by_chat')),
        plan.join('; '),
      );
      assert.ok(!plan.some((d) => d.includes('TEMP B-TREE')), `no sort step: ${plan.join('; ')}`);
    }
  });
});

describe('chats and messages', () => {
  test('round trip of a message with every field', () => {
    const chats = new ChatsRepository(db);
    const messages = new MessagesRepository(db);
    chats.upsert({ id: CHAT, type: ChatType.OneToOne, name: 'Bob' }, NOW);
    const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    assert.equal(
      messages.insert(
        message({ id: id(1), clock: 10, responseTo: id(0), payload: image, payloadFormat: 1, contentType: 7 }),
      ),
      true,
    );
    assert.equal(messages.insert(message({ id: id(1), clock: 10 })), false, 'a duplicate id is refused');
    const stored = messages.get(id(1)) as MessageRecord;
    assert.deepEqual(stored, {
      id: id(1),
      chatId: CHAT,
      sender: BOB,
      clock: 10,
      timestamp: 10,
      contentType: 7,
      messageType: 1,
      text: `text ${id(1)}`,
      responseTo: id(0),
      payload: image,
      payloadFormat: 1,
      outgoing: false,
      status: null,
      seen: false,
      editedClock: 0,
      editedAt: null,
      deleted: false,
      deletedBy: null,
      deletedForMe: false,
      pinned: false,
      pinnedBy: null,
      pinnedClock: 0,
      receivedAt: NOW,
    });
    assert.equal(messages.get(id(99)), null);
  });

  test('a message needs its chat (foreign key), and an outgoing one needs a status', () => {
    const messages = new MessagesRepository(db);
    assert.throws(() => messages.insert(message({ id: id(1), clock: 1 })), /FOREIGN KEY/);
    new ChatsRepository(db).upsert({ id: CHAT, type: ChatType.OneToOne, name: 'Bob' }, NOW);
    assert.throws(() => messages.insert(message({ id: id(1), clock: 1, outgoing: true })), /status/);
    assert.throws(() => messages.insert(message({ id: id(1), clock: 0 })), RangeError);
  });

  test('chats follow their newest message, unread counts follow reads and deletions', () => {
    const chats = new ChatsRepository(db);
    const messages = new MessagesRepository(db);
    chats.upsert({ id: CHAT, type: ChatType.OneToOne, name: 'Bob' }, NOW);
    const other = `0x04${'cc'.repeat(64)}`;
    chats.upsert({ id: other, type: ChatType.OneToOne, name: 'Carol' }, NOW);
    for (let i = 1; i <= 5; i += 1) messages.insert(message({ id: id(i), clock: i * 10 }));
    messages.insert(message({ id: id(6), clock: 5, text: 'late, older' }));
    messages.insert(message({ id: id(7), clock: 60, sender: ME, outgoing: true, status: OutgoingStatus.Pending }));
    messages.insert(message({ id: id(8), clock: 1, chatId: other, sender: other }));

    let chat = chats.get(CHAT);
    assert.equal(chat?.lastClock, 60);
    assert.equal(chat?.lastMessageId, id(7));
    assert.equal(chat?.unreadCount, 6, 'our own message is not unread');
    assert.equal(messages.countUnread(CHAT), 6);
    assert.equal(chats.totalUnread(), 7);

    assert.equal(messages.markSeen([id(1), id(1), id(2)]), 2);
    assert.equal(chats.get(CHAT)?.unreadCount, 4);
    assert.equal(messages.markDeleted(id(3), BOB), true);
    assert.equal(messages.markDeletedForMe(id(4)), true);
    assert.equal(chats.get(CHAT)?.unreadCount, 2);
    assert.equal(messages.markChatRead(CHAT, 20), 1, 'up to a clock: only the late one (clock 5)');
    assert.equal(messages.markChatRead(CHAT), 1);
    chat = chats.get(CHAT);
    assert.equal(chat?.unreadCount, 0);
    assert.equal(messages.countUnread(CHAT), 0);
    chats.setMuted(other, true, NOW);
    assert.equal(chats.totalUnread(), 0, 'muted chats do not count in the badge');
    assert.deepEqual(
      chats.list().map((c) => c.id),
      [CHAT, other],
    );

    chats.markDeleted(CHAT, NOW);
    assert.deepEqual(
      chats.list().map((c) => c.id),
      [other],
    );
    messages.insert(message({ id: id(9), clock: 70 }));
    assert.equal(chats.get(CHAT)?.deletedAt, null, 'a new message brings a deleted chat back');
    assert.equal(chats.get(CHAT)?.unreadCount, 1);
    assert.throws(() => chats.upsert({ id: CHAT, type: ChatType.PrivateGroup, name: 'x' }, NOW), /one-to-one/);
  });

  test('outgoing status only moves forward; failed can be retried; delivered is final', () => {
    new ChatsRepository(db).upsert({ id: CHAT, type: ChatType.OneToOne, name: 'Bob' }, NOW);
    const messages = new MessagesRepository(db);
    messages.insert(message({ id: id(1), clock: 1, sender: ME, outgoing: true, status: OutgoingStatus.Pending }));
    messages.insert(message({ id: id(2), clock: 2 }));
    assert.deepEqual(
      messages.withStatus(OutgoingStatus.Pending).map((m) => m.id),
      [id(1)],
    );
    const steps: Array<[OutgoingStatus, boolean]> = [
      [OutgoingStatus.Sent, true],
      [OutgoingStatus.Pending, false],
      [OutgoingStatus.Failed, true],
      [OutgoingStatus.Pending, true],
      [OutgoingStatus.Stored, true],
      [OutgoingStatus.Sent, false],
      [OutgoingStatus.Delivered, true],
      [OutgoingStatus.Failed, false],
      [OutgoingStatus.Stored, false],
    ];
    for (const [status, applied] of steps) assert.equal(messages.setStatus(id(1), status), applied, status);
    assert.equal(messages.get(id(1))?.status, OutgoingStatus.Delivered);
    assert.equal(messages.setStatus(id(2), OutgoingStatus.Sent), false, 'incoming messages have no status');
  });

  test('edits, deletions and pins apply only when newer', () => {
    new ChatsRepository(db).upsert({ id: CHAT, type: ChatType.OneToOne, name: 'Bob' }, NOW);
    const messages = new MessagesRepository(db);
    messages.insert(message({ id: id(1), clock: 1 }));
    messages.insert(message({ id: id(2), clock: 2, payload: new Uint8Array([1]) }));
    assert.equal(messages.edit(id(1), 'second', 20, NOW + 2), true);
    assert.equal(messages.edit(id(1), 'first (late)', 10, NOW + 3), false);
    assert.equal(messages.get(id(1))?.text, 'second');
    assert.equal(messages.get(id(1))?.editedAt, NOW + 2);

    assert.equal(messages.setPinned(id(1), true, ME, 5), true);
    assert.equal(messages.setPinned(id(2), true, BOB, 6), true);
    assert.equal(messages.setPinned(id(1), false, ME, 4), false, 'an older unpin loses');
    assert.deepEqual(
      messages.pinned(CHAT).map((m) => m.id),
      [id(2), id(1)],
    );
    assert.equal(messages.setPinned(id(1), false, ME, 7), true);
    assert.deepEqual(
      messages.pinned(CHAT).map((m) => m.id),
      [id(2)],
    );

    assert.equal(messages.markDeleted(id(2), BOB), true);
    assert.equal(messages.markDeleted(id(2), BOB), false);
    const deleted = messages.get(id(2));
    assert.equal(deleted?.deleted, true);
    assert.equal(deleted?.text, '');
    assert.equal(deleted?.payload, null);
    assert.equal(deleted?.pinned, false);
    assert.equal(messages.edit(id(2), 'edit after delete', 30, NOW), false);
    assert.deepEqual(messages.pinned(CHAT), []);
  });

  test('paging 10,000 messages by cursor returns exactly the right windows, both directions', () => {
    const chats = new ChatsRepository(db);
    const messages = new MessagesRepository(db);
    chats.upsert({ id: CHAT, type: ChatType.OneToOne, name: 'Bob' }, NOW);
    chats.upsert({ id: 'other', type: ChatType.PrivateGroup, name: 'noise' }, NOW);
    const random = fc.sample(
      fc.record({ clock: fc.integer({ min: 1, max: 2000 }), hidden: fc.integer({ min: 0, max: 19 }) }),
      { numRuns: 10_000, seed: 42 },
    );
    const all = random.map((r, i) => ({
      id: `0x${crypto.createHash('sha256').update(String(i)).digest('hex')}`,
      clock: r.clock,
      hidden: r.hidden === 0,
    }));
    db.transaction(() => {
      for (const m of all) {
        messages.insert(message({ id: m.id, clock: m.clock }));
        if (m.hidden) messages.markDeletedForMe(m.id);
      }
      // Another chat interleaved at the same clocks must never leak into the pages.
      for (let i = 0; i < 500; i += 1) messages.insert(message({ id: id(i), clock: (i % 2000) + 1, chatId: 'other' }));
    })();
    const ordered = all
      .filter((m) => !m.hidden)
      .sort((a, b) => a.clock - b.clock || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const key = (m: { clock: number; id: string }) => [m.clock, m.id] as const;
    const lessThan = (a: { clock: number; id: string }, b: { clock: number; id: string }) =>
      a.clock < b.clock || (a.clock === b.clock && a.id < b.id);

    const cursor = fc.oneof(
      fc.constant(null),
      // An existing message (including hidden ones) ...
      fc.nat({ max: all.length - 1 }).map((i) => all[i] as { clock: number; id: string }),
      // ... or any position, between or beyond messages.
      fc.record({
        clock: fc.integer({ min: 0, max: 2001 }),
        id: fc.stringMatching(/^0x[0-9a-f]{1,64}$/),
      }),
    );
    fc.assert(
      fc.property(cursor, fc.integer({ min: 1, max: 300 }), (at, limit) => {
        const before = messages.before(CHAT, at, limit).map(key);
        const expectedBefore = (at ? ordered.filter((m) => lessThan(m, at)) : ordered).slice(-limit).reverse();
        assert.deepEqual(before, expectedBefore.map(key));
        const after = messages.after(CHAT, at, limit).map(key);
        const expectedAfter = (at ? ordered.filter((m) => lessThan(at, m)) : ordered).slice(0, limit);
        assert.deepEqual(after, expectedAfter.map(key));
      }),
      { numRuns: 200, seed: 7 },
    );

    // Walking the whole chat page by page meets every visible message once, in order.
    const walked: string[] = [];
    let at: { clock: number; id: string } | null = null;
    for (;;) {
      const page = messages.after(CHAT, at, 997);
      if (page.length === 0) break;
      walked.push(...page.map((m) => m.id));
      at = page[page.length - 1] as MessageRecord;
    }
    assert.deepEqual(
      walked,
      ordered.map((m) => m.id),
    );
    assert.throws(() => messages.before(CHAT, null, 0), RangeError);
  });
});

describe('contacts', () => {
  test('round trip, flags, and clock-guarded request state, profile and presence', () => {
    const contacts = new ContactsRepository(db);
    const created = contacts.ensure(BOB, 'Ruddy Wise Bear', NOW);
    assert.equal(created.alias, 'Ruddy Wise Bear');
    assert.equal(created.localState, ContactRequestState.None);
    assert.deepEqual(contacts.ensure(BOB, 'ignored', NOW + 1), created, 'ensure keeps an existing row');

    assert.equal(contacts.updateProfile(BOB, { displayName: 'Bob', ensName: 'bob.eth', clock: 5 }, NOW), true);
    assert.equal(contacts.updateProfile(BOB, { displayName: 'Old Bob', ensName: null, clock: 4 }, NOW), false);
    assert.equal(contacts.setNickname(BOB, 'Bobby', NOW), true);

    assert.equal(contacts.setFlag(BOB, 'added', true, NOW), true);
    assert.equal(contacts.setFlag(BOB, 'added', true, NOW), false, 'unchanged');
    assert.equal(contacts.setFlag(BOB, 'hasAddedUs', true, NOW), true);
    assert.equal(contacts.setFlag(`0x04${'99'.repeat(64)}`, 'blocked', true, NOW), false, 'unknown contact');

    assert.equal(contacts.setLocalRequestState(BOB, ContactRequestState.Sent, 100, NOW), true);
    assert.equal(contacts.setLocalRequestState(BOB, ContactRequestState.None, 99, NOW), false);
    assert.equal(contacts.setRemoteRequestState(BOB, ContactRequestState.Received, 50, NOW), true);
    assert.equal(contacts.setRemoteRequestState(BOB, ContactRequestState.Mutual, 50, NOW), false, 'same clock');
    assert.equal(contacts.setRequestMessageId(BOB, id(1), NOW), true);

    assert.equal(contacts.updatePresence(BOB, { type: 1, clock: 1000, customText: 'hi' }, NOW + 10), true);
    assert.equal(contacts.updatePresence(BOB, { type: 4, clock: 999, customText: '' }, NOW + 20), false);

    const bob = contacts.get(BOB);
    assert.deepEqual(
      { ...bob, createdAt: 0, updatedAt: 0 },
      {
        publicKey: BOB,
        displayName: 'Bob',
        alias: 'Ruddy Wise Bear',
        ensName: 'bob.eth',
        nickname: 'Bobby',
        added: true,
        hasAddedUs: true,
        blocked: false,
        localState: ContactRequestState.Sent,
        localClock: 100,
        remoteState: ContactRequestState.Received,
        remoteClock: 50,
        requestMessageId: id(1),
        profileClock: 5,
        presenceType: 1,
        presenceClock: 1000,
        customStatus: 'hi',
        lastSeenAt: NOW + 10,
        kept: { clock: 0, nickname: 'Bobby', verificationStatus: 0, trustStatus: 0, customizationColor: 0 },
        createdAt: 0,
        updatedAt: 0,
      },
    );
    // Fields from a paired device: kept when newer, with their clock.
    const fromPhone = { clock: 200, nickname: 'Bob M.', verificationStatus: 1, trustStatus: 2, customizationColor: 5 };
    assert.equal(contacts.keep(BOB, fromPhone, NOW), true);
    assert.equal(contacts.keep(BOB, { ...fromPhone, clock: 150, nickname: 'older' }, NOW), false);
    assert.deepEqual(contacts.get(BOB)?.kept, fromPhone);
    contacts.ensure(ME, 'Me', NOW);
    assert.deepEqual(
      contacts.list().map((c) => c.publicKey),
      [ME, BOB],
    );
    assert.deepEqual(
      contacts.list({ addedOnly: true }).map((c) => c.publicKey),
      [BOB],
    );
    assert.equal(contacts.delete(BOB), true);
    assert.equal(contacts.get(BOB), null);
    assert.throws(() => contacts.ensure('0x02abc', 'x', NOW), /CHECK/);
  });
});

describe('reactions', () => {
  test('last writer by clock wins, in any arrival order; retracted ones are hidden', () => {
    const reactions = new ReactionsRepository(db);
    const base = { messageId: id(1), chatId: CHAT, sender: BOB, emoji: EmojiType.Love } as const;
    assert.equal(reactions.upsert({ ...base, clock: 10, retracted: true }), true);
    assert.equal(reactions.upsert({ ...base, clock: 5, retracted: false }), false, 'older add after the retraction');
    assert.deepEqual(reactions.forMessage(id(1)), []);
    assert.equal(reactions.upsert({ ...base, clock: 11, retracted: false }), true);
    assert.equal(reactions.upsert({ ...base, sender: ME, emoji: EmojiType.Laugh, clock: 3, retracted: false }), true);
    assert.deepEqual(reactions.forMessage(id(1)), [
      { ...base, sender: ME, emoji: EmojiType.Laugh, clock: 3, retracted: false },
      { ...base, clock: 11, retracted: false },
    ]);
    assert.equal(reactions.forMessage(id(1), { includeRetracted: true }).length, 2);
    assert.deepEqual(reactions.forMessage(id(2)), []);
  });
});

describe('processed Waku messages', () => {
  test('a hash is processed once, and forgotten after the retention', () => {
    const processed = new ProcessedMessagesRepository(db);
    assert.equal(processed.markProcessed('h1', NOW), true);
    assert.equal(processed.markProcessed('h1', NOW + 1), false);
    assert.equal(processed.markProcessed('h2', NOW + 1000), true);
    assert.equal(processed.has('h1'), true);
    assert.equal(processed.prune(NOW + PROCESSED_RETENTION_MS + 1), 1);
    assert.equal(processed.has('h1'), false);
    assert.equal(processed.has('h2'), true);
  });
});
