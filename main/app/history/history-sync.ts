// History from store (issue 6): what was sent to us while we were offline comes back through
// store queries and the messenger's normal receive path (dedupe by hash, decrypt, MVDS acks).
//
// - A sync asks for our content topics from the last sync minus a 30 s overlap (first run:
//   9 days, as Status) up to its start time, at most 10 content topics per query (nwaku's and
//   status-go's limit), pages of 100, oldest first, and hands every message to the messenger
//   in the order the store returns it (timestamp, then hash). Only when every batch succeeded
//   does the checkpoint move to the sync's start time; otherwise the same range is fetched
//   again after a back-off (1 s, doubling, up to 5 min). Re-fetched messages cost a hash
//   lookup in the messenger's dedupe, nothing more.
// - A sync runs at start, whenever the node regains peers after having none (`online()`), and
//   every 10 minutes (a cheap query: the range is only what passed since the last one).
// - Gap checks (when the source can list hashes only): every 2 minutes, the hashes of the last
//   hour on our topics are compared with the hashes we have seen (live or fetched, a bounded
//   set); the missing ones are fetched by hash lookups (100 per query) and ingested.
//
// Syncs and gap checks run one at a time; a request made while one runs is coalesced into one
// more run after it. Progress goes to `onProgress`: started → fetching (per page) → done/failed.
import type { IncomingWakuMessage } from '../messenger/ports.ts';
import type { SyncProgress as ApiSyncProgress } from '../../../shared/api.ts';

export const HISTORY_DEFAULTS = {
  /** Status's default history window for a first sync. */
  firstSyncMs: 9 * 24 * 60 * 60 * 1000,
  /** Each sync starts this far before the last one did (late stamps, clock skew). */
  overlapMs: 30_000,
  topicsPerQuery: 10,
  pageSize: 100,
  periodicSyncMs: 10 * 60_000,
  gapCheckMs: 2 * 60_000,
  gapWindowMs: 60 * 60_000,
  /** Gap checks leave out the last few seconds: what is in flight on relay is not a gap yet. */
  gapSettleMs: 5_000,
  retryMinMs: 1_000,
  retryMaxMs: 5 * 60_000,
  maxSeenHashes: 100_000,
  hashesPerLookup: 100,
} as const;

export type HistorySettings = { [K in keyof typeof HISTORY_DEFAULTS]: number };

// The progress shape is the RPC event's: one definition, in the contract.
export type SyncProgress = ApiSyncProgress;
export type SyncReason = SyncProgress['reason'];
export type SyncPhase = SyncProgress['phase'];

export interface HistoryEntry {
  hashHex: string;
  /** Absent on hash-only answers. */
  message?: IncomingWakuMessage;
}

export interface HistoryPage {
  entries: HistoryEntry[];
}

export type HistoryRequest =
  | {
      kind: 'range';
      pubsubTopic: string;
      contentTopics: string[];
      /** Unix ms, inclusive. */
      timeStart: number;
      /** Unix ms, exclusive. */
      timeEnd: number;
      includeData: boolean;
      pageSize: number;
    }
  /** includeData false: only whether the store has them (the stored check); default true. */
  | { kind: 'lookup'; pubsubTopic: string; hashes: string[]; includeData?: boolean };

/** A store, however reached (our store client, a light node's store protocol, a fake). */
export interface HistorySource {
  query(request: HistoryRequest): AsyncIterable<HistoryPage>;
  /** Whether range queries with includeData=false work (gap checks need them). */
  readonly hashOnly: boolean;
}

export interface SyncCheckpoint {
  get(): number | null;
  set(ms: number): void;
}

export interface HistoryMessenger {
  ingestAll(incoming: readonly IncomingWakuMessage[]): void | Promise<void>;
  readonly contentTopics: string[];
  /** Whether a content topic is one of ours right now (topics come and go: contacts, negotiated). */
  listensTo?(contentTopic: string): boolean;
}

export interface HistorySyncOptions {
  source: HistorySource;
  messenger: HistoryMessenger;
  /** The shard our topics live on. */
  pubsubTopic: string;
  checkpoint: SyncCheckpoint;
  now?: () => number;
  onProgress?: (progress: SyncProgress) => void;
  onGapsFilled?: (result: GapCheckResult) => void;
  onError?: (what: string, error: unknown) => void;
  settings?: Partial<HistorySettings>;
}

export interface SyncResult {
  ok: boolean;
  fetched: number;
  /** Batches (of ≤ 10 topics) that failed. */
  failedBatches: number;
}

export interface GapCheckResult {
  listed: number;
  missing: number;
  fetched: number;
}

export interface HistorySyncStatus {
  lastSyncedAt: number | null;
  running: boolean;
  last: SyncProgress | null;
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

export class HistorySync {
  readonly #options: HistorySyncOptions;
  readonly #settings: HistorySettings;
  readonly #now: () => number;
  /** Hashes seen (live or fetched), oldest first, for gap checks. */
  readonly #seen = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  #pendingSync: SyncReason | null = null;
  #syncQueued: Promise<SyncResult> | null = null;
  #running = false;
  #stopped = false;
  #started = false;
  #last: SyncProgress | null = null;
  #retryDelay: number;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #periodicTimer: ReturnType<typeof setInterval> | undefined;
  #gapTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: HistorySyncOptions) {
    this.#options = options;
    this.#settings = { ...HISTORY_DEFAULTS, ...options.settings };
    this.#now = options.now ?? Date.now;
    this.#retryDelay = this.#settings.retryMinMs;
  }

  status(): HistorySyncStatus {
    return { lastSyncedAt: this.#options.checkpoint.get(), running: this.#running, last: this.#last };
  }

  /** Runs the first sync now and the periodic ones and gap checks from then on. */
  start(): Promise<SyncResult> {
    if (this.#started) return this.sync('manual');
    this.#started = true;
    this.#periodicTimer = setInterval(() => void this.sync('periodic'), this.#settings.periodicSyncMs);
    this.#periodicTimer.unref?.();
    if (this.#options.source.hashOnly) {
      this.#gapTimer = setInterval(() => void this.checkGaps(), this.#settings.gapCheckMs);
      this.#gapTimer.unref?.();
    }
    return this.sync('start');
  }

  /** The node has peers again after having none: fetch what was missed meanwhile. */
  online(): void {
    if (!this.#started || this.#stopped) return;
    this.#retryDelay = this.#settings.retryMinMs;
    void this.sync('online');
  }

  /** A message that reached the messenger some other way (relay, filter): not a gap. */
  noteSeen(hashHex: string): void {
    this.#seen.delete(hashHex);
    this.#seen.add(hashHex);
    if (this.#seen.size > this.#settings.maxSeenHashes) {
      this.#seen.delete(this.#seen.values().next().value as string);
    }
  }

  /** Stops timers; a sync in progress stops at its next message and stores no checkpoint. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#periodicTimer);
    clearInterval(this.#gapTimer);
  }

  /** A sync; while one runs or waits, further requests join the one that will run next. */
  sync(reason: SyncReason = 'manual'): Promise<SyncResult> {
    if (this.#stopped) return Promise.resolve({ ok: false, fetched: 0, failedBatches: 0 });
    if (this.#syncQueued) {
      this.#pendingSync ??= reason;
      return this.#syncQueued;
    }
    this.#pendingSync = reason;
    const run = this.#enqueue(() => {
      this.#syncQueued = null;
      const why = this.#pendingSync ?? reason;
      this.#pendingSync = null;
      return this.#runSync(why);
    });
    this.#syncQueued = run;
    return run;
  }

  /** Lists the last hour's hashes and fetches those we have not seen. */
  checkGaps(): Promise<GapCheckResult> {
    if (this.#stopped || !this.#options.source.hashOnly) {
      return Promise.resolve({ listed: 0, missing: 0, fetched: 0 });
    }
    return this.#enqueue(() => this.#runGapCheck());
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #emit(progress: SyncProgress): void {
    this.#last = progress;
    try {
      this.#options.onProgress?.(progress);
    } catch (error) {
      this.#options.onError?.('progress listener', error);
    }
  }

  async #runSync(reason: SyncReason): Promise<SyncResult> {
    if (this.#stopped) return { ok: false, fetched: 0, failedBatches: 0 };
    clearTimeout(this.#retryTimer);
    this.#running = true;
    const began = performance.now();
    const to = this.#now();
    const last = this.#options.checkpoint.get();
    const from = last === null ? to - this.#settings.firstSyncMs : Math.min(last, to) - this.#settings.overlapMs;
    const topics = [...new Set(this.#options.messenger.contentTopics)];
    const groups = batches(topics, this.#settings.topicsPerQuery);
    let fetched = 0;
    let topicsDone = 0;
    let ingestMs = 0;
    const errors: string[] = [];
    const base = { reason, topicsTotal: topics.length, from, to };
    this.#emit({ ...base, phase: 'started', fetched, topicsDone });
    try {
      for (const group of groups) {
        try {
          const pages = this.#rangeQuery(group, from, to, true);
          for await (const page of pages) {
            if (this.#stopped) return { ok: false, fetched, failedBatches: 0 };
            const t = performance.now();
            fetched += await this.#ingest(page.entries);
            ingestMs += performance.now() - t;
            this.#emit({ ...base, phase: 'fetching', fetched, topicsDone });
          }
        } catch (error) {
          if (this.#stopped) return { ok: false, fetched, failedBatches: 0 };
          errors.push(errorText(error));
          this.#options.onError?.('history batch', error);
        }
        topicsDone += group.length;
      }
      if (this.#stopped) return { ok: false, fetched, failedBatches: 0 };
      const ms = Math.round(performance.now() - began);
      const timing = { ms, ingestMs: Math.round(ingestMs) };
      if (errors.length === 0) {
        this.#options.checkpoint.set(to);
        this.#retryDelay = this.#settings.retryMinMs;
        this.#emit({ ...base, ...timing, phase: 'done', fetched, topicsDone });
        return { ok: true, fetched, failedBatches: 0 };
      }
      this.#emit({ ...base, ...timing, phase: 'failed', fetched, topicsDone, error: errors.join('; ') });
      this.#scheduleRetry();
      return { ok: false, fetched, failedBatches: errors.length };
    } finally {
      this.#running = false;
    }
  }

  #scheduleRetry(): void {
    if (this.#stopped) return;
    clearTimeout(this.#retryTimer);
    const delay = this.#retryDelay;
    this.#retryDelay = Math.min(this.#retryDelay * 2, this.#settings.retryMaxMs);
    this.#retryTimer = setTimeout(() => void this.sync('retry'), delay);
    this.#retryTimer.unref?.();
  }

  /** Hands entries with data to the messenger, in order; returns how many. */
  async #ingest(entries: readonly HistoryEntry[]): Promise<number> {
    if (this.#stopped) return 0;
    const messages: IncomingWakuMessage[] = [];
    for (const entry of entries) {
      if (!entry.message) continue;
      this.noteSeen(entry.hashHex);
      messages.push(entry.message);
    }
    await this.#options.messenger.ingestAll(messages);
    return messages.length;
  }

  /** Our topics' messages in [from, to], oldest first; with or without their payloads. */
  #rangeQuery(contentTopics: string[], from: number, to: number, includeData: boolean) {
    return this.#options.source.query({
      kind: 'range',
      pubsubTopic: this.#options.pubsubTopic,
      contentTopics,
      timeStart: from,
      timeEnd: to,
      includeData,
      pageSize: this.#settings.pageSize,
    });
  }

  async #runGapCheck(): Promise<GapCheckResult> {
    const to = this.#now() - this.#settings.gapSettleMs;
    const from = to - this.#settings.gapWindowMs;
    const topics = [...new Set(this.#options.messenger.contentTopics)];
    const missing: string[] = [];
    let listed = 0;
    for (const group of batches(topics, this.#settings.topicsPerQuery)) {
      try {
        const pages = this.#rangeQuery(group, from, to, false);
        for await (const page of pages) {
          if (this.#stopped) return { listed, missing: missing.length, fetched: 0 };
          for (const entry of page.entries) {
            listed += 1;
            if (!this.#seen.has(entry.hashHex)) missing.push(entry.hashHex);
          }
        }
      } catch (error) {
        this.#options.onError?.('gap check', error);
      }
    }
    let fetched = 0;
    for (const hashes of batches(missing, this.#settings.hashesPerLookup)) {
      try {
        const found: IncomingWakuMessage[] = [];
        for await (const page of this.#options.source.query({
          kind: 'lookup',
          pubsubTopic: this.#options.pubsubTopic,
          hashes,
        })) {
          for (const entry of page.entries) {
            if (entry.message) found.push(entry.message);
          }
        }
        // Lookups answer in the store's order; keep the messenger's input oldest first anyway.
        found.sort((a, b) => compareBigint(a.message.timestamp ?? 0n, b.message.timestamp ?? 0n));
        if (this.#stopped) break;
        fetched += await this.#ingest(found.map((message) => ({ hashHex: message.hashHex, message })));
      } catch (error) {
        this.#options.onError?.('gap lookup', error);
      }
    }
    const result = { listed, missing: missing.length, fetched };
    if (!this.#stopped) this.#options.onGapsFilled?.(result);
    return result;
  }
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
