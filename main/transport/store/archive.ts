// The message archive behind the store service: what gets archived, how it is written (a short
// write queue flushed in one transaction), how a query page is planned, and retention.
//
// Eligibility (WAKU2-STORE "message store eligibility", nwaku waku_archive): not ephemeral, a
// timestamp within 20 s of our clock either way. Everything refused is counted by reason.
//
// Query plans (one prepared statement per shape, cached):
// - content topics given: one ordered range scan per content topic on
//   (pubsub_topic, content_topic, timestamp, hash), each LIMIT page+1, merged here. A page costs
//   O(topics × page) rows whatever the archive size; an IN (...) + ORDER BY would make SQLite
//   collect and sort every matching row first.
// - pubsub topic only, or no filter: a scan of (timestamp, hash) in order, pubsub topic checked
//   per row (a node serves a handful of shards, so most rows match).
// - hash lookups: one point lookup per hash (at most 100), sorted here.
// A cursor is resolved to its (timestamp, hash) first: unknown → 400. Pages are returned in
// ascending order whatever the direction (spec), and cut short (with a cursor) before they would
// exceed what js-waku's length-prefixed reader accepts (4 MiB).
//
// Retention: by age (sender timestamp) and by row count, in batches with a turn of the event
// loop between them, so a large cleanup never blocks relay for long.
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { Counters } from '../counters.ts';
import type { Db } from '../../storage/database.ts';
import type { WakuMessage } from '../message.ts';
import { ensureStoreSchema } from './schema.ts';
import type { StoreEntry, StoreQuery } from './store-codec.ts';

export interface RetentionPolicy {
  /** Messages whose sender timestamp is older than this are deleted (nwaku default: 2 days). */
  maxAgeMs: number;
  /** Oldest messages beyond this many rows are deleted. */
  maxRows: number;
  /** How often retention runs (nwaku: every 30 min). */
  intervalMs: number;
  /**
   * Rows deleted per transaction; the event loop gets a turn between batches. 250 rows of
   * ~0.5 KiB cost ~15–20 ms on the reference VM (encrypted pages, two indexes, count triggers).
   */
  batchSize: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  maxAgeMs: 2 * 24 * 60 * 60_000,
  maxRows: 1_000_000,
  intervalMs: 10 * 60_000,
  batchSize: 250,
};

export interface ArchiveOptions {
  retention?: Partial<RetentionPolicy>;
  /** Messages further than this from our clock are not archived (13/WAKU2-STORE: 20 s). */
  maxClockSkewMs?: number;
  /** Writes wait at most this long to be batched with others. */
  flushDelayMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
  /** Writes waiting beyond this are dropped (and counted); only reachable if the disk stalls. */
  maxPending?: number;
  /** Bytes of message data per response page (js-waku's reader stops at 4 MiB). */
  maxPageBytes?: number;
  now?: () => number;
}

const DEFAULTS = {
  maxClockSkewMs: 20_000,
  flushDelayMs: 10,
  maxBatch: 500,
  maxPending: 10_000,
  maxPageBytes: 3 * 1024 * 1024,
} as const;

export type ArchiveSkip = 'ephemeral' | 'no-timestamp' | 'too-old' | 'too-new' | 'queue-full';

export type ArchiveCounter =
  | 'archived'
  | 'duplicates'
  | `skipped:${ArchiveSkip}`
  | 'write-failures'
  | 'retention:age'
  | 'retention:rows'
  | 'retention-failures';

export type AcceptOutcome = { archived: true } | { archived: false; reason: ArchiveSkip };

export type QueryOutcome =
  | { ok: true; entries: StoreEntry[]; cursor: Uint8Array | null }
  | { ok: false; reason: 'unknown-cursor' | 'internal'; detail?: string };

interface PendingRow {
  hash: Uint8Array;
  pubsubTopic: string;
  message: WakuMessage;
  timestamp: bigint;
  receivedAt: number;
}

interface Row {
  hash: Buffer;
  timestamp: bigint;
  pubsub_topic?: string;
  content_topic?: string;
  payload?: Buffer;
  meta?: Buffer | null;
  version?: bigint;
}

const NS_PER_MS = 1_000_000n;

export class MessageArchive {
  readonly counters = new Counters<ArchiveCounter>();
  readonly retention: RetentionPolicy;
  readonly #db: Db;
  readonly #options: Required<Omit<ArchiveOptions, 'retention'>>;
  readonly #statements = new Map<string, Statement>();
  readonly #insert: Statement;
  readonly #totals: Statement;
  readonly #cursorOf: Statement;
  #pending: PendingRow[] = [];
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #retentionTimer: ReturnType<typeof setInterval> | null = null;
  #retentionRun: Promise<number> | null = null;
  #stopped = false;

  constructor(db: Db, options: ArchiveOptions = {}) {
    ensureStoreSchema(db);
    this.#db = db;
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.#options = {
      maxClockSkewMs: options.maxClockSkewMs ?? DEFAULTS.maxClockSkewMs,
      flushDelayMs: options.flushDelayMs ?? DEFAULTS.flushDelayMs,
      maxBatch: options.maxBatch ?? DEFAULTS.maxBatch,
      maxPending: options.maxPending ?? DEFAULTS.maxPending,
      maxPageBytes: options.maxPageBytes ?? DEFAULTS.maxPageBytes,
      now: options.now ?? Date.now,
    };
    this.#insert = db.prepare(
      `INSERT OR IGNORE INTO waku_messages
         (hash, pubsub_topic, content_topic, timestamp, payload, meta, version, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#totals = db.prepare('SELECT rows, bytes FROM waku_store_totals WHERE id = 1');
    this.#cursorOf = db.prepare('SELECT timestamp FROM waku_messages WHERE hash = ?').safeIntegers(true);
  }

  /** Starts periodic retention (first run right away, off the current turn). */
  start(): void {
    this.#stopped = false;
    if (this.#retentionTimer !== null) return;
    this.#retentionTimer = setInterval(() => void this.applyRetention(), this.retention.intervalMs);
    this.#retentionTimer.unref();
    setImmediate(() => void this.applyRetention());
  }

  /** Writes what is queued and stops the timers; the database stays open (the composer owns it). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retentionTimer !== null) clearInterval(this.#retentionTimer);
    this.#retentionTimer = null;
    await this.#retentionRun?.catch(() => 0);
    this.flush();
  }

  /** Queues an eligible message for writing; the caller checked that we serve its pubsub topic. */
  accept(pubsubTopic: string, message: WakuMessage, hash: Uint8Array): AcceptOutcome {
    const skip = this.#eligibility(message);
    if (skip !== null) {
      this.counters.inc(`skipped:${skip}`);
      return { archived: false, reason: skip };
    }
    if (this.#pending.length >= this.#options.maxPending) {
      this.counters.inc('skipped:queue-full');
      return { archived: false, reason: 'queue-full' };
    }
    this.#pending.push({
      hash,
      pubsubTopic,
      message,
      timestamp: message.timestamp ?? 0n,
      receivedAt: this.#options.now(),
    });
    if (this.#pending.length >= this.#options.maxBatch) this.flush();
    else if (this.#flushTimer === null) this.#flushTimer = setTimeout(() => this.flush(), this.#options.flushDelayMs);
    return { archived: true };
  }

  /** Writes the queue in one transaction; returns the rows inserted (duplicates are ignored). */
  flush(): number {
    if (this.#flushTimer !== null) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    if (this.#pending.length === 0) return 0;
    const batch = this.#pending;
    this.#pending = [];
    let inserted = 0;
    try {
      this.#db.transaction(() => {
        for (const row of batch) {
          const { message } = row;
          inserted += this.#insert.run(
            row.hash,
            row.pubsubTopic,
            message.contentTopic,
            row.timestamp,
            message.payload,
            message.meta !== undefined && message.meta.length > 0 ? message.meta : null,
            message.version ?? 0,
            row.receivedAt,
          ).changes;
        }
      })();
    } catch {
      this.counters.inc('write-failures', batch.length);
      return 0;
    }
    this.counters.inc('archived', inserted);
    if (batch.length > inserted) this.counters.inc('duplicates', batch.length - inserted);
    return inserted;
  }

  /** Archived rows and bytes (kept by triggers), and writes still queued. Never throws. */
  totals(): { rows: number; bytes: number; pending: number } {
    let row: { rows: number; bytes: number } | undefined;
    try {
      row = this.#totals.get() as { rows: number; bytes: number } | undefined;
    } catch {
      // The composer closed the database under us; stats() must still answer.
      row = undefined;
    }
    return { rows: row?.rows ?? 0, bytes: row?.bytes ?? 0, pending: this.#pending.length };
  }

  /** One page for a decoded query. Never throws. */
  query(query: StoreQuery): QueryOutcome {
    try {
      // A query sees everything accepted before it.
      this.flush();
      let after: { timestamp: bigint; hash: Buffer } | null = null;
      if (query.cursor !== null) {
        const cursor = this.#cursorOf.get(query.cursor) as { timestamp: bigint } | undefined;
        if (cursor === undefined) return { ok: false, reason: 'unknown-cursor' };
        after = { timestamp: cursor.timestamp, hash: Buffer.from(query.cursor) };
      }
      const limit = query.pageSize + 1;
      const rows =
        query.hashes.length > 0
          ? this.#lookup(query, after, limit)
          : query.contentTopics.length > 0
            ? this.#byTopics(query, after, limit)
            : this.#byTime(query, after, limit);
      return this.#page(query, rows);
    } catch (error) {
      return { ok: false, reason: 'internal', detail: String(error) };
    }
  }

  /** Deletes what the retention policy no longer keeps; returns the number of rows deleted. */
  applyRetention(): Promise<number> {
    if (this.#retentionRun !== null) return this.#retentionRun;
    this.#retentionRun = this.#retain().finally(() => {
      this.#retentionRun = null;
    });
    return this.#retentionRun;
  }

  async #retain(): Promise<number> {
    const { maxAgeMs, maxRows, batchSize } = this.retention;
    let deleted = 0;
    try {
      const cutoff = BigInt(Math.floor(this.#options.now() - maxAgeMs)) * NS_PER_MS;
      const byAge = this.#statement(
        'retention-age',
        `DELETE FROM waku_messages WHERE id IN
           (SELECT id FROM waku_messages WHERE timestamp < ? ORDER BY timestamp LIMIT ?)`,
      );
      for (;;) {
        if (this.#stopped) return deleted;
        const removed = byAge.run(cutoff, batchSize).changes;
        deleted += removed;
        this.counters.inc('retention:age', removed);
        if (removed < batchSize) break;
        await nextTurn();
      }
      const oldest = this.#statement(
        'retention-rows',
        `DELETE FROM waku_messages WHERE id IN
           (SELECT id FROM waku_messages ORDER BY timestamp, hash LIMIT ?)`,
      );
      for (;;) {
        if (this.#stopped) return deleted;
        const excess = this.totals().rows - maxRows;
        if (excess <= 0) break;
        const removed = oldest.run(Math.min(excess, batchSize)).changes;
        deleted += removed;
        this.counters.inc('retention:rows', removed);
        if (removed === 0) break;
        await nextTurn();
      }
    } catch {
      this.counters.inc('retention-failures');
    }
    return deleted;
  }

  #eligibility(message: WakuMessage): ArchiveSkip | null {
    if (message.ephemeral === true) return 'ephemeral';
    if (message.timestamp === undefined || message.timestamp === 0n) return 'no-timestamp';
    const skew = BigInt(this.#options.maxClockSkewMs) * NS_PER_MS;
    const now = BigInt(Math.floor(this.#options.now())) * NS_PER_MS;
    if (message.timestamp < now - skew) return 'too-old';
    if (message.timestamp > now + skew) return 'too-new';
    return null;
  }

  #columns(query: StoreQuery): string {
    return query.includeData
      ? 'hash, timestamp, pubsub_topic, content_topic, payload, meta, version'
      : 'hash, timestamp';
  }

  /** WHERE fragments shared by the range plans; `params` receives their values in order. */
  #rangeClauses(query: StoreQuery, after: { timestamp: bigint; hash: Buffer } | null, params: unknown[]): string[] {
    const clauses: string[] = [];
    if (query.timeStart !== null) {
      clauses.push('timestamp >= ?');
      params.push(query.timeStart);
    }
    if (query.timeEnd !== null) {
      clauses.push('timestamp < ?');
      params.push(query.timeEnd);
    }
    if (after !== null) {
      clauses.push(query.forward ? '(timestamp, hash) > (?, ?)' : '(timestamp, hash) < (?, ?)');
      params.push(after.timestamp, after.hash);
    }
    return clauses;
  }

  #byTopics(query: StoreQuery, after: { timestamp: bigint; hash: Buffer } | null, limit: number): Row[] {
    const order = query.forward ? 'ASC' : 'DESC';
    const tail: unknown[] = [];
    const clauses = ['pubsub_topic = ?', 'content_topic = ?', ...this.#rangeClauses(query, after, tail)];
    const range = (columns: string) => `SELECT ${columns} FROM waku_messages INDEXED BY waku_messages_by_topic
      WHERE ${clauses.join(' AND ')} ORDER BY timestamp ${order}, hash ${order} LIMIT ?`;
    if (query.contentTopics.length === 1 || !query.includeData) {
      const sql = range(this.#columns(query));
      const statement = this.#statement(sql, sql);
      const ranges = query.contentTopics.map(
        (topic) => statement.all(query.pubsubTopic, topic, ...tail, limit) as Row[],
      );
      return ranges.length === 1 ? (ranges[0] ?? []) : merge(ranges, query.forward, limit);
    }
    // Several topics with data: merge the keys (read from the index alone), then load only the
    // rows that made the page.
    const keys = range('id, hash, timestamp');
    const keyStatement = this.#statement(keys, keys);
    const ranges = query.contentTopics.map(
      (topic) => keyStatement.all(query.pubsubTopic, topic, ...tail, limit) as Array<Row & { id: bigint }>,
    );
    const rowSql = `SELECT ${this.#columns(query)} FROM waku_messages WHERE id = ?`;
    const rowStatement = this.#statement(rowSql, rowSql);
    return merge(ranges, query.forward, limit).flatMap((key) => {
      const row = rowStatement.get((key as Row & { id: bigint }).id) as Row | undefined;
      return row === undefined ? [] : [row];
    });
  }

  #byTime(query: StoreQuery, after: { timestamp: bigint; hash: Buffer } | null, limit: number): Row[] {
    const order = query.forward ? 'ASC' : 'DESC';
    const params: unknown[] = [];
    const clauses: string[] = [];
    if (query.pubsubTopic !== null) {
      // The unary + keeps SQLite off the topic index (which would need a sort of every match).
      clauses.push('+pubsub_topic = ?');
      params.push(query.pubsubTopic);
    }
    clauses.push(...this.#rangeClauses(query, after, params));
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const sql = `SELECT ${this.#columns(query)} FROM waku_messages INDEXED BY waku_messages_by_time
      ${where} ORDER BY timestamp ${order}, hash ${order} LIMIT ?`;
    return this.#statement(sql, sql).all(...params, limit) as Row[];
  }

  #lookup(query: StoreQuery, after: { timestamp: bigint; hash: Buffer } | null, limit: number): Row[] {
    const sql = `SELECT ${this.#columns(query)} FROM waku_messages WHERE hash = ?`;
    const statement = this.#statement(sql, sql);
    const rows: Row[] = [];
    for (const hash of query.hashes) {
      const row = statement.get(hash) as Row | undefined;
      if (row === undefined) continue;
      if (after !== null) {
        const order = compareRows(row, after as Row);
        if (query.forward ? order <= 0 : order >= 0) continue;
      }
      rows.push(row);
    }
    return rows.sort((a, b) => (query.forward ? compareRows(a, b) : compareRows(b, a))).slice(0, limit);
  }

  /** Rows arrive in traversal order with one extra row as the "more" probe. */
  #page(query: StoreQuery, rows: Row[]): QueryOutcome {
    const entries: StoreEntry[] = [];
    let bytes = 0;
    let more = rows.length > query.pageSize;
    for (const row of rows.slice(0, query.pageSize)) {
      const entry = toEntry(row, query.includeData);
      const size = entrySize(entry);
      if (entries.length > 0 && bytes + size > this.#options.maxPageBytes) {
        more = true;
        break;
      }
      bytes += size;
      entries.push(entry);
    }
    const last = entries.at(-1);
    const cursor = more && last !== undefined ? last.hash : null;
    if (!query.forward) entries.reverse();
    return { ok: true, entries, cursor };
  }

  #statement(key: string, sql: string): Statement {
    let statement = this.#statements.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare(sql).safeIntegers(true);
      this.#statements.set(key, statement);
    }
    return statement;
  }
}

/** Merges ranges that are each in traversal order into the first `limit` rows overall. */
function merge<T extends Pick<Row, 'timestamp' | 'hash'>>(ranges: T[][], forward: boolean, limit: number): T[] {
  return ranges
    .flat()
    .sort((a, b) => (forward ? compareRows(a, b) : compareRows(b, a)))
    .slice(0, limit);
}

function compareRows(a: Pick<Row, 'timestamp' | 'hash'>, b: Pick<Row, 'timestamp' | 'hash'>): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  return Buffer.compare(a.hash, b.hash);
}

function toEntry(row: Row, includeData: boolean): StoreEntry {
  const hash = new Uint8Array(row.hash);
  if (!includeData) return { hash };
  const message: WakuMessage = {
    payload: new Uint8Array(row.payload ?? []),
    contentTopic: row.content_topic ?? '',
    version: Number(row.version ?? 0n),
    timestamp: row.timestamp,
  };
  if (row.meta !== null && row.meta !== undefined) message.meta = new Uint8Array(row.meta);
  return { hash, data: { pubsubTopic: row.pubsub_topic ?? '', message } };
}

function entrySize(entry: StoreEntry): number {
  const data = entry.data;
  if (data === undefined) return entry.hash.length + 8;
  return (
    entry.hash.length +
    data.pubsubTopic.length +
    data.message.contentTopic.length +
    data.message.payload.length +
    (data.message.meta?.length ?? 0) +
    32
  );
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
