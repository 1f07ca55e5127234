import type { TargetSelectors } from '@margins/shared';
import { anchor, buildTextIndex, describe, textOffsetsOf, type TextIndex } from '@margins/shared/anchoring';
import { applySplices, judge, shiftThrough, type EditKind, type Verdict } from '../../support/text-edits.js';
import { baselineAnchor, baselineDescribe, type BaselineSelectors } from './baseline.js';
import { allSplices, pickPassages, rangeAt, type Passage } from './scenario.js';

/**
 * The benchmark itself, DOM-only so it runs the same in Node (jsdom) and in Chromium: builds the
 * page, describes 1,000 passages with both engines, then anchors them on the unchanged page and
 * on the page after every passage's edit, timing each call and judging each result against the
 * known right answer.
 */

/** Per-call timings in milliseconds. */
export interface Stats {
  n: number;
  median: number;
  p95: number;
  mean: number;
  max: number;
  total: number;
}

/** Timings and verdicts of one engine in one scenario. */
export interface RunResult {
  stats: Stats;
  /** One-off cost before the calls (ours: building the shared text index). */
  setup: number;
  verdicts: Partial<Record<Verdict, number>>;
  byEdit: Partial<Record<EditKind, Partial<Record<Verdict, number>>>>;
  /** Ours only: timings by the step that settled the call (position, exact, approximate, orphan). */
  byStrategy?: Record<string, Stats>;
}

/** Everything one environment measured. */
export interface BenchReport {
  environment: string;
  page: { textChars: number; textNodes: number; adaptations: number };
  describe: { ours: Stats; baseline: Stats };
  exact: { ours: RunResult; baseline: RunResult };
  edited: { ours: RunResult; baseline: RunResult };
}

/** Median, p95, mean and total of a list of durations. */
export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const total = xs.reduce((a, b) => a + b, 0);
  return {
    n: xs.length,
    median: q(0.5),
    p95: q(0.95),
    mean: total / Math.max(1, xs.length),
    max: s[s.length - 1] ?? 0,
    total,
  };
}

/** Runs the whole benchmark on `doc` (its body is replaced by the generated page). */
export function runBenchmark(
  doc: Document,
  html: string,
  opts: { seed: number; count: number; environment: string },
): BenchReport {
  const now = () => performance.now();
  doc.body.innerHTML = html;
  const root = doc.body;
  const index0 = buildTextIndex(root);
  const passages = pickPassages(index0, opts.seed, opts.count);
  const ranges = passages.map((p) => rangeAt(index0, p.start, p.end));

  const ourTimes: number[] = [];
  const ours: TargetSelectors[] = ranges.map((r) => {
    const t = now();
    const s = describe(r, index0);
    ourTimes.push(now() - t);
    return s;
  });
  const baseTimes: number[] = [];
  const base: BaselineSelectors[] = ranges.map((r) => {
    const t = now();
    const s = baselineDescribe(root, r);
    baseTimes.push(now() - t);
    return s;
  });

  const run = (truth: (p: Passage) => { start: number; end: number } | null) => {
    // Ours: one index for the page, shared by every call.
    let t = now();
    const index = buildTextIndex(root);
    const setup = now() - t;
    const times: number[] = [];
    const byStrategy: Record<string, number[]> = {};
    const found: ({ start: number; end: number } | null)[] = [];
    for (const s of ours) {
      t = now();
      const r = anchor(s, index);
      const dt = now() - t;
      times.push(dt);
      (byStrategy[r.status === 'anchored' ? r.strategy : `orphan (${r.reason})`] ??= []).push(dt);
      found.push(r.status === 'anchored' ? textOffsetsOf(r.range, index) : null);
    }
    const oursResult = {
      ...tally(passages, found, truth, stats(times), setup),
      byStrategy: Object.fromEntries(Object.entries(byStrategy).map(([k, v]) => [k, stats(v)])),
    };
    // Baseline: every call reads the page's text again.
    const btimes: number[] = [];
    const bfound: ({ start: number; end: number } | null)[] = [];
    for (const s of base) {
      t = now();
      const r = baselineAnchor(root, s);
      btimes.push(now() - t);
      bfound.push(r ? textOffsetsOf(r, index) : null);
    }
    return { ours: oursResult, baseline: tally(passages, bfound, truth, stats(btimes), 0) };
  };

  const exact = run((p) => ({ start: p.start, end: p.end }));
  const splices = allSplices(index0.text, passages);
  applySplices(index0, splices);
  const edited = run((p) =>
    p.edit === 'passage-deleted' ? null : { start: shiftThrough(splices, p.start), end: shiftThrough(splices, p.end) },
  );
  return {
    environment: opts.environment,
    page: { textChars: index0.text.length, textNodes: index0.nodes.length, adaptations: passages.length },
    describe: { ours: stats(ourTimes), baseline: stats(baseTimes) },
    exact,
    edited,
  };
}

function tally(
  passages: Passage[],
  found: ({ start: number; end: number } | null)[],
  truth: (p: Passage) => { start: number; end: number } | null,
  s: Stats,
  setup: number,
): RunResult {
  const verdicts: RunResult['verdicts'] = {};
  const byEdit: RunResult['byEdit'] = {};
  passages.forEach((p, i) => {
    const v = judge(found[i] ?? null, truth(p));
    verdicts[v] = (verdicts[v] ?? 0) + 1;
    const row = (byEdit[p.edit] ??= {});
    row[v] = (row[v] ?? 0) + 1;
  });
  return { stats: s, setup, verdicts, byEdit };
}

/** Baseline selectors from Margins' (identical input for the fixture edit set). */
export function toBaselineSelectors(s: TargetSelectors, fallbackStart = 0): BaselineSelectors {
  const start = s.position?.start ?? fallbackStart;
  return {
    exact: s.quote.exact,
    prefix: s.quote.prefix,
    suffix: s.quote.suffix,
    start,
    end: s.position?.end ?? start + s.quote.exact.length,
  };
}

export type { TextIndex };
