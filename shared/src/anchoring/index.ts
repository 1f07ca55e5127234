/**
 * @margins/shared/anchoring: selections -> selectors -> highlights, DOM-only (no extension APIs),
 * for the content script, jsdom and real browsers alike. Not re-exported from the package's main
 * entry, which the LTI tool imports in Node where there is no DOM. See README.md beside this file.
 */
export {
  buildTextIndex,
  textIndexIsCurrent,
  textOffsetsOf,
  StaleTextIndexError,
  type TextIndex,
} from './text-index.js';
export { describe } from './describe.js';
export {
  anchor,
  anchorMany,
  type AnchorOptions,
  type AnchorResult,
  type AnchorStrategy,
  type OrphanReason,
} from './anchor.js';
export { MIN_SCORE, QUOTE_HALF_WEIGHT, scoreEvidence, type Evidence } from './score.js';
export { searchApprox, type ApproxMatch } from './myers.js';
export { toKey } from './normalize.js';
export {
  createHighlighter,
  HIGHLIGHT_STYLES,
  type Highlighter,
  type HighlighterOptions,
  type HighlightStyle,
} from './highlighter.js';
