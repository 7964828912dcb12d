// HistorySync against an in-memory store: topic batches, paging, order, checkpoint and overlap,
// progress events, a failing batch that does not stop the others and is retried, coalescing,
// stop, and gap filling by hash lookups.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HISTORY_DEFAULTS,
  type HistoryPage,
  type HistoryRequest,
  type HistorySource,
  HistorySync,
  type HistorySyncOptions,
  type SyncProgress,
} from '../../../main/app/history/history-sync.ts';
import type { IncomingWakuMessage } from '../../../main/app/messenger/ports.ts';
import { nextMatching } from '../../helpers/wait.ts';

const PUBSUB = '/waku/2/rs/16/32';
const DAY = 24 * 60 * 60 * 1000;
const NOW = 1_750_000_000_000;

interface Stored {
  incoming: IncomingWakuMessage;
  ms: number;
}

function stored(index: number, topic: string, ms: number): Stored {
  const hashHex = index.toString(16).padStart(64, '0');
  return {
    ms,
    incoming: {
      pubsubTopic: PUBSUB,
      hashHex,
      message: {
        payload: new TextEncoder().encode(`m${index}`),
        contentTopic: topic,
        version: 1,
        timestamp: BigInt(ms) * 1_000_000n,
      },
    },
  };
}

class FakeStore implements HistorySource {
  readonly hashOnly: boolean;
  readonly requests: HistoryRequest[] = [];
  messages: Stored[] = [];
  /** Throws for the n-th range request when this returns true. */
  failWhen: (request: HistoryRequest, index: number) => boolean = () => false;
  /** Called before every page (lets a test act in the middle of a sync). */
  beforePage: () => void = () => {};

  constructor(hashOnly = true) {
    this.hashOnly = hashOnly;
  }

  async *query(request: HistoryRequest): AsyncGenerator<HistoryPage> {
    const index = this.requests.length;
    this.requests.push(request);
    await Promise.resolve();
    if (this.failWhen(request, index)) throw new Error(`store peer refused request ${index}`);
    if (request.kind === 'lookup') {
      const wanted = new Set(request.hashes);
      const found = this.messages.filter((m) => wanted.has(m.incoming.hashHex));
      // Newest first, to check the lookup results are put in order before the messenger.
      found.sort((a, b) => b.ms - a.ms);
      yield { entries: found.map((m) => ({ hashHex: m.incoming.hashHex, message: m.incoming })) };
      return;
    }
    const topics = new Set(request.contentTopics);
    const matching = this.messages
      .filter((m) => topics.has(m.incoming.message.contentTopic) && m.ms >= request.timeStart && m.ms < request.timeEnd)
      .sort((a, b) => a.ms - b.ms || a.incoming.hashHex.localeCompare(b.incoming.hashHex));
    for (let start = 0; start < matching.length; start += request.pageSize) {
      this.beforePage();
      await Promise.resolve();
      const page = matching.slice(start, start + request.pageSize);
      yield {
        entries: page.map((m) =>
          request.includeData ? { hashHex: m.incoming.hashHex, message: m.incoming } : { hashHex: m.incoming.hashHex },
        ),
      };
    }
  }
}

function setup(options: { topics?: number; hashOnly?: boolean; settings?: HistorySyncOptions['settings'] } = {}) {
  const topics = Array.from({ length: options.topics ?? 2 }, (_, i) => `/waku/1/0x${i.toString(16)}/rfc26`);
  const store = new FakeStore(options.hashOnly ?? true);
  const ingested: IncomingWakuMessage[] = [];
  const progress: SyncProgress[] = [];
  let checkpoint: number | null = null;
  const clock = { now: NOW };
  const listeners = new Set<(p: SyncProgress) => void>();
  const sync = new HistorySync({
    source: store,
    messenger: { ingestAll: (ms) => void ingested.push(...ms), contentTopics: topics },
    pubsubTopic: PUBSUB,
    checkpoint: { get: () => checkpoint, set: (ms) => (checkpoint = ms) },
    now: () => clock.now,
    onProgress: (p) => {
      progress.push(p);
      for (const l of listeners) l(p);
    },
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const onProgress = (listener: (p: SyncProgress) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return {
    topics,
    store,
    ingested,
    progress,
    clock,
    sync,
    onProgress,
    checkpoint: () => checkpoint,
    setCheckpoint: (ms: number | null) => {
      checkpoint = ms;
    },
  };
}

describe('HistorySync', () => {
  test('first run: 9 days back, ≤10 topics per query, pages of 100, oldest first, checkpoint = start', async () => {
    const t = setup({ topics: 23 });
    // 250 messages over 23 topics within the window, and some outside it.
    for (let i = 0; i < 250; i += 1) {
      t.store.messages.push(stored(i, t.topics[i % 23] ?? '', NOW - DAY - (250 - i) * 1000 - (i % 7) * 13));
    }
    t.store.messages.push(stored(1000, t.topics[0] ?? '', NOW - 10 * DAY));
    t.store.messages.push(stored(1001, '/other/topic', NOW - DAY));

    const result = await t.sync.sync('manual');
    assert.deepEqual(result, { ok: true, fetched: 250, failedBatches: 0 });
    const ranges = t.store.requests.filter((r) => r.kind === 'range');
    assert.deepEqual(
      ranges.map((r) => r.contentTopics.length),
      [10, 10, 3],
    );
    assert.deepEqual(new Set(ranges.flatMap((r) => r.contentTopics)), new Set(t.topics));
    for (const r of ranges) {
      assert.equal(r.timeStart, NOW - HISTORY_DEFAULTS.firstSyncMs);
      assert.equal(r.timeEnd, NOW);
      assert.equal(r.pageSize, 100);
      assert.equal(r.includeData, true);
      assert.equal(r.pubsubTopic, PUBSUB);
    }
    assert.equal(t.ingested.length, 250);
    assert.equal(new Set(t.ingested.map((m) => m.hashHex)).size, 250);
    // Oldest first within each batch (the store's order).
    const batchOf = new Map(t.topics.map((topic, i) => [topic, Math.floor(i / 10)]));
    for (let i = 1; i < t.ingested.length; i += 1) {
      const [a, b] = [t.ingested[i - 1], t.ingested[i]];
      if (!a || !b) continue;
      if (batchOf.get(a.message.contentTopic) !== batchOf.get(b.message.contentTopic)) continue;
      assert.ok((a.message.timestamp ?? 0n) <= (b.message.timestamp ?? 0n), `message ${i} out of order`);
    }
    assert.equal(t.checkpoint(), NOW);

    const phases = t.progress.map((p) => p.phase);
    assert.equal(phases[0], 'started');
    assert.equal(phases.at(-1), 'done');
    assert.ok(phases.filter((p) => p === 'fetching').length >= 3);
    const done = t.progress.at(-1);
    assert.equal(done?.fetched, 250);
    assert.equal(done?.topicsDone, 23);
    assert.equal(done?.topicsTotal, 23);
    assert.equal(typeof done?.ms, 'number');
    // fetched and topicsDone only grow.
    for (let i = 1; i < t.progress.length; i += 1) {
      assert.ok((t.progress[i]?.fetched ?? 0) >= (t.progress[i - 1]?.fetched ?? 0));
      assert.ok((t.progress[i]?.topicsDone ?? 0) >= (t.progress[i - 1]?.topicsDone ?? 0));
    }
  });

  test('later runs start 30 s before the last sync and end now', async () => {
    const t = setup();
    t.setCheckpoint(NOW - 60 * 60_000);
    await t.sync.sync('manual');
    const [request] = t.store.requests;
    assert.equal(request?.kind, 'range');
    if (request?.kind !== 'range') return;
    assert.equal(request.timeStart, NOW - 60 * 60_000 - 30_000);
    assert.equal(request.timeEnd, NOW);
    assert.equal(t.checkpoint(), NOW);
    t.clock.now = NOW + 5000;
    await t.sync.sync('manual');
    const second = t.store.requests[1];
    assert.equal(second?.kind === 'range' && second.timeStart, NOW - 30_000);
    assert.equal(t.checkpoint(), NOW + 5000);
  });

  test('a failing batch does not stop the others; the checkpoint stays; a retry fetches it later', async () => {
    const t = setup({ topics: 25, settings: { retryMinMs: 5 } });
    for (let i = 0; i < 60; i += 1) t.store.messages.push(stored(i, t.topics[i % 25] ?? '', NOW - 1000 + i));
    t.setCheckpoint(NOW - 2 * DAY);
    // The second batch fails on the first attempt only.
    t.store.failWhen = (request, index) => request.kind === 'range' && index === 1;
    const retried = nextMatching<SyncProgress>(
      t.onProgress,
      (p) => p.reason === 'retry' && p.phase === 'done',
      5000,
      'the retry',
    );
    await t.sync.start();
    const failed = t.progress.find((p) => p.phase === 'failed');
    assert.ok(failed, 'a failed event');
    assert.match(failed.error ?? '', /refused request 1/);
    assert.equal(failed.topicsDone, 25);
    // Batches 1 and 3 got through: all but the 20 messages of topics 10..19.
    assert.equal(failed.fetched, 40);
    assert.equal(t.checkpoint(), NOW - 2 * DAY);
    const done = await retried;
    assert.equal(done.from, NOW - 2 * DAY - 30_000);
    assert.equal(t.checkpoint(), NOW);
    // Everything is there; repeats are the messenger's dedupe's business.
    assert.equal(new Set(t.ingested.map((m) => m.hashHex)).size, 60);
    t.sync.stop();
  });

  test('requests made while a sync runs are coalesced into one more run', async () => {
    const t = setup();
    t.store.messages.push(stored(1, t.topics[0] ?? '', NOW - 1000));
    const running = nextMatching<SyncProgress>(t.onProgress, (p) => p.phase === 'started', 1000, 'a sync to start');
    const first = t.sync.sync('manual');
    // Before it starts, a request joins it; once it runs, requests queue one more run.
    assert.equal(t.sync.sync('retry'), first);
    await running;
    const second = t.sync.sync('online');
    const third = t.sync.sync('periodic');
    assert.equal(second, third);
    await Promise.all([first, second, third]);
    const started = t.progress.filter((p) => p.phase === 'started');
    assert.deepEqual(
      started.map((p) => p.reason),
      ['manual', 'online'],
    );
  });

  test('online() after start runs a sync; stop() in the middle stores no checkpoint', async () => {
    const t = setup();
    for (let i = 0; i < 300; i += 1) t.store.messages.push(stored(i, t.topics[0] ?? '', NOW - 10_000 + i));
    await t.sync.start();
    assert.equal(t.checkpoint(), NOW);
    t.clock.now = NOW + 60_000;
    const online = nextMatching<SyncProgress>(t.onProgress, (p) => p.reason === 'online', 1000, 'online sync');
    t.sync.online();
    assert.equal((await online).phase, 'started');
    await t.sync.sync();
    assert.equal(t.checkpoint(), NOW + 60_000);

    const u = setup();
    for (let i = 0; i < 300; i += 1) u.store.messages.push(stored(i, u.topics[0] ?? '', NOW - 10_000 + i));
    let pages = 0;
    u.store.beforePage = () => {
      pages += 1;
      if (pages === 2) u.sync.stop();
    };
    const result = await u.sync.sync();
    assert.equal(result.ok, false);
    assert.equal(u.checkpoint(), null);
    assert.equal(u.ingested.length, 100);
    assert.equal(u.progress.at(-1)?.phase, 'fetching');
    t.sync.stop();
  });

  test('gap check: hash-only listing of the last hour, lookups for the unseen, oldest first', async () => {
    const t = setup({ topics: 12 });
    const events: unknown[] = [];
    for (let i = 0; i < 250; i += 1) {
      t.store.messages.push(stored(i, t.topics[i % 12] ?? '', NOW - 30 * 60_000 + i * 1000));
    }
    // Older than the window: never listed.
    t.store.messages.push(stored(999, t.topics[0] ?? '', NOW - 2 * 60 * 60_000));
    // 130 arrived live; 120 are gaps.
    for (const m of t.store.messages.slice(0, 130)) t.sync.noteSeen(m.incoming.hashHex);
    const result = await t.sync.checkGaps();
    events.push(result);
    assert.deepEqual(result, { listed: 250, missing: 120, fetched: 120 });
    const listings = t.store.requests.filter((r) => r.kind === 'range');
    assert.ok(listings.every((r) => r.kind === 'range' && !r.includeData && r.contentTopics.length <= 10));
    assert.ok(
      listings.every(
        (r) =>
          r.kind === 'range' &&
          r.timeStart === NOW - HISTORY_DEFAULTS.gapSettleMs - HISTORY_DEFAULTS.gapWindowMs &&
          r.timeEnd === NOW - HISTORY_DEFAULTS.gapSettleMs,
      ),
    );
    const lookups = t.store.requests.filter((r) => r.kind === 'lookup');
    assert.deepEqual(
      lookups.map((r) => r.kind === 'lookup' && r.hashes.length),
      [100, 20],
    );
    assert.equal(t.ingested.length, 120);
    for (let i = 1; i < 100; i += 1) {
      assert.ok((t.ingested[i - 1]?.message.timestamp ?? 0n) <= (t.ingested[i]?.message.timestamp ?? 0n));
    }
    // A second check finds nothing missing.
    assert.deepEqual(await t.sync.checkGaps(), { listed: 250, missing: 0, fetched: 0 });

    const light = setup({ hashOnly: false });
    assert.deepEqual(await light.sync.checkGaps(), { listed: 0, missing: 0, fetched: 0 });
    assert.equal(light.store.requests.length, 0);
  });
});
