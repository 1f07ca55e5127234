import { alignProfile, contextErrors, contextProfile } from './myers.js';
import { contextAgreement, scoreEvidence, type Evidence } from './score.js';

/** What anchor() looks for, in key form (see normalize.ts); offsets are key offsets. */
export interface Query {
  quote: string;
  /** Up to 32 key characters before the quote, lower-cased. */
  prefix: string;
  /** Up to 32 key characters after the quote, lower-cased. */
  suffix: string;
  /** Long and wordy enough to be specific: found exactly once where the selectors say, it needs no context (score.ts). */
  specific: boolean;
  /** Where the text position selector says the quote starts. */
  position: number | undefined;
  /** Where the range hint says it starts; resolved only when needed (it walks the DOM a little). */
  rangeHint: () => number | undefined;
  /** The key text in lower case (same offsets), made on first use and kept with the index. */
  lowerKey: () => string;
}

/** Which step found a candidate. */
export type Strategy = 'position' | 'exact' | 'approximate';

/** One place the quote may be. */
export interface Candidate {
  start: number;
  end: number;
  quoteErrors: number;
  score: number;
  /** Context agreement (undefined: the selectors carry no context). */
  context: number | undefined;
  /** Errors of the prefix and the suffix at this place. */
  prefixErrors: number;
  suffixErrors: number;
  strategy: Strategy;
  /** Exact copies (or renumbered ones) competing for this place, as scored. */
  copies: number;
  /** The quote with only its leading numbering changed ("Lesson 4:" now "Lesson 6:"). */
  renumbered?: boolean;
}

/** How a candidate is scored beyond its span. */
export interface EvaluateOptions {
  copies: number;
  strategy: Strategy;
  renumbered?: boolean;
  /** The candidate is where the selectors say (near a hint): a specific quote found once there needs no context. */
  atHint?: boolean;
}

/** Scores a candidate span: its quote edits, how many exact copies compete, and how well its context matches. */
export function evaluate(
  key: string,
  q: Query,
  start: number,
  end: number,
  quoteErrors: number,
  opts: EvaluateOptions,
): Candidate {
  const p = q.prefix.length;
  const s = q.suffix.length;
  let prefixErrors = 0;
  let suffixErrors = 0;
  if (p) {
    const before = key.slice(Math.max(0, start - 2 * p - 2), start).toLowerCase();
    prefixErrors = Math.min(p, contextErrors(before, before.length, -1, q.prefix));
  }
  if (s) {
    const after = key.slice(end, end + 2 * s + 2).toLowerCase();
    suffixErrors = Math.min(s, contextErrors(after, 0, 1, q.suffix));
  }
  return scored(q, start, end, quoteErrors, prefixErrors, suffixErrors, opts);
}

function scored(
  q: Query,
  start: number,
  end: number,
  quoteErrors: number,
  prefixErrors: number,
  suffixErrors: number,
  opts: EvaluateOptions,
): Candidate {
  const evidence: Evidence = {
    quoteLength: q.quote.length,
    // A number that changed because its section moved is not an edit of the passage.
    quoteErrors: opts.renumbered ? 0 : quoteErrors,
    copies: opts.copies,
    specific: q.specific && opts.atHint === true,
    prefixLength: q.prefix.length,
    prefixErrors,
    suffixLength: q.suffix.length,
    suffixErrors,
  };
  return {
    start,
    end,
    quoteErrors,
    score: scoreEvidence(evidence),
    context: contextAgreement(evidence),
    prefixErrors,
    suffixErrors,
    strategy: opts.strategy,
    copies: opts.copies,
    ...(opts.renumbered ? { renumbered: true } : {}),
  };
}

/**
 * Moves an approximate candidate's edges to where the evidence is best. The search puts the
 * edges where the quote has the fewest edits, so a word inserted, dropped or replaced at the
 * quote's edge is charged to the context, whose errors count squared: the same edit one word in
 * would cost a quarter as much. Trying each start and end within `reach` characters, with the
 * quote's and the context's edits both counted, treats an edit at the edge like one inside.
 */
export function refineEdges(key: string, q: Query, c: Candidate, reach: number): Candidate {
  if (c.context === undefined || c.context >= 1 || c.quoteErrors === 0 || reach <= 0) return c;
  const p = q.prefix.length;
  const s = q.suffix.length;
  const opts: EvaluateOptions = { copies: 1, strategy: 'approximate' };
  const lower = (from: number, to: number) => key.slice(from, to).toLowerCase();
  let best = evaluate(key, q, c.start, c.end, c.quoteErrors, opts);
  // Start side, the end fixed.
  if (p) {
    const from = Math.max(0, c.start - reach);
    const to = Math.min(c.end - 1, c.start + reach);
    const quote = alignProfile(key, c.end, -1, q.quote, c.end - from);
    const lo = Math.max(0, from - 2 * p - 2);
    const prefix = contextProfile(lower(lo, to), from - lo, to - lo, -1, q.prefix);
    const sErr = best.suffixErrors;
    for (let at = from; at <= to; at++) {
      // A span with no quote edits is an exact copy, scored as one elsewhere.
      if (quote[c.end - at] === 0) continue;
      const cand = scored(q, at, c.end, quote[c.end - at]!, Math.min(p, prefix[at - from]!), sErr, opts);
      if (cand.score > best.score + 1e-12) best = cand;
    }
  }
  // End side, the (new) start fixed.
  if (s) {
    const start = best.start;
    const from = Math.max(start + 1, c.end - reach);
    const to = Math.min(key.length, c.end + reach);
    const quote = alignProfile(key, start, 1, q.quote, to - start);
    const hi = Math.min(key.length, to + 2 * s + 2);
    const suffix = contextProfile(lower(from, hi), 0, to - from, 1, q.suffix);
    const pErr = best.prefixErrors;
    for (let at = from; at <= to; at++) {
      if (quote[at - start] === 0) continue;
      const cand = scored(q, start, at, quote[at - start]!, pErr, Math.min(s, suffix[at - from]!), opts);
      if (cand.score > best.score + 1e-12) best = cand;
    }
  }
  return best;
}

/** Whether `a` ranks above `b`: higher score, then nearer the hint, then first on the page. */
export function better(a: Candidate, b: Candidate, hint: number | undefined): boolean {
  if (Math.abs(a.score - b.score) > 1e-9) return a.score > b.score;
  if (hint !== undefined) {
    const da = Math.abs(a.start - hint);
    const db = Math.abs(b.start - hint);
    if (da !== db) return da < db;
  }
  return a.start < b.start;
}
