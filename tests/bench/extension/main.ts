import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page } from 'playwright-core';
import { chromiumAvailable } from '../../support/chromium.js';
import { ensureExtensionBuilt } from '../../support/extension-build.js';
import { startHarness, type Harness } from '../../e2e/extension/fixtures.js';
import { lessonOfSize } from './pages.js';

/**
 * `pnpm --filter @margins/tests bench:extension`: the three figures of issue 4, in real Chromium,
 * each printed with its target. A benchmark, not a test: it asserts nothing and reports what it
 * measured even when that misses the target. Machines here are shared: read the spread, not one run.
 */

const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 40);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 7);
const ADAPTATIONS = 200;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const f = (x: number) => x.toFixed(1);
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

function bundleSize(): void {
  const dir = ensureExtensionBuilt('production');
  const size = (file: string) => {
    const code = readFileSync(join(dir, file));
    return { gz: gzipSync(code, { level: 9 }).length / 1024, raw: code.length / 1024 };
  };
  const ui = size('content-scripts/annotator-ui.js');
  const loader = size('annotator-loader.js');
  console.log(
    `1. Content-script bundle (annotator + Preact + anchoring engine + form): ${f(ui.gz)} KB gzipped (${f(ui.raw)} KB minified); target < 60 KB: ${verdict(ui.gz < 60)}`,
  );
  console.log(
    `   It is injected only when a page has something to show or the teacher selects text; every page of an enabled site loads the ${f(loader.gz)} KB (gzipped) loader.`,
  );
}

/** Busy time of a page's renderer main thread in ms: all tasks, and JavaScript alone (CDP Performance metrics). */
async function busyMs(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}
const taskMs = async (cdp: CDPSession) => (await busyMs(cdp)).task;

/**
 * Loads `url` in `page` and returns the main-thread time it cost once everything settled: three
 * 100 ms windows in a row with under 0.5 ms of work (reading the metric itself costs a little), or 3 s.
 */
async function measuredLoad(page: Page, url: string): Promise<{ task: number; script: number; load: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const start = await busyMs(cdp);
  const before = start.task;
  await page.goto(url, { waitUntil: 'load' });
  let last = await taskMs(cdp);
  const deadline = Date.now() + 3_000;
  for (let quiet = 0; quiet < 3 && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await taskMs(cdp);
    quiet = now - last < 0.5 ? quiet + 1 : 0;
    last = now;
  }
  const load = await page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
  );
  const end = await busyMs(cdp);
  await cdp.detach();
  return { task: last - before, script: end.script - start.script, load };
}

async function pageLoadOverhead(h: Harness, control: Page): Promise<void> {
  const url = `${h.server.origin}/plain`;
  const site = new URL(url).origin.replace(/:\d+$/, '');
  const page = await h.ext.context.newPage();
  const setEnabled = (on: boolean) =>
    control.evaluate(
      ([s, enable]) =>
        chrome.runtime.sendMessage(enable ? { type: 'enableSite', site: s } : { type: 'disableSite', site: s }),
      [site, on] as const,
    );
  const withA: number[] = [];
  const without: number[] = [];
  const loadWith: number[] = [];
  const loadWithout: number[] = [];
  const scriptWith: number[] = [];
  const scriptWithout: number[] = [];
  // Paired runs: each load with Margins goes with one without, so drifts in the shared
  // machine's load touch both sides alike; the first pairs are a warm-up.
  const pairs: number[] = [];
  for (let i = -3; i < LOAD_RUNS; i++) {
    const sample: Record<'on' | 'off', { task: number; script: number; load: number }> = {} as never;
    // Which goes first alternates, so neither side always gets the warmer cache.
    for (const on of i % 2 === 0 ? [true, false] : [false, true]) {
      await setEnabled(on);
      sample[on ? 'on' : 'off'] = await measuredLoad(page, url);
    }
    if (i < 0) continue;
    withA.push(sample.on.task);
    without.push(sample.off.task);
    loadWith.push(sample.on.load);
    loadWithout.push(sample.off.load);
    scriptWith.push(sample.on.script);
    scriptWithout.push(sample.off.script);
    pairs.push(sample.on.task - sample.off.task);
  }
  const added = median(pairs);
  const sortedPairs = [...pairs].sort((a, b) => a - b);
  const q1 = sortedPairs[Math.floor(pairs.length / 4)]!;
  const q3 = sortedPairs[Math.floor((pairs.length * 3) / 4)]!;
  console.log(
    `2. Page load with nothing to show (${pairs.length} pairs of loads of a ${Math.round(lessonBytes / 1024)} KB lesson, one with Margins on, one with it off):`,
  );
  console.log(
    `   main-thread time, median (p90): with Margins ${f(median(withA))} (${f(p90(withA))}) ms, without ${f(median(without))} (${f(p90(without))}) ms`,
  );
  console.log(`   load event, median: with ${f(median(loadWith))} ms, without ${f(median(loadWithout))} ms`);
  console.log(
    `   JavaScript time alone (the page has no scripts of its own), median: with ${f(median(scriptWith))} ms, without ${f(median(scriptWithout))} ms`,
  );
  // When the middle half of the paired differences spans zero, the difference is within the noise.
  const within = q1 <= 0 && q3 >= 0;
  console.log(`   paired difference (with - without), median ${f(added)} ms, middle half ${f(q1)} to ${f(q3)} ms`);
  console.log(
    `   => the annotator adds ${f(added)} ms of main-thread time (${within ? 'not distinguishable from noise: the middle half of the differences spans zero' : 'beyond the noise'}) and ${f(median(scriptWith) - median(scriptWithout))} ms of JavaScript; target < 5 ms: ${verdict(added < 5)}`,
  );
  await setEnabled(true);
  await page.close();
}

async function manyAdaptations(h: Harness, control: Page): Promise<void> {
  const url = `${h.server.origin}/big`;
  const page = await h.ext.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  // 200 passages spread over the page, described the way Margins stores them (quote with 32 characters of context and its text position).
  const selectors = await page.evaluate((count) => {
    const text = document.body.textContent ?? '';
    const paragraphs = [...document.querySelectorAll('p')];
    return Array.from({ length: count }, (_, i) => {
      const p = paragraphs[Math.floor((i * paragraphs.length) / count)]!;
      const pStart = text.indexOf(p.textContent);
      const start = pStart + 20;
      const end = start + 40;
      return {
        exact: text.slice(start, end),
        prefix: text.slice(start - 32, start),
        suffix: text.slice(end, end + 32),
        start,
        end,
      };
    });
  }, ADAPTATIONS);
  const annotations = selectors.map((s, i) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: 'Annotation',
    motivation: 'commenting',
    body: [
      { type: 'TextualBody', purpose: 'commenting', value: `Adaptation ${i}: pair students and give fraction strips.` },
      { type: 'TextualBody', purpose: 'tagging', value: 'scaffolding' },
    ],
    target: {
      source: url,
      selector: [
        { type: 'TextQuoteSelector', exact: s.exact, prefix: s.prefix, suffix: s.suffix },
        { type: 'TextPositionSelector', start: s.start, end: s.end },
      ],
    },
  }));
  const report = await control.evaluate(
    (text) => chrome.runtime.sendMessage({ type: 'importAdaptations', text }),
    JSON.stringify(annotations),
  );
  await control.evaluate(() => {
    const w = window as unknown as { reports: { t: number; n: number; anchored: number }[] };
    w.reports = [];
    chrome.runtime.onMessage.addListener((m: { type?: string; statuses?: Record<string, { status: string }> }) => {
      if (m.type === 'anchorsReported' && m.statuses) {
        w.reports.push({
          t: performance.timeOrigin + performance.now(),
          n: Object.keys(m.statuses).length,
          anchored: Object.values(m.statuses).filter((s) => s.status === 'anchored').length,
        });
      }
    });
  });
  const fromNav: number[] = [];
  const fromDcl: number[] = [];
  const loads: number[] = [];
  let anchored = 0;
  for (let run = 0; run <= BIG_RUNS; run++) {
    await control.evaluate(() => {
      (window as unknown as { reports: unknown[] }).reports = [];
    });
    await page.goto(url, { waitUntil: 'load' });
    const origin = await page.evaluate(() => performance.timeOrigin);
    const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming);
    let shown: { t: number; anchored: number } | undefined;
    const deadline = Date.now() + 30_000;
    while (!shown && Date.now() < deadline) {
      shown = await control.evaluate(
        (n) =>
          (window as unknown as { reports: { t: number; n: number; anchored: number }[] }).reports.find(
            (r) => r.n === n,
          ),
        ADAPTATIONS,
      );
      if (!shown) await new Promise((r) => setTimeout(r, 20));
    }
    if (!shown) throw new Error('The annotator never reported the 200 adaptations.');
    if (run === 0) continue; // warm-up
    fromNav.push(shown.t - origin);
    fromDcl.push(shown.t - origin - nav.domContentLoadedEventEnd);
    loads.push(nav.loadEventEnd);
    anchored = shown.anchored;
  }
  const kb = Math.round(lessonBigBytes / 1024);
  console.log(
    `3. ${ADAPTATIONS} adaptations on a ${kb} KB page (${BIG_RUNS} loads; imported ${JSON.stringify(report)}): ${anchored}/${ADAPTATIONS} anchored`,
  );
  console.log(
    `   shown (highlights + markers) median ${f(median(fromNav))} ms after navigation start (the page's own load event: ${f(median(loads))} ms)`,
  );
  console.log(
    `   => ${f(median(fromDcl))} ms after DOMContentLoaded, the earliest the annotator can start (p90 ${f(p90(fromDcl))}); target < 300 ms: ${verdict(median(fromDcl) < 300)}`,
  );
  // Both scale with how busy the shared machine is, so their ratio is steadier than either.
  console.log(
    `   ratio to the page's own load time (steadier across machine load): ${(median(fromDcl) / median(loads)).toFixed(2)}`,
  );
  await page.close();
}

const lessonBytes = 100_000;
const lessonBigBytes = 1_000_000;

async function main(): Promise<void> {
  process.stdout.write('');
  console.log(
    "Margins extension benchmark: Debian Chromium, headless; this machine's cores are shared, so expect noise between runs.",
  );
  bundleSize();
  if (!chromiumAvailable()) return;
  const h = await startHarness({
    pages: { '/plain': lessonOfSize(lessonBytes, 1), '/big': lessonOfSize(lessonBigBytes, 2) },
  });
  try {
    const first = await h.openLesson('/plain');
    await h.enableSite(first.tabId);
    await first.page.close();
    const control = await h.ext.context.newPage();
    await control.goto(`chrome-extension://${h.ext.extensionId}/popup.html`);
    await pageLoadOverhead(h, control);
    await manyAdaptations(h, control);
  } finally {
    await h.close();
  }
}

await main();
