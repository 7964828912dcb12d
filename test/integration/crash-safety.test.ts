// Killing the core with SIGKILL in the middle of a write burst: the database still opens,
// passes PRAGMA integrity_check, and holds every write the core had acknowledged.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { closeDatabase, integrityCheck, openDatabase } from '../../main/storage/database.ts';
import { DataFile } from '../../main/storage/data-dir.ts';
import { coreMigrations } from '../../main/storage/schema/core-migrations.ts';
import { startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { withTimeout } from '../helpers/wait.ts';

const ROUNDS = 3;
const WRITERS = 8;
const KILL_AFTER_ACKS = 300;

test('SIGKILL during a write burst loses no acknowledged write and corrupts nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const acked = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round += 1) {
      const node = await startHeadlessProcess(dir);
      const client = await node.connect();
      let stop = false;
      let acks = 0;
      const killed = new Promise<void>((resolve) => {
        const writer = async (w: number) => {
          for (let i = 0; !stop; i += 1) {
            const key = `r${round}.w${w}.k${i}`;
            try {
              const pref = await client.call('prefs.set', { key, value: { round, w, i, pad: 'x'.repeat(200) } });
              acked.set(key, pref.updatedAt);
              acks += 1;
              if (acks === KILL_AFTER_ACKS) {
                // Kill while the other writers still have requests in flight.
                node.child.kill('SIGKILL');
                resolve();
              }
            } catch {
              stop = true; // the connection died with the process
            }
          }
        };
        for (let w = 0; w < WRITERS; w += 1) void writer(w);
      });
      await withTimeout(killed, 30_000, 'the write burst');
      assert.equal(await withTimeout(node.exited, 10_000, 'the killed node to exit'), 'SIGKILL');
      stop = true;
      // The lock file of the killed core is left behind; the next start must take it over.
      assert.equal(fs.existsSync(path.join(dir, DataFile.Lock)), true);
    }

    const key = Buffer.from(fs.readFileSync(path.join(dir, DataFile.DatabaseKey), 'utf8').trim(), 'hex');
    const { db } = openDatabase({ path: path.join(dir, DataFile.Database), key, migrations: coreMigrations });
    try {
      assert.deepEqual(integrityCheck(db), ['ok']);
      const stored = new Set((db.prepare('SELECT key FROM prefs').all() as Array<{ key: string }>).map((r) => r.key));
      const missing = [...acked.keys()].filter((k) => !stored.has(k));
      assert.deepEqual(missing, [], `${missing.length} acknowledged writes lost`);
      assert.ok(acked.size >= ROUNDS * KILL_AFTER_ACKS);
    } finally {
      closeDatabase(db);
    }

    // And the node starts again on the crashed directory.
    const again = await startHeadlessProcess(dir);
    const client = await again.connect();
    assert.equal((await client.call('prefs.list')).length >= acked.size, true);
    again.child.kill('SIGTERM');
    assert.equal(await again.exited, 0);
  } finally {
    cleanup();
  }
});
