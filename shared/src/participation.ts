import { z } from 'zod';

/**
 * The participation grade of a professional-learning course (issue 7, AGS): the one place that says
 * what counts and how much, so the tool that posts scores and the page that explains them agree.
 *
 * Each kind of participation counts up to a target, so there are several ways in and no way to max
 * out by doing one thing many times: sharing a practice in the course, trying a colleague's practice
 * from the course and saying how it went, and giving structured feedback on the course's practices.
 */
export const PARTICIPATION_PARTS = [
  { key: 'shared', label: 'Practices shared in this course', target: 1, points: 40 },
  { key: 'tried', label: 'Colleagues\' practices tried and reported ("I tried this")', target: 1, points: 30 },
  { key: 'feedback', label: "Pieces of structured feedback on the course's practices", target: 2, points: 30 },
] as const;

/** The most a participation score can be (the line item's scoreMaximum). */
export const PARTICIPATION_MAXIMUM = PARTICIPATION_PARTS.reduce((sum, p) => sum + p.points, 0);

/** What one person did in one course. */
export const ParticipationCountsSchema = z.object({
  shared: z.number().int().nonnegative(),
  tried: z.number().int().nonnegative(),
  feedback: z.number().int().nonnegative(),
});
/** Participation counts. */
export type ParticipationCounts = z.infer<typeof ParticipationCountsSchema>;

/**
 * The score for `counts`: each part earns its points in proportion to how much of its target was
 * reached (capped at the target), rounded to a whole number out of {@link PARTICIPATION_MAXIMUM}.
 */
export function participationScore(counts: ParticipationCounts): number {
  let score = 0;
  for (const part of PARTICIPATION_PARTS)
    score += (part.points * Math.min(counts[part.key], part.target)) / part.target;
  return Math.round(score);
}

/** The formula in words, for the page that turns the grade on and for participants. */
export function describeParticipationFormula(): string[] {
  return PARTICIPATION_PARTS.map(
    (p) =>
      `${p.label}: ${p.points} points for ${p.target === 1 ? 'the first one' : `${p.target} (${p.points / p.target} each)`}.`,
  );
}
