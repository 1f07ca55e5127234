import { alignAt, scanApprox } from './myers.js';
import { errorBudget } from './score.js';
import { evaluate, refineEdges, type Candidate, type Query } from './candidate.js';
import { numberingPrefix, osa } from './words.js';

/**
 * Where the quote may be on the page: its exact copies, its renumbered copies, and approximate
 * matches within an error budget (near the hints or over the whole page). match.ts decides
 * between the candidates these return.
 */

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
/** Farthest an approximate candidate's edge is moved to take in an edit at the quote's edge. */
const MAX_EDGE_REACH = 16;

/** What every search of one anchor() call shares. */
export interface Scan {
  key: string;
  q: Query;
  /** Most quote edits a candidate may have (errorBudget). */
  k: number;
  minScore: number;
  /** Where the selectors say the quote is (candidates nearer it are scored first). */
  hint: number | undefined;
  /** Exact copies of the quote on the page (an approximate candidate that turns out exact is one of them). */
  copies: number;
  /** Whether a candidate may be drawn at all (a look-alike may not): only those raise the bar for the rest. */
  accept: (c: Candidate) => boolean;
  /** Whether a place is where the selectors say (near a hint). */
  nearHint: (start: number) => boolean;
}

/** Start offsets of every exact occurrence of `quote` (at most MAX_EXACT). */
export function exactOccurrences(key: string, quote: string): number[] {
  const out: number[] = [];
  for (let i = key.indexOf(quote); i !== -1 && out.length < MAX_EXACT; i = key.indexOf(quote, i + 1)) out.push(i);
  return out;
}

/**
 * For a quote that starts with numbering ("Lesson 4: The laws of motion"), every place with the
 * same text and other numbers ("Lesson 6: The laws of motion"): where a moved section's heading is.
 * Exact copies are not included (exactOccurrences has them).
 */
export function renumberedCopies(key: string, quote: string): { start: number; end: number; errors: number }[] {
  const n = numberingPrefix(quote);
  if (!n) return [];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(escape(quote.slice(0, n.start)) + '\\d{1,4}(?:\\.\\d{1,4})*' + escape(quote.slice(n.end)), 'g');
  const number = quote.slice(n.start, n.end);
  const out: { start: number; end: number; errors: number }[] = [];
  for (let m = re.exec(key); m && out.length < MAX_EXACT; m = re.exec(key)) {
    if (m[0] === quote) continue;
    const other = m[0].slice(n.start, m[0].length - (quote.length - n.end));
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      errors: Math.max(1, osa(number, other, number.length + other.length)),
    });
  }
  return out;
}

/**
 * Approximate candidates in key[from, to): one per run of nearby match ends, at its fewest edits
 * (one that turns out exact is scored as one of `copies` exact copies), its edges then moved to
 * where the evidence is best (refineEdges).
 * They are scored fewest edits first and the scoring stops once no remaining candidate could
 * reach `floor` (an approximate candidate never scores above its quote similarity), so a page full
 * of look-alikes costs a scan, not thousands of context comparisons.
 */
export function approximate(scan: Scan, from: number, to: number, floor: number): Candidate[] {
  const { key, q, k, hint, copies } = scan;
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
  const reach = Math.min(k, MAX_EDGE_REACH);
  const out: Candidate[] = [];
  for (const i of order) {
    if (out.length >= MAX_APPROX || 1 - errs[i]! / m < floor - 1e-9) break;
    const end = ends[i]!;
    const a = alignAt(key, end, -1, q.quote, m + errs[i]!);
    const exact = a.errors === 0;
    let c = evaluate(key, q, end - a.length, end, a.errors, {
      copies: exact ? copies : 1,
      strategy: exact ? 'exact' : 'approximate',
      atHint: scan.nearHint(end - a.length),
    });
    if (!exact && c.score < floor && edgesCouldHelp(c, reach, q, floor)) c = refineEdges(key, q, c, reach);
    out.push(c);
    if (c.score > floor && scan.accept(c)) floor = c.score;
  }
  return out;
}

/**
 * Whether moving the edges could lift a candidate to `floor`: at best every context error within
 * `reach` of an edge goes away at no cost to the quote. Skips look-alikes whose context is wrong
 * all along, which no edge move saves.
 */
function edgesCouldHelp(c: Candidate, reach: number, q: Query, floor: number): boolean {
  const p = q.prefix.length;
  const s = q.suffix.length;
  const side = (len: number, errors: number) => (len ? len * (1 - Math.max(0, errors - reach) / len) ** 2 : 0);
  const ctx = (side(p, c.prefixErrors) + side(s, c.suffixErrors)) / (p + s);
  return (1 - c.quoteErrors / q.quote.length) * ctx >= floor;
}

/**
 * Every approximate candidate on the page that could reach `minScore`. An approximate candidate's
 * score is at most its context agreement, so its prefix and suffix together have at most
 * (1 - sqrt(minScore)) of their characters wrong, and so at least one of them does too: scanning
 * for the (short, single-block) prefix and suffix within that budget finds every such place, and
 * the quote is then verified around each. Quotes of one block, and selectors without two usable
 * sides of context, are scanned for directly.
 */
export function everywhere(scan: Scan, floor: number): Candidate[] {
  const { key, q, k, minScore } = scan;
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
      return merged.flatMap(([from, to]) => approximate(scan, Math.max(0, from), Math.min(key.length, to), floor));
    }
  }
  if (m <= MAX_SCAN) return approximate(scan, 0, key.length, floor);
  return fromSeeds(scan, floor);
}

/**
 * Every place on the page that holds the quote within `k` edits (at most MAX_APPROX), with the
 * text there: the copies of a template the quote may be one of.
 */
export function closeMatches(scan: Scan): { start: number; end: number; text: string }[] {
  const { key, q, k } = scan;
  const m = q.quote.length;
  const out: { start: number; end: number; text: string }[] = [];
  const add = (start: number, end: number) => out.push({ start, end, text: key.slice(start, end) });
  if (m <= MAX_SCAN) {
    let last = -Infinity;
    scanApprox(key, 0, key.length, q.quote, k, false, (e) => {
      if (e - last > m && out.length < MAX_APPROX) {
        const a = alignAt(key, e, -1, q.quote, m + k);
        add(e - a.length, e);
        last = e;
      }
    });
  } else {
    for (const c of fromSeeds({ ...scan, accept: () => false }, 0)) add(c.start, c.end);
  }
  return out;
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
function fromSeeds(scan: Scan, floor: number): Candidate[] {
  const { key, q, k, minScore } = scan;
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
      out.push(...approximate(scan, Math.max(0, s - k), Math.min(key.length, s + m + 2 * k), floor));
  }
  return out;
}
