import { QUOTE_CONTEXT_LENGTH } from '../selectors.js';
import { contextErrors, alignAt, scanApprox } from './myers.js';
import { contextAgreement, errorBudget, scoreEvidence } from './score.js';

/** What anchor() looks for, in key form (see normalize.ts); offsets are key offsets. */
export interface Query {
  quote: string;
  /** Up to 32 key characters before the quote, lower-cased. */
  prefix: string;
  /** Up to 32 key characters after the quote, lower-cased. */
  suffix: string;
  /** Where the selectors say the quote starts (text position first, then range hint). */
  hints: number[];
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
  strategy: Strategy;
}

/** The outcome of a search, before it is turned into DOM terms. */
export interface MatchOutcome {
  best: Candidate | undefined;
  /** How many exact occurrences of the quote the page has (capped). */
  exactCount: number;
}

/** A candidate whose context agrees this well is taken without looking at the rest of the page. */
const STRONG_CONTEXT = 0.8;
/** Characters either side of a hint searched before the whole page. */
const NEAR = 2048;
/** Exact occurrences scored at most (a very common word on a huge page). */
const MAX_EXACT = 5000;
/** Approximate candidates scored at most (the ones with the fewest edits, then nearest the hint). */
const MAX_APPROX = 500;
/** Longest pattern scanned over the whole page in one piece; longer quotes are found from seed pieces. */
const MAX_SCAN = 256;
/** Seed piece length for long quotes. */
const SEED = 64;

/** Searches the key text for the query: at the hints, exactly anywhere, then approximately. */
export function findBest(key: string, q: Query, minScore: number): MatchOutcome {
  const m = q.quote.length;
  const hint = q.hints[0];
  const seen: Candidate[] = [];
  const strong = (c: Candidate) => c.score >= minScore && (c.context === undefined || c.context >= STRONG_CONTEXT);

  // 1. At a hint: one comparison, allowing a character or two of drift from whitespace folding.
  for (const h of q.hints) {
    for (const d of [0, -1, 1, -2, 2]) {
      const at = h + d;
      if (at < 0 || at + m > key.length || !key.startsWith(q.quote, at)) continue;
      const c = evaluate(key, q, at, at + m, 0, 'position');
      if (strong(c)) return { best: c, exactCount: 1 };
      seen.push(c);
      break;
    }
  }

  // 1b. Approximately at a hint: the passage is still where it was, with a typo fixed in it. This
  // comes before exact copies elsewhere, which repeated boilerplate (a teacher note in every
  // lesson) would otherwise win.
  const k = errorBudget(m, minScore);
  if (k > 0) {
    for (const h of q.hints) {
      const near = approximate(key, q, Math.max(0, h - k - 2), Math.min(key.length, h + m + k + 2), k, h, minScore);
      const found = pick(near.filter((c) => Math.abs(c.start - h) <= k + 2 && strong(c)), h);
      if (found) return { best: found, exactCount: 0 };
      seen.push(...near);
    }
  }

  // 2. Exactly, near the hint first, then anywhere; context (then distance) chooses between copies.
  if (hint !== undefined) {
    const near = exactOccurrences(key, q.quote, Math.max(0, hint - NEAR), hint + NEAR).map((s) => evaluate(key, q, s, s + m, 0, 'exact'));
    const found = pick(near.filter(strong), hint);
    if (found) return { best: found, exactCount: near.length };
  }
  const all = exactOccurrences(key, q.quote, 0, key.length);
  for (const s of all) seen.push(evaluate(key, q, s, s + m, 0, 'exact'));
  const bestExact = pick(seen, hint);
  if (bestExact && strong(bestExact)) return { best: bestExact, exactCount: all.length };

  // 3. Approximately: around the hints, then (unless something acceptable was found) over the
  // whole page, within the error budget.
  if (k > 0) {
    const floor = () => Math.max(minScore, pick(seen, hint)?.score ?? 0);
    const windows = [...new Set(q.hints)].map((h) => [Math.max(0, h - NEAR), Math.min(key.length, h + m + NEAR)] as const);
    for (const [from, to] of windows) seen.push(...approximate(key, q, from, to, k, hint, floor()));
    const nearBest = pick(seen, hint);
    if (nearBest && (nearBest.score >= minScore || (nearBest.strategy === 'approximate' && strong(nearBest)))) return { best: nearBest, exactCount: all.length };
    if (m <= MAX_SCAN) seen.push(...approximate(key, q, 0, key.length, k, hint, floor()));
    else seen.push(...fromSeeds(key, q, k, minScore, hint, floor()));
  }
  return { best: pick(seen, hint), exactCount: all.length };
}

/** Start offsets of `quote` in key[from, to + |quote|), at most MAX_EXACT. */
function exactOccurrences(key: string, quote: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = key.indexOf(quote, from); i !== -1 && i <= to && out.length < MAX_EXACT; i = key.indexOf(quote, i + 1)) out.push(i);
  return out;
}

/** Scores a candidate span: its quote edits plus how well the text around it matches the context. */
function evaluate(key: string, q: Query, start: number, end: number, quoteErrors: number, strategy: Strategy): Candidate {
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
  const evidence = { quoteLength: q.quote.length, quoteErrors, prefixLength: p, prefixErrors, suffixLength: s, suffixErrors };
  return { start, end, quoteErrors, score: scoreEvidence(evidence), context: contextAgreement(evidence), strategy };
}

/** The best candidate: highest score, then nearest the hint, then first on the page. */
function pick(cands: readonly Candidate[], hint: number | undefined): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of cands) if (!best || better(c, best, hint)) best = c;
  return best;
}

function better(a: Candidate, b: Candidate, hint: number | undefined): boolean {
  if (Math.abs(a.score - b.score) > 1e-9) return a.score > b.score;
  if (hint !== undefined) {
    const da = Math.abs(a.start - hint);
    const db = Math.abs(b.start - hint);
    if (da !== db) return da < db;
  }
  return a.start < b.start;
}

/**
 * Approximate candidates in key[from, to): one per run of nearby match ends, at its fewest edits.
 * They are scored fewest edits first and the scoring stops once no remaining candidate could
 * reach `floor` (an approximate candidate never scores above its quote similarity), so a page full
 * of look-alikes costs a scan, not thousands of context comparisons.
 */
function approximate(key: string, q: Query, from: number, to: number, k: number, hint: number | undefined, floor: number): Candidate[] {
  const m = q.quote.length;
  const ends: number[] = [];
  const errs: number[] = [];
  let runEnd = -2;
  scanApprox(key, from, to, q.quote, k, (end, errors) => {
    if (end === runEnd + 1 && ends.length) {
      if (errors < errs[errs.length - 1]!) {
        ends[ends.length - 1] = end;
        errs[errs.length - 1] = errors;
      }
    } else {
      ends.push(end);
      errs.push(errors);
    }
    runEnd = end;
  });
  const dist = (i: number) => (hint === undefined ? ends[i]! : Math.abs(ends[i]! - m - hint));
  const order = ends.map((_, i) => i).sort((x, y) => errs[x]! - errs[y]! || dist(x) - dist(y));
  const out: Candidate[] = [];
  for (const i of order) {
    if (out.length >= MAX_APPROX || 1 - errs[i]! / m < floor - 1e-9) break;
    const end = ends[i]!;
    const a = alignAt(key, end, -1, q.quote, m + errs[i]!);
    const c = evaluate(key, q, end - a.length, end, a.errors, 'approximate');
    out.push(c);
    if (c.score > floor) floor = c.score;
  }
  return out;
}

/**
 * Long quotes: scan the page for their first, middle and last 64 characters (each within its own
 * share of the budget) and verify the whole quote around each seed. Cheaper than one scan with a
 * long pattern; a long passage edited all the way through can still be found near its hints.
 */
function fromSeeds(key: string, q: Query, k: number, minScore: number, hint: number | undefined, floor: number): Candidate[] {
  const m = q.quote.length;
  const out: Candidate[] = [];
  const pieceBudget = errorBudget(SEED, minScore);
  for (const offset of [0, (m - SEED) >> 1, m - SEED]) {
    const piece = q.quote.slice(offset, offset + SEED);
    const seeds: number[] = [];
    scanApprox(key, 0, key.length, piece, pieceBudget, (end) => {
      const start = end - SEED - offset;
      if (seeds.length < 64 && (seeds.length === 0 || start - seeds[seeds.length - 1]! > SEED)) seeds.push(start);
    });
    for (const s of seeds) out.push(...approximate(key, q, Math.max(0, s - k), Math.min(key.length, s + m + 2 * k), k, hint, floor));
  }
  return out;
}

/** Normalised context for a query: the last / first 32 key characters, lower-cased. */
export function contextKey(s: string, side: 'prefix' | 'suffix'): string {
  const t = side === 'prefix' ? s.slice(-QUOTE_CONTEXT_LENGTH) : s.slice(0, QUOTE_CONTEXT_LENGTH);
  return t.toLowerCase();
}
