// The "stored" tick: after we publish, ask a store whether it archived what we sent (status-go's
// MessageSentCheck in go-waku waku/v2/api/publish/message_check.go: hash-only store queries a
// few seconds after publishing). An app message becomes 'stored' once every Waku message
// (segment) of at least one copy of it is found; delivered (an MVDS ack) still wins over it.
//
// - Which store: the HistorySource the history sync uses (full mode: connected peers serving
//   store v3, never ourselves, since our own archive proves nothing; light mode: the store
//   service peer), so there is one store-query path.
// - When: go-waku checks 3 s after publishing every 3 s and gives up after 10 s (status-go
//   then re-sends). We keep MVDS re-sends for that and check longer and more lazily instead:
//   first at 3 s, then back-off doubling up to 2 min, giving up 10 min after the last copy of
//   a message went out. Hashes are asked in batches of ≤ 50 (go-waku's maxHashQueryLength;
//   store v3 allows 100).
// - The published hashes are in the account database, so checks survive a restart.
// - Without a store peer nothing is marked: counted ('no-store-peer') and logged once until
//   a query works again, never an error per round.
import { randomUUID } from 'node:crypto';
import { PublishedHashesRepository } from '../../storage/messenger/published-hashes-repository.ts';
import type { Db } from '../../storage/database.ts';
import type { HistorySource } from './history-sync.ts';
import { batches } from './history-sync.ts';

export const STORED_CHECK_DEFAULTS = {
  firstCheckMs: 3_000,
  maxIntervalMs: 2 * 60_000,
  giveUpMs: 10 * 60_000,
  hashesPerQuery: 50,
  /** Segments of one copy are published back to back; a later publish is another copy. */
  segmentGapMs: 2_000,
  /** Checks per round, so a large backlog cannot monopolise the store peer. */
  maxPerRound: 500,
} as const;

export type StoredCheckSettings = { [K in keyof typeof STORED_CHECK_DEFAULTS]: number };

export type StoredCheckCounter =
  | 'recorded'
  | 'queries'
  | 'found'
  | 'stored'
  | 'expired'
  | 'no-store-peer'
  | 'query-failed';

export interface Published {
  messageIds: readonly string[];
  pubsubTopic: string;
  contentTopic: string;
  hashHex: string;
}

export interface StoredCheckOptions {
  db: Db;
  source: HistorySource;
  /** The message is stored (all segments of a copy found). */
  onStored: (messageId: string) => void;
  now?: () => number;
  log?: { info(message: string, fields?: object): void; warn(message: string, fields?: object): void };
  settings?: Partial<StoredCheckSettings>;
}

/** Whether an error means "there is no store to ask" (StoreClientError / LightNodeError reasons). */
function isNoPeer(error: unknown): boolean {
  const reason = (error as { reason?: unknown } | null)?.reason;
  return reason === 'no-peer' || reason === 'no-service-peer';
}

export class StoredCheck {
  readonly counters = new Map<StoredCheckCounter, number>();
  readonly #repo: PublishedHashesRepository;
  readonly #options: StoredCheckOptions;
  readonly #settings: StoredCheckSettings;
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #running: Promise<void> | null = null;
  #stopped = false;
  #lastCopy: { key: string; id: string; at: number } | null = null;
  #warned: 'no-store-peer' | 'query-failed' | null = null;

  constructor(options: StoredCheckOptions) {
    this.#options = options;
    this.#repo = new PublishedHashesRepository(options.db);
    this.#settings = { ...STORED_CHECK_DEFAULTS, ...options.settings };
    this.#now = options.now ?? Date.now;
  }

  /** Resumes checks left from before a restart. */
  start(): void {
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** The messenger published a Waku message carrying these app messages. */
  published(published: Published): void {
    if (this.#stopped || published.messageIds.length === 0) return;
    const now = this.#now();
    const key = `${published.contentTopic}|${[...published.messageIds].sort().join(',')}`;
    const last = this.#lastCopy;
    const copyId = last && last.key === key && now - last.at <= this.#settings.segmentGapMs ? last.id : randomUUID();
    this.#lastCopy = { key, id: copyId, at: now };
    for (const messageId of published.messageIds) {
      const recorded = this.#repo.record({
        messageId,
        hash: published.hashHex,
        copyId,
        pubsubTopic: published.pubsubTopic,
        at: now,
        nextCheckAt: now + this.#settings.firstCheckMs,
      });
      if (recorded) this.#count('recorded');
    }
    this.#schedule();
  }

  /** One round of checks now (tests; the timer calls it too). Rounds never overlap. */
  check(): Promise<void> {
    this.#running ??= this.#round().finally(() => {
      this.#running = null;
      this.#schedule();
    });
    return this.#running;
  }

  async #round(): Promise<void> {
    if (this.#stopped) return;
    const now = this.#now();
    this.#repo.forgetSettled();
    for (const messageId of this.#repo.publishedBefore(now - this.#settings.giveUpMs)) {
      this.#repo.forget(messageId);
      this.#count('expired');
    }
    const due = this.#repo.due(now, this.#settings.maxPerRound);
    const byTopic = new Map<string, string[]>();
    for (const row of due) {
      const hashes = byTopic.get(row.pubsubTopic) ?? [];
      if (!hashes.includes(row.hash)) hashes.push(row.hash);
      byTopic.set(row.pubsubTopic, hashes);
    }
    const found = new Set<string>();
    const asked = new Set<string>();
    for (const [pubsubTopic, hashes] of byTopic) {
      for (const batch of batches(hashes, this.#settings.hashesPerQuery)) {
        if (this.#stopped) return;
        try {
          this.#count('queries');
          for await (const page of this.#options.source.query({
            kind: 'lookup',
            pubsubTopic,
            hashes: batch,
            includeData: false,
          })) {
            for (const entry of page.entries) found.add(entry.hashHex);
          }
          for (const hash of batch) asked.add(hash);
          this.#recovered();
        } catch (error) {
          this.#failed(error);
        }
      }
    }
    if (this.#stopped) return;
    const touched = new Set<string>();
    for (const row of due) {
      if (found.has(row.hash)) {
        this.#repo.markFound(row.hash);
        touched.add(row.messageId);
      } else {
        // Unanswered (no peer, failure) or not there yet: back off either way.
        const delay = Math.min(this.#settings.firstCheckMs * 2 ** (row.attempts + 1), this.#settings.maxIntervalMs);
        this.#repo.reschedule(row.hash, now + delay);
      }
    }
    for (const hash of found) if (asked.has(hash)) this.#count('found');
    for (const messageId of touched) {
      if (!this.#repo.hasCompleteCopy(messageId)) continue;
      this.#repo.forget(messageId);
      this.#count('stored');
      this.#options.onStored(messageId);
    }
  }

  #schedule(): void {
    if (this.#stopped || this.#running) return;
    const at = this.#repo.nextDueAt();
    if (at === null) return;
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#timerAt = Number.POSITIVE_INFINITY;
        void this.check();
      },
      Math.max(0, at - this.#now()),
    );
    this.#timer.unref?.();
  }

  #failed(error: unknown): void {
    const kind = isNoPeer(error) ? 'no-store-peer' : 'query-failed';
    this.#count(kind);
    // One line per outage, not one per round.
    if (this.#warned === kind) return;
    this.#warned = kind;
    this.#options.log?.warn(
      kind === 'no-store-peer' ? 'stored check: no store peer, nothing can be confirmed' : 'stored check failed',
      { error: String(error) },
    );
  }

  #recovered(): void {
    if (this.#warned === null) return;
    this.#warned = null;
    this.#options.log?.info('stored check: store reachable again');
  }

  #count(counter: StoredCheckCounter): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + 1);
  }
}
