// The store archive's schema, kept in the node's core database (tables prefixed `waku_`).
//
// - waku_messages: one row per archived message, keyed by the deterministic message hash.
//   A rowid table (not WITHOUT ROWID): rows carry payloads up to 150 KiB, which belong in
//   overflow pages, not in a clustered index. Timestamps are the sender's, in unix ns (int64).
// - waku_messages_by_time (timestamp, hash): the store's sort order (13/WAKU2-STORE v3: time,
//   then hash); serves queries without a content filter, cursor positioning and retention.
// - waku_messages_by_topic (pubsub_topic, content_topic, timestamp, hash): one ordered range
//   per content topic; a query on several topics merges a page from each range (archive.ts).
// - waku_store_totals: row and byte counts kept by triggers, so stats() and the row cap never
//   have to count a large table.
//
// Every statement is idempotent (IF NOT EXISTS), so the migrations can be run by the composer
// as part of the core database's list *and* by ensureStoreSchema() without conflict.
import type { Db } from '../../storage/database.ts';
import type { Migration } from '../../storage/migrations.ts';

export const storeMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'waku store archive',
    up: `
      CREATE TABLE IF NOT EXISTS waku_messages (
        id            INTEGER PRIMARY KEY,
        hash          BLOB NOT NULL UNIQUE,   -- 32-byte deterministic message hash (14/WAKU2-MESSAGE)
        pubsub_topic  TEXT NOT NULL,
        content_topic TEXT NOT NULL,
        timestamp     INTEGER NOT NULL,       -- sender time, unix ns
        payload       BLOB NOT NULL,
        meta          BLOB,
        version       INTEGER NOT NULL,
        received_at   INTEGER NOT NULL        -- our clock when archived, unix ms
      ) STRICT;
      CREATE INDEX IF NOT EXISTS waku_messages_by_time ON waku_messages (timestamp, hash);
      CREATE INDEX IF NOT EXISTS waku_messages_by_topic
        ON waku_messages (pubsub_topic, content_topic, timestamp, hash);
      CREATE TABLE IF NOT EXISTS waku_store_totals (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        rows  INTEGER NOT NULL,
        bytes INTEGER NOT NULL                -- payload + meta bytes
      ) STRICT;
      INSERT OR IGNORE INTO waku_store_totals (id, rows, bytes)
        SELECT 1, count(*), coalesce(sum(length(payload) + coalesce(length(meta), 0)), 0) FROM waku_messages;
      CREATE TRIGGER IF NOT EXISTS waku_messages_counted_in AFTER INSERT ON waku_messages BEGIN
        UPDATE waku_store_totals
          SET rows = rows + 1, bytes = bytes + length(NEW.payload) + coalesce(length(NEW.meta), 0)
          WHERE id = 1;
      END;
      CREATE TRIGGER IF NOT EXISTS waku_messages_counted_out AFTER DELETE ON waku_messages BEGIN
        UPDATE waku_store_totals
          SET rows = rows - 1, bytes = bytes - length(OLD.payload) - coalesce(length(OLD.meta), 0)
          WHERE id = 1;
      END;
    `,
  },
];

/** The store's own version record: the core database's user_version belongs to the composer. */
const VERSION_TABLE = `
  CREATE TABLE IF NOT EXISTS waku_schema_versions (
    component TEXT PRIMARY KEY NOT NULL,
    version   INTEGER NOT NULL
  ) STRICT;
`;

const COMPONENT = 'store';

/**
 * Brings the store tables up to date in `db`, whatever else lives there, and returns the
 * versions applied. Safe to call on every start and after the composer ran storeMigrations.
 */
export function ensureStoreSchema(db: Db): number[] {
  const applied: number[] = [];
  db.transaction(() => {
    db.exec(VERSION_TABLE);
    const row = db.prepare('SELECT version FROM waku_schema_versions WHERE component = ?').get(COMPONENT) as
      | { version: number }
      | undefined;
    const current = row?.version ?? 0;
    if (current > storeMigrations.length)
      throw new Error(`store schema version ${current} is newer than this app knows (${storeMigrations.length})`);
    for (const migration of storeMigrations.slice(current)) {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      applied.push(migration.version);
    }
    db.prepare(
      'INSERT INTO waku_schema_versions (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version',
    ).run(COMPONENT, storeMigrations.length);
  })();
  return applied;
}
