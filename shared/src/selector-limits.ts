/**
 * Selector limits as plain constants, apart from the zod schemas in selectors.ts, so code that runs
 * in the page (the anchoring engine inside the extension's annotator) can use them without bundling zod.
 */

/** Characters of context kept on each side of a quote (DESIGN: Anchoring). */
export const QUOTE_CONTEXT_LENGTH = 32;
/** Longest passage a single adaptation may quote. */
export const MAX_QUOTE_LENGTH = 20_000;
