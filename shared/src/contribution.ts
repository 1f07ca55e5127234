import { z } from 'zod';
import { IdSchema, TimestampSchema } from './adaptation.js';

/**
 * Kinds of contribution recorded in the append-only ledger (DESIGN: Contribution ledger).
 * Many entry points on purpose: authoring is one way to lead among several.
 */
export const CONTRIBUTION_TYPES = [
  'shared',
  'endorsed',
  'remixed',
  'feedback-given',
  'curated',
  'mentoring',
  'recognised',
  /** A curriculum lead sent a passage report with the teacher's adaptation in it (issue 20). */
  'informed-curriculum',
] as const;
/** Schema for a contribution type. */
export const ContributionTypeSchema = z.enum(CONTRIBUTION_TYPES);
/** One contribution type. */
export type ContributionType = z.infer<typeof ContributionTypeSchema>;

/**
 * One ledger event. `actorId` did it; `beneficiaryId` is whose work it was about (the author of an
 * endorsed adaptation, the mentee), so rules can credit both sides. Events are never updated.
 */
export const ContributionEventSchema = z.object({
  id: IdSchema,
  type: ContributionTypeSchema,
  actorId: z.string().min(1),
  beneficiaryId: z.string().min(1).nullable().default(null),
  adaptationId: IdSchema.nullable().default(null),
  /** The course context the event happened in (LTI context id, tenant-scoped), for spread metrics. */
  contextId: z.string().min(1).nullable().default(null),
  /** The school (organisational unit) of the actor, where the district tells us, for cross-school spread. */
  schoolId: z.string().min(1).nullable().default(null),
  /** Small type-specific facts (an endorsement outcome, a collection id); never free text about students. */
  data: z.record(z.string(), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).default({}),
  at: TimestampSchema,
});
/** A ledger event. */
export type ContributionEvent = z.infer<typeof ContributionEventSchema>;
