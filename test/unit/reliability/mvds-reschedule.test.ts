// A peer seen online: its pending records are due within 0–18 s, over either store, without
// touching their back-off count or delaying records due sooner.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { MemoryMvdsStore, MvdsNode, type MvdsStore } from '../../../main/reliability/mvds/node.ts';
import { SqliteMvdsStore } from '../../../main/reliability/mvds/sqlite-store.ts';
import { closeDatabase, openDatabase } from '../../../main/storage/database.ts';
import { accountMigrations } from '../../../main/storage/schema/account-migrations.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const { dir, cleanup } = tempDir();
const { db } = openDatabase({
  path: path.join(dir, 'a.db'),
  key: crypto.randomBytes(32),
  migrations: accountMigrations,
});
after(() => {
  closeDatabase(db);
  cleanup();
});

const message = (text: string) => ({
  groupId: new Uint8Array(32),
  timestamp: 1n,
  body: new Uint8Array(Buffer.from(text)),
});

for (const [name, makeStore] of [
  ['memory', () => new MemoryMvdsStore()],
  ['sqlite', () => new SqliteMvdsStore(db)],
] as Array<[string, () => MvdsStore]>) {
  describe(`MVDS reschedule over the ${name} store`, () => {
    test('pending records of that peer only move to the online epoch; counts kept', () => {
      const store = makeStore();
      const node = new MvdsNode(store, {}, () => 0.5);
      node.send(`${name}-bob`, message('one'), 0);
      node.send(`${name}-bob`, message('two'), 0);
      node.send(`${name}-carol`, message('three'), 0);
      node.due(0);
      node.due(105);
      const before = store.outgoingFor(`${name}-bob`);
      assert.deepEqual(
        before.map((r) => [r.sendEpoch, r.sendCount]),
        [
          [300, 2],
          [300, 2],
        ],
      );
      assert.equal(node.due(200).size, 0);
      assert.equal(node.peerOnline(`${name}-bob`, 200), 2);
      assert.deepEqual(
        store.outgoingFor(`${name}-bob`).map((r) => [r.sendEpoch, r.sendCount]),
        [
          [230, 2],
          [230, 2],
        ],
      );
      assert.ok(
        store.outgoingFor(`${name}-carol`).every((r) => r.sendEpoch === 300),
        'others untouched',
      );
      assert.equal(node.due(230).get(`${name}-bob`)?.messages.length, 2);
      // Now due later than 0–18 s from 500? They are (230 + 360 + 15): moved again; a record due sooner stays.
      node.send(`${name}-bob`, message('four'), 505);
      assert.equal(node.peerOnline(`${name}-bob`, 500), 2);
      assert.deepEqual(
        store.outgoingFor(`${name}-bob`).map((r) => r.sendEpoch),
        [530, 530, 505],
      );
    });
  });
}
