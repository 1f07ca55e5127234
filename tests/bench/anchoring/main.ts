import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';
import { anchor, buildTextIndex, describe as describeRange, textOffsetsOf } from '@margins/shared/anchoring';
import { buildEditCases, judge, type Verdict } from '../../support/anchoring-edits.js';
import { chromiumAvailable, launchChromium } from '../../support/chromium.js';
import { conformanceDir } from '../../support/conformance-dir.js';
import {
  formatLessonTally,
  runLessonCases,
  standardLessonCases,
  tallyLessonOutcomes,
} from '../../support/templated-run.js';
import { baselineAnchor } from './baseline.js';
import { runBenchmark, stats, toBaselineSelectors, type BenchReport, type RunResult, type Stats } from './run-bench.js';
import { buildPageHtml } from './scenario.js';

/**
 * `pnpm --filter @margins/tests bench:anchoring`: Margins' anchoring against the usual annotator
 * approach (dom-anchor-text-quote + approx-string-match), same seeded page and adaptations, same
 * process, in Node (jsdom) and in real Chromium; then both on the fixture edit-robustness set and
 * on the templated-lesson set (per edit class).
 * Prints figures; asserts nothing (a benchmark is not a test).
 */

const SEED = Number(process.env.BENCH_SEED ?? 20261124);
const COUNT = Number(process.env.BENCH_COUNT ?? 1000);
const here = dirname(fileURLToPath(import.meta.url));
const benchDir = existsSync(join(here, 'browser-entry.ts')) ? here : resolve(here, '../bench/anchoring');

const ms = (x: number) => (x < 0.1 ? x.toFixed(4) : x < 10 ? x.toFixed(3) : x.toFixed(1));
const verdictText = (v: RunResult['verdicts']) =>
  (['right', 'orphaned-correctly', 'missed', 'wrong'] as Verdict[]).map((k) => `${k} ${v[k] ?? 0}`).join(', ');

function printReport(r: BenchReport): void {
  console.log(
    `\n=== ${r.environment}: ${r.page.adaptations} adaptations on a page of ${r.page.textChars.toLocaleString('en-US')} text characters in ${r.page.textNodes.toLocaleString('en-US')} text nodes ===`,
  );
  const row = (label: string, s: Stats, extra = '') =>
    console.log(
      `${label.padEnd(34)} median ${ms(s.median).padStart(9)}  p95 ${ms(s.p95).padStart(9)}  mean ${ms(s.mean).padStart(9)}  total ${ms(s.total).padStart(9)} ms${extra}`,
    );
  row('describe  ours', r.describe.ours);
  row('describe  baseline', r.describe.baseline);
  for (const [name, sc] of [
    ['exact (unchanged page)', r.exact],
    ['with edits', r.edited],
  ] as const) {
    console.log(`-- ${name}`);
    row('anchor    ours (per adaptation)', sc.ours.stats, `  + index ${ms(sc.ours.setup)} ms once`);
    row('anchor    baseline (per adaptation)', sc.baseline.stats);
    const oursTotal = sc.ours.stats.total + sc.ours.setup;
    console.log(
      `ratio baseline/ours: median ${(sc.baseline.stats.median / sc.ours.stats.median).toFixed(1)}x, p95 ${(sc.baseline.stats.p95 / sc.ours.stats.p95).toFixed(1)}x, ` +
        `total incl. index ${(sc.baseline.stats.total / oursTotal).toFixed(1)}x`,
    );
    console.log(`accuracy ours:     ${verdictText(sc.ours.verdicts)}`);
    console.log(`accuracy baseline: ${verdictText(sc.baseline.verdicts)}`);
    for (const [strategy, s] of Object.entries(sc.ours.byStrategy ?? {}))
      row(`  ours via ${strategy} (${s.n})`, s, `  max ${ms(s.max)}`);
    if (name === 'with edits') {
      for (const [edit, v] of Object.entries(sc.ours.byEdit))
        console.log(
          `  ${edit.padEnd(32)} ours: ${verdictText(v)} | baseline: ${verdictText(sc.baseline.byEdit[edit as keyof RunResult['byEdit']]!)}`,
        );
    }
  }
  const approx = r.edited.ours.byStrategy?.approximate;
  const exactMedian = r.exact.ours.stats.median;
  const overall =
    (r.exact.baseline.stats.total + r.edited.baseline.stats.total) /
    (r.exact.ours.stats.total + r.exact.ours.setup + r.edited.ours.stats.total + r.edited.ours.setup);
  const accOurs = (r.edited.ours.verdicts.right ?? 0) + (r.edited.ours.verdicts['orphaned-correctly'] ?? 0);
  const accBase = (r.edited.baseline.verdicts.right ?? 0) + (r.edited.baseline.verdicts['orphaned-correctly'] ?? 0);
  console.log('-- targets');
  console.log(
    `exact anchoring <= 0.1 ms per adaptation on the shared index: median ${ms(exactMedian)} ms, p95 ${ms(r.exact.ours.stats.p95)} ms -> ${r.exact.ours.stats.p95 <= 0.1 ? 'met' : exactMedian <= 0.1 ? 'met at the median, not at p95' : 'MISSED'}`,
  );
  if (approx)
    console.log(
      `approximate <= 10 ms on a 1 MB page: median ${ms(approx.median)} ms, p95 ${ms(approx.p95)} ms -> ${approx.p95 <= 10 ? 'met' : approx.median <= 10 ? 'met at the median, not at p95' : 'MISSED'}`,
    );
  const orphanStats = Object.entries(r.edited.ours.byStrategy ?? {}).filter(([k]) => k.startsWith('orphan'));
  for (const [k, s] of orphanStats)
    console.log(`(orphans need the whole-page search: ${k} median ${ms(s.median)} ms, p95 ${ms(s.p95)} ms)`);
  console.log(`>= 2x faster than the baseline overall: ${overall.toFixed(1)}x -> ${overall >= 2 ? 'met' : 'MISSED'}`);
  console.log(
    `equal or better accuracy with edits: ours ${accOurs}/${r.page.adaptations} right or correctly orphaned, wrong ${r.edited.ours.verdicts.wrong ?? 0}; baseline ${accBase}/${r.page.adaptations}, wrong ${r.edited.baseline.verdicts.wrong ?? 0} -> ${accOurs >= accBase ? 'met' : 'MISSED'}`,
  );
}

/** Both engines on the fixture edit-robustness set (the same cases the robustness test uses). */
function editSetAccuracy(): void {
  const dir = join(conformanceDir, 'anchoring');
  if (!existsSync(dir)) {
    console.log(`\n(fixture edit set skipped: ${dir} not found)`);
    return;
  }
  const anchorRange = (s: Parameters<typeof anchor>[0], i: Parameters<typeof anchor>[1]) => {
    const r = anchor(s, i);
    return r.status === 'anchored' ? r.range : null;
  };
  const count = { ours: {} as Record<string, number>, baseline: {} as Record<string, number> };
  const cases = buildEditCases(dir, anchorRange, describeRange);
  for (const c of cases) {
    const { root, expected } = c.materialize();
    const index = buildTextIndex(root);
    const r = anchor(c.selectors, index);
    const vo = judge(r.status === 'anchored' ? textOffsetsOf(r.range, index) : null, expected);
    const b = baselineAnchor(root, toBaselineSelectors(c.selectors));
    const vb = judge(b ? textOffsetsOf(b, index) : null, expected);
    count.ours[vo] = (count.ours[vo] ?? 0) + 1;
    count.baseline[vb] = (count.baseline[vb] ?? 0) + 1;
  }
  console.log(
    `\n=== fixture edit-robustness set (${cases.length} cases from ../shared/conformance/anchoring saved pages, identical selectors for both) ===`,
  );
  console.log(`ours:     ${verdictText(count.ours)}`);
  console.log(`baseline: ${verdictText(count.baseline)}`);
}

/**
 * Both engines on the templated-lesson set (tests/support/templated-*.ts): public-domain texts as
 * templated lessons, with the edit classes of issue 18, identical selectors for both.
 */
function templatedAccuracy(): void {
  const t = performance.now();
  const cases = standardLessonCases();
  const times: number[] = [];
  const outcomes = runLessonCases(cases, {
    ours: (s, _root, index) => {
      const t0 = performance.now();
      const r = anchor(s, index);
      times.push(performance.now() - t0);
      return r.status === 'anchored' ? textOffsetsOf(r.range, index) : null;
    },
    baseline: (s, root, index) => {
      const r = baselineAnchor(root, toBaselineSelectors(s));
      return r ? textOffsetsOf(r, index) : null;
    },
  });
  const pageChars = cases[0] ? cases[0].original.replace(/<[^>]+>/g, '').length : 0;
  console.log(
    `\n=== templated curriculum pages (${cases.length} cases on ${new Set(cases.map((c) => c.original)).size} unit pages of about ${pageChars.toLocaleString('en-US')} characters; identical selectors for both; Node + jsdom) ===`,
  );
  console.log(formatLessonTally(tallyLessonOutcomes(outcomes)));
  const s = stats(times);
  console.log(
    `ours per adaptation on these pages: median ${ms(s.median)} ms, p95 ${ms(s.p95)} ms (whole set ${((performance.now() - t) / 1000).toFixed(1)} s with parsing and the baseline)`,
  );
}

async function inChromium(html: string): Promise<BenchReport | undefined> {
  if (!chromiumAvailable()) return undefined;
  const bundle = await build({
    entryPoints: [join(benchDir, 'browser-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  const script = bundle.outputFiles[0]!.text;
  // Served with cross-origin isolation so performance.now() has 5 µs resolution instead of 100 µs.
  const server = createServer((req, res) => {
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
    if (req.url === '/bench.js') res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(script);
    else
      res
        .writeHead(200, { ...headers, 'Content-Type': 'text/html' })
        .end('<!doctype html><html><head><script src="/bench.js"></script></head><body></body></html>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    const version = browser.version();
    return await page.evaluate(
      ([seed, count, env]) =>
        (
          globalThis as unknown as { marginsBench: { run(s: number, c: number, e: string): BenchReport } }
        ).marginsBench.run(seed, count, env),
      [
        SEED,
        COUNT,
        `Chromium ${version}${isolated ? ' (cross-origin isolated: 5 µs timers)' : ' (100 µs timers)'}`,
      ] as const,
    );
  } finally {
    await browser.close();
    server.close();
  }
  void html;
}

async function main(): Promise<void> {
  console.log(
    `Anchoring benchmark: seed ${SEED}, ${COUNT} adaptations. Timings are wall-clock on a shared 2-core machine: compare the ratios within one run, not absolute times across runs.`,
  );
  const html = buildPageHtml(SEED);
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>');
  // The baseline packages read these browser globals.
  Object.assign(globalThis, { Node: dom.window.Node, NodeFilter: dom.window.NodeFilter });
  printReport(
    runBenchmark(dom.window.document, html, {
      seed: SEED,
      count: COUNT,
      environment: `Node ${process.version} + jsdom`,
    }),
  );
  editSetAccuracy();
  templatedAccuracy();
  const chromium = await inChromium(html);
  if (chromium) printReport(chromium);
}

await main();
