import { z } from 'zod';
import { AdaptationContentSchema, AdaptationSchema, AuthorSchema, IdSchema, TimestampSchema } from './adaptation.js';
import { ERROR_CODES, type ErrorCode } from './errors.js';
import { AdaptationKindSchema, GradeBandSchema, SubjectSchema } from './taxonomy.js';
import { EndorsementInputSchema, EndorsementSchema, FeedbackInputSchema, FeedbackSchema } from './social.js';
import { plainText } from './text.js';

/**
 * The REST contract between the extension, the LMS UI and the tool: one entry per endpoint with its
 * method, path and the zod schemas of what goes in and comes out. Both sides import these, so a
 * change here is a change of the API. Paths are relative to the tool's origin.
 */

/** Every error response body. */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});

/** Opaque pagination / sync cursor chosen by the server. */
export const CursorSchema = z.string().max(200, 'The cursor is not valid.').regex(/^[A-Za-z0-9_-]*$/, 'The cursor is not valid.');

// ---------------------------------------------------------------- shared adaptations

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

// ---------------------------------------------------------------- pairing and tokens

/** A short one-time code the teacher types or the extension receives in one click. */
export const PairingCodeSchema = z
  .string({ error: 'Enter the connection code.' })
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z2-9]{8}$/, 'The connection code has 8 letters and digits, like KQ7M-2XPD.'));

/** Access + refresh token pair issued to a paired browser. */
export const TokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  deviceId: IdSchema,
  user: AuthorSchema,
  /** Where this token works: shown in the extension ("Connected to Lincoln USD"). */
  tenant: z.object({ id: z.string(), name: z.string() }),
});

/** A connected browser as the teacher sees it in the LMS UI. */
export const DeviceSchema = z.object({
  id: IdSchema,
  name: z.string(),
  createdAt: TimestampSchema,
  lastSeenAt: TimestampSchema.nullable(),
});

// ---------------------------------------------------------------- sync

/** Largest batch one push may carry. */
export const MAX_PUSH_BATCH = 100;

/** One change from the extension's outbox. `baseVersion` is the server version it was edited from (null for new). */
export const SyncChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), idempotencyKey: IdSchema, baseVersion: z.number().int().min(1).nullable(), adaptation: AdaptationSchema }),
  z.object({ op: z.literal('delete'), idempotencyKey: IdSchema, baseVersion: z.number().int().min(1).nullable(), id: IdSchema }),
], { error: 'Each change must be an upsert with an adaptation or a delete with an id.' });
/** One outbox change. */
export type SyncChange = z.infer<typeof SyncChangeSchema>;

/** Outcome for one pushed change. On conflict `current` is the server's version, for the teacher to compare. */
export const PushResultSchema = z.object({
  idempotencyKey: IdSchema,
  status: z.enum(['applied', 'duplicate', 'conflict', 'rejected']),
  current: AdaptationSchema.nullable().optional(),
  error: ErrorResponseSchema.shape.error.optional(),
});
/** One push outcome. */
export type PushResult = z.infer<typeof PushResultSchema>;

/** A change the server sends down: an adaptation to store, or one to remove (deleted or no longer visible). */
export const PulledChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), adaptation: SharedAdaptationSchema }),
  z.object({ op: z.literal('remove'), id: IdSchema }),
]);
/** One pulled change. */
export type PulledChange = z.infer<typeof PulledChangeSchema>;

// ---------------------------------------------------------------- LMS session (LTI tool UI)

/** Margins roles in one launch (the tool maps LMS roles and its own grants to these). */
export const MarginsRoleSchema = z.enum(['teacher', 'coach', 'district-admin']);

/** What the LMS UI knows about its launch: never the raw LTI token. */
export const LaunchSessionSchema = z.object({
  user: z.object({ id: z.string(), name: z.string() }),
  tenant: z.object({ id: z.string(), name: z.string() }),
  course: z.object({ id: z.string(), title: z.string() }).nullable(),
  roles: z.array(MarginsRoleSchema),
  placement: z.enum(['course_navigation', 'account_navigation', 'editor_button', 'link_selection']),
  /** True when the LMS opened Margins to pick content for a course (Deep Linking). */
  deepLinking: z.boolean(),
  /** An adaptation to open straight away (the launch came from a link placed in the course). */
  openAdaptationId: IdSchema.nullable(),
  /** A coach's collection to open straight away (a link placed in the course with deep linking). */
  openCollectionId: IdSchema.nullable().default(null),
  expiresAt: TimestampSchema,
});
/** A launch session as the UI sees it. */
export type LaunchSession = z.infer<typeof LaunchSessionSchema>;

/**
 * What a deep-linking launch sends back to the course: single practices and/or coach collections
 * (one resource link each), optionally with a gradebook column for the course's participation grade.
 */
export const DeepLinkSelectionSchema = z
  .object({
    adaptationIds: z.array(IdSchema).max(50, 'Choose at most 50 practices at a time.').default([]),
    collectionIds: z.array(IdSchema).max(20, 'Choose at most 20 collections at a time.').default([]),
    /** Ask the platform for a gradebook column (line item) bound to the link, for the participation grade. */
    participationLineItem: z.boolean().default(false),
  })
  .refine((s) => s.adaptationIds.length + s.collectionIds.length > 0, 'Choose at least one practice or collection.');

/** A person of the admin's own installation, for coach grants. */
export const StaffMemberSchema = z.object({ userId: z.string(), name: z.string(), email: z.string().nullable() });

/** A focus area as the library filter lists it. */
export const FocusAreaOptionSchema = z.object({ id: z.string(), title: z.string(), description: z.string(), createdAt: z.string() });

// ---------------------------------------------------------------- the endpoints

/** An endpoint of the contract. */
export interface Endpoint<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType, Response extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Who may call it: an LMS session (launch), a paired extension token, or anyone. */
  auth: 'launch' | 'extension' | 'launch-or-extension' | 'public';
  params: Params;
  query: Query;
  body: Body;
  response: Response;
}

const none = z.object({}).strict();
const idParams = z.object({ id: IdSchema });
/** Declares one endpoint of the contract (the other API files of the tool use it too). */
export function endpoint<P extends z.ZodType = typeof none, Q extends z.ZodType = typeof none, B extends z.ZodType = typeof none, R extends z.ZodType = z.ZodType>(
  e: { method: Endpoint<P, Q, B, R>['method']; path: string; auth: Endpoint<P, Q, B, R>['auth']; params?: P; query?: Q; body?: B; response: R },
): Endpoint<P, Q, B, R> {
  return { params: none as unknown as P, query: none as unknown as Q, body: none as unknown as B, ...e };
}

/** The Margins REST API, version 1. */
export const api = {
  health: endpoint({ method: 'GET', path: '/health', auth: 'public', response: z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'down']), version: z.string() }) }),

  session: endpoint({ method: 'GET', path: '/api/v1/session', auth: 'launch', response: LaunchSessionSchema }),
  focusAreas: endpoint({ method: 'GET', path: '/api/v1/focus-areas', auth: 'launch', response: z.object({ focusAreas: z.array(FocusAreaOptionSchema) }) }),
  adminCoaches: endpoint({ method: 'GET', path: '/api/v1/admin/coaches', auth: 'launch', response: z.object({ coaches: z.array(StaffMemberSchema) }) }),
  adminPeople: endpoint({ method: 'GET', path: '/api/v1/admin/people', auth: 'launch', query: z.object({ q: plainText('The search text', { max: 200 }).optional() }), response: z.object({ people: z.array(StaffMemberSchema) }) }),
  adminCoachGrant: endpoint({ method: 'POST', path: '/api/v1/admin/coaches', auth: 'launch', body: z.object({ userId: z.string().min(1).max(36) }), response: StaffMemberSchema }),
  adminCoachRevoke: endpoint({ method: 'DELETE', path: '/api/v1/admin/coaches/:userId', auth: 'launch', params: z.object({ userId: z.string().min(1).max(36) }), response: z.object({ revoked: z.literal(true) }) }),
  deepLinkingResponse: endpoint({ method: 'POST', path: '/api/v1/deep-linking/response', auth: 'launch', body: DeepLinkSelectionSchema, response: z.object({ returnUrl: z.string(), jwt: z.string(), sent: z.number().int() }) }),

  libraryList: endpoint({ method: 'GET', path: '/api/v1/library', auth: 'launch', query: LibraryQuerySchema, response: LibraryPageSchema }),
  libraryDetail: endpoint({ method: 'GET', path: '/api/v1/library/:id', auth: 'launch', params: idParams, response: AdaptationDetailSchema }),

  pairingCreate: endpoint({ method: 'POST', path: '/api/v1/pairing/codes', auth: 'launch', response: z.object({ code: z.string(), expiresAt: TimestampSchema }) }),
  pairingExchange: endpoint({ method: 'POST', path: '/api/v1/pairing/exchange', auth: 'public', body: z.object({ code: PairingCodeSchema, deviceName: plainText('The browser name', { min: 1, max: 100 }) }), response: TokenPairSchema }),
  tokenRefresh: endpoint({ method: 'POST', path: '/api/v1/auth/refresh', auth: 'public', body: z.object({ refreshToken: z.string().min(1).max(500) }), response: TokenPairSchema }),
  devicesList: endpoint({ method: 'GET', path: '/api/v1/devices', auth: 'launch', response: z.object({ devices: z.array(DeviceSchema) }) }),
  deviceRevoke: endpoint({ method: 'DELETE', path: '/api/v1/devices/:id', auth: 'launch', params: idParams, response: z.object({ revoked: z.literal(true) }) }),

  syncPush: endpoint({ method: 'POST', path: '/api/v1/sync/push', auth: 'extension', body: z.object({ changes: z.array(SyncChangeSchema).min(1).max(MAX_PUSH_BATCH, `Send at most ${MAX_PUSH_BATCH} changes at a time.`) }), response: z.object({ results: z.array(PushResultSchema) }) }),
  syncPull: endpoint({ method: 'GET', path: '/api/v1/sync/pull', auth: 'extension', query: z.object({ cursor: CursorSchema.optional(), limit: z.coerce.number().int().min(1).max(1000).default(500) }), response: z.object({ changes: z.array(PulledChangeSchema), cursor: CursorSchema, hasMore: z.boolean() }) }),

  pageAdaptations: endpoint({ method: 'GET', path: '/api/v1/pages/adaptations', auth: 'extension', query: z.object({ url: z.string().min(1).max(4_000) }), response: z.object({ url: z.string(), adaptations: z.array(SharedAdaptationSchema) }) }),

  endorse: endpoint({ method: 'PUT', path: '/api/v1/adaptations/:id/endorsement', auth: 'launch-or-extension', params: idParams, body: EndorsementInputSchema, response: EndorsementSchema }),
  feedbackCreate: endpoint({ method: 'POST', path: '/api/v1/adaptations/:id/feedback', auth: 'launch-or-extension', params: idParams, body: FeedbackInputSchema, response: FeedbackSchema }),
  remix: endpoint({ method: 'POST', path: '/api/v1/adaptations/:id/remix', auth: 'extension', params: idParams, body: AdaptationContentSchema.partial().extend({ id: IdSchema }), response: AdaptationSchema }),
} as const;

/** Fills `:name` segments of an endpoint path; values are URI-encoded. */
export function buildPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
