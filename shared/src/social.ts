import { z } from 'zod';
import { AuthorSchema, IdSchema, TimestampSchema } from './adaptation.js';
import { plainText } from './text.js';

/** How trying a colleague's adaptation went ("I tried this"). */
export const ENDORSEMENT_OUTCOMES = ['worked-well', 'worked-with-changes', 'mixed', 'did-not-work'] as const;
/** Schema for an endorsement outcome. */
export const EndorsementOutcomeSchema = z.enum(ENDORSEMENT_OUTCOMES, {
  error: (issue) => `Unknown outcome ${JSON.stringify(issue.input)}. Use one of: ${ENDORSEMENT_OUTCOMES.join(', ')}.`,
});

/** What a teacher sends to say "I tried this". One per teacher per adaptation; sending again updates it. */
export const EndorsementInputSchema = z.object({
  outcome: EndorsementOutcomeSchema,
  note: plainText('The outcome note', { max: 2_000, multiline: true }).default(''),
});
/** "I tried this", with an outcome (DESIGN: Endorsement). */
export const EndorsementSchema = EndorsementInputSchema.extend({
  id: IdSchema,
  adaptationId: IdSchema,
  endorser: AuthorSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
/** An endorsement. */
export type Endorsement = z.infer<typeof EndorsementSchema>;
/** An endorsement request body. */
export type EndorsementInput = z.input<typeof EndorsementInputSchema>;

/** Structured feedback types: peer feedback with a purpose, not an open comment thread. */
export const FEEDBACK_TYPES = ['what-worked', 'question', 'suggestion'] as const;
/** Schema for a feedback type. */
export const FeedbackTypeSchema = z.enum(FEEDBACK_TYPES, {
  error: (issue) => `Unknown feedback type ${JSON.stringify(issue.input)}. Use one of: ${FEEDBACK_TYPES.join(', ')}.`,
});
/** What a teacher sends as structured feedback. */
export const FeedbackInputSchema = z.object({
  type: FeedbackTypeSchema,
  text: plainText('The feedback', { min: 1, max: 2_000, multiline: true }),
});
/** Structured feedback on an adaptation (DESIGN: Feedback). */
export const FeedbackSchema = FeedbackInputSchema.extend({
  /** Empty once the district's retention removed it (`textRemoved`); the feedback itself still counts. */
  text: z.string().max(2_000),
  /** The district's retention period passed and its text was removed (issue 16). */
  textRemoved: z.boolean().default(false),
  id: IdSchema,
  adaptationId: IdSchema,
  author: AuthorSchema,
  createdAt: TimestampSchema,
});
/** A piece of feedback. */
export type Feedback = z.infer<typeof FeedbackSchema>;
/** A feedback request body. */
export type FeedbackInput = z.input<typeof FeedbackInputSchema>;
