import { z } from 'zod';
import { AdaptationContentSchema, AdaptationSchema, IdSchema } from './adaptation.js';
import { CursorSchema, endpoint, idParams } from './api-endpoint.js';
import { AdaptationKindSchema, GradeBandSchema, SubjectSchema } from './taxonomy.js';
import { EndorsementInputSchema, EndorsementSchema, FeedbackInputSchema, FeedbackSchema } from './social.js';
import { plainText } from './text.js';

/**
 * The shared-adaptations part of the REST contract: colleagues' adaptations as the library, a page and a
 * detail view show them, and what a colleague does with one (endorse, feedback, remix). Part of `api` (api.ts).
 */

/** What colleagues see of an adaptation: the adaptation plus social proof, author as the district allows. */
export const SharedAdaptationSchema = AdaptationSchema.extend({
  /** False when the district hides author names; `author.name` is then absent. */
  authorVisible: z.boolean(),
  endorsementCount: z.number().int().nonnegative(),
  feedbackCount: z.number().int().nonnegative(),
  /** Endorsement counts per outcome, e.g. { "worked-well": 3 }. */
  outcomes: z.record(z.string(), z.number().int().nonnegative()),
  /** The caller's own endorsement, if any. */
  myEndorsement: EndorsementSchema.nullable(),
  /** True when the caller wrote it. */
  mine: z.boolean(),
  /** Network sharing waits for a coach: this says where it stands. */
  networkStatus: z.enum(['none', 'pending', 'approved']),
});
/** An adaptation as a colleague sees it. */
export type SharedAdaptation = z.infer<typeof SharedAdaptationSchema>;

/** Library filters (LMS UI). */
export const LibraryQuerySchema = z.object({
  q: plainText('The search text', { max: 200 }).optional(),
  kind: AdaptationKindSchema.optional(),
  gradeBand: GradeBandSchema.optional(),
  subject: SubjectSchema.optional(),
  focusArea: IdSchema.optional(),
  scope: z.enum(['course', 'district', 'network']).default('district'),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
/** A page of library results. */
export const LibraryPageSchema = z.object({
  items: z.array(SharedAdaptationSchema),
  nextCursor: CursorSchema.nullable(),
  total: z.number().int().nonnegative(),
});

/** An adaptation with everything its detail view shows. */
export const AdaptationDetailSchema = z.object({
  adaptation: SharedAdaptationSchema,
  endorsements: z.array(EndorsementSchema),
  feedback: z.array(FeedbackSchema),
});

/** Library, page and detail reads, and the social actions on one adaptation. */
export const libraryApi = {
  libraryList: endpoint({
    method: 'GET',
    path: '/api/v1/library',
    auth: 'launch',
    query: LibraryQuerySchema,
    response: LibraryPageSchema,
  }),
  libraryDetail: endpoint({
    method: 'GET',
    path: '/api/v1/library/:id',
    auth: 'launch',
    params: idParams,
    response: AdaptationDetailSchema,
  }),

  /** Adaptations on one page (any URL form; canonicalised) that the caller may see, their own included (`mine`). */
  pageAdaptations: endpoint({
    method: 'GET',
    path: '/api/v1/pages/adaptations',
    auth: 'extension',
    query: z.object({ url: z.string().min(1).max(4_000) }),
    response: z.object({ url: z.string(), adaptations: z.array(SharedAdaptationSchema) }),
  }),

  /** One adaptation the caller may see, with its endorsements and feedback (the extension's note on the page). */
  adaptationDetail: endpoint({
    method: 'GET',
    path: '/api/v1/adaptations/:id',
    auth: 'extension',
    params: idParams,
    response: AdaptationDetailSchema,
  }),

  endorse: endpoint({
    method: 'PUT',
    path: '/api/v1/adaptations/:id/endorsement',
    auth: 'launch-or-extension',
    params: idParams,
    body: EndorsementInputSchema,
    response: EndorsementSchema,
  }),
  /** Structured feedback. An optional `Idempotency-Key: <uuid>` header makes a retried request count once. */
  feedbackCreate: endpoint({
    method: 'POST',
    path: '/api/v1/adaptations/:id/feedback',
    auth: 'launch-or-extension',
    params: idParams,
    body: FeedbackInputSchema,
    response: FeedbackSchema,
  }),
  /** A copy owned by the caller under the body's `id`, crediting the original; sending the same id again returns the copy. */
  remix: endpoint({
    method: 'POST',
    path: '/api/v1/adaptations/:id/remix',
    auth: 'extension',
    params: idParams,
    body: AdaptationContentSchema.partial().extend({ id: IdSchema }),
    response: AdaptationSchema,
  }),
} as const;
