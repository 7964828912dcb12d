// Opening an encrypted database: SQLCipher 4 format (via SQLite3MultipleCiphers), a raw
// 256-bit key (the key is already random or derived from the account, so SQLCipher's own
// password KDF would only slow every login), WAL, owner-only file modes.
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { StorageError, StorageErrorCode } from './errors.ts';
import { type Migration, migrate } from './migrations.ts';

export type Db = Database.Database;

export const DATABASE_KEY_BYTES = 32;

export interface OpenDatabaseOptions {
  path: string;
  key: Uint8Array;
  migrations: readonly Migration[];
}

export interface OpenedDatabase {
  db: Db;
  /** Migration versions applied by this open. */
  migrated: number[];
}

export function openDatabase({ path, key, migrations }: OpenDatabaseOptions): OpenedDatabase {
  if (key.length !== DATABASE_KEY_BYTES) throw new Error(`database key must be ${DATABASE_KEY_BYTES} bytes`);
  createOwnerOnly(path);
  const db = new Database(path);
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    assertKeyOpensDatabase(db);
    // WAL: readers never block the writer; NORMAL: a crashed process loses no committed
    // transaction (only an OS crash or power loss may drop the last few, never corrupting).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('trusted_schema = OFF');
    const migrated = migrate(db, migrations);
    // SQLite gives -wal/-shm the main file's mode; enforce it anyway for files made before us.
    for (const suffix of ['-wal', '-shm']) restrictIfPresent(path + suffix);
    return { db, migrated };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Checkpoints the WAL into the main file and closes; the next open starts clean. */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export function integrityCheck(db: Db): string[] {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  return rows.map((row) => row.integrity_check);
}

function assertKeyOpensDatabase(db: Db): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new StorageError(StorageErrorCode.WrongKey, 'the database key is wrong or the file is not a database', {
        cause: error,
      });
    }
    throw new StorageError(StorageErrorCode.Corrupt, `the database cannot be read: ${String(error)}`, { cause: error });
  }
}

function createOwnerOnly(path: string): void {
  const fd = fs.openSync(path, fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600);
  fs.closeSync(fd);
  fs.chmodSync(path, 0o600);
}

function restrictIfPresent(path: string): void {
  try {
    fs.chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
