// Numbered, forward-only schema migrations. A database remembers its version in
// PRAGMA user_version; each migration runs in its own transaction, so a crash mid-way
// leaves the database at the previous version, never half-migrated.
import type { Db } from './database.ts';
import { StorageError, StorageErrorCode } from './errors.ts';

export interface Migration {
  /** 1, 2, 3, ... without gaps. */
  readonly version: number;
  readonly name: string;
  readonly up: string | ((db: Db) => void);
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function assertMigrationsWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration #${index} (${migration.name}) has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}

/** Applies the migrations the database lacks; returns the versions applied. */
export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  assertMigrationsWellFormed(migrations);
  const current = schemaVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new StorageError(
      StorageErrorCode.TooNew,
      `database schema version ${current} is newer than this app knows (${latest}); update the app`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    const step = db.transaction(() => {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      step();
    } catch (error) {
      throw new StorageError(
        StorageErrorCode.Migration,
        `migration ${migration.version} (${migration.name}) failed: ${String(error)}`,
        { cause: error },
      );
    }
    applied.push(migration.version);
  }
  return applied;
}
