import { QUOTE_CONTEXT_LENGTH } from '../selector-limits.js';
import { alignAt, contextErrors, scanApprox } from './myers.js';
import { contextAgreement, errorBudget, scoreEvidence } from './score.js';

/** What anchor() looks for, in key form (see normalize.ts); offsets are key offsets. */
export interface Query {
  quote: string;
  /** Up to 32 key characters before the quote, lower-cased. */
  prefix: string;
  /** Up to 32 key characters after the quote, lower-cased. */
  suffix: string;
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
  strategy: Strategy;
}

/** The outcome of a search, before it is turned into DOM terms. */
export interface MatchOutcome {
  best: Candidate | undefined;
  /** How many exact occurrences of the quote the page has (capped). */
  exactCount: number;
  /**
   * Set when the best candidate is away from where the selectors say and another candidate
   * elsewhere scores within CLEAR_MARGIN of it: the page no longer tells which copy was meant.
   */
  rival?: Candidate;
}

/** A candidate whose context agrees this well is taken without looking at the rest of the page. */
const STRONG_CONTEXT = 0.8;
/** A candidate this close to a hint counts as where the selectors say (edits inside the element move it a little). */
const AT_HINT = 64;
/**
 * Away from the hints, the best candidate must beat every other place by this much: more than a
 * one-character difference in 64 characters of context, (1 - 1/64)^2 = 0.969, which an edit of
 * the page could as well have made.
 */
const CLEAR_MARGIN = 0.05;
/** Characters either side of a hint searched approximately before the whole page. */
const NEAR = 2048;
/** Exact occurrences scored at most (a very common word on a huge page). */
const MAX_EXACT = 5000;
/** Approximate candidates scored at most (the ones with the fewest edits, then nearest the hint). */
const MAX_APPROX = 500;
/** Longest pattern scanned over the whole page in one piece; longer quotes are found from seed pieces. */
const MAX_SCAN = 256;
/** Seed piece length for long quotes. */
const SEED = 64;
/** Context sides shorter than this are too common to seed a search from. */
const MIN_SEED_CONTEXT = 8;
/** Context matches verified at most (per side) before falling back to scanning for the quote itself. */
const MAX_CONTEXT_SEEDS = 1000;
/** Context pieces shorter than this are too common to look up exactly; the context is scanned instead. */
const MIN_PIECE = 6;

/**
 * Searches the key text for the query: exactly at a hint, approximately at a hint, exactly
 * anywhere (context, then distance from the hint, choosing between copies), then approximately
 * near the hints and, if nothing acceptable turned up, over the whole page.
 */
export function findBest(key: string, q: Query, minScore: number): MatchOutcome {
  const m = q.quote.length;
  const seen: Candidate[] = [];
  const strong = (c: Candidate) => c.score >= minScore && (c.context === undefined || c.context >= STRONG_CONTEXT);
  const k = errorBudget(m, minScore);

  // 1. Exactly at a hint: one comparison (a character or two of drift comes from whitespace
  // folding). Being where the selectors say is evidence of its own, so copies elsewhere do not
  // dilute it. The text position is tried first as it needs no DOM walk.
  const tried: number[] = [];
  const atHint = (h: number | undefined): Candidate | undefined => {
    if (h === undefined || tried.includes(h)) return undefined;
    tried.push(h);
    for (const d of [0, -1, 1, -2, 2]) {
      const at = h + d;
      if (at < 0 || at + m > key.length || !key.startsWith(q.quote, at)) continue;
      const c = evaluate(key, q, at, at + m, 0, 1, 'position');
      seen.push(c);
      return c;
    }
    return undefined;
  };
  const fromPosition = atHint(q.position);
  if (fromPosition && strong(fromPosition)) return { best: fromPosition, exactCount: 1 };
  const rangeHint = q.rangeHint();
  const fromRange = atHint(rangeHint);
  if (fromRange && strong(fromRange)) return { best: fromRange, exactCount: 1 };
  // The range hint is local to an element, so edits elsewhere on the page do not move it.
  const hint = rangeHint ?? q.position;
  const hints = tried;

  // 1b. Approximately at a hint: the passage is still where it was, with a typo fixed in it. This
  // comes before exact copies elsewhere, which repeated boilerplate would otherwise win.
  if (k > 0) {
    for (const h of hints) {
      const near = approximate(key, q, Math.max(0, h - k - 2), Math.min(key.length, h + m + k + 2), k, h, minScore, 1);
      const found = pick(
        near.filter((c) => Math.abs(c.start - h) <= k + 2 && strong(c)),
        h,
      );
      if (found) return { best: found, exactCount: 0 };
      seen.push(...near);
    }
  }

  // 2. Exactly anywhere. A quote that occurs N times proves a place only 1/N as much by itself.
  const all = exactOccurrences(key, q.quote);
  for (const s of all)
    if (!seen.some((c) => c.start === s && c.quoteErrors === 0))
      seen.push(evaluate(key, q, s, s + m, 0, all.length, 'exact'));
  const settle = (best: Candidate | undefined): MatchOutcome => ({
    best,
    exactCount: all.length,
    rival: best && rivalOf(best, seen, hints, hint),
  });
  const bestExact = pick(seen, hint);
  if (bestExact && strong(bestExact)) return settle(bestExact);

  // 3. Approximately near the hints, then (unless something acceptable turned up) everywhere.
  if (k > 0) {
    const floor = () => Math.max(minScore, pick(seen, hint)?.score ?? 0);
    for (const h of hints)
      seen.push(
        ...approximate(key, q, Math.max(0, h - NEAR), Math.min(key.length, h + m + NEAR), k, hint, floor(), all.length),
      );
    const nearBest = pick(seen, hint);
    if (!nearBest || nearBest.score < minScore)
      seen.push(...everywhere(key, q, k, minScore, hint, floor(), all.length));
  }
  return settle(pick(seen, hint));
}

/**
 * When the selectors say where the passage was (hints) and the best candidate is not there, a
 * copy elsewhere is only trusted if no other place scores almost as well: boilerplate repeated in
 * every lesson has near-identical context, and the one that was annotated may be the one deleted.
 */
function rivalOf(
  best: Candidate,
  seen: readonly Candidate[],
  hints: readonly number[],
  hint: number | undefined,
): Candidate | undefined {
  if (hints.length === 0 || hints.some((h) => Math.abs(best.start - h) <= AT_HINT)) return undefined;
  let rival: Candidate | undefined;
  for (const c of seen) {
    if (c.end > best.start && c.start < best.end) continue;
    if (!rival || better(c, rival, hint)) rival = c;
  }
  return rival && best.score - rival.score < CLEAR_MARGIN ? rival : undefined;
}

/** Start offsets of every exact occurrence of `quote` (at most MAX_EXACT). */
function exactOccurrences(key: string, quote: string): number[] {
  const out: number[] = [];
  for (let i = key.indexOf(quote); i !== -1 && out.length < MAX_EXACT; i = key.indexOf(quote, i + 1)) out.push(i);
  return out;
}

/** Scores a candidate span: its quote edits, how many exact copies compete, and how well its context matches. */
function evaluate(
  key: string,
  q: Query,
  start: number,
  end: number,
  quoteErrors: number,
  copies: number,
  strategy: Strategy,
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
  const evidence = {
    quoteLength: q.quote.length,
    quoteErrors,
    copies,
    prefixLength: p,
    prefixErrors,
    suffixLength: s,
    suffixErrors,
  };
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
 * Approximate candidates in key[from, to): one per run of nearby match ends, at its fewest edits
 * (one that turns out exact is scored as one of `copies` exact copies).
 * They are scored fewest edits first and the scoring stops once no remaining candidate could
 * reach `floor` (an approximate candidate never scores above its quote similarity), so a page full
 * of look-alikes costs a scan, not thousands of context comparisons.
 */
function approximate(
  key: string,
  q: Query,
  from: number,
  to: number,
  k: number,
  hint: number | undefined,
  floor: number,
  copies: number,
): Candidate[] {
  const m = q.quote.length;
  const ends: number[] = [];
  const errs: number[] = [];
  let runEnd = -2;
  scanApprox(key, from, to, q.quote, k, false, (end, errors) => {
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
    const c = evaluate(key, q, end - a.length, end, a.errors, a.errors === 0 ? copies : 1, 'approximate');
    out.push(c);
    if (c.score > floor) floor = c.score;
  }
  return out;
}

/**
 * Every approximate candidate on the page that could reach `minScore`. An approximate candidate's
 * score is at most its context agreement, so its prefix and suffix together have at most
 * (1 - sqrt(minScore)) of their characters wrong, and so at least one of them does too: scanning
 * for the (short, single-block) prefix and suffix within that budget finds every such place, and
 * the quote is then verified around each. Quotes of one block, and selectors without two usable
 * sides of context, are scanned for directly.
 */
function everywhere(
  key: string,
  q: Query,
  k: number,
  minScore: number,
  hint: number | undefined,
  floor: number,
  copies: number,
): Candidate[] {
  const m = q.quote.length;
  const p = q.prefix.length;
  const s = q.suffix.length;
  const sides = [p, s].filter((n) => n > 0);
  const useContext = m > 32 && sides.length > 0 && sides.every((n) => n >= MIN_SEED_CONTEXT);
  if (useContext) {
    const rate = 1 - Math.sqrt(minScore);
    const slack = k + Math.ceil(Math.max(p, s) * rate) + 2;
    const windows: [number, number][] = [];
    // Where the quote must be if the prefix ends at `end`, or the suffix does.
    const fewEnough =
      contextEnds(key, q.lowerKey, q.prefix, rate, MAX_CONTEXT_SEEDS, (end) =>
        windows.push([end - slack, end + m + slack]),
      ) &&
      contextEnds(key, q.lowerKey, q.suffix, rate, MAX_CONTEXT_SEEDS, (end) =>
        windows.push([end - s - m - slack, end - s + slack]),
      );
    const merged = fewEnough ? mergeWindows(windows) : [];
    if (fewEnough && merged.length <= MAX_CONTEXT_SEEDS) {
      return merged.flatMap(([from, to]) =>
        approximate(key, q, Math.max(0, from), Math.min(key.length, to), k, hint, floor, copies),
      );
    }
  }
  if (m <= MAX_SCAN) return approximate(key, q, 0, key.length, k, hint, floor, copies);
  return fromSeeds(key, q, k, minScore, hint, floor, copies);
}

/**
 * Calls `onEnd` at every place where `side` (a lower-case context string) ends in the text with
 * at most `rate` of its characters wrong. Split into budget + 1 pieces, one piece must occur
 * exactly (pigeonhole), so when the pieces are long enough to be rare this is a few native indexOf
 * calls on the lower-cased text, each hit checked with a short scan; otherwise the whole text is
 * scanned for the side. Stops (returning false) after `cap` places.
 */
function contextEnds(
  key: string,
  lowerKey: () => string,
  side: string,
  rate: number,
  cap: number,
  onEnd: (end: number) => void,
): boolean {
  const L = side.length;
  if (!L) return true;
  const budget = Math.floor(L * rate + 1e-9);
  const pieceLength = Math.floor(L / (budget + 1));
  let count = 0;
  const report = (end: number) => {
    if (++count <= cap) onEnd(end);
  };
  if (pieceLength < MIN_PIECE) {
    scanApprox(key, 0, key.length, side, budget, true, report);
    return count <= cap;
  }
  const text = lowerKey();
  const checked = new Set<number>();
  for (let i = 0; i <= budget && count <= cap; i++) {
    const from = i * pieceLength;
    const piece = side.slice(from, i === budget ? L : from + pieceLength);
    for (let at = text.indexOf(piece); at !== -1 && count <= cap; at = text.indexOf(piece, at + 1)) {
      // The whole side must end within `budget` of where this exact piece puts its end.
      const end = at - from + L;
      const lo = Math.max(0, end - L - 2 * budget);
      if (checked.has(lo)) continue;
      checked.add(lo);
      scanApprox(text, lo, Math.min(text.length, end + budget), side, budget, false, report);
    }
  }
  return count <= cap;
}

/** Sorted, overlapping windows merged into one. */
function mergeWindows(windows: [number, number][]): [number, number][] {
  windows.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const w of windows) {
    const last = out[out.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else out.push([w[0], w[1]]);
  }
  return out;
}

/**
 * Long quotes without usable context: scan the page for their first, middle and last 64
 * characters (each within its own share of the budget) and verify the whole quote around each
 * seed. Cheaper than one scan with a long pattern; a long passage edited all the way through can
 * still be found near its hints.
 */
function fromSeeds(
  key: string,
  q: Query,
  k: number,
  minScore: number,
  hint: number | undefined,
  floor: number,
  copies: number,
): Candidate[] {
  const m = q.quote.length;
  const out: Candidate[] = [];
  const pieceBudget = errorBudget(SEED, minScore);
  for (const offset of [0, (m - SEED) >> 1, m - SEED]) {
    const piece = q.quote.slice(offset, offset + SEED);
    const seeds: number[] = [];
    scanApprox(key, 0, key.length, piece, pieceBudget, false, (end) => {
      const start = end - SEED - offset;
      if (seeds.length < 64 && (seeds.length === 0 || start - seeds[seeds.length - 1]! > SEED)) seeds.push(start);
    });
    for (const s of seeds)
      out.push(...approximate(key, q, Math.max(0, s - k), Math.min(key.length, s + m + 2 * k), k, hint, floor, copies));
  }
  return out;
}

/** Normalised context for a query: the last / first 32 key characters, lower-cased. */
export function contextKey(s: string, side: 'prefix' | 'suffix'): string {
  const t = side === 'prefix' ? s.slice(-QUOTE_CONTEXT_LENGTH) : s.slice(0, QUOTE_CONTEXT_LENGTH);
  return t.toLowerCase();
}
