import { JSDOM } from 'jsdom';
import type { TargetSelectors } from '@margins/shared';
import { buildTextIndex, describe as describeRange, type TextIndex } from '@margins/shared/anchoring';
import { buildLessonCases, LESSON_CLASSES, type LessonCase, type LessonClass, type Span } from './templated-cases.js';
import { judge, type Verdict } from './text-edits.js';

/**
 * Runs engines over the templated-lesson cases in jsdom: describes the teacher's selection on the
 * original page with Margins' describe() (every engine gets the same selectors), anchors them on
 * the edited page and judges the place found against the known answer. Shared by the anchoring
 * test (assertions) and bench:anchoring (figures).
 */

/** An engine: selectors + the edited page -> raw text offsets of what it would draw, or null. */
export type LessonEngine = (
  selectors: TargetSelectors,
  root: HTMLElement,
  index: TextIndex,
) => { start: number; end: number } | null;

/** One case's outcome per engine. */
export interface LessonOutcome {
  c: LessonCase;
  selectors: TargetSelectors;
  verdicts: Record<string, Verdict>;
  /** What each engine found, as text (for messages). */
  found: Record<string, string | null>;
}

/** The seeds of the set the test and the benchmark run (one page each). */
export const LESSON_SEEDS = [18001, 18002, 18003, 18004, 18005, 18006, 18007, 18008, 18009, 18010];

/** Every case of the standard set. */
export function standardLessonCases(perClass = 5): LessonCase[] {
  return LESSON_SEEDS.flatMap((seed) => buildLessonCases(seed, perClass));
}

let parser: DOMParser | undefined;
/** Parses a page as a browser would (scripts not run); one jsdom window serves every page. */
const parse = (html: string) => (parser ??= new new JSDOM('').window.DOMParser()).parseFromString(html, 'text/html');

/** Runs every engine on every case. */
export function runLessonCases(cases: readonly LessonCase[], engines: Record<string, LessonEngine>): LessonOutcome[] {
  const originals = new Map<string, { doc: Document; index: TextIndex }>();
  return cases.map((c) => {
    let o = originals.get(c.original);
    if (!o) {
      const doc = parse(c.original);
      o = { doc, index: buildTextIndex(doc.body) };
      originals.set(c.original, o);
    }
    const selectors = describeRange(spanRange(o.doc, c.target), o.index);
    const verdicts: Record<string, Verdict> = {};
    const found: Record<string, string | null> = {};
    // Engines only read the page, so they share one copy of it.
    const doc = parse(c.edited);
    const index = buildTextIndex(doc.body);
    const expected = c.expected && spanOffsets(doc, index, c.expected);
    for (const [name, engine] of Object.entries(engines)) {
      const at = engine(selectors, doc.body, index);
      verdicts[name] = judge(at, expected);
      found[name] = at ? index.text.slice(at.start, at.end) : null;
    }
    return { c, selectors, verdicts, found };
  });
}

/** Verdict counts per class and engine. */
export function tallyLessonOutcomes(
  outcomes: readonly LessonOutcome[],
): Record<LessonClass, Record<string, Partial<Record<Verdict, number>>>> {
  const out = Object.fromEntries(LESSON_CLASSES.map((k) => [k, {}])) as Record<
    LessonClass,
    Record<string, Partial<Record<Verdict, number>>>
  >;
  for (const o of outcomes) {
    for (const [engine, v] of Object.entries(o.verdicts)) {
      const row = (out[o.c.cls][engine] ??= {});
      row[v] = (row[v] ?? 0) + 1;
    }
  }
  return out;
}

/** One line per class: right / wrong / missed / orphaned for each engine, side by side. */
export function formatLessonTally(tally: ReturnType<typeof tallyLessonOutcomes>): string {
  const cell = (v: Partial<Record<Verdict, number>> | undefined) =>
    `right ${v?.right ?? 0}, wrong ${v?.wrong ?? 0}, missed ${v?.missed ?? 0}, orphaned ${v?.['orphaned-correctly'] ?? 0}`;
  return Object.entries(tally)
    .map(([cls, engines]) => {
      const n = Object.values(Object.values(engines)[0] ?? {}).reduce((a, b) => a + (b ?? 0), 0);
      return `  ${`${cls} (${n})`.padEnd(36)} ${Object.entries(engines)
        .map(([e, v]) => `${e}: ${cell(v)}`)
        .join(' | ')}`;
    })
    .join('\n');
}

/** Raw text offsets of a span on a page (its blocks are elements with `data-pid` and one text node each). */
export function spanOffsets(doc: Document, index: TextIndex, span: Span): { start: number; end: number } {
  const node = (pid: string) => {
    const el = doc.querySelector(`[data-pid="${pid}"]`);
    const t = el?.firstChild;
    if (!t || t.nodeType !== 3) throw new Error(`Block ${pid} is not on the page`);
    return t as Text;
  };
  const a = index.nodes.indexOf(node(span.pid));
  const b = index.nodes.indexOf(node(span.endPid));
  return { start: index.starts[a]! + span.start, end: index.starts[b]! + span.end };
}

/** A DOM Range over a span (what the teacher selected). */
export function spanRange(doc: Document, span: Span): Range {
  const r = doc.createRange();
  r.setStart(doc.querySelector(`[data-pid="${span.pid}"]`)!.firstChild!, span.start);
  r.setEnd(doc.querySelector(`[data-pid="${span.endPid}"]`)!.firstChild!, span.end);
  return r;
}
