// Typed access to the prefs table: the only place that knows its SQL.
import type { JsonValue, Pref } from '../../shared/api.ts';
import type { Db } from './database.ts';

interface PrefRow {
  key: string;
  value: string;
  updated_at: number;
}

function toPref(row: PrefRow): Pref {
  return { key: row.key, value: JSON.parse(row.value) as JsonValue, updatedAt: row.updated_at };
}

export class PrefsRepository {
  readonly #get;
  readonly #list;
  readonly #upsert;

  constructor(db: Db) {
    this.#get = db.prepare<[string], PrefRow>('SELECT key, value, updated_at FROM prefs WHERE key = ?');
    this.#list = db.prepare<[], PrefRow>('SELECT key, value, updated_at FROM prefs ORDER BY key');
    this.#upsert = db.prepare<[string, string, number]>(
      `INSERT INTO prefs (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
  }

  get(key: string): Pref | null {
    const row = this.#get.get(key);
    return row ? toPref(row) : null;
  }

  list(): Pref[] {
    return this.#list.all().map(toPref);
  }

  set(key: string, value: JsonValue, now: number): Pref {
    this.#upsert.run(key, JSON.stringify(value), now);
    return { key, value, updatedAt: now };
  }
}
