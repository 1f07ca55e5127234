import { z } from 'zod';
import { IdSchema, TimestampSchema } from './adaptation.js';
import { CursorSchema, endpoint, FocusAreaOptionSchema, LibraryPageSchema, SharedAdaptationSchema } from './api.js';
import { FocusAreaInputSchema } from './collection.js';
import { PARTICIPATION_MAXIMUM, ParticipationCountsSchema } from './participation.js';
import {
  MentoringActivityKindSchema,
  MentoringActivityInputSchema,
  MentoringActivityStatusSchema,
} from './mentoring.js';
import { plainText } from './text.js';

/**
 * The coach workspace's part of the REST contract (issue 7): focus areas, collections, network
 * sharing approvals, featured practices, mentoring pairs, deep-linking options and the course
 * participation grade. Same conventions as api.ts: one entry per endpoint, zod in and out.
 */

/** A person as the coach workspace names them (a Margins user id, never an LMS `sub`). */
export const PersonRefSchema = z.object({ userId: z.string(), name: z.string() });
/** A person reference. */
export type PersonRef = z.infer<typeof PersonRefSchema>;

// ---------------------------------------------------------------- focus areas

/** A focus area with how many collections align to it (coach view). */
export const CoachFocusAreaSchema = FocusAreaOptionSchema.extend({
  collectionCount: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
/** A focus area edit (same rules as creation). */
export const FocusAreaEditSchema = FocusAreaInputSchema;

// ---------------------------------------------------------------- collections

/** Whether teachers can see a collection yet. */
export const CollectionStatusSchema = z.enum(['draft', 'published']);

/** A collection in a list: no items, just what a coach or teacher needs to pick it. */
export const CollectionSummarySchema = z.object({
  id: IdSchema,
  title: z.string(),
  description: z.string(),
  focusArea: z.object({ id: z.string(), title: z.string() }).nullable(),
  status: CollectionStatusSchema,
  itemCount: z.number().int().nonnegative(),
  curator: PersonRefSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  publishedAt: TimestampSchema.nullable(),
});
/** A collection summary. */
export type CollectionSummary = z.infer<typeof CollectionSummarySchema>;

/**
 * One entry of a collection as a given person sees it: the practice with the coach's note, or, when
 * the visibility rules hide that practice from this person, only the fact that something is there.
 */
export const CollectionEntrySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('visible'),
    position: z.number().int().nonnegative(),
    note: z.string(),
    adaptation: SharedAdaptationSchema,
  }),
  /** `adaptationId` is only sent to people who can edit the collection (so they can remove the entry). */
  z.object({
    status: z.literal('unavailable'),
    position: z.number().int().nonnegative(),
    adaptationId: IdSchema.optional(),
  }),
]);
/** A collection entry. */
export type CollectionEntry = z.infer<typeof CollectionEntrySchema>;

/** A collection with its ordered entries, and whether the caller may edit it. */
export const CollectionViewSchema = CollectionSummarySchema.extend({
  entries: z.array(CollectionEntrySchema),
  canEdit: z.boolean(),
});
/** A collection view. */
export type CollectionView = z.infer<typeof CollectionViewSchema>;

/** Title, description and focus area of a collection (items are edited one by one). */
export const CollectionMetaInputSchema = z.object({
  title: plainText('The collection title', { min: 1, max: 200 }),
  description: plainText('The collection description', { max: 5_000, multiline: true }).default(''),
  focusAreaId: IdSchema.nullable().default(null),
});

/** Adds a practice to a collection, at the end. */
export const CollectionItemAddSchema = z.object({
  adaptationId: IdSchema,
  note: plainText('The curation note', { max: 2_000, multiline: true }).default(''),
});

/** Changes an entry's curation note and/or moves it to `position` (0 = first). */
export const CollectionItemPatchSchema = z
  .object({
    note: plainText('The curation note', { max: 2_000, multiline: true }).optional(),
    position: z.number().int().min(0).max(499).optional(),
  })
  .refine((p) => p.note !== undefined || p.position !== undefined, 'Send a note, a position or both.');

const collectionItemParams = z.object({ id: IdSchema, adaptationId: IdSchema });

// ---------------------------------------------------------------- network sharing approvals

/** A coach's decision on a practice a teacher asked to share with other districts. */
export const NetworkReviewInputSchema = z
  .object({
    decision: z.enum(['approve', 'decline'], { error: 'Choose approve or decline.' }),
    note: plainText('The note to the author', { max: 1_000, multiline: true }).default(''),
  })
  .refine((r) => r.decision === 'approve' || r.note.length > 0, {
    message: 'Tell the author why, so they can improve it and ask again.',
    path: ['note'],
  });

/** The latest review of a practice's network sharing, as its author (and coaches) see it. */
export const NetworkReviewSchema = z.object({
  adaptationId: IdSchema,
  decision: z.enum(['approved', 'declined']),
  note: z.string(),
  reviewer: PersonRefSchema,
  at: TimestampSchema,
});
/** A network review. */
export type NetworkReview = z.infer<typeof NetworkReviewSchema>;

// ---------------------------------------------------------------- featured practices

/** Why a coach features a practice: shown to everyone with the practice. */
export const FeatureInputSchema = z.object({
  reason: plainText('The reason for featuring it', { min: 1, max: 500, multiline: true }),
});

/** A featured practice with the coach's reason. */
export const FeaturedPracticeSchema = z.object({
  adaptation: SharedAdaptationSchema,
  reason: z.string(),
  featuredBy: PersonRefSchema,
  featuredAt: TimestampSchema,
});
/** A featured practice. */
export type FeaturedPractice = z.infer<typeof FeaturedPracticeSchema>;

// ---------------------------------------------------------------- mentoring

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

// ---------------------------------------------------------------- deep linking and participation

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
const idParams = z.object({ id: IdSchema });
const ok = z.object({ ok: z.literal(true) });

/** The coach workspace endpoints (version 1). Every one needs a launch session. */
export const coachApi = {
  focusAreas: endpoint({
    method: 'GET',
    path: '/api/v1/coach/focus-areas',
    auth: 'launch',
    response: z.object({ focusAreas: z.array(CoachFocusAreaSchema) }),
  }),
  focusAreaCreate: endpoint({
    method: 'POST',
    path: '/api/v1/coach/focus-areas',
    auth: 'launch',
    body: FocusAreaInputSchema,
    response: CoachFocusAreaSchema,
  }),
  focusAreaUpdate: endpoint({
    method: 'PATCH',
    path: '/api/v1/coach/focus-areas/:id',
    auth: 'launch',
    params: idParams,
    body: FocusAreaEditSchema,
    response: CoachFocusAreaSchema,
  }),
  focusAreaDelete: endpoint({
    method: 'DELETE',
    path: '/api/v1/coach/focus-areas/:id',
    auth: 'launch',
    params: idParams,
    response: ok,
  }),

  collections: endpoint({
    method: 'GET',
    path: '/api/v1/collections',
    auth: 'launch',
    query: z.object({ status: z.enum(['published', 'all']).default('published') }),
    response: z.object({ collections: z.array(CollectionSummarySchema) }),
  }),
  collection: endpoint({
    method: 'GET',
    path: '/api/v1/collections/:id',
    auth: 'launch',
    params: idParams,
    response: CollectionViewSchema,
  }),
  collectionCreate: endpoint({
    method: 'POST',
    path: '/api/v1/coach/collections',
    auth: 'launch',
    body: CollectionMetaInputSchema,
    response: CollectionViewSchema,
  }),
  collectionUpdate: endpoint({
    method: 'PATCH',
    path: '/api/v1/coach/collections/:id',
    auth: 'launch',
    params: idParams,
    body: CollectionMetaInputSchema,
    response: CollectionViewSchema,
  }),
  collectionDelete: endpoint({
    method: 'DELETE',
    path: '/api/v1/coach/collections/:id',
    auth: 'launch',
    params: idParams,
    response: ok,
  }),
  collectionPublish: endpoint({
    method: 'POST',
    path: '/api/v1/coach/collections/:id/publish',
    auth: 'launch',
    params: idParams,
    response: CollectionViewSchema,
  }),
  collectionUnpublish: endpoint({
    method: 'POST',
    path: '/api/v1/coach/collections/:id/unpublish',
    auth: 'launch',
    params: idParams,
    response: CollectionViewSchema,
  }),
  collectionItemAdd: endpoint({
    method: 'POST',
    path: '/api/v1/coach/collections/:id/items',
    auth: 'launch',
    params: idParams,
    body: CollectionItemAddSchema,
    response: CollectionViewSchema,
  }),
  collectionItemUpdate: endpoint({
    method: 'PATCH',
    path: '/api/v1/coach/collections/:id/items/:adaptationId',
    auth: 'launch',
    params: collectionItemParams,
    body: CollectionItemPatchSchema,
    response: CollectionViewSchema,
  }),
  collectionItemRemove: endpoint({
    method: 'DELETE',
    path: '/api/v1/coach/collections/:id/items/:adaptationId',
    auth: 'launch',
    params: collectionItemParams,
    response: CollectionViewSchema,
  }),

  approvals: endpoint({
    method: 'GET',
    path: '/api/v1/coach/approvals',
    auth: 'launch',
    response: z.object({ pending: z.array(SharedAdaptationSchema) }),
  }),
  approvalDecide: endpoint({
    method: 'POST',
    path: '/api/v1/coach/approvals/:id',
    auth: 'launch',
    params: idParams,
    body: NetworkReviewInputSchema,
    response: NetworkReviewSchema,
  }),
  networkReview: endpoint({
    method: 'GET',
    path: '/api/v1/adaptations/:id/network-review',
    auth: 'launch',
    params: idParams,
    response: z.object({ review: NetworkReviewSchema.nullable() }),
  }),

  featured: endpoint({
    method: 'GET',
    path: '/api/v1/featured',
    auth: 'launch',
    response: z.object({ featured: z.array(FeaturedPracticeSchema) }),
  }),
  feature: endpoint({
    method: 'PUT',
    path: '/api/v1/coach/featured/:id',
    auth: 'launch',
    params: idParams,
    body: FeatureInputSchema,
    response: FeaturedPracticeSchema,
  }),
  unfeature: endpoint({
    method: 'DELETE',
    path: '/api/v1/coach/featured/:id',
    auth: 'launch',
    params: idParams,
    response: ok,
  }),

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
