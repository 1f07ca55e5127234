/**
 * Name detector bench (issue 16): precision and recall of student names on the labelled sentences,
 * without the roster (tagger + Spanish heuristics + given-name list) and with it (the learners of
 * the writer's courses, as the tool keeps them: normalized name tokens). Prints what it measured
 * and every miss, so a change to the lists shows its cost. `pnpm bench:privacy` in tests/.
 */
import { findNames, rosterNameTokens } from '@margins/shared/names';
import { ROSTER, SENTENCES, type Labelled } from './sentences.js';

/** Counts of one run over the set. */
export interface Score {
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  /** Sentences with no student name where something was flagged (authors, figures, plain text). */
  mustPassFailures: number;
  misses: string[];
}

/** Scores the detector on `set`; a gold name counts as found when a flagged passage overlaps it. */
export function score(set: readonly Labelled[], roster: readonly string[] | null): Score {
  const tokens = new Set(roster?.flatMap(rosterNameTokens));
  const options = roster ? { isRosterToken: (t: string) => tokens.has(t) } : {};
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let mustPassFailures = 0;
  const misses: string[] = [];
  for (const s of set) {
    const found = findNames(s.text, options);
    const gold = s.names.map((n) => {
      const index = s.text.indexOf(n);
      if (index < 0) throw new Error(`label "${n}" is not in "${s.text}"`);
      return { index, end: index + n.length, text: n };
    });
    for (const g of gold) {
      if (found.some((f) => f.index < g.end && g.index < f.index + f.text.length)) tp++;
      else {
        fn++;
        misses.push(`missed "${g.text}" in: ${s.text}`);
      }
    }
    const wrong = found.filter((f) => !gold.some((g) => f.index < g.end && g.index < f.index + f.text.length));
    fp += wrong.length;
    if (!gold.length && found.length) mustPassFailures++;
    for (const w of wrong) misses.push(`flagged "${w.text}" (${w.source}) in: ${s.text}`);
  }
  return {
    truePositives: tp,
    falseNegatives: fn,
    falsePositives: fp,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    mustPassFailures,
    misses,
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function main(): void {
  const names = SENTENCES.reduce((n, s) => n + s.names.length, 0);
  const clean = SENTENCES.filter((s) => !s.names.length).length;
  console.log(`privacy name detector: ${SENTENCES.length} sentences, ${names} student names, ${clean} with none`);
  const started = performance.now();
  for (const [label, roster] of [
    ['without roster', null],
    ['with roster', ROSTER],
  ] as const) {
    const s = score(SENTENCES, roster);
    console.log(
      `${label.padEnd(15)} precision ${pct(s.precision)}  recall ${pct(s.recall)}  (TP ${s.truePositives}, FN ${s.falseNegatives}, FP ${s.falsePositives}; name-free sentences flagged: ${s.mustPassFailures}/${clean})`,
    );
    for (const m of s.misses) console.log(`  ${m}`);
  }
  const ms = performance.now() - started;
  console.log(`${((ms / (SENTENCES.length * 2)) * 1000).toFixed(0)} µs per sentence (including tagger start-up)`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
