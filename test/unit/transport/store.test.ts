// Store v3: codec round trips and fuzz, and the archive (query planner, pagination, retention)
// against a real encrypted SQLite database holding fixed data.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { proto_store } from '@waku/proto';
import fc from 'fast-check';
import { closeDatabase, type Db, openDatabase } from '../../../main/storage/database.ts';
import { messageHash, type WakuMessage } from '../../../main/transport/message.ts';
import { MessageArchive } from '../../../main/transport/store/archive.ts';
import { ensureStoreSchema, storeMigrations } from '../../../main/transport/store/schema.ts';
import {
  DEFAULT_PAGE_SIZE,
  decodeStoreQuery,
  decodeStoreResponse,
  encodeStoreQuery,
  encodeStoreResponse,
  MAX_CONTENT_TOPICS_PER_QUERY,
  MAX_HASHES_PER_QUERY,
  MAX_PAGE_SIZE,
  type StoreQuery,
  StoreReject,
  StoreStatus,
  salvageStoreRequestId,
} from '../../../main/transport/store/store-codec.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const TOPIC = '/waku/2/rs/16/32';
const OTHER_TOPIC = '/waku/2/rs/16/64';
const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((bytes) => bytes.some((byte) => byte !== 0));

function openTestDb(): { db: Db; file: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir('wsd-store-');
  const file = path.join(dir, 'core.db');
  const { db } = openDatabase({ path: file, key: crypto.randomBytes(32), migrations: storeMigrations });
  return {
    db,
    file,
    cleanup: () => {
      closeDatabase(db);
      cleanup();
    },
  };
}

function query(overrides: Partial<StoreQuery>): StoreQuery {
  return {
    requestId: 'q',
    includeData: true,
    pubsubTopic: null,
    contentTopics: [],
    timeStart: null,
    timeEnd: null,
    hashes: [],
    cursor: null,
    forward: true,
    pageSize: DEFAULT_PAGE_SIZE,
    ...overrides,
  };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  assert.ok(item !== undefined, `no item ${index}`);
  return item;
}

describe('store codec', () => {
  test('queries round-trip; page size defaults to 20 and is clamped to 100', () => {
    fc.assert(
      fc.property(
        fc.record({
          requestId: fc.uuid(),
          includeData: fc.boolean(),
          pubsubTopic: fc.constant(TOPIC),
          contentTopics: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), {
            maxLength: MAX_CONTENT_TOPICS_PER_QUERY,
          }),
          timeStart: fc.option(fc.bigInt({ min: 0n, max: 2n ** 62n })),
          cursor: fc.option(hash32),
          forward: fc.boolean(),
          pageSize: fc.integer({ min: 1, max: MAX_PAGE_SIZE }),
        }),
        (input) => {
          const decoded = decodeStoreQuery(encodeStoreQuery(input));
          assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
          assert.deepEqual(decoded.value, {
            ...input,
            timeEnd: null,
            hashes: [],
            cursor: input.cursor === null ? null : input.cursor,
          });
        },
      ),
    );
    const size = (pageSize?: number) => {
      const decoded = decodeStoreQuery(
        encodeStoreQuery({ requestId: 'r', ...(pageSize === undefined ? {} : { pageSize }) }),
      );
      return decoded.ok ? decoded.value.pageSize : null;
    };
    assert.deepEqual([size(), size(0), size(7), size(100), size(101), size(1_000_000)], [20, 20, 7, 100, 100, 100]);
    // The spec's default direction is backward; js-waku always says forward explicitly.
    const bare = decodeStoreQuery(proto_store.StoreQueryRequest.encode({ requestId: 'r' }));
    assert.ok(bare.ok);
    assert.deepEqual([bare.value.forward, bare.value.includeData], [false, false]);
  });

  test('hash lookups round-trip; duplicate hashes collapse; js-waku sends a pubsub topic along, ignored', () => {
    fc.assert(
      fc.property(fc.array(hash32, { minLength: 1, maxLength: MAX_HASHES_PER_QUERY }), (hashes) => {
        const decoded = decodeStoreQuery(encodeStoreQuery({ requestId: 'r', pubsubTopic: TOPIC, hashes }));
        assert.ok(decoded.ok);
        assert.equal(decoded.value.pubsubTopic, null);
        assert.deepEqual(decoded.value.hashes.map(hex), [...new Set(hashes.map(hex))]);
      }),
    );
  });

  test('refusals', () => {
    const reason = (input: Parameters<typeof encodeStoreQuery>[0]) => {
      const decoded = decodeStoreQuery(encodeStoreQuery(input));
      return decoded.ok ? null : decoded.reason;
    };
    const hash = new Uint8Array(32).fill(7);
    const topics = (count: number) => Array.from({ length: count }, (_, index) => `/t/1/${index}/proto`);
    assert.equal(reason({ requestId: 'r', pubsubTopic: TOPIC, contentTopics: topics(10) }), null);
    assert.equal(
      reason({ requestId: 'r', pubsubTopic: TOPIC, contentTopics: topics(11) }),
      StoreReject.TooManyContentTopics,
    );
    assert.equal(reason({ requestId: 'r', hashes: Array(101).fill(hash) }), StoreReject.TooManyHashes);
    assert.equal(
      reason({ requestId: 'r', pubsubTopic: TOPIC, contentTopics: ['/a'], hashes: [hash] }),
      StoreReject.MixedQuery,
    );
    assert.equal(reason({ requestId: 'r', timeStart: 1n, hashes: [hash] }), StoreReject.MixedQuery);
    assert.equal(reason({ requestId: 'r', contentTopics: ['/a'] }), StoreReject.ContentTopicsWithoutPubsubTopic);
    assert.equal(reason({ requestId: 'r', hashes: [new Uint8Array(31).fill(1)] }), StoreReject.BadHash);
    assert.equal(reason({ requestId: 'r', hashes: [new Uint8Array(32)] }), StoreReject.BadHash);
    assert.equal(reason({ requestId: 'r', cursor: new Uint8Array(32) }), StoreReject.BadCursor);
    assert.equal(reason({ requestId: 'r', cursor: new Uint8Array(5).fill(1) }), StoreReject.BadCursor);
    assert.equal(reason({ requestId: 'r', timeStart: 10n, timeEnd: 5n }), StoreReject.BadTimeRange);
    assert.equal(reason({ requestId: 'x'.repeat(200) }), StoreReject.RequestIdTooLong);
    assert.equal(
      reason({ requestId: 'r', pubsubTopic: TOPIC, contentTopics: ['x'.repeat(2000)] }),
      StoreReject.TopicTooLong,
    );
    // A pubsub topic alone is a valid (lenient) filter.
    assert.equal(reason({ requestId: 'r', pubsubTopic: TOPIC }), null);
    assert.equal(salvageStoreRequestId(encodeStoreQuery({ requestId: 'keep', contentTopics: ['/a'] })), 'keep');
  });

  test('responses: data only when asked for, both message and pubsub topic or neither', () => {
    const message: WakuMessage = { payload: Uint8Array.of(1, 2), contentTopic: '/a', timestamp: 5n, version: 0 };
    const bytes = encodeStoreResponse({
      requestId: 'r',
      status: StoreStatus.Ok,
      description: 'OK',
      entries: [
        { hash: new Uint8Array(32).fill(1) },
        { hash: new Uint8Array(32).fill(2), data: { pubsubTopic: TOPIC, message } },
      ],
      cursor: new Uint8Array(32).fill(2),
    });
    const decoded = decodeStoreResponse(bytes);
    assert.ok(decoded.ok);
    const [bare, full] = decoded.value.messages;
    assert.deepEqual([bare?.message, bare?.pubsubTopic], [undefined, undefined]);
    assert.deepEqual([full?.pubsubTopic, full?.message?.payload], [TOPIC, Uint8Array.of(1, 2)]);
    assert.deepEqual(decoded.value.paginationCursor, new Uint8Array(32).fill(2));
    assert.equal(decoded.value.statusCode, 200);
  });

  test('fuzz: any bytes give a typed answer, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const decoded = decodeStoreQuery(bytes);
        assert.ok(decoded.ok || Object.values(StoreReject).includes(decoded.reason));
        assert.equal(typeof salvageStoreRequestId(bytes), 'string');
        const response = decodeStoreResponse(bytes);
        assert.ok(response.ok || response.reason === 'undecodable');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('archive queries over fixed data', () => {
  // 300 messages over 60 ms of sender time: topics a/b/c round-robin, 3 per timestamp so hash
  // order breaks ties, on two pubsub topics.
  const NOW_MS = 1_750_000_000_000;
  const BASE_NS = BigInt(NOW_MS - 5_000) * 1_000_000n;
  interface Fixture {
    pubsubTopic: string;
    message: WakuMessage;
    hash: Uint8Array;
  }
  const fixtures: Fixture[] = Array.from({ length: 300 }, (_, index) => {
    const pubsubTopic = index % 10 === 9 ? OTHER_TOPIC : TOPIC;
    const message: WakuMessage = {
      payload: new TextEncoder().encode(`m${index}`),
      contentTopic: `/t/1/${'abc'[index % 3]}/proto`,
      version: index % 2,
      timestamp: BASE_NS + BigInt(Math.floor(index / 3)) * 200_000n,
      ...(index % 7 === 0 ? { meta: Uint8Array.of(index % 256) } : {}),
    };
    return { pubsubTopic, message, hash: messageHash(pubsubTopic, message) };
  });
  const sorted = [...fixtures].sort((x, y) =>
    x.message.timestamp !== y.message.timestamp
      ? (x.message.timestamp ?? 0n) < (y.message.timestamp ?? 0n)
        ? -1
        : 1
      : Buffer.compare(x.hash, y.hash),
  );
  const expected = (predicate: (fixture: Fixture) => boolean) => sorted.filter(predicate).map((f) => hex(f.hash));

  let store: ReturnType<typeof openTestDb>;
  let archive: MessageArchive;

  before(() => {
    store = openTestDb();
    archive = new MessageArchive(store.db, { now: () => NOW_MS });
    // Shuffled insertion order: the archive's order must not depend on arrival order.
    const shuffled = [...fixtures].sort((x, y) =>
      Buffer.compare(
        crypto.createHash('md5').update(x.hash).digest(),
        crypto.createHash('md5').update(y.hash).digest(),
      ),
    );
    for (const { pubsubTopic, message, hash } of shuffled)
      assert.equal(archive.accept(pubsubTopic, message, hash).archived, true);
    assert.equal(archive.flush(), 300);
  });

  after(() => store?.cleanup());

  /** Pages the way js-waku does: cursor = last (forward) or first (backward) hash, until empty. */
  function walk(base: Partial<StoreQuery>): { hashes: string[]; pages: number[]; serverCursors: number } {
    const pages: number[] = [];
    const seen: string[][] = [];
    let cursor: Uint8Array | null = null;
    let serverCursors = 0;
    for (;;) {
      const result = archive.query(query({ ...base, cursor }));
      assert.ok(result.ok);
      if (result.entries.length === 0) break;
      if (result.cursor !== null) serverCursors += 1;
      pages.push(result.entries.length);
      const hashes = result.entries.map((entry) => hex(entry.hash));
      // Every page is in ascending order, whatever the direction.
      assert.deepEqual(
        hashes,
        sorted.map((f) => hex(f.hash)).filter((h) => hashes.includes(h)),
      );
      seen.push(hashes);
      const edge = base.forward === false ? result.entries[0] : result.entries.at(-1);
      cursor = edge?.hash ?? null;
      assert.ok(pages.length <= fixtures.length, 'pagination terminates');
    }
    const ordered = base.forward === false ? seen.reverse().flat() : seen.flat();
    return { hashes: ordered, pages, serverCursors };
  }

  test('forward pagination over one content topic, page 20, exclusive cursor', () => {
    const topicA = '/t/1/a/proto';
    const { hashes, pages, serverCursors } = walk({ pubsubTopic: TOPIC, contentTopics: [topicA] });
    const want = expected((f) => f.pubsubTopic === TOPIC && f.message.contentTopic === topicA);
    assert.deepEqual(hashes, want);
    assert.equal(new Set(hashes).size, hashes.length, 'no message twice: the cursor is exclusive');
    assert.deepEqual(pages, [...Array(Math.floor(want.length / 20)).fill(20), want.length % 20].filter(Boolean));
    // The server's own cursor is set on every page but the last one.
    assert.equal(serverCursors, pages.length - 1);
  });

  test('backward pagination returns the newest first page by page, each page ascending', () => {
    const topics = ['/t/1/a/proto', '/t/1/b/proto'];
    const { hashes, pages } = walk({ pubsubTopic: TOPIC, contentTopics: topics, forward: false, pageSize: 50 });
    assert.deepEqual(
      hashes,
      expected((f) => f.pubsubTopic === TOPIC && topics.includes(f.message.contentTopic)),
    );
    assert.equal(pages[0], 50);
    const first = archive.query(query({ pubsubTopic: TOPIC, contentTopics: topics, forward: false, pageSize: 5 }));
    assert.ok(first.ok);
    assert.deepEqual(
      first.entries.map((e) => hex(e.hash)),
      expected((f) => f.pubsubTopic === TOPIC && topics.includes(f.message.contentTopic)).slice(-5),
    );
    // Backward: the cursor is the first (oldest) entry of the page.
    assert.deepEqual(first.cursor, first.entries[0]?.hash);
  });

  test('several content topics merge into one ordered stream', () => {
    const topics = ['/t/1/a/proto', '/t/1/b/proto', '/t/1/c/proto', '/t/1/none/proto'];
    for (const pageSize of [1, 7, 100]) {
      const { hashes } = walk({ pubsubTopic: TOPIC, contentTopics: topics, pageSize });
      assert.deepEqual(
        hashes,
        expected((f) => f.pubsubTopic === TOPIC),
        `page ${pageSize}`,
      );
    }
  });

  test('pubsub topic only, and no filter at all', () => {
    assert.deepEqual(
      walk({ pubsubTopic: OTHER_TOPIC, pageSize: 13 }).hashes,
      expected((f) => f.pubsubTopic === OTHER_TOPIC),
    );
    assert.deepEqual(
      walk({ pageSize: 100 }).hashes,
      expected(() => true),
    );
    assert.deepEqual(
      walk({ forward: false, pageSize: 33 }).hashes,
      expected(() => true),
    );
  });

  test('time range: start inclusive, end exclusive', () => {
    const start = BASE_NS + 10n * 200_000n;
    const end = BASE_NS + 20n * 200_000n;
    const inRange = (f: Fixture) => (f.message.timestamp ?? 0n) >= start && (f.message.timestamp ?? 0n) < end;
    assert.deepEqual(
      walk({ pubsubTopic: TOPIC, contentTopics: ['/t/1/a/proto', '/t/1/b/proto'], timeStart: start, timeEnd: end })
        .hashes,
      expected((f) => inRange(f) && f.pubsubTopic === TOPIC && f.message.contentTopic !== '/t/1/c/proto'),
    );
    assert.equal(walk({ timeStart: start, timeEnd: end }).hashes.length, 30);
    assert.deepEqual(walk({ timeStart: start, timeEnd: end, forward: false }).hashes, expected(inRange));
    assert.equal(walk({ timeStart: end, timeEnd: end }).hashes.length, 0);
  });

  test('hash lookups: present ones in order, absent ones skipped, include_data false gives bare hashes', () => {
    const picked = [250, 3, 100, 101].map((index) => at(fixtures, index).hash);
    const absent = new Uint8Array(32).fill(9);
    const result = archive.query(query({ hashes: [...picked, absent], includeData: false }));
    assert.ok(result.ok);
    assert.deepEqual(
      result.entries.map((e) => hex(e.hash)),
      sorted.map((f) => hex(f.hash)).filter((h) => picked.map(hex).includes(h)),
    );
    assert.ok(result.entries.every((entry) => entry.data === undefined));
    assert.equal(result.cursor, null);
    // With data: the stored message comes back intact.
    const full = archive.query(query({ hashes: [at(fixtures, 7).hash] }));
    assert.ok(full.ok);
    const data = at(full.entries, 0).data;
    assert.ok(data !== undefined);
    assert.equal(data.pubsubTopic, at(fixtures, 7).pubsubTopic);
    assert.deepEqual(data.message, at(fixtures, 7).message);
    assert.deepEqual(messageHash(data.pubsubTopic, data.message), at(fixtures, 7).hash);
    // Lookups paginate like everything else.
    const many = sorted.slice(0, 45).map((f) => f.hash);
    assert.deepEqual(walk({ hashes: many, pageSize: 20 }).pages, [20, 20, 5]);
    assert.deepEqual(walk({ hashes: many, pageSize: 20, forward: false }).hashes, many.map(hex));
  });

  test('include_data false on content queries; an unknown cursor is refused', () => {
    const result = archive.query(query({ pubsubTopic: TOPIC, contentTopics: ['/t/1/a/proto'], includeData: false }));
    assert.ok(result.ok);
    assert.equal(result.entries.length, 20);
    assert.ok(result.entries.every((entry) => entry.data === undefined));
    assert.deepEqual(archive.query(query({ cursor: new Uint8Array(32).fill(3) })), {
      ok: false,
      reason: 'unknown-cursor',
    });
  });

  test('duplicates are ignored and counted; totals follow', () => {
    const before = archive.totals();
    assert.equal(before.rows, 300);
    const { pubsubTopic, message, hash } = at(fixtures, 0);
    archive.accept(pubsubTopic, message, hash);
    assert.equal(archive.flush(), 0);
    assert.equal(archive.counters.get('duplicates'), 1);
    assert.deepEqual(archive.totals(), before);
    const bytes = fixtures.reduce((sum, f) => sum + f.message.payload.length + (f.message.meta?.length ?? 0), 0);
    assert.equal(before.bytes, bytes);
  });

  test('a page stops short of the byte cap and says there is more', () => {
    const small = new MessageArchive(store.db, { now: () => NOW_MS, maxPageBytes: 200 });
    const result = small.query(query({ pageSize: 100 }));
    assert.ok(result.ok);
    assert.ok(result.entries.length > 0 && result.entries.length < 10);
    assert.deepEqual(result.cursor, result.entries.at(-1)?.hash);
  });
});

describe('archive eligibility and retention', () => {
  test('ephemeral, timestamp-less and off-clock messages are not archived, each counted', () => {
    const store = openTestDb();
    try {
      const now = 1_750_000_000_000;
      const archive = new MessageArchive(store.db, { now: () => now });
      const at = (offsetMs: number, extra: Partial<WakuMessage> = {}): WakuMessage => ({
        payload: Uint8Array.of(1),
        contentTopic: '/a',
        timestamp: BigInt(now + offsetMs) * 1_000_000n,
        ...extra,
      });
      const accept = (message: WakuMessage) => archive.accept(TOPIC, message, messageHash(TOPIC, message));
      assert.deepEqual(accept(at(0, { ephemeral: true })), { archived: false, reason: 'ephemeral' });
      assert.deepEqual(accept(at(0, { timestamp: undefined })), { archived: false, reason: 'no-timestamp' });
      assert.deepEqual(accept(at(-20_001)), { archived: false, reason: 'too-old' });
      assert.deepEqual(accept(at(20_001)), { archived: false, reason: 'too-new' });
      assert.deepEqual(accept(at(-19_999)), { archived: true });
      assert.deepEqual(accept(at(19_999)), { archived: true });
      assert.equal(archive.flush(), 2);
      assert.deepEqual(archive.counters.snapshot(), {
        'skipped:ephemeral': 1,
        'skipped:no-timestamp': 1,
        'skipped:too-old': 1,
        'skipped:too-new': 1,
        archived: 2,
      });
    } finally {
      store.cleanup();
    }
  });

  test('writes are batched: a burst is flushed in one transaction at maxBatch, the rest after a short delay', async () => {
    const store = openTestDb();
    try {
      const now = Date.now();
      const archive = new MessageArchive(store.db, { maxBatch: 50, flushDelayMs: 5 });
      for (let index = 0; index < 120; index += 1) {
        const message: WakuMessage = {
          payload: Uint8Array.of(index),
          contentTopic: '/a',
          timestamp: BigInt(now) * 1_000_000n,
        };
        archive.accept(TOPIC, message, messageHash(TOPIC, message));
      }
      assert.deepEqual(archive.totals(), { rows: 100, bytes: 100, pending: 20 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.deepEqual(archive.totals(), { rows: 120, bytes: 120, pending: 0 });
    } finally {
      store.cleanup();
    }
  });

  test('retention by age and by row count, in batches', async () => {
    const store = openTestDb();
    try {
      const clock = { now: 1_750_000_000_000 };
      const archive = new MessageArchive(store.db, {
        now: () => clock.now,
        retention: { maxAgeMs: 60_000, maxRows: 150, batchSize: 40 },
      });
      // 200 messages, one per 500 ms of sender time, archived as their time comes.
      const messages: Array<{ message: WakuMessage; hash: Uint8Array }> = [];
      for (let index = 0; index < 200; index += 1) {
        clock.now += 500;
        const message: WakuMessage = {
          payload: new Uint8Array(10).fill(index),
          contentTopic: '/a',
          timestamp: BigInt(clock.now) * 1_000_000n,
        };
        const hash = messageHash(TOPIC, message);
        messages.push({ message, hash });
        assert.equal(archive.accept(TOPIC, message, hash).archived, true);
      }
      archive.flush();
      assert.equal(archive.totals().rows, 200);
      // The newest is `now`, the oldest 99.5 s old. Age: strictly older than 60 s goes, the
      // first 79. Rows: at most 150 may remain, which the 121 left already satisfy.
      const deleted = await archive.applyRetention();
      assert.equal(deleted, 79);
      assert.deepEqual(archive.totals(), { rows: 121, bytes: 1210, pending: 0 });
      assert.equal(archive.counters.get('retention:age'), 79);
      const oldest = archive.query(query({ pageSize: 1 }));
      assert.ok(oldest.ok);
      assert.equal(hex(at(oldest.entries, 0).hash), hex(at(messages, 79).hash));

      const tight = new MessageArchive(store.db, {
        now: () => clock.now,
        retention: { maxAgeMs: 3_600_000, maxRows: 45, batchSize: 20 },
      });
      assert.equal(await tight.applyRetention(), 76);
      assert.equal(tight.counters.get('retention:rows'), 76);
      assert.equal(tight.totals().rows, 45);
      const first = tight.query(query({ pageSize: 1 }));
      assert.ok(first.ok);
      assert.equal(hex(at(first.entries, 0).hash), hex(at(messages, 155).hash), 'the oldest went first');
    } finally {
      store.cleanup();
    }
  });

  test('the schema coexists with the composer running storeMigrations, and survives reopening', () => {
    const store = openTestDb();
    try {
      assert.deepEqual(ensureStoreSchema(store.db), [1], 'first run records the version');
      assert.deepEqual(ensureStoreSchema(store.db), [], 'then it is a no-op');
      const indexes = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'waku_messages' ORDER BY name")
        .all() as Array<{ name: string }>;
      assert.deepEqual(
        indexes.map((row) => row.name).filter((name) => !name.startsWith('sqlite_autoindex')),
        ['waku_messages_by_time', 'waku_messages_by_topic'],
      );
    } finally {
      store.cleanup();
    }
  });
});
