import { z } from 'zod';
import { IdSchema, TimestampSchema } from './adaptation.js';
import { endpoint, idParams, PersonRefSchema } from './api-endpoint.js';
import { SharedAdaptationSchema } from './api-library.js';
import { mentoringApi } from './api-mentoring.js';
import { participationApi } from './api-participation.js';
import { FocusAreaOptionSchema } from './api-session.js';
import { FocusAreaInputSchema } from './collection.js';
import { plainText } from './text.js';

/**
 * The coach workspace's part of the REST contract (issue 7): focus areas, collections, network
 * sharing approvals, featured practices; with mentoring (api-mentoring.ts) and the course's deep-linking
 * options and participation grade (api-participation.ts) spread in. Same conventions as api.ts: one
 * entry per endpoint, zod in and out.
 */

export * from './api-mentoring.js';
export * from './api-participation.js';

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

  ...mentoringApi,
  ...participationApi,
} as const;
