import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  MemoryMvdsStore,
  type MvdsMessage,
  MvdsNode,
  type MvdsStore,
  type OutgoingRecord,
} from '../../../main/reliability/mvds/node.ts';
import { MAX_SEND_COUNT } from '../../../main/reliability/mvds/schedule.ts';
import { MVDS_RECEIVED_RETENTION_MS, SqliteMvdsStore } from '../../../main/reliability/mvds/sqlite-store.ts';
import { closeDatabase, type Db, openDatabase } from '../../../main/storage/database.ts';
import { accountMigrations } from '../../../main/storage/schema/account-migrations.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let dir: string;
let cleanup: () => void;
const open: Db[] = [];
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => {
  for (const db of open.splice(0)) closeDatabase(db);
  cleanup();
});

const key = crypto.randomBytes(32);
function openDb(name = 'account.db'): Db {
  const { db } = openDatabase({ path: path.join(dir, name), key, migrations: accountMigrations });
  open.push(db);
  return db;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const message = (body: string, timestamp = 1_700_000_000n): MvdsMessage => ({
  groupId: utf8('group'),
  timestamp,
  body: utf8(body),
});

const stores: Array<[string, () => MvdsStore]> = [
  ['memory', () => new MemoryMvdsStore()],
  ['sqlite', () => new SqliteMvdsStore(openDb(`${crypto.randomUUID()}.db`))],
];

for (const [name, makeStore] of stores) {
  describe(`MVDS node over the ${name} store`, () => {
    function pair() {
      const delivered: string[] = [];
      const expired: string[] = [];
      const alice = new MvdsNode(
        makeStore(),
        { onDelivered: (_p, id) => delivered.push(id), onExpired: (_p, id) => expired.push(id) },
        () => 0,
      );
      const bob = new MvdsNode(makeStore(), {}, () => 0);
      return { alice, bob, delivered, expired };
    }

    test('send → message → ack → delivered, each message handed up once', () => {
      const { alice, bob, delivered } = pair();
      const first = alice.send('bob', message('one'), 0);
      const second = alice.send('bob', message('two'), 0);
      const out = alice.due(0).get('bob');
      assert.deepEqual(
        out?.messages.map((m) => Buffer.from(m.body).toString()),
        ['one', 'two'],
      );
      const received = bob.receive('alice', out ?? { acks: [], messages: [] });
      assert.deepEqual(
        received.map((m) => m.id),
        [first, second],
      );
      assert.equal(received[0]?.timestamp, 1_700_000_000n);
      // A retransmission is acked again but not handed up again.
      assert.deepEqual(bob.receive('alice', out ?? { acks: [], messages: [] }), []);
      const acks = bob.due(0).get('alice');
      assert.deepEqual(acks?.acks.map((a) => Buffer.from(a).toString('hex')).sort(), [first, second].sort());
      alice.receive('bob', acks ?? { acks: [], messages: [] });
      assert.deepEqual(delivered, [first, second]);
      assert.equal(alice.due(1_000_000).size, 0);
    });

    test('unacknowledged messages are re-sent with back-off, then given up', () => {
      const { alice, expired } = pair();
      const id = alice.send('bob', message('lost'), 0);
      let epoch = 0;
      let sends = 0;
      for (let round = 0; round < MAX_SEND_COUNT + 5 && expired.length === 0; round += 1) {
        if (alice.due(epoch).get('bob')?.messages.length) sends += 1;
        assert.equal(alice.due(epoch).size, 0, 'nothing due again at the same epoch');
        epoch += 2 ** 20;
      }
      assert.equal(sends, MAX_SEND_COUNT);
      assert.deepEqual(expired, [id]);
    });

    test('a peer coming online gets its pending records soon', () => {
      const { alice } = pair();
      alice.send('bob', message('x'), 0);
      alice.due(0);
      assert.equal(alice.due(10).size, 0);
      alice.peerOnline('bob', 10);
      assert.equal(alice.due(10).get('bob')?.messages.length, 1);
    });
  });
}

describe('SQLite MVDS store', () => {
  test('behaves exactly like the memory store under any sequence of operations', () => {
    const peer = fc.constantFrom('p1', 'p2', 'p3');
    const id = fc.constantFrom('a1', 'b2', 'c3', 'd4', 'e5');
    const record = fc.record({
      id,
      peer,
      message: fc.record({
        groupId: fc.uint8Array({ maxLength: 4 }),
        timestamp: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        body: fc.uint8Array({ maxLength: 8 }),
      }),
      sendCount: fc.nat({ max: 20 }),
      sendEpoch: fc.nat({ max: 100 }),
    });
    const op = fc.oneof(
      record.map((r) => ({ kind: 'put' as const, r })),
      fc.record({ kind: fc.constant('delete' as const), peer, ids: fc.array(id, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('due' as const), epoch: fc.nat({ max: 110 }) }),
      fc.record({ kind: fc.constant('for' as const), peer }),
      // MvdsNode never adds an empty list of acks (see SqliteMvdsStore.addPendingAcks).
      fc.record({ kind: fc.constant('ack' as const), peer, ids: fc.array(id, { minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('take' as const), peer }),
      fc.constant({ kind: 'peers' as const }),
      fc.record({ kind: fc.constant('received' as const), id }),
    );
    type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
    const apply = (store: MvdsStore, o: Op): unknown => {
      switch (o.kind) {
        case 'put':
          // Plain objects: fast-check builds null-prototype ones, which the memory store hands back as is.
          return store.putOutgoing({ ...o.r, message: { ...o.r.message } } satisfies OutgoingRecord);
        case 'delete':
          return store.deleteOutgoing(o.peer, o.ids);
        case 'due':
          return store.dueOutgoing(o.epoch);
        case 'for':
          return store.outgoingFor(o.peer);
        case 'ack':
          return store.addPendingAcks(o.peer, o.ids);
        case 'take':
          return store.takePendingAcks(o.peer);
        case 'peers':
          return store.peersWithPendingAcks();
        case 'received':
          return store.markReceived(o.id);
      }
    };
    const db = openDb();
    let run = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        // Each run starts from empty tables (the stores are per-run; the database is shared).
        db.exec('DELETE FROM mvds_outgoing; DELETE FROM mvds_pending_acks; DELETE FROM mvds_received;');
        run += 1;
        const memory = new MemoryMvdsStore();
        const sqlite = new SqliteMvdsStore(db);
        for (const [i, o] of ops.entries()) {
          assert.deepEqual(apply(sqlite, o), apply(memory, o), `run ${run}, step ${i}: ${o.kind}`);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  test('state survives closing and reopening the database', () => {
    const file = 'durable.db';
    let db = openDb(file);
    let node = new MvdsNode(new SqliteMvdsStore(db), {}, () => 0);
    const id = node.send('bob', message('kept', 2n ** 62n), 0);
    node.due(0);
    node.receive('bob', { acks: [], messages: [message('from bob')] });
    closeDatabase(db);
    open.splice(open.indexOf(db), 1);

    db = openDb(file);
    const store = new SqliteMvdsStore(db);
    const [record] = store.outgoingFor('bob');
    assert.equal(record?.id, id);
    assert.equal(record?.sendCount, 1);
    assert.equal(record?.message.timestamp, 2n ** 62n, 'int64 timestamps stay exact');
    node = new MvdsNode(store, {}, () => 0);
    assert.equal(node.due(0).get('bob')?.acks.length, 1, 'the pending ack survived');
    assert.deepEqual(node.receive('bob', { acks: [], messages: [message('from bob')] }), [], 'still a duplicate');
  });

  test('received ids are pruned after the retention, not before', () => {
    let now = 1_700_000_000_000;
    const store = new SqliteMvdsStore(openDb(), () => now);
    assert.equal(store.markReceived('old'), true);
    now += MVDS_RECEIVED_RETENTION_MS / 2;
    assert.equal(store.markReceived('new'), true);
    assert.equal(store.pruneReceived(), 0);
    now += MVDS_RECEIVED_RETENTION_MS / 2 + 1;
    assert.equal(store.pruneReceived(), 1);
    assert.equal(store.markReceived('new'), false);
    assert.equal(store.markReceived('old'), true, 'forgotten: would be handed up again');
  });

  test('writes join the caller transaction: a rollback undoes them', () => {
    const db = openDb();
    const store = new SqliteMvdsStore(db);
    assert.throws(() =>
      db.transaction(() => {
        store.markReceived('x');
        store.addPendingAcks('bob', ['x']);
        throw new Error('storing the message failed');
      })(),
    );
    assert.deepEqual(store.peersWithPendingAcks(), []);
    assert.equal(store.markReceived('x'), true);
  });
});
