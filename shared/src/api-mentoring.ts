import { z } from 'zod';
import { IdSchema, TimestampSchema } from './adaptation.js';
import { CursorSchema, endpoint, idParams, PersonRefSchema } from './api-endpoint.js';
import { LibraryPageSchema } from './api-library.js';
import {
  MentoringActivityKindSchema,
  MentoringActivityInputSchema,
  MentoringActivityStatusSchema,
} from './mentoring.js';
import { plainText } from './text.js';

/**
 * The mentoring part of the coach workspace's contract: pairs a coach makes, the activities the two
 * people log and confirm, and the practices a mentor shares. Part of `coachApi` (api-coach.ts).
 */

/** A coach pairs an experienced teacher (mentor) with a newer one (mentee). */
export const MentoringPairInputSchema = z
  .object({ mentorUserId: IdSchema, menteeUserId: IdSchema })
  .refine((p) => p.mentorUserId !== p.menteeUserId, {
    message: 'A teacher cannot mentor themselves: choose two different people.',
    path: ['menteeUserId'],
  });

/** A mentoring pair. */
export const MentoringPairSchema = z.object({
  id: IdSchema,
  mentor: PersonRefSchema,
  mentee: PersonRefSchema,
  createdBy: PersonRefSchema,
  createdAt: TimestampSchema,
  endedAt: TimestampSchema.nullable(),
  /** Mentoring activities of the pair the other person confirmed, and those still waiting. */
  activities: z.object({ confirmed: z.number().int().nonnegative(), pending: z.number().int().nonnegative() }),
});
/** A mentoring pair. */
export type MentoringPair = z.infer<typeof MentoringPairSchema>;

/** One side of the caller's active mentoring pairs: the other person, since when, and the pair to log activities on. */
const MyPairSideSchema = PersonRefSchema.extend({ since: TimestampSchema, pairId: IdSchema });

/** The caller's own active mentoring relationships. */
export const MyMentoringSchema = z.object({
  mentors: z.array(MyPairSideSchema),
  mentees: z.array(MyPairSideSchema),
});

/** A mentoring activity as the two people of its pair see it. */
export const MentoringActivitySchema = z.object({
  id: IdSchema,
  pairId: IdSchema,
  kind: MentoringActivityKindSchema,
  happenedOn: z.string(),
  minutes: z.number().int(),
  mentor: PersonRefSchema,
  mentee: PersonRefSchema,
  loggedBy: PersonRefSchema,
  status: MentoringActivityStatusSchema,
  /** True when the caller is the one who can confirm or decline it (the pair's other person, while pending). */
  awaitsMe: z.boolean(),
  createdAt: TimestampSchema,
});
/** A mentoring activity. */
export type MentoringActivity = z.infer<typeof MentoringActivitySchema>;

/** Mentoring pairs (coaches), one's own pairs, and their activities. */
export const mentoringApi = {
  people: endpoint({
    method: 'GET',
    path: '/api/v1/coach/people',
    auth: 'launch',
    query: z.object({ q: plainText('The search text', { max: 200 }).default('') }),
    response: z.object({ people: z.array(PersonRefSchema.extend({ email: z.string().nullable() })) }),
  }),
  mentoringPairs: endpoint({
    method: 'GET',
    path: '/api/v1/coach/mentoring',
    auth: 'launch',
    response: z.object({ pairs: z.array(MentoringPairSchema) }),
  }),
  mentoringCreate: endpoint({
    method: 'POST',
    path: '/api/v1/coach/mentoring',
    auth: 'launch',
    body: MentoringPairInputSchema,
    response: MentoringPairSchema,
  }),
  mentoringEnd: endpoint({
    method: 'POST',
    path: '/api/v1/coach/mentoring/:id/end',
    auth: 'launch',
    params: idParams,
    response: MentoringPairSchema,
  }),
  myMentoring: endpoint({ method: 'GET', path: '/api/v1/mentoring/mine', auth: 'launch', response: MyMentoringSchema }),
  mentoringActivities: endpoint({
    method: 'GET',
    path: '/api/v1/mentoring/activities',
    auth: 'launch',
    response: z.object({ activities: z.array(MentoringActivitySchema) }),
  }),
  mentoringActivityLog: endpoint({
    method: 'POST',
    path: '/api/v1/mentoring/activities',
    auth: 'launch',
    body: MentoringActivityInputSchema,
    response: MentoringActivitySchema,
  }),
  mentoringActivityConfirm: endpoint({
    method: 'POST',
    path: '/api/v1/mentoring/activities/:id/confirm',
    auth: 'launch',
    params: idParams,
    response: MentoringActivitySchema,
  }),
  mentoringActivityDecline: endpoint({
    method: 'POST',
    path: '/api/v1/mentoring/activities/:id/decline',
    auth: 'launch',
    params: idParams,
    response: MentoringActivitySchema,
  }),
  mentorPractices: endpoint({
    method: 'GET',
    path: '/api/v1/mentoring/practices',
    auth: 'launch',
    query: z.object({ cursor: CursorSchema.optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: LibraryPageSchema,
  }),
} as const;
