// `npm run bench`: every suite side by side with its baseline; prints JSON, then a markdown table.
import os from 'node:os';
import { type Comparison, markdownTable, type Timing, timingTable } from './measure.ts';
import { backlogBenchmarks } from './suites/backlog.ts';
import { conversationViewBenchmarks } from './suites/conversation-view.ts';
import { envelopeBenchmarks } from './suites/envelope.ts';
import { groupPictureBenchmarks } from './suites/group-picture.ts';
import { loginBenchmarks } from './suites/login.ts';
import { messagingBenchmarks } from './suites/messaging.ts';
import { ratchetAnchorBenchmarks } from './suites/ratchet-anchor.ts';
import { relayBenchmarks } from './suites/relay.ts';
import { rpcBenchmarks } from './suites/rpc.ts';
import { storageBenchmarks } from './suites/storage.ts';
import { filterBenchmarks } from './suites/waku-filter.ts';
import { storeBenchmarks } from './suites/waku-store.ts';

const ops = Number(process.env.BENCH_OPS ?? 5000);
const results: Comparison[] = [
  ...(await rpcBenchmarks(ops)),
  ...(await storageBenchmarks(ops)),
  ...(await envelopeBenchmarks(ops)),
  ...(await relayBenchmarks(Math.min(ops, 1000))),
  ...(await messagingBenchmarks(Math.min(ops, 1000))),
  ...(await ratchetAnchorBenchmarks(Math.min(ops, 2000))),
];
const timings: Timing[] = [
  ...(await loginBenchmarks(Number(process.env.BENCH_MESSAGES ?? 100_000))),
  ...(await storeBenchmarks(Number(process.env.BENCH_STORE_ROWS ?? 100_000))),
  ...(await backlogBenchmarks(Number(process.env.BENCH_BACKLOG ?? 10_000))),
  ...(await groupPictureBenchmarks(Number(process.env.BENCH_GROUP_MESSAGES ?? 100))),
  ...(await filterBenchmarks(100)),
  ...(process.env.BENCH_SUBSCRIBERS_1000 === '0' ? [] : await filterBenchmarks(1000)),
  ...(process.env.BENCH_CONVERSATION === '0'
    ? []
    : await conversationViewBenchmarks(Number(process.env.BENCH_CONVERSATION_MESSAGES ?? 10_000))),
];

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
process.stdout.write(
  `${JSON.stringify({ date: new Date().toISOString(), machine, ops, results, timings }, null, 2)}\n\n`,
);
process.stdout.write(`${markdownTable(results)}\n\n${timingTable(timings)}\n`);
