import { AppError } from '../errors.js';
import { MAX_QUOTE_LENGTH, QUOTE_CONTEXT_LENGTH } from '../selector-limits.js';
import type { RangeHint, TargetSelectors } from '../selectors.js';
import { elementPath } from './element-path.js';
import { CharClass, charClass } from './normalize.js';
import {
  buildTextIndex,
  isTextIndex,
  nodeAtRaw,
  rawOffsetBefore,
  rawOffsetOfBoundary,
  rawToKey,
  unitsToCodePoints,
  type TextIndex,
} from './text-index.js';

/** The most raw characters a prefix or suffix may take (the schema's cap) while collecting 32 visible ones. */
const MAX_CONTEXT_RAW = 256;

/**
 * Selection -> selectors (W3C Web Annotation §4.2.4 TextQuote, §4.2.5 TextPosition, and a range
 * hint). The quote is the page's own text, trimmed of surrounding whitespace; prefix and suffix
 * hold 32 characters of *visible* context (a run of whitespace counts once), so a prefix is never
 * wasted on indentation. Positions count code points, as W3C requires. The result fits
 * TargetSelectorsSchema (tested); it is not parsed here because this runs in the page, where the
 * schema would double the annotator's bundle, and the background parses every target it stores.
 */
export function describe(range: Range, root: Node | TextIndex): TargetSelectors {
  const index = isTextIndex(root) ? root : buildTextIndex(root);
  const a = rawOffsetOfBoundary(index, range.startContainer, range.startOffset);
  const b = rawOffsetOfBoundary(index, range.endContainer, range.endOffset);
  if (a === null || b === null) {
    throw new AppError('validation_failed', 'The selection is outside the part of the page Margins can annotate.');
  }
  const { text, keyToRaw } = index;
  let start = Math.min(a, b);
  let end = Math.max(a, b);
  while (start < end && charClass(text.charCodeAt(start)) !== CharClass.Keep) start++;
  while (end > start && charClass(text.charCodeAt(end - 1)) !== CharClass.Keep) end--;
  if (start === end)
    throw new AppError('validation_failed', 'The selection has no text; select the words the adaptation is about.');
  if (end - start > MAX_QUOTE_LENGTH) {
    throw new AppError(
      'validation_failed',
      `The selection is too long (${(end - start).toLocaleString('en-US')} characters; the limit is ${MAX_QUOTE_LENGTH.toLocaleString('en-US')}). Select a shorter passage.`,
    );
  }

  const keyStart = rawToKey(index, start);
  const keyEnd = rawToKey(index, end);
  const prefixFrom = Math.max(keyToRaw[Math.max(0, keyStart - QUOTE_CONTEXT_LENGTH)]!, start - MAX_CONTEXT_RAW);
  const suffixTo = Math.min(
    keyToRaw[Math.min(keyToRaw.length - 1, keyEnd + QUOTE_CONTEXT_LENGTH)]!,
    end + MAX_CONTEXT_RAW,
  );

  const hint = rangeHint(index, start, end);
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(prefixFrom, start),
      suffix: text.slice(end, suffixTo),
    },
    position: {
      type: 'TextPositionSelector',
      start: unitsToCodePoints(index, start),
      end: unitsToCodePoints(index, end),
    },
    ...(hint ? { range: hint } : {}),
  };
}

/** Element paths of the text nodes where the span starts and ends, with code-point offsets into each element's text. */
function rangeHint(index: TextIndex, start: number, end: number): RangeHint | undefined {
  const point = (raw: number, isEnd: boolean) => {
    const node = nodeAtRaw(index, raw, isEnd);
    const el = node?.parentNode;
    if (!el) return undefined;
    const path = el === index.root ? '/' : el.nodeType === 1 ? elementPath(el as Element, index.root) : null;
    if (!path) return undefined;
    const elStart = el === index.root ? 0 : rawOffsetBefore(index, el);
    return { path, offset: unitsToCodePoints(index, raw) - unitsToCodePoints(index, elStart) };
  };
  const s = point(start, false);
  const e = point(end, true);
  if (!s || !e || s.path.length > 2000 || e.path.length > 2000) return undefined;
  return {
    type: 'RangeHint',
    startContainer: s.path,
    startOffset: s.offset,
    endContainer: e.path,
    endOffset: e.offset,
  };
}
