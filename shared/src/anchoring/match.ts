import { QUOTE_CONTEXT_LENGTH } from '../selector-limits.js';
import { better, evaluate, type Candidate, type Query } from './candidate.js';
import { errorBudget } from './score.js';
import { approximate, closeMatches, everywhere, exactOccurrences, renumberedCopies, type Scan } from './search.js';
import { changesMeaning } from './words.js';

export type { Candidate, Query, Strategy } from './candidate.js';

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
 * the page could as well have made. The same margin lets a hint's copy of a repeated quote win
 * on the hint alone when its context is clearly the best.
 */
const CLEAR_MARGIN = 0.05;
/** Context this close to the recorded one (one error a side) came along with the passage wherever it is now. */
const INTACT_CONTEXT = (1 - 1 / 32) ** 2;
/** Characters either side of a hint searched approximately before the whole page. */
const NEAR = 2048;

/**
 * Searches the key text for the query: exactly at a hint (done, when the context there is
 * intact), then every exact and renumbered copy and approximate matches at the hints, then
 * approximately near the hints and, if nothing acceptable turned up, over the whole page.
 *
 * Two rules keep repeated templates from pulling a passage to another lesson:
 * - A hint (position or element path) counts for a copy of a repeated quote only when that copy's
 *   context is as good as any other copy's, and either clearly better or intact and agreed on by
 *   both hints. After a lesson is inserted or deleted earlier on the page, the element path names
 *   the same-shaped box of the neighbouring lesson; its context no longer agrees, the true copy's does.
 * - An approximate candidate that says something else (words.ts: a content word replaced, a
 *   negation added or dropped) is a templated look-alike, not the passage edited, when the page
 *   holds another close match that says something else too, or when it is neither where the hints
 *   say nor surrounded by the passage's own context.
 */
export function findBest(key: string, q: Query, minScore: number): MatchOutcome {
  const m = q.quote.length;
  const k = errorBudget(m, minScore);
  const strong = (c: Candidate) => c.score >= minScore && (c.context === undefined || c.context >= STRONG_CONTEXT);

  // 1. Exactly at a hint with the context intact: no other place can have better evidence. One
  // comparison per hint (a character or two of drift comes from whitespace folding); the text
  // position is tried first as it needs no DOM walk.
  const tried: number[] = [];
  const exactAt = (h: number | undefined): number | undefined => {
    if (h === undefined || tried.includes(h)) return undefined;
    tried.push(h);
    for (const d of [0, -1, 1, -2, 2]) {
      const at = h + d;
      if (at >= 0 && at + m <= key.length && key.startsWith(q.quote, at)) return at;
    }
    return undefined;
  };
  const intact = (at: number | undefined) => {
    if (at === undefined) return undefined;
    const c = evaluate(key, q, at, at + m, 0, { copies: 1, strategy: 'position', atHint: true });
    return c.score >= minScore && (c.context === undefined || c.context >= 1 - 1e-9) ? c : undefined;
  };
  const atPosition = exactAt(q.position);
  const fromPosition = intact(atPosition);
  if (fromPosition) return { best: fromPosition, exactCount: 1 };
  const rangeHint = q.rangeHint();
  const atRange = exactAt(rangeHint);
  const fromRange = intact(atRange);
  if (fromRange) return { best: fromRange, exactCount: 1 };
  // The range hint is local to an element, so edits elsewhere on the page do not move it.
  const hint = rangeHint ?? q.position;
  const hints = tried;
  const nearStart = (start: number) => hints.some((h) => Math.abs(start - h) <= AT_HINT);
  const nearHint = (c: Candidate) => nearStart(c.start);

  const hintPoints = [q.position, rangeHint].filter((h): h is number => h !== undefined);

  // Look-alikes: decided once per candidate; the page is scanned for a template's copies at most once.
  let lookalikes: { start: number; end: number }[] | undefined;
  const verdicts = new Map<Candidate, boolean>();
  // The passage's surroundings came along with it: its context is intact, and not boilerplate the
  // page repeats elsewhere (a template's look-alike sits in the same template's surroundings).
  const ownContext = (c: Candidate) => {
    if ((c.context ?? 0) < INTACT_CONTEXT) return false;
    const lower = q.lowerKey();
    const once = (s: string) => s.length === 0 || lower.indexOf(s) === lower.lastIndexOf(s);
    return (
      once(lower.slice(Math.max(0, c.start - q.prefix.length), c.start)) &&
      once(lower.slice(c.end, c.end + q.suffix.length))
    );
  };
  // Exact copies count as one until they are counted (step 2).
  const scan: Scan = { key, q, k, minScore, hint, copies: 1, accept: (c) => accept(c), nearHint: nearStart };
  const accept = (c: Candidate): boolean => {
    if (c.quoteErrors === 0 || c.renumbered) return true;
    let ok = verdicts.get(c);
    if (ok === undefined) {
      ok = !changesMeaning(q.quote, key.slice(c.start, c.end));
      // Saying something else is an edit only where the passage was (or with its surroundings
      // intact around it), and only if no other copy of a template says something else too.
      if (!ok && (nearHint(c) || ownContext(c))) {
        lookalikes ??= closeMatches(scan).filter((p) => changesMeaning(q.quote, p.text));
        ok = !lookalikes.some((p) => p.end <= c.start || p.start >= c.end);
      }
      verdicts.set(c, ok);
    }
    return ok;
  };

  // 1b. Approximately at a hint: a typo fixed in the passage, or whitespace before it moved it a
  // little. With its context intact it is as good as step 1 (no copy elsewhere can agree better).
  const atHints: Candidate[] = [];
  if (k > 0) {
    for (const h of hints) {
      const near = approximate(scan, Math.max(0, h - k - 2), Math.min(key.length, h + m + k + 2), minScore);
      for (const c of near) {
        if (Math.abs(c.start - h) > k + 2) continue;
        if (
          c.score >= minScore &&
          (c.context === undefined || c.context >= 1 - 1e-9) &&
          !changesMeaning(q.quote, key.slice(c.start, c.end))
        )
          return {
            best: c.quoteErrors === 0 ? { ...c, strategy: 'position' } : c,
            exactCount: c.quoteErrors === 0 ? 1 : 0,
          };
        if (c.quoteErrors > 0) atHints.push(c);
      }
    }
  }

  // 2. Every exact copy (a quote that occurs N times proves a place only 1/N as much by itself)
  // and, for a numbered quote, every renumbered copy; then the hints' credit where it is due.
  const all = exactOccurrences(key, q.quote);
  const renumbered = renumberedCopies(key, q.quote);
  const copies = (scan.copies = all.length + renumbered.length);
  const seen: Candidate[] = [
    ...all.map((s) =>
      evaluate(key, q, s, s + m, 0, {
        copies,
        strategy: s === atPosition || s === atRange ? 'position' : 'exact',
        atHint: nearStart(s),
      }),
    ),
    ...renumbered.map((r) =>
      // A moved section is never where its hints say; its heading, the same text renumbered, stands for itself.
      evaluate(key, q, r.start, r.end, r.errors, { copies, strategy: 'approximate', renumbered: true, atHint: true }),
    ),
  ];
  if (copies > 1) {
    for (const at of new Set([atPosition, atRange])) {
      const i = seen.findIndex((c) => c.start === at && c.quoteErrors === 0);
      if (i >= 0 && hintCounts(seen[i]!, seen, hintPoints))
        seen[i] = evaluate(key, q, at!, at! + m, 0, { copies: 1, strategy: 'position', atHint: true });
    }
  }
  const choose = (): Candidate | undefined => {
    let best: Candidate | undefined;
    for (const c of seen) if ((!best || better(c, best, hint)) && accept(c)) best = c;
    return best;
  };
  const settle = (best: Candidate | undefined): MatchOutcome => ({
    best,
    exactCount: all.length,
    rival: best && hints.length > 0 && !nearHint(best) ? rivalOf(best, seen.filter(accept), hint) : undefined,
  });

  // 3. The approximate candidates at a hint, now against the copies: where its context agrees (as
  // for an exact copy above) one is taken over exact copies elsewhere, which repeated boilerplate
  // would otherwise win; otherwise it competes on its score.
  const copiesSeen = [...seen];
  for (const c of atHints) {
    if (strong(c) && accept(c) && hintCounts(c, copiesSeen, hintPoints)) return settle(c);
    seen.push(c);
  }
  const first = choose();
  if (first && strong(first)) return settle(first);

  // 4. Approximately near the hints, then (unless something acceptable turned up) everywhere.
  if (k > 0) {
    const floor = () => Math.max(minScore, choose()?.score ?? 0);
    for (const h of hints)
      seen.push(...approximate(scan, Math.max(0, h - NEAR), Math.min(key.length, h + m + NEAR), floor()));
    const nearBest = choose();
    if (!nearBest || nearBest.score < minScore) seen.push(...everywhere(scan, floor()));
  }
  return settle(choose());
}

/**
 * Whether the hints count for candidate `c` against the other copies in `pool`: its context is
 * at least as good as every other copy's, and either clearly better, or intact enough while every
 * hint names `c` as the copy nearest to it (the page's structure did not move under them).
 */
function hintCounts(c: Candidate, pool: readonly Candidate[], hintPoints: readonly number[]): boolean {
  const nearestIsC = (h: number) => {
    const d = Math.abs(c.start - h);
    return pool.every((o) => o === c || Math.abs(o.start - h) >= d);
  };
  const agree = hintPoints.every(nearestIsC);
  let others = -Infinity;
  for (const o of pool)
    if (o !== c && (o.end <= c.start || o.start >= c.end)) others = Math.max(others, o.context ?? 0);
  const ctx = c.context;
  if (ctx === undefined) return agree;
  return ctx >= others - 1e-9 && (ctx > others + CLEAR_MARGIN || (agree && ctx >= STRONG_CONTEXT));
}

/**
 * When the best candidate is not where the selectors say, a place elsewhere is only trusted if no
 * other place scores almost as well: boilerplate repeated in every lesson has near-identical
 * context, and the one that was annotated may be the one deleted.
 */
function rivalOf(best: Candidate, seen: readonly Candidate[], hint: number | undefined): Candidate | undefined {
  let rival: Candidate | undefined;
  for (const c of seen) {
    if (c.end > best.start && c.start < best.end) continue;
    if (!rival || better(c, rival, hint)) rival = c;
  }
  return rival && best.score - rival.score < CLEAR_MARGIN ? rival : undefined;
}

/** Normalised context for a query: the last / first 32 key characters, lower-cased. */
export function contextKey(s: string, side: 'prefix' | 'suffix'): string {
  const t = side === 'prefix' ? s.slice(-QUOTE_CONTEXT_LENGTH) : s.slice(0, QUOTE_CONTEXT_LENGTH);
  return t.toLowerCase();
}
