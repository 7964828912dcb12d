// Tiny measurement kit shared by every benchmark: sequential latency sampling and
// result rows that print as JSON and as a markdown table.

export interface Sample {
  name: string;
  ops: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface Comparison {
  benchmark: string;
  ours: Sample;
  baseline: Sample;
  /** ours.opsPerSec / baseline.opsPerSec: 1.0 means "costs nothing extra". */
  throughputRatio: number;
  note: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Runs `op` sequentially `ops` times after `warmup` untimed runs. */
export async function sample(
  name: string,
  ops: number,
  op: (i: number) => unknown,
  warmup = Math.min(200, ops),
): Promise<Sample> {
  for (let i = 0; i < warmup; i += 1) await op(i);
  const latencies = new Array<number>(ops);
  const began = performance.now();
  for (let i = 0; i < ops; i += 1) {
    const t0 = performance.now();
    await op(i);
    latencies[i] = performance.now() - t0;
  }
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    name,
    ops,
    opsPerSec: Math.round(ops / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/** Alternates ours and baseline in several rounds so machine noise hits both alike. */
export async function compare(
  benchmark: string,
  note: string,
  ours: { name: string; op: (i: number) => unknown },
  baseline: { name: string; op: (i: number) => unknown },
  ops: number,
  rounds = 3,
): Promise<Comparison> {
  const oursRuns: Sample[] = [];
  const baseRuns: Sample[] = [];
  for (let round = 0; round < rounds; round += 1) {
    baseRuns.push(await sample(baseline.name, ops, baseline.op));
    oursRuns.push(await sample(ours.name, ops, ours.op));
  }
  const median = (runs: Sample[]) =>
    [...runs].sort((a, b) => a.opsPerSec - b.opsPerSec)[Math.floor(runs.length / 2)] as Sample;
  const o = median(oursRuns);
  const b = median(baseRuns);
  return {
    benchmark,
    ours: o,
    baseline: b,
    throughputRatio: Math.round((o.opsPerSec / b.opsPerSec) * 100) / 100,
    note,
  };
}

export function markdownTable(results: Comparison[]): string {
  const lines = [
    '| benchmark | ours | ops/s | p50 ms | p99 ms | baseline | ops/s | p50 ms | p99 ms | ratio |',
    '|---|---|---:|---:|---:|---|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.benchmark} | ${r.ours.name} | ${r.ours.opsPerSec} | ${r.ours.p50Ms} | ${r.ours.p99Ms} | ${r.baseline.name} | ${r.baseline.opsPerSec} | ${r.baseline.p50Ms} | ${r.baseline.p99Ms} | ${r.throughputRatio} |`,
    );
  }
  return lines.join('\n');
}

/** A one-off cost measured a few times (e.g. a login), reported as median and range. */
export interface Timing {
  benchmark: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  note: string;
}

/** A Timing measured once (a whole scenario, too long to repeat). */
export function singleRun(benchmark: string, ms: number, note: string): Timing {
  const rounded = Math.round(ms);
  return { benchmark, runs: 1, medianMs: rounded, minMs: rounded, maxMs: rounded, note };
}

export async function time(benchmark: string, note: string, runs: number, op: () => unknown): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await op();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    benchmark,
    runs,
    medianMs: round(samples[Math.floor(runs / 2)] ?? Number.NaN),
    minMs: round(samples[0] ?? Number.NaN),
    maxMs: round(samples.at(-1) ?? Number.NaN),
    note,
  };
}

export function timingTable(timings: Timing[]): string {
  const lines = ['| measurement | runs | median ms | min ms | max ms | note |', '|---|---:|---:|---:|---:|---|'];
  for (const t of timings)
    lines.push(`| ${t.benchmark} | ${t.runs} | ${t.medianMs} | ${t.minMs} | ${t.maxMs} | ${t.note} |`);
  return lines.join('\n');
}
