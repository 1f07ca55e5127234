import { z } from 'zod';
import { MAX_QUOTE_LENGTH } from './selector-limits.js';
import { pageText } from './text.js';

export { MAX_QUOTE_LENGTH, QUOTE_CONTEXT_LENGTH } from './selector-limits.js';

const offset = (label: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .nonnegative(`${label} cannot be negative.`);

/** W3C Web Annotation §4.2.4: the quoted passage with a little context on each side. */
export const TextQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: pageText(MAX_QUOTE_LENGTH).pipe(z.string().min(1, 'The quoted passage is empty; select some text first.')),
  prefix: pageText(256).default(''),
  suffix: pageText(256).default(''),
});
/** A quote selector. */
export type TextQuoteSelector = z.infer<typeof TextQuoteSelectorSchema>;

/** W3C Web Annotation §4.2.5: character offsets into the page's text content. */
export const TextPositionSelectorSchema = z
  .object({
    type: z.literal('TextPositionSelector'),
    start: offset('The start position'),
    end: offset('The end position'),
  })
  .refine((s) => s.end > s.start, { message: 'The end position must come after the start position.', path: ['end'] });
/** A position selector. */
export type TextPositionSelector = z.infer<typeof TextPositionSelectorSchema>;

const xpath = z
  .string()
  .max(2_000, 'The element path is too long.')
  .regex(/^(\/[a-zA-Z][\w.-]*(\[\d+\])?)*\/?$/, 'The element path must look like /html[1]/body[1]/p[2].');

/**
 * A hint to the DOM range: element paths (from the root given to `describe`) and character
 * offsets inside them. Cheap to try first; never trusted without checking the quote.
 * Exported to W3C as a RangeSelector of XPathSelectors refined by TextPositionSelectors.
 */
export const RangeHintSchema = z.object({
  type: z.literal('RangeHint'),
  startContainer: xpath,
  startOffset: offset('The start offset'),
  endContainer: xpath,
  endOffset: offset('The end offset'),
});
/** A DOM range hint. */
export type RangeHint = z.infer<typeof RangeHintSchema>;

/**
 * Where an adaptation sits on its page. The quote is required (it survives page edits); the
 * position and range are hints that make exact re-anchoring fast.
 */
export const TargetSelectorsSchema = z.object(
  {
    quote: TextQuoteSelectorSchema,
    position: TextPositionSelectorSchema.optional(),
    range: RangeHintSchema.optional(),
  },
  { error: 'The target passage is missing: select the text the adaptation is about.' },
);
/** The selectors of one adaptation. */
export type TargetSelectors = z.infer<typeof TargetSelectorsSchema>;
