// The conversation view with a long chat, in Debian's Chromium against a core (in this process)
// whose account holds `count` messages in one chat: how long from clicking the chat to its
// messages on screen (p50/p99 over 20 opens), and how smooth is scrolling all the way to the top
// (older pages load on the way: frame times from requestAnimationFrame deltas, and Chromium's
// long-animation-frame entries). Side by side: the same list built with windowing off
// (VITE_UNWINDOWED_MESSAGES=1: every loaded row in the DOM), within a time budget.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test/helpers/browser.ts';
import { REPO_ROOT } from '../../test/helpers/headless-process.ts';
import { startSeededCore } from '../../test/helpers/seeded-conversation.ts';
import { serveDirectory } from '../../test/helpers/static-server.ts';
import type { Timing } from '../measure.ts';

const OPENS = 20;
/** The baseline may not finish the scroll to the top: it stops here and says how far it got. */
const SCROLL_BUDGET_MS = Number(process.env.BENCH_SCROLL_BUDGET_MS ?? 60_000);
/** Pixels per frame: a fast, steady wheel (~24,000 px/s at 60 Hz). */
const SCROLL_STEP = 400;

function build(outDir: string, unwindowed: boolean): void {
  execFileSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, VITE_UNWINDOWED_MESSAGES: unwindowed ? '1' : '0' },
      stdio: 'inherit',
    },
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

// Page-side code as strings: this file is type-checked without the DOM library.
const clickChat = (prefix: string) => `(async () => {
  const button = [...document.querySelectorAll('.chat-item')].find((b) => b.textContent.startsWith(${JSON.stringify(prefix)}));
  const t0 = performance.now();
  button.click();
  // The opened chat's newest message in the DOM, then one more frame: it has been painted.
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    const last = [...document.querySelectorAll('[data-testid=message] .text')].at(-1);
    if (button.getAttribute('aria-current') === 'true' && last && last.textContent.endsWith(window.__expectNewest)) break;
    if (performance.now() - t0 > 10000) throw new Error('chat did not open');
  }
  await new Promise((r) => requestAnimationFrame(r));
  return performance.now() - t0;
})()`;

const scrollToTop = (budgetMs: number) => `(async () => {
  const log = document.querySelector('.message-log');
  const frames = [];
  const long = [];
  const slow = [];
  const heights = [];
  const observer = typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
    ? new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          long.push(e.duration);
          // What a long frame spent its time on: scripts (by entry point), style and layout.
          if (e.duration > 50) slow.push({
            at: Math.round(e.startTime),
            ms: Math.round(e.duration),
            scriptMs: Math.round((e.renderStart || e.startTime + e.duration) - e.startTime),
            renderMs: e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0,
            layoutMs: e.styleAndLayoutStart ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart) : 0,
            scripts: e.scripts.map((s) => s.invoker + ' ' + Math.round(s.duration) + ' ms (forced layout ' + Math.round(s.forcedStyleAndLayoutDuration) + ' ms)'),
          });
        }
      })
    : null;
  observer?.observe({ type: 'long-animation-frame' });
  const t0 = performance.now();
  let last = t0;
  let done = false;
  while (performance.now() - t0 < ${budgetMs}) {
    const now = await new Promise((r) => requestAnimationFrame(r));
    frames.push(now - last);
    heights.push(log.scrollHeight);
    last = now;
    const top = log.scrollTop === 0 && !document.querySelector('.load-older');
    if (top) { done = true; break; }
    log.scrollTop = Math.max(0, log.scrollTop - ${SCROLL_STEP});
  }
  observer?.disconnect();
  frames.shift();
  heights.shift();
  // The frames over 50 ms, and whether older messages were prepended in them (the scroll height grew).
  const slowFrames = frames.flatMap((f, i) => (f > 50 ? [{ i, ms: Math.round(f), grew: i > 0 && heights[i] > heights[i - 1] }] : []));
  return {
    slow,
    slowFrames,
    done,
    ms: performance.now() - t0,
    frames,
    long,
    rows: document.querySelectorAll('.message-rows > li').length,
    oldest: document.querySelector('[data-testid=message] .text')?.textContent ?? '',
  };
})()`;

interface Variant {
  name: string;
  opens: number[];
  scroll: {
    done: boolean;
    ms: number;
    frames: number[];
    long: number[];
    rows: number;
    oldest: string;
    slow: unknown[];
    slowFrames: unknown[];
  };
}

async function measureVariant(
  browser: Browser,
  site: string,
  core: Awaited<ReturnType<typeof startSeededCore>>,
  name: string,
  opens: number,
): Promise<Variant> {
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(`${site}/#ws=${encodeURIComponent(core.rpcUrl)}&token=${core.token}`);
    await page.locator('.chat-item').nth(1).waitFor({ timeout: 30_000 });
    const [big, small] = core.chats as [{ id: string; count: number }, { id: string; count: number }];
    const prefix = (id: string) => id.slice(0, 8);
    const times: number[] = [];
    for (let i = 0; i < opens; i += 1) {
      await page.evaluate(`window.__expectNewest = '#${small.count - 1}'`);
      await page.evaluate(clickChat(prefix(small.id)));
      await page.evaluate(`window.__expectNewest = '#${big.count - 1}'`);
      times.push(await page.evaluate<number>(clickChat(prefix(big.id))));
    }
    const scroll = await page.evaluate<Variant['scroll']>(scrollToTop(SCROLL_BUDGET_MS));
    if (process.env.BENCH_VERBOSE === '1')
      process.stderr.write(
        `${name}: slow frames ${JSON.stringify(scroll.slowFrames)}\n${scroll.slow.map((s) => JSON.stringify(s)).join('\n')}\n`,
      );
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return { name, opens: times, scroll };
  } finally {
    await page.close();
  }
}

function rows(variant: Variant, count: number, label: string): Timing[] {
  const opens = [...variant.opens].sort((a, b) => a - b);
  const frames = [...variant.scroll.frames].sort((a, b) => a - b);
  const over50 = frames.filter((f) => f > 50).length;
  const { scroll } = variant;
  return [
    {
      benchmark: `conversation open, ${count} messages: click → messages painted (${label})`,
      runs: opens.length,
      medianMs: round(percentile(opens, 50)),
      minMs: round(opens[0] ?? Number.NaN),
      maxMs: round(opens.at(-1) ?? Number.NaN),
      note: `p99 ${round(percentile(opens, 99))} ms; newest page of 50, the chat switched away and back each run`,
    },
    {
      benchmark: `conversation scroll to the top, ${count} messages: frame time (${label})`,
      runs: frames.length,
      medianMs: round(percentile(frames, 50)),
      minMs: round(frames[0] ?? Number.NaN),
      maxMs: round(frames.at(-1) ?? Number.NaN),
      note:
        `p99 ${round(percentile(frames, 99))} ms; ${over50} frames over 50 ms; ` +
        `${scroll.long.length} long-animation-frames (max ${round(Math.max(0, ...scroll.long))} ms); ` +
        `${scroll.done ? 'reached the top' : `stopped after the ${Math.round(SCROLL_BUDGET_MS / 1000)} s budget at "${scroll.oldest.slice(-8)}"`} ` +
        `in ${round(scroll.ms / 1000)} s, ${SCROLL_STEP} px a frame; ${scroll.rows} rows in the DOM at the end`,
    },
  ];
}

export async function conversationViewBenchmarks(count: number): Promise<Timing[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-conversation-'));
  let browser: Browser | undefined;
  let core: Awaited<ReturnType<typeof startSeededCore>> | undefined;
  const sites: Array<Awaited<ReturnType<typeof serveDirectory>>> = [];
  try {
    const windowedDir = path.join(work, 'windowed');
    const unwindowedDir = path.join(work, 'unwindowed');
    build(windowedDir, false);
    // BENCH_CONVERSATION_BASELINE=0: the windowed list only (quicker, for comparing changes).
    const baseline = process.env.BENCH_CONVERSATION_BASELINE !== '0';
    if (baseline) build(unwindowedDir, true);
    const seedStart = performance.now();
    core = await startSeededCore(path.join(work, 'data'), [count, 20]);
    const seedMs = performance.now() - seedStart;
    browser = await launchChromium();
    for (const dir of baseline ? [windowedDir, unwindowedDir] : [windowedDir]) sites.push(await serveDirectory(dir));
    const windowed = await measureVariant(browser, sites[0]?.url ?? '', core, 'windowed', OPENS);
    // The baseline's opens are as cheap as ours (one page of 50): fewer runs keep the suite short.
    const unwindowed = baseline ? await measureVariant(browser, sites[1]?.url ?? '', core, 'unwindowed', 5) : undefined;
    const timings = [
      ...rows(windowed, count, 'windowed'),
      ...(unwindowed ? rows(unwindowed, count, 'baseline: no windowing') : []),
    ];
    (timings[0] as Timing).note += `; seeding the account took ${round(seedMs / 1000)} s`;
    return timings;
  } finally {
    await browser?.close();
    for (const site of sites) await site.close();
    await core?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { timingTable } = await import('../measure.ts');
  const timings = await conversationViewBenchmarks(Number(process.argv[2] ?? 10_000));
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), timings }, null, 2)}\n\n${timingTable(timings)}\n`,
  );
}
