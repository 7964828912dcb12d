// Which Waku messages were already processed, by their deterministic message hash: the same
// message arrives over relay, filter and store queries and must be handled once. Bounded by
// age through prune(), which the caller runs periodically.
import type { Db } from '../database.ts';

/** Store queries reach back at most ~30 days; a hash older than that cannot come back usefully. */
export const PROCESSED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export class ProcessedMessagesRepository {
  readonly #insert;
  readonly #has;
  readonly #prune;

  constructor(db: Db) {
    this.#insert = db.prepare<[string, number]>(
      'INSERT INTO processed_waku_messages (hash, processed_at) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING',
    );
    this.#has = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM processed_waku_messages WHERE hash = ?');
    this.#prune = db.prepare<[number]>('DELETE FROM processed_waku_messages WHERE processed_at < ?');
  }

  /**
   * Records the hash; true the first time, false when it was processed before. Call it in the
   * transaction that stores the message's effects, so a crash cannot mark it without them.
   */
  markProcessed(hash: string, now: number): boolean {
    return this.#insert.run(hash, now).changes === 1;
  }

  has(hash: string): boolean {
    return this.#has.get(hash) !== undefined;
  }

  /** Forgets hashes processed before `now - retention`; returns how many. */
  prune(now: number, retentionMs: number = PROCESSED_RETENTION_MS): number {
    return this.#prune.run(now - retentionMs).changes;
  }
}
