// Filter service under many subscribers: one WakuNode serving filter in this thread, and N
// subscribers in a worker thread. The subscribers are raw libp2p nodes (TCP, noise, yamux, own
// ed25519 peer ids) speaking the filter protocol with our codec, not @waku/sdk light nodes: one
// SDK node costs tens of MB and several timers, so 1,000 of them do not fit in one process;
// on the wire ours do exactly what js-waku does (subscribe request → 200, then read frames
// from the one push stream the service opens).
//
// Measured: connect + subscribe time for N, the service's heap per subscriber (connection,
// subscription, push stream; the subscribers live in the worker's own V8 heap), and push latency
// (publish on the service node → frame decoded in a subscriber) at 10 msg/s for every subscriber.
// Run: node bench/suites/waku-filter.ts [subscribers]
import os from 'node:os';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { Libp2p } from '@libp2p/interface';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import * as lp from 'it-length-prefixed';
import { createLibp2p } from 'libp2p';
import {
  decodeFilterPush,
  decodeFilterResponse,
  encodeFilterRequest,
  FILTER_PUSH_CODEC,
  FILTER_SUBSCRIBE_CODEC,
  FilterRequestType,
} from '../../main/transport/filter/filter-codec.ts';
import { requestOnce } from '../../main/transport/request-stream.ts';
import { WakuNode } from '../../main/transport/waku-node.ts';
import { type Timing, time } from '../measure.ts';

const PUBSUB_TOPIC = '/waku/2/rs/16/32';
const CONTENT_TOPIC = '/status/1/bench-filter/proto';
const RATE_PER_SECOND = 10;
const MESSAGES = 50;
/** libp2p accepts at most 10 inbound connections mid-handshake (maxIncomingPendingConnections). */
const SUBSCRIBE_CONCURRENCY = 8;

interface WorkerInput {
  address: string;
  subscribers: number;
  messages: number;
}

type FromWorker =
  | { type: 'subscribed'; ms: number; failures: number }
  | { type: 'received'; count: number }
  | { type: 'receipts'; receipts: Float64Array }
  | { type: 'stopped' };

type ToWorker = { type: 'report' } | { type: 'stop' };

function percentile(sorted: Float64Array | number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export async function filterBenchmarks(subscribers: number): Promise<Timing[]> {
  const dataDir = (await import('node:fs')).mkdtempSync(`${os.tmpdir()}/wsd-bench-filter-`);
  const node = await WakuNode.create({
    dataDir,
    host: '127.0.0.1',
    wsPort: null,
    shards: [32],
    maxConnections: subscribers + 100,
    maxConnectionsPerIp: subscribers + 100,
    inboundConnectionsPerIpPerSecond: subscribers + 100,
    filter: { maxPeers: subscribers + 10, rateLimit: { capacity: 30, perMinute: 30 } },
  });
  await node.start();
  const address = node.listenAddresses.find((text) => !text.includes('/ws')) ?? '';
  const timings: Timing[] = [];
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { address, subscribers, messages: MESSAGES } satisfies WorkerInput,
  });
  const messages: FromWorker[] = [];
  const waiters = new Set<() => void>();
  worker.on('message', (message: FromWorker) => {
    messages.push(message);
    for (const wake of waiters) wake();
  });
  const next = <Type extends FromWorker['type']>(
    type: Type,
    ms: number,
    predicate: (m: FromWorker) => boolean = () => true,
  ) =>
    new Promise<Extract<FromWorker, { type: Type }>>((resolve, reject) => {
      const check = () => {
        const found = messages.find((m) => m.type === type && predicate(m));
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found as Extract<FromWorker, { type: Type }>);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`filter bench: no ${type} from the worker within ${ms} ms`));
      }, ms);
      waiters.add(check);
      check();
    });
  try {
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let subscribed: Extract<FromWorker, { type: 'subscribed' }> | null = null;
    const connectTiming = await time(
      `filter: ${subscribers} subscribers connect + subscribe`,
      'raw libp2p subscribers (TCP, noise, yamux), 8 at a time',
      1,
      async () => {
        subscribed = await next('subscribed', 120_000 + subscribers * 200);
      },
    );
    collectGarbage();
    const heapSubscribed = process.memoryUsage().heapUsed;
    const stats = node.stats().filter;
    const perSubscriberKiB = (heapSubscribed - heapBefore) / subscribers / 1024;
    connectTiming.note +=
      `; ${stats?.subscribers} subscribed, ${(subscribed as { failures: number } | null)?.failures ?? '?'} failed; ` +
      `service heap +${((heapSubscribed - heapBefore) / 2 ** 20).toFixed(1)} MiB = ${perSubscriberKiB.toFixed(1)} KiB per subscriber (connection + subscription)`;
    timings.push(connectTiming);

    // 10 msg/s, each to every subscriber; the send time travels in the payload.
    const expected = subscribers * MESSAGES;
    const allReceived = next(
      'received',
      30_000 + (MESSAGES * 1000) / RATE_PER_SECOND,
      (m) => m.type === 'received' && m.count >= expected,
    );
    const started = performance.now();
    for (let seq = 0; seq < MESSAGES; seq += 1) {
      const due = started + (seq * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sentAt = performance.timeOrigin + performance.now();
      const payload = new TextEncoder().encode(JSON.stringify({ seq, sentAt, pad: 'x'.repeat(200) }));
      await node.publish(PUBSUB_TOPIC, {
        payload,
        contentTopic: CONTENT_TOPIC,
        timestamp: BigInt(Date.now()) * 1_000_000n,
      });
    }
    let complete = true;
    await allReceived.catch(() => {
      complete = false;
    });
    collectGarbage();
    const heapAfterPushes = process.memoryUsage().heapUsed;
    worker.postMessage({ type: 'report' } satisfies ToWorker);
    const { receipts } = await next('receipts', 30_000);
    const sorted = Float64Array.from(receipts).sort();
    const filterStats = node.stats().filter;
    timings.push({
      benchmark: `filter push latency: ${subscribers} subscribers, ${RATE_PER_SECOND} msg/s`,
      runs: sorted.length,
      medianMs: Math.round(percentile(sorted, 50) * 10) / 10,
      minMs: Math.round((sorted[0] ?? Number.NaN) * 10) / 10,
      maxMs: Math.round((sorted.at(-1) ?? Number.NaN) * 10) / 10,
      note:
        `publish → push frame decoded by the subscriber; p99 ${percentile(sorted, 99).toFixed(1)} ms; ` +
        `${sorted.length}/${expected} delivered${complete ? '' : ' (incomplete)'}; ` +
        `${filterStats?.counters['push-dropped:overflow'] ?? 0} dropped by the queue bound; ` +
        `service heap after pushes ${((heapAfterPushes - heapBefore) / subscribers / 1024).toFixed(1)} KiB per subscriber`,
    });
    return timings;
  } finally {
    worker.postMessage({ type: 'stop' } satisfies ToWorker);
    await next('stopped', 60_000).catch(() => worker.terminate());
    await node.stop();
    (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The worker: N raw subscribers. */
async function runSubscribers(input: WorkerInput): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const nodes: Libp2p[] = [];
  const latencies: number[] = [];
  let received = 0;
  const target = multiaddr(input.address);
  const started = performance.now();
  let failures = 0;
  const subscribeOne = async () => {
    const libp2p = await createLibp2p({
      privateKey: await generateKeyPair('Ed25519'),
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { maxConnections: 4 },
    });
    nodes.push(libp2p);
    await libp2p.handle(FILTER_PUSH_CODEC, ({ stream }) => {
      void (async () => {
        try {
          for await (const frame of lp.decode(stream.source)) {
            const push = decodeFilterPush(frame.subarray());
            if (!push.ok) continue;
            const { sentAt } = JSON.parse(new TextDecoder().decode(push.value.message.payload)) as { sentAt: number };
            latencies.push(performance.timeOrigin + performance.now() - sentAt);
            received += 1;
            if (received % 500 === 0 || received === input.subscribers * input.messages)
              port.postMessage({ type: 'received', count: received } satisfies FromWorker);
          }
        } catch {
          // The service closed the stream.
        }
      })();
    });
    const connection = await libp2p.dial(target);
    const result = await requestOnce(
      connection,
      FILTER_SUBSCRIBE_CODEC,
      encodeFilterRequest({
        requestId: crypto.randomUUID(),
        type: FilterRequestType.Subscribe,
        pubsubTopic: PUBSUB_TOPIC,
        contentTopics: [CONTENT_TOPIC],
      }),
      { maxResponseBytes: 4096, timeoutMs: 30_000 },
    );
    const response = result.ok ? decodeFilterResponse(result.bytes) : null;
    if (!response?.ok || response.value.statusCode !== 200) failures += 1;
  };
  let nextIndex = 0;
  await Promise.all(
    Array.from({ length: SUBSCRIBE_CONCURRENCY }, async () => {
      while (nextIndex < input.subscribers) {
        nextIndex += 1;
        await subscribeOne().catch(() => {
          failures += 1;
        });
      }
    }),
  );
  port.postMessage({ type: 'subscribed', ms: performance.now() - started, failures } satisfies FromWorker);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'report') {
      port.postMessage({ type: 'receipts', receipts: Float64Array.from(latencies) } satisfies FromWorker);
    } else {
      void Promise.allSettled(nodes.map((libp2p) => libp2p.stop())).then(() => {
        port.postMessage({ type: 'stopped' } satisfies FromWorker);
        process.exit(0);
      });
    }
  });
}

if (!isMainThread && (workerData as WorkerInput | undefined)?.address) {
  await runSubscribers(workerData as WorkerInput);
} else if (isMainThread && import.meta.url === `file://${process.argv[1]}`) {
  const { timingTable } = await import('../measure.ts');
  const subscribers = Number(process.argv[2] ?? 1000);
  process.stdout.write(`${timingTable(await filterBenchmarks(subscribers))}\n`);
  process.exit(0);
}
