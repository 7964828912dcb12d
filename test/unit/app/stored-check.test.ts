// The stored check against a fake store: hash-only lookups in batches, stored only when every
// segment of one copy is found, back-off and give-up, never past delivered, and no store peer
// counted and logged once.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { HistoryPage, HistoryRequest, HistorySource } from '../../../main/app/history/history-sync.ts';
import { StoredCheck } from '../../../main/app/history/stored-check.ts';
import { closeDatabase, openDatabase } from '../../../main/storage/database.ts';
import { ChatsRepository, ChatType } from '../../../main/storage/messenger/chats-repository.ts';
import { MessagesRepository, type OutgoingStatus } from '../../../main/storage/messenger/messages-repository.ts';
import { accountMigrations } from '../../../main/storage/schema/account-migrations.ts';
import { StoreClientError } from '../../../main/transport/store/store-client.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const PEER = `0x04${'b2'.repeat(64)}`;
const ME = `0x04${'a1'.repeat(64)}`;
const PUBSUB = '/waku/2/rs/16/32';
const TOPIC = '/waku/1/0x12345678/rfc26';
const T0 = 1_750_000_000_000;

const cleanups: Array<() => void> = [];
after(() => {
  for (const c of cleanups.reverse()) c();
});

let sequence = 0;
const hash = () => (++sequence).toString(16).padStart(64, '0');
const id = () => `0x${hash()}`;

function setup(options: { failWith?: Error } = {}) {
  const { dir, cleanup } = tempDir();
  const { db } = openDatabase({
    path: path.join(dir, 'a.db'),
    key: crypto.randomBytes(32),
    migrations: accountMigrations,
  });
  const messages = new MessagesRepository(db);
  new ChatsRepository(db).upsert({ id: PEER, type: ChatType.OneToOne, name: PEER }, T0);
  const archived = new Set<string>();
  const requests: HistoryRequest[] = [];
  const source: HistorySource = {
    hashOnly: true,
    async *query(request: HistoryRequest): AsyncGenerator<HistoryPage> {
      requests.push(request);
      if (options.failWith) throw options.failWith;
      if (request.kind !== 'lookup') throw new Error('only lookups expected');
      yield { entries: request.hashes.filter((h) => archived.has(h)).map((hashHex) => ({ hashHex })) };
    },
  };
  let now = T0;
  const stored: string[] = [];
  const warnings: string[] = [];
  const check = new StoredCheck({
    db,
    source,
    now: () => now,
    onStored: (messageId) => {
      if (messages.setStatus(messageId, 'stored')) stored.push(messageId);
    },
    log: { info: () => {}, warn: (message) => warnings.push(message) },
  });
  cleanups.push(() => {
    check.stop();
    closeDatabase(db);
    cleanup();
  });
  const outgoing = (status: OutgoingStatus = 'sent') => {
    const messageId = id();
    messages.insert({
      id: messageId,
      chatId: PEER,
      sender: ME,
      clock: now,
      timestamp: now,
      contentType: 1,
      messageType: 1,
      text: 'hi',
      outgoing: true,
      status,
      receivedAt: now,
    });
    return messageId;
  };
  const publish = (messageIds: string[], hashHex = hash()) => {
    check.published({ messageIds, pubsubTopic: PUBSUB, contentTopic: TOPIC, hashHex });
    return hashHex;
  };
  return {
    check,
    messages,
    archived,
    requests,
    stored,
    warnings,
    outgoing,
    publish,
    advance: (ms: number) => {
      now += ms;
    },
    counter: (name: string) => check.counters.get(name as never) ?? 0,
  };
}

describe('stored check', () => {
  test('a message turns stored once the store has its Waku message; hash-only lookups', async () => {
    const s = setup();
    const messageId = s.outgoing();
    const h = s.publish([messageId]);
    await s.check.check();
    assert.equal(s.requests.length, 0, 'not before the first check is due');
    s.advance(3_000);
    await s.check.check();
    assert.deepEqual(s.requests, [{ kind: 'lookup', pubsubTopic: PUBSUB, hashes: [h], includeData: false }]);
    assert.deepEqual(s.stored, []);
    s.archived.add(h);
    s.advance(6_000);
    await s.check.check();
    assert.deepEqual(s.stored, [messageId]);
    assert.equal(s.messages.get(messageId)?.status, 'stored');
    s.advance(60_000);
    await s.check.check();
    assert.equal(s.requests.length, 2, 'nothing left to ask');
  });

  test('all segments of one copy are needed; another complete copy also does', async () => {
    const s = setup();
    const messageId = s.outgoing();
    const first = s.publish([messageId]);
    const second = s.publish([messageId]); // the second segment, right after the first
    s.archived.add(first);
    s.advance(3_000);
    await s.check.check();
    assert.deepEqual(s.stored, [], 'one segment of two is not enough');
    // A re-send later is a new copy: when all of it is found, the message is stored.
    const resent = s.publish([messageId]);
    s.archived.add(resent);
    s.advance(30_000);
    await s.check.check();
    assert.deepEqual(s.stored, [messageId]);
    assert.ok(!s.archived.has(second));
  });

  test('batches of at most 50 hashes; one Waku message may carry several app messages', async () => {
    const s = setup();
    const ids = Array.from({ length: 120 }, () => s.outgoing());
    for (const messageId of ids) s.publish([messageId]);
    const shared = s.publish([ids[0] as string, ids[1] as string]);
    s.advance(3_000);
    await s.check.check();
    assert.equal(s.requests.length, 3);
    for (const r of s.requests) assert.ok(r.kind === 'lookup' && r.hashes.length <= 50);
    assert.ok(s.requests.some((r) => r.kind === 'lookup' && r.hashes.includes(shared)));
  });

  test('never over delivered, and actions or incoming ids are not tracked', async () => {
    const s = setup();
    const delivered = s.outgoing('delivered');
    const later = s.outgoing();
    const h1 = s.publish([delivered]);
    const h2 = s.publish([later, id()]);
    s.messages.setStatus(later, 'delivered');
    s.archived.add(h1).add(h2);
    s.advance(3_000);
    await s.check.check();
    assert.deepEqual(s.stored, []);
    assert.equal(s.messages.get(later)?.status, 'delivered');
    assert.equal(s.counter('recorded'), 1);
  });

  test('backs off and gives up after 10 minutes', async () => {
    const s = setup();
    s.publish([s.outgoing()]);
    let rounds = 0;
    for (let t = 0; t < 11 * 60; t += 1) {
      s.advance(1_000);
      await s.check.check();
      rounds = s.requests.length;
    }
    // 3 s, then 6, 12, 24, 48, 96 s and every 2 min: far fewer than one per second.
    assert.ok(rounds >= 5 && rounds <= 12, `${rounds} queries`);
    assert.equal(s.counter('expired'), 1);
    const before = s.requests.length;
    s.advance(10 * 60_000);
    await s.check.check();
    assert.equal(s.requests.length, before);
  });

  test('no store peer: nothing marked, counted, logged once', async () => {
    const s = setup({ failWith: new StoreClientError('no-peer', 'no connected peer serves store v3') });
    const messageId = s.outgoing();
    s.publish([messageId]);
    for (let i = 0; i < 5; i += 1) {
      s.advance(130_000);
      await s.check.check();
    }
    assert.equal(s.messages.get(messageId)?.status, 'sent');
    assert.ok(s.counter('no-store-peer') >= 4);
    assert.equal(s.warnings.length, 1);
    assert.match(s.warnings[0] ?? '', /no store peer/);
  });
});
