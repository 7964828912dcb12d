// `npm run bench:anchors`: only the suites that compare us with other messengers' code
// (libsignal), which needs packages we do not depend on; `npm run bench` runs them too when present.
import { markdownTable } from './measure.ts';
import { ratchetAnchorBenchmarks } from './suites/ratchet-anchor.ts';

const results = await ratchetAnchorBenchmarks(Number(process.env.BENCH_OPS ?? 2000));
process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n\n`);
process.stdout.write(`${markdownTable(results)}\n`);
