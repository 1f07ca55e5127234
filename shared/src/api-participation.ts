import { z } from 'zod';
import { TimestampSchema } from './adaptation.js';
import { endpoint } from './api-endpoint.js';
import { PARTICIPATION_MAXIMUM, ParticipationCountsSchema } from './participation.js';

/**
 * The course part of the coach workspace's contract: deep-linking options and the course's participation
 * grade (AGS) and kind. Part of `coachApi` (api-coach.ts).
 */

/** What the platform accepts in this deep-linking launch, for the picker. */
export const DeepLinkOptionsSchema = z.object({
  acceptMultiple: z.boolean(),
  /** The platform can create a gradebook column bound to the link (DL 2.0 accept_lineitem). */
  acceptLineItem: z.boolean(),
  /** The course has the participation grade turned on (so a column for it makes sense). */
  participationEnabled: z.boolean(),
});

/** The participation grade of the launch's course. */
export const ParticipationSettingsSchema = z.object({
  /** False when the course cannot post grades (no course, or the LMS did not offer the grade service). */
  available: z.boolean(),
  /** Why it is unavailable, in a sentence. */
  unavailableReason: z.string().nullable(),
  /** The caller may turn it on or off (a teacher or coach of the course). */
  canManage: z.boolean(),
  enabled: z.boolean(),
  scoreMaximum: z.literal(PARTICIPATION_MAXIMUM),
  /** The formula, one sentence per part. */
  formula: z.array(z.string()),
  /** Posting status across the course (counts only: no list of people, no ranking). */
  summary: z.object({
    participants: z.number().int().nonnegative(),
    posted: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    /** People who took part but whom the platform cannot grade (its teachers): never posted. */
    notGraded: z.number().int().nonnegative().default(0),
    lastPostedAt: TimestampSchema.nullable(),
    lastError: z.string().nullable(),
    /** What to change, in plain words, when the gradebook refused scores; null when nothing failed. */
    advice: z.string().nullable().default(null),
  }),
  /** The caller's own participation in the course. */
  mine: z.object({ counts: ParticipationCountsSchema, score: z.number().int().nonnegative() }),
});
/** Participation settings. */
export type ParticipationSettings = z.infer<typeof ParticipationSettingsSchema>;

const none = z.object({}).strict();

/** Deep-linking options, the participation grade, and the course's kind. */
export const participationApi = {
  deepLinkOptions: endpoint({
    method: 'GET',
    path: '/api/v1/deep-linking/options',
    auth: 'launch',
    response: DeepLinkOptionsSchema,
  }),
  participation: endpoint({
    method: 'GET',
    path: '/api/v1/participation',
    auth: 'launch',
    response: ParticipationSettingsSchema,
  }),
  participationSet: endpoint({
    method: 'PUT',
    path: '/api/v1/participation',
    auth: 'launch',
    body: z.object({ enabled: z.boolean() }),
    response: ParticipationSettingsSchema,
  }),
  /** Coaches and district admins: mark the launch's course as professional learning (or ordinary). */
  courseKindSet: endpoint({
    method: 'PUT',
    path: '/api/v1/course/professional-learning',
    auth: 'launch',
    body: z.object({ professionalLearning: z.boolean() }),
    response: z.object({ professionalLearning: z.boolean() }),
  }),
  participationPost: endpoint({
    method: 'POST',
    path: '/api/v1/participation/post',
    auth: 'launch',
    query: none,
    response: ParticipationSettingsSchema,
  }),
} as const;
