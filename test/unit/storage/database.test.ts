import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { closeDatabase, integrityCheck, openDatabase } from '../../../main/storage/database.ts';
import { StorageError, StorageErrorCode } from '../../../main/storage/errors.ts';
import type { Migration } from '../../../main/storage/migrations.ts';
import { schemaVersion } from '../../../main/storage/migrations.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const v1: Migration = { version: 1, name: 'notes', up: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;' };
const v2: Migration = {
  version: 2,
  name: 'notes.pinned',
  up: (db) => {
    db.exec('ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0');
    db.exec("UPDATE notes SET pinned = 1 WHERE body LIKE 'pin%'");
  },
};
const MARKER = 'plaintext-marker-7f3a9c';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const key = () => crypto.randomBytes(32);
const storageError = (code: string) => (error: unknown) =>
  error instanceof StorageError && error.code === code;

describe('encrypted database', () => {
  test('data written with a key reads back only with that key', () => {
    const file = path.join(dir, 'a.db');
    const k = key();
    const { db, migrated } = openDatabase({ path: file, key: k, migrations: [v1] });
    assert.deepEqual(migrated, [1]);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run(MARKER);
    closeDatabase(db);

    const again = openDatabase({ path: file, key: k, migrations: [v1] });
    assert.deepEqual(again.migrated, []);
    assert.equal((again.db.prepare('SELECT body FROM notes').get() as { body: string }).body, MARKER);
    closeDatabase(again.db);

    assert.throws(() => openDatabase({ path: file, key: key(), migrations: [v1] }), storageError(StorageErrorCode.WrongKey));
  });

  test('nothing readable on disk: no SQLite header, no plaintext in the file or the WAL', () => {
    const file = path.join(dir, 'a.db');
    const { db } = openDatabase({ path: file, key: key(), migrations: [v1] });
    const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
    for (let i = 0; i < 200; i += 1) insert.run(`${MARKER}-${i}`);
    // While open, the rows live in the WAL.
    const wal = fs.readFileSync(`${file}-wal`);
    assert.ok(wal.length > 0);
    assert.equal(wal.includes(MARKER), false);
    closeDatabase(db);
    const bytes = fs.readFileSync(file);
    assert.notEqual(bytes.subarray(0, 15).toString('latin1'), 'SQLite format 3');
    assert.equal(bytes.includes(MARKER), false);
  });

  test('the database and its WAL files are owner-only (0600)', () => {
    const file = path.join(dir, 'a.db');
    const { db } = openDatabase({ path: file, key: key(), migrations: [v1] });
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('x');
    for (const name of [file, `${file}-wal`, `${file}-shm`]) {
      assert.equal(fs.statSync(name).mode & 0o777, 0o600, name);
    }
    closeDatabase(db);
  });

  test('an existing world-readable file is tightened to 0600 on open', () => {
    const file = path.join(dir, 'a.db');
    const k = key();
    closeDatabase(openDatabase({ path: file, key: k, migrations: [v1] }).db);
    fs.chmodSync(file, 0o644);
    const { db } = openDatabase({ path: file, key: k, migrations: [v1] });
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    closeDatabase(db);
  });

  test('a file that is not a database fails cleanly', () => {
    const file = path.join(dir, 'junk.db');
    fs.writeFileSync(file, crypto.randomBytes(8192));
    assert.throws(() => openDatabase({ path: file, key: key(), migrations: [v1] }), storageError(StorageErrorCode.WrongKey));
  });

  test('a key of the wrong size is a programming error', () => {
    assert.throws(() => openDatabase({ path: path.join(dir, 'a.db'), key: new Uint8Array(16), migrations: [v1] }), /32 bytes/);
  });
});

describe('migrations', () => {
  test('an older schema is migrated forward and keeps its data', () => {
    const file = path.join(dir, 'a.db');
    const k = key();
    const old = openDatabase({ path: file, key: k, migrations: [v1] }).db;
    old.prepare('INSERT INTO notes (body) VALUES (?), (?)').run('pin me', 'plain');
    closeDatabase(old);

    const { db, migrated } = openDatabase({ path: file, key: k, migrations: [v1, v2] });
    assert.deepEqual(migrated, [2]);
    assert.equal(schemaVersion(db), 2);
    assert.deepEqual(db.prepare('SELECT body, pinned FROM notes ORDER BY id').all(), [
      { body: 'pin me', pinned: 1 },
      { body: 'plain', pinned: 0 },
    ]);
    assert.deepEqual(integrityCheck(db), ['ok']);
    closeDatabase(db);
  });

  test('a failing migration leaves the database at the previous version, untouched', () => {
    const file = path.join(dir, 'a.db');
    const k = key();
    const old = openDatabase({ path: file, key: k, migrations: [v1] }).db;
    old.prepare('INSERT INTO notes (body) VALUES (?)').run('keep');
    closeDatabase(old);
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: 'ALTER TABLE notes ADD COLUMN extra TEXT; INSERT INTO no_such_table VALUES (1);',
    };
    assert.throws(() => openDatabase({ path: file, key: k, migrations: [v1, broken] }), storageError(StorageErrorCode.Migration));
    const { db } = openDatabase({ path: file, key: k, migrations: [v1] });
    assert.equal(schemaVersion(db), 1);
    const columns = (db.prepare('PRAGMA table_info(notes)').all() as Array<{ name: string }>).map((c) => c.name);
    assert.deepEqual(columns, ['id', 'body']);
    assert.equal((db.prepare('SELECT body FROM notes').get() as { body: string }).body, 'keep');
    closeDatabase(db);
  });

  test('a database from a newer app is refused, not damaged', () => {
    const file = path.join(dir, 'a.db');
    const k = key();
    closeDatabase(openDatabase({ path: file, key: k, migrations: [v1, v2] }).db);
    assert.throws(() => openDatabase({ path: file, key: k, migrations: [v1] }), storageError(StorageErrorCode.TooNew));
    const { db } = openDatabase({ path: file, key: k, migrations: [v1, v2] });
    assert.equal(schemaVersion(db), 2);
    closeDatabase(db);
  });

  test('migrations must be numbered 1..n without gaps', () => {
    const gap: Migration = { ...v2, version: 3 };
    assert.throws(() => openDatabase({ path: path.join(dir, 'a.db'), key: key(), migrations: [v1, gap] }), /expected 2/);
  });
});
