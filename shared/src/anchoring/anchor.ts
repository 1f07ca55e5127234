import type { TargetSelectors } from '../selectors.js';
import { resolveElementPath } from './element-path.js';
import { contextKey, findBest, type Query } from './match.js';
import { toKey } from './normalize.js';
import { isSpecificQuote, MIN_SCORE } from './score.js';
import {
  codePointsToUnits,
  keySpanToRaw,
  lowerKeyOf,
  rangeFromRaw,
  rawOffsetBefore,
  rawToKey,
  StaleTextIndexError,
  textIndexIsCurrent,
  unitsToCodePoints,
  type TextIndex,
} from './text-index.js';

/** Which step found the passage: at its recorded position, exactly elsewhere, or approximately. */
export type AnchorStrategy = 'position' | 'exact' | 'approximate';
/** Why an adaptation could not be drawn (the UI localises by reason; `message` is for logs). */
export type OrphanReason = 'not-found' | 'low-confidence' | 'ambiguous' | 'invalid-selectors';
/** Where an adaptation goes on the page, or why it has no place there now. */
export type AnchorResult =
  | { status: 'anchored'; range: Range; confidence: number; strategy: AnchorStrategy }
  | { status: 'orphan'; reason: OrphanReason; message: string; bestScore?: number };
/** Tuning for one anchoring call. */
export interface AnchorOptions {
  /** Least confidence drawn (default {@link MIN_SCORE}); raise it to be stricter, never lower it in product code. */
  minScore?: number;
}

/**
 * Selectors -> a live Range on the page, or an orphan with a reason. Exact match at the recorded
 * position first, then exact match anywhere (context, then distance from the hint, choosing
 * between copies), then approximate match within an error budget; nothing below the minimum score
 * is drawn. See ../shared/DESIGN.md (Anchoring) and score.ts for the rule.
 */
export function anchor(selectors: TargetSelectors, index: TextIndex, opts: AnchorOptions = {}): AnchorResult {
  const minScore = opts.minScore ?? MIN_SCORE;
  const query = toQuery(selectors, index);
  if (typeof query === 'string') return { status: 'orphan', reason: 'invalid-selectors', message: query };
  const { best, exactCount, rival } = findBest(index.key, query, minScore);
  if (best && best.score >= minScore && rival) {
    return {
      status: 'orphan',
      reason: 'ambiguous',
      bestScore: round(best.score),
      message: 'The passage is no longer where it was, and several places on this page match it almost equally well.',
    };
  }
  if (best && best.score >= minScore) {
    const [start, end] = keySpanToRaw(index, best.start, best.end);
    return {
      status: 'anchored',
      range: rangeFromRaw(index, start, end),
      confidence: round(best.score),
      strategy: best.strategy,
    };
  }
  if (!best) {
    return {
      status: 'orphan',
      reason: 'not-found',
      message: 'The quoted passage is no longer on this page, even approximately.',
    };
  }
  const bestScore = round(best.score);
  if (exactCount > 1 && best.quoteErrors === 0) {
    return {
      status: 'orphan',
      reason: 'ambiguous',
      bestScore,
      message: `The quoted passage appears ${exactCount} times on this page, and the text around none of them matches the text around the original.`,
    };
  }
  return {
    status: 'orphan',
    reason: 'low-confidence',
    bestScore,
    message: `The closest passage on this page matches with confidence ${bestScore.toFixed(2)}, below the ${minScore.toFixed(2)} needed to draw it.`,
  };
}

/**
 * Anchors many adaptations on one shared index. Every item gets a result: orphans are kept, never
 * dropped. Throws StaleTextIndexError (before anchoring anything) if the page changed since the
 * index was built.
 */
export function anchorMany<T extends { id: string; target: TargetSelectors }>(
  items: readonly T[],
  index: TextIndex,
  opts: AnchorOptions = {},
): Map<string, AnchorResult> {
  if (!textIndexIsCurrent(index)) throw new StaleTextIndexError();
  const out = new Map<string, AnchorResult>();
  for (const item of items) {
    try {
      out.set(item.id, anchor(item.target, index, opts));
    } catch (e) {
      if (e instanceof StaleTextIndexError) throw e;
      out.set(item.id, {
        status: 'orphan',
        reason: 'invalid-selectors',
        message: `The stored target could not be read: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Selectors -> key-form query with hints in key offsets, or a message saying why they cannot be used. */
function toQuery(selectors: TargetSelectors, index: TextIndex): Query | string {
  const quoteSel = selectors?.quote;
  if (!quoteSel || typeof quoteSel.exact !== 'string') return 'The target has no quoted passage to look for.';
  const exact = quoteSel.exact;
  const quote = toKey(exact, true);
  if (quote.length === 0) return 'The quoted passage is empty or only whitespace.';
  // Whitespace at the quote's edges belongs to its context, where it is compared like the rest.
  const lead = /^\s+/.exec(exact)?.[0] ?? '';
  const trail = /\s+$/.exec(exact)?.[0] ?? '';
  const prefix = contextKey(toKey(String(quoteSel.prefix ?? '') + lead), 'prefix');
  const suffix = contextKey(toKey(trail + String(quoteSel.suffix ?? '')), 'suffix');

  // Hints in key offsets. The range hint is resolved only if the position does not settle it.
  const toHint = (raw: number) => (raw < index.text.length ? rawToKey(index, raw) : undefined);
  const pos = selectors.position;
  const position =
    pos && Number.isInteger(pos.start) && pos.start >= 0 ? toHint(codePointsToUnits(index, pos.start)) : undefined;
  const range = selectors.range;
  let resolved = false;
  let fromRange: number | undefined;
  const rangeHint = () => {
    if (resolved) return fromRange;
    resolved = true;
    if (!range || !Number.isInteger(range.startOffset) || range.startOffset < 0) return undefined;
    const el = resolveElementPath(range.startContainer, index.root);
    if (!el) return undefined;
    const base = el === index.root ? 0 : rawOffsetBefore(index, el);
    fromRange = toHint(codePointsToUnits(index, unitsToCodePoints(index, base) + range.startOffset));
    return fromRange;
  };
  return {
    quote,
    prefix,
    suffix,
    specific: isSpecificQuote(quote),
    position,
    rangeHint,
    lowerKey: () => lowerKeyOf(index),
  };
}
