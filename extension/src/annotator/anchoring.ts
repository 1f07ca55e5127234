/**
 * The one place the annotator reaches the shared anchoring engine and highlighter (issue 3,
 * contract in shared/src/anchoring). Everything else in the annotator imports from here.
 */
export { anchorMany, buildTextIndex, createHighlighter, describe } from '@margins/shared/anchoring';
export type { AnchorResult, Highlighter, TextIndex } from '@margins/shared/anchoring';
