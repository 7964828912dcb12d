// What encryption at rest costs: the same prefs writes into a SQLCipher database and
// into a plain SQLite one (same library, same pragmas, only the key differs).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { closeDatabase, openDatabase } from '../../main/storage/database.ts';
import { migrate } from '../../main/storage/migrations.ts';
import { PrefsRepository } from '../../main/storage/prefs-repository.ts';
import { coreMigrations } from '../../main/storage/schema/core-migrations.ts';
import { type Comparison, compare } from '../measure.ts';

export async function storageBenchmarks(ops: number): Promise<Comparison[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsd-bench-'));
  try {
    const encrypted = openDatabase({
      path: path.join(dir, 'enc.db'),
      key: crypto.randomBytes(32),
      migrations: coreMigrations,
    }).db;
    const plain = new Database(path.join(dir, 'plain.db'));
    plain.pragma('journal_mode = WAL');
    plain.pragma('synchronous = NORMAL');
    migrate(plain, coreMigrations);
    const enc = new PrefsRepository(encrypted);
    const clear = new PrefsRepository(plain);
    const value = { text: 'x'.repeat(200) };
    const result = await compare(
      'prefs write (one transaction each)',
      'SQLCipher 4 (AES-256, raw key) vs. unencrypted SQLite, WAL + synchronous=NORMAL',
      { name: 'encrypted', op: (i) => enc.set(`k${i % 5000}`, value, i) },
      { name: 'plain', op: (i) => clear.set(`k${i % 5000}`, value, i) },
      ops,
    );
    closeDatabase(encrypted);
    plain.close();
    return [result];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
