/**
 * How sure we are that a candidate is the passage the teacher selected. The rule of the design:
 * a wrong highlight is worse than none, so evidence has to add up, and a weak look-alike must not.
 *
 * - The quote is the main evidence, weighted by how much of it matches (1 - errors / length).
 * - A quote found *exactly* also stands on its own, the more the longer it is (a 3-letter word
 *   proves little, a sentence a lot): it carries `length / (length + QUOTE_HALF_WEIGHT)` of the
 *   score by itself, the rest coming from its context. When the page has N exact copies, that
 *   share is divided by N (by itself the quote says "one of these N"), unless the candidate is
 *   where the selectors' position or range hint says: being there is evidence of its own.
 * - A quote found only *approximately* stands on nothing by itself: the surrounding text must
 *   confirm it. This is what separates a typo fixed in the passage (context intact) from the
 *   look-alike paragraph of the next lesson (similar words, different surroundings).
 * - Context agreement is taken per side, 1 - errors / length, squared so that a side that is only
 *   "mostly" the same counts for much less than one that is the same, then averaged by length. A
 *   side that is intact therefore keeps its weight when the other side was rewritten (the sentence
 *   before a passage edited, the one after it kept): squaring the pooled similarity instead would
 *   orphan a short quote found once on the page in exactly that common edit.
 *   Context is compared without regard to letter case.
 * - A quote found exactly *once* on the page, where the selectors say it was (near its position
 *   or element), that is specific (SPECIFIC_QUOTE_LENGTH characters and SPECIFIC_QUOTE_WORDS
 *   words or more: a phrase, not a word) is enough by itself: its own share is at least
 *   MIN_SCORE, so it is drawn whatever the text around it became. A publisher rewriting the
 *   sentences on both sides of a short passage does not make the passage another one; but a short
 *   phrase that happens to occur once somewhere else, after the passage was deleted, is not it.
 * - With no context in the selectors at all, the quote decides alone.
 */

/** Quote length (key characters) at which an exact quote carries half the score by itself. */
export const QUOTE_HALF_WEIGHT = 16;

/**
 * The least score at which a candidate is drawn; below it the adaptation is an orphan.
 *
 * Picked from data by tests/conformance/anchoring-calibration.test.ts, which anchors every case
 * with a known answer (the edit-robustness set built from the saved pages in
 * ../shared/conformance/anchoring, and the Hypothesis and Apache Annotator quote cases) with the
 * threshold lowered to 0.5 and prints the scores of what would be drawn. On that data (93
 * candidates) the wrong candidates score at most 0.726 (Apache's "with suffix, no matches", a
 * 5-letter quote whose only context disagrees), and every right candidate outside the
 * deliberately refused cases (short quotes whose given context disagrees, 3-letter quotes edited,
 * quotes with over 20 % edits) scores at least 0.828. Any threshold in (0.726, 0.828] therefore
 * draws nothing wrong and keeps all of those; 0.8 is taken in that interval because it also caps
 * a drawn quote at 20 % edited characters, the budget that keeps approximate search fast
 * (errorBudget). The right candidates refused inside the interval, Hypothesis' "approx-quote"
 * (0.75: 4 edits in 16 letters, no context) and "context-5" (0.77: a 6-letter quote that occurs
 * twice, its given suffix one edit off), are refused by that cap and by the copies rule above, as
 * is minimal.html's 3-letter quote "Two" with its prefix word replaced (0.77).
 * The test fails if new data puts a wrong candidate above this value.
 */
export const MIN_SCORE = 0.8;

/** Shortest quote (key characters) that, found exactly once, is drawn whatever its context. */
export const SPECIFIC_QUOTE_LENGTH = 20;
/** Fewest words such a quote has. */
export const SPECIFIC_QUOTE_WORDS = 3;

/** Whether a quote (key form) is specific enough to stand alone when it occurs once. */
export function isSpecificQuote(quote: string): boolean {
  return quote.length >= SPECIFIC_QUOTE_LENGTH && SPECIFIC_WORDS.test(quote);
}

/** SPECIFIC_QUOTE_WORDS (3) words, each with a letter or digit. */
const SPECIFIC_WORDS = /[\p{L}\p{N}]\S*\s+\S*[\p{L}\p{N}]\S*\s+\S*[\p{L}\p{N}]/u;

/** What one candidate's score is built from (lengths and errors in key characters). */
export interface Evidence {
  quoteLength: number;
  quoteErrors: number;
  /** Exact copies of the quote competing for this place (1 when the candidate is where the selectors say). */
  copies?: number;
  /** The quote is specific ({@link isSpecificQuote}) and the candidate is where the selectors say: found exactly once there, it needs no context. */
  specific?: boolean;
  prefixLength: number;
  prefixErrors: number;
  suffixLength: number;
  suffixErrors: number;
}

/** Context agreement in [0, 1], or undefined when the selectors carry no context. */
export function contextAgreement(e: Evidence): number | undefined {
  const len = e.prefixLength + e.suffixLength;
  if (len === 0) return undefined;
  const side = (length: number, errors: number) => (length === 0 ? 0 : length * Math.max(0, 1 - errors / length) ** 2);
  return (side(e.prefixLength, e.prefixErrors) + side(e.suffixLength, e.suffixErrors)) / len;
}

/** The candidate's confidence in [0, 1] (see the module comment for why it is built this way). */
export function scoreEvidence(e: Evidence): number {
  const quote = Math.max(0, 1 - e.quoteErrors / e.quoteLength);
  const ctx = contextAgreement(e);
  if (ctx === undefined) return quote;
  const copies = Math.max(1, e.copies ?? 1);
  const own = e.quoteLength / (e.quoteLength + QUOTE_HALF_WEIGHT);
  const alone = e.quoteErrors !== 0 ? 0 : copies === 1 && e.specific ? Math.max(own, MIN_SCORE) : own / copies;
  return quote * (alone + (1 - alone) * ctx);
}

/** Most quote edits a candidate can have and still reach `minScore` (the approximate search budget). */
export function errorBudget(quoteLength: number, minScore: number): number {
  return Math.floor(quoteLength * (1 - minScore) + 1e-9);
}
