// Store archive at size: write a `rows`-message archive (512-byte payloads, 50 content topics
// on two shards, 2 days of timestamps) into an encrypted database, then time what one store
// query costs the service: decode the request, plan and run the SQLite page query, encode the
// response (the network is left out; the integration tests cover it). Also the batched
// archive writes and one retention pass. Run: node bench/suites/waku-store.ts [rows]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase } from '../../main/storage/database.ts';
import { messageHash, type WakuMessage } from '../../main/transport/message.ts';
import { MessageArchive } from '../../main/transport/store/archive.ts';
import { storeMigrations } from '../../main/transport/store/schema.ts';
import {
  decodeStoreQuery,
  encodeStoreQuery,
  encodeStoreResponse,
  type StoreQuery,
  StoreStatus,
} from '../../main/transport/store/store-codec.ts';
import { type Timing, time } from '../measure.ts';

const TOPICS = ['/waku/2/rs/16/32', '/waku/2/rs/16/64'];
const CONTENT_TOPICS = Array.from({ length: 50 }, (_, index) => `/status/1/bench-${index}/proto`);
const SPAN_MS = 2 * 24 * 60 * 60_000;
const QUERIES = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export async function storeBenchmarks(rows: number): Promise<Timing[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsd-bench-store-'));
  const { db } = openDatabase({
    path: path.join(dir, 'core.db'),
    key: crypto.randomBytes(32),
    migrations: storeMigrations,
  });
  const timings: Timing[] = [];
  try {
    // Sender timestamps spread over two days before `end`; the clock the archive sees walks
    // along with them so the 20 s eligibility window accepts every message.
    const end = Date.now();
    const start = end - SPAN_MS;
    const clock = { now: start };
    const archive = new MessageArchive(db, {
      now: () => clock.now,
      maxBatch: 500,
      retention: { maxAgeMs: SPAN_MS * 2, maxRows: rows * 2 },
    });
    const hashes: Uint8Array[] = [];
    const payload = crypto.randomBytes(512);
    timings.push(
      await time(
        `store: archive ${rows} messages`,
        'accept() of 512-byte messages, written in transactions of 500 (INSERT OR IGNORE, 2 indexes, count triggers)',
        1,
        () => {
          for (let index = 0; index < rows; index += 1) {
            const timestampMs = start + Math.floor((index * SPAN_MS) / rows);
            clock.now = timestampMs;
            const pubsubTopic = TOPICS[index % 7 === 0 ? 1 : 0] ?? '';
            const message: WakuMessage = {
              payload: Buffer.concat([payload.subarray(0, 500), Buffer.from(index.toString().padStart(12, '0'))]),
              contentTopic: CONTENT_TOPICS[index % CONTENT_TOPICS.length] ?? '',
              version: 1,
              timestamp: BigInt(timestampMs) * 1_000_000n + BigInt(index % 1000),
            };
            const hash = messageHash(pubsubTopic, message);
            if (index % Math.max(1, Math.floor(rows / 1000)) === 0) hashes.push(hash);
            archive.accept(pubsubTopic, message, hash);
          }
          archive.flush();
        },
      ),
    );
    clock.now = end;
    const totals = archive.totals();
    const last = timings.at(-1);
    if (last)
      last.note += `; ${totals.rows} rows, ${Math.round(fs.statSync(path.join(dir, 'core.db')).size / 2 ** 20)} MiB on disk`;

    const random = (items: readonly Uint8Array[]) =>
      items[Math.floor(Math.random() * items.length)] ?? new Uint8Array(32);
    const serve = (query: Partial<StoreQuery>) => {
      const decoded = decodeStoreQuery(encodeStoreQuery({ requestId: crypto.randomUUID(), ...query }));
      if (!decoded.ok) throw new Error(`bench query refused: ${decoded.reason}`);
      const page = archive.query(decoded.value);
      if (!page.ok) throw new Error(`bench query failed: ${page.reason}`);
      return encodeStoreResponse({
        requestId: decoded.value.requestId,
        status: StoreStatus.Ok,
        description: 'OK',
        entries: page.entries,
        cursor: page.cursor,
      });
    };
    const measure = async (name: string, note: string, query: () => Partial<StoreQuery>) => {
      for (let index = 0; index < 20; index += 1) serve(query());
      const samples: number[] = [];
      const timing = await time(name, note, QUERIES, () => {
        const began = performance.now();
        serve(query());
        samples.push(performance.now() - began);
      });
      samples.sort((a, b) => a - b);
      timing.note += `; p95 ${percentile(samples, 95).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms`;
      timings.push(timing);
    };
    const topic = TOPICS[0] ?? '';
    await measure(
      `store page: 1 content topic, forward, page 20 (${rows} rows)`,
      'decode + SQLite + encode; random cursor (the js-waku default query)',
      () => ({ pubsubTopic: topic, contentTopics: [CONTENT_TOPICS[1] ?? ''], cursor: random(hashes), pageSize: 20 }),
    );
    await measure(
      `store page: 10 content topics merged, backward, page 100 (${rows} rows)`,
      'one ordered range per topic, merged; random cursor',
      () => ({
        pubsubTopic: topic,
        contentTopics: CONTENT_TOPICS.slice(0, 10),
        cursor: random(hashes),
        forward: false,
        pageSize: 100,
      }),
    );
    await measure(
      `store page: 1 content topic, 1 h time range, page 100 (${rows} rows)`,
      'random window within the two days',
      () => {
        const from = start + Math.floor(Math.random() * (SPAN_MS - 3_600_000));
        return {
          pubsubTopic: topic,
          contentTopics: [CONTENT_TOPICS[2] ?? ''],
          timeStart: BigInt(from) * 1_000_000n,
          timeEnd: BigInt(from + 3_600_000) * 1_000_000n,
          pageSize: 100,
        };
      },
    );
    await measure(`store page: no filter, include_data false, page 100 (${rows} rows)`, 'hashes only', () => ({
      includeData: false,
      cursor: random(hashes),
      pageSize: 100,
    }));
    await measure(`store lookup: 20 message hashes (${rows} rows)`, 'point lookups on the hash index', () => ({
      hashes: Array.from({ length: 20 }, () => random(hashes)),
    }));

    // Retention: drop the oldest 10 % by age, in default batches with event-loop turns between.
    const retained = new MessageArchive(db, {
      now: () => end,
      retention: { maxAgeMs: Math.floor(SPAN_MS * 0.9), maxRows: rows * 2 },
    });
    let longestTurn = 0;
    let deleted = 0;
    const timing = await time(
      `store retention: delete the oldest 10 % of ${rows} rows`,
      'batches of 250 (the default), one transaction each',
      1,
      async () => {
        let last = performance.now();
        const watcher = setInterval(() => {
          const now = performance.now();
          longestTurn = Math.max(longestTurn, now - last);
          last = now;
        }, 0);
        deleted = await retained.applyRetention();
        clearInterval(watcher);
      },
    );
    timing.note += `; ${deleted} rows deleted; longest event-loop stall ${longestTurn.toFixed(1)} ms`;
    timings.push(timing);
    return timings;
  } finally {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { timingTable } = await import('../measure.ts');
  const rows = Number(process.argv[2] ?? 100_000);
  process.stdout.write(`${timingTable(await storeBenchmarks(rows))}\n`);
}
