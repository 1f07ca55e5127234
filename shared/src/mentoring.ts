import { z } from 'zod';
import { IdSchema } from './adaptation.js';

/**
 * Mentoring activities (issue 15 item 8): what a mentor and a newer teacher a coach paired actually did
 * together. The Mentor recognition follows confirmed activities, not the pairing: one person logs an
 * activity, the other confirms it, and only then does the ledger record a 'mentoring' contribution.
 */
export const MENTORING_ACTIVITY_KINDS = [
  'co-planning',
  'classroom-observation',
  'feedback-conversation',
  'modelled-lesson',
  'co-teaching',
] as const;
/** One kind of mentoring activity. */
export type MentoringActivityKind = (typeof MENTORING_ACTIVITY_KINDS)[number];
/** One kind of mentoring activity. */
export const MentoringActivityKindSchema = z.enum(MENTORING_ACTIVITY_KINDS);

/** Whether the other person of the pair has confirmed an activity. */
export const MentoringActivityStatusSchema = z.enum(['pending', 'confirmed', 'declined']);
/** Whether the other person of the pair has confirmed an activity. */
export type MentoringActivityStatus = z.infer<typeof MentoringActivityStatusSchema>;

/** A calendar day, `YYYY-MM-DD`, that exists. */
export const CalendarDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-03-14.')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: 'That date does not exist.',
    },
  );

/** Minutes a mentoring activity may last: a short conversation up to a full school day. */
export const MENTORING_MINUTES = { min: 10, max: 480 } as const;

/** A mentoring activity as one person of the pair logs it (no free text: nothing here can name a student). */
export const MentoringActivityInputSchema = z.object({
  pairId: IdSchema,
  kind: MentoringActivityKindSchema,
  happenedOn: CalendarDaySchema,
  minutes: z.number().int().min(MENTORING_MINUTES.min).max(MENTORING_MINUTES.max),
});
/** A mentoring activity as one person of the pair logs it. */
export type MentoringActivityInput = z.infer<typeof MentoringActivityInputSchema>;
