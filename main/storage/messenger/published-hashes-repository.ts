// Typed access to published_hashes (account migration 6): which Waku messages carried which of
// our outgoing app messages, and which of them a store has confirmed. No transactions here.
import type { Db } from '../database.ts';

export interface PublishedHash {
  messageId: string;
  hash: string;
  copyId: string;
  pubsubTopic: string;
  publishedAt: number;
  attempts: number;
}

interface Row {
  message_id: string;
  hash: string;
  copy_id: string;
  pubsub_topic: string;
  published_at: number;
  attempts: number;
}

const toRecord = (row: Row): PublishedHash => ({
  messageId: row.message_id,
  hash: row.hash,
  copyId: row.copy_id,
  pubsubTopic: row.pubsub_topic,
  publishedAt: row.published_at,
  attempts: row.attempts,
});

export class PublishedHashesRepository {
  readonly #record;
  readonly #due;
  readonly #nextDue;
  readonly #markFound;
  readonly #reschedule;
  readonly #complete;
  readonly #forget;
  readonly #forgetSettled;
  readonly #expired;
  readonly #count;

  constructor(db: Db) {
    // Only our own outgoing messages still short of stored are worth checking (not actions,
    // not contact requests' companions, not what is delivered already).
    this.#record = db.prepare(
      `INSERT INTO published_hashes (message_id, hash, copy_id, pubsub_topic, published_at, next_check_at)
       SELECT :messageId, :hash, :copyId, :pubsubTopic, :at, :nextCheckAt FROM messages
       WHERE id = :messageId AND outgoing = 1 AND status IN ('pending', 'sent')
       ON CONFLICT (message_id, hash) DO NOTHING`,
    );
    this.#due = db.prepare<{ now: number; limit: number }, Row>(
      `SELECT message_id, hash, copy_id, pubsub_topic, published_at, attempts FROM published_hashes
       WHERE found = 0 AND next_check_at <= :now ORDER BY next_check_at, hash LIMIT :limit`,
    );
    this.#nextDue = db.prepare<[], { at: number | null }>(
      'SELECT min(next_check_at) AS at FROM published_hashes WHERE found = 0',
    );
    this.#markFound = db.prepare<[string]>('UPDATE published_hashes SET found = 1 WHERE hash = ? AND found = 0');
    this.#reschedule = db.prepare<{ hash: string; next: number }>(
      'UPDATE published_hashes SET attempts = attempts + 1, next_check_at = :next WHERE hash = :hash AND found = 0',
    );
    // A copy is complete when none of its rows is still unfound.
    this.#complete = db.prepare<[string], { copy_id: string }>(
      `SELECT copy_id FROM published_hashes WHERE message_id = ?
       GROUP BY copy_id HAVING min(found) = 1 LIMIT 1`,
    );
    this.#forget = db.prepare<[string]>('DELETE FROM published_hashes WHERE message_id = ?');
    this.#forgetSettled = db.prepare(
      `DELETE FROM published_hashes WHERE NOT EXISTS
         (SELECT 1 FROM messages m WHERE m.id = published_hashes.message_id AND m.status IN ('pending', 'sent'))`,
    );
    this.#expired = db.prepare<[number], { message_id: string }>(
      `SELECT message_id FROM published_hashes GROUP BY message_id HAVING max(published_at) < ?`,
    );
    this.#count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM published_hashes');
  }

  /** Records one Waku message of one app message; false when that message is not ours to check. */
  record(entry: {
    messageId: string;
    hash: string;
    copyId: string;
    pubsubTopic: string;
    at: number;
    nextCheckAt: number;
  }): boolean {
    return this.#record.run(entry).changes === 1;
  }

  /** Unfound hashes whose next check is due, the most overdue first. */
  due(now: number, limit: number): PublishedHash[] {
    return this.#due.all({ now, limit }).map(toRecord);
  }

  /** When the next check is due (null: nothing to check). */
  nextDueAt(): number | null {
    return this.#nextDue.get()?.at ?? null;
  }

  markFound(hash: string): void {
    this.#markFound.run(hash);
  }

  reschedule(hash: string, nextCheckAt: number): void {
    this.#reschedule.run({ hash, next: nextCheckAt });
  }

  /** Whether every segment of at least one copy of the message was found. */
  hasCompleteCopy(messageId: string): boolean {
    return this.#complete.get(messageId) !== undefined;
  }

  forget(messageId: string): void {
    this.#forget.run(messageId);
  }

  /** Drops rows of messages that moved on (stored, delivered, failed) or are gone; returns how many. */
  forgetSettled(): number {
    return this.#forgetSettled.run().changes;
  }

  /** Messages whose newest copy went out before `before`: the check gives up on them. */
  publishedBefore(before: number): string[] {
    return this.#expired.all(before).map((row) => row.message_id);
  }

  count(): number {
    return this.#count.get()?.n ?? 0;
  }
}
