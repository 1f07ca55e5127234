import search from 'approx-string-match';
import { fromRange as quoteFromRange } from 'dom-anchor-text-quote';
import { fromRange as positionFromRange, toRange as positionToRange } from 'dom-anchor-text-position';

/**
 * The baseline: how most web annotators anchor (Hypothesis' client, built on these npm packages).
 * describe: dom-anchor-text-quote (TextQuote with 32 characters of raw context) and
 * dom-anchor-text-position. anchor: one call per annotation, each reading `root.textContent`
 * afresh, exact indexOf first, else approx-string-match with a budget of half the quote, every
 * candidate scored by quote, prefix and suffix similarity and distance from the position hint
 * (weights 50 / 20 / 20 / 2), the best one always taken; then the position is turned back into a
 * Range by walking the text nodes (dom-anchor-text-position). No minimum score.
 */

/** The selectors the baseline stores. */
export interface BaselineSelectors {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

/** Range -> selectors, as an annotator using these packages describes a selection. */
export function baselineDescribe(root: Node, range: Range): BaselineSelectors {
  const q = quoteFromRange(root, range);
  const p = positionFromRange(root, range);
  return { exact: q.exact, prefix: q.prefix, suffix: q.suffix, start: p.start, end: p.end };
}

/** Similarity of `str` to `text` in [0, 1]: 1 - least edits / length (0 when either is empty). */
function similarity(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0;
  const matches = search(text, str, str.length);
  return 1 - Math.min(...matches.map((m) => m.errors)) / str.length;
}

/** Selectors -> Range or null; always the best-scoring candidate, however weak. */
export function baselineAnchor(root: Node, sel: BaselineSelectors): Range | null {
  const text = root.textContent ?? '';
  const { exact, prefix, suffix } = sel;
  if (!exact) return null;
  let matches: { start: number; end: number; errors: number }[] = [];
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1))
    matches.push({ start: i, end: i + exact.length, errors: 0 });
  if (matches.length === 0) matches = search(text, exact, Math.min(256, Math.floor(exact.length / 2)));
  if (matches.length === 0) return null;
  let best = matches[0]!;
  let bestScore = -1;
  for (const m of matches) {
    const quoteScore = 1 - m.errors / exact.length;
    const prefixScore = similarity(text.slice(Math.max(0, m.start - prefix.length), m.start), prefix);
    const suffixScore = similarity(text.slice(m.end, m.end + suffix.length), suffix);
    const posScore = 1 - Math.abs(m.start - sel.start) / text.length;
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
    if (score > bestScore) {
      bestScore = score;
      best = m;
    }
  }
  return positionToRange(root, { start: best.start, end: best.end });
}
