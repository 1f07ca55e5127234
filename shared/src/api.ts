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
export const CursorSchema = z
  .string()
  .max(200, 'The cursor is not valid.')
  .regex(/^[A-Za-z0-9_-]*$/, 'The cursor is not valid.');

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
  /**
   * The course the teacher connected from: "course" visibility shares with that course. Null when the
   * connection was made from an account-level launch; "course" visibility is then refused.
   */
  course: z.object({ id: z.string(), title: z.string() }).nullable(),
});

/** A connected browser as the teacher sees it in the LMS UI. */
export const DeviceSchema = z.object({
  id: IdSchema,
  name: z.string(),
  createdAt: TimestampSchema,
  lastSeenAt: TimestampSchema.nullable(),
  /** The course the teacher connected it from (where "course" sharing goes), or null (account level). */
  course: z.string().nullable(),
});

/** What the LMS UI needs to show a fresh connection code and offer the one-click connection. */
export const PairingCodeCreatedSchema = z.object({
  /** Shown as KQ7M-2XPD; typed into the extension or handed over in one click. */
  code: z.string(),
  expiresAt: TimestampSchema,
  /** The address the teacher types into the extension ("Margins address"), and the `tool=` of the one-click link. */
  toolUrl: z.string(),
  /** Chromium extension ids (configured) whose `pair.html` the one-click link may open. */
  extensionIds: z.array(z.string()),
});

/**
 * Who a connection code would connect the browser as, shown by the extension before it spends the
 * code ("Connect this browser to Riverside USD as Ana Lima?"): a page that opened the extension's
 * pair.html with someone else's code must not connect the teacher's browser unnoticed.
 */
export const PairingPreviewSchema = z.object({
  tenant: z.object({ name: z.string() }),
  user: z.object({ name: z.string() }),
  course: z.object({ title: z.string() }).nullable(),
  expiresAt: TimestampSchema,
});

/** District settings for sharing (district admins). */
export const SharingSettingsSchema = z.object({
  /** Colleagues inside the district see who wrote an adaptation; never across districts. */
  showAuthorNames: z.boolean(),
});

// ---------------------------------------------------------------- sync

/** Largest batch one push may carry. */
export const MAX_PUSH_BATCH = 100;
/**
 * Largest push body in bytes (answered with 413 payload_too_large above it): a batch of large
 * adaptations must be split by size as well as by count.
 */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;
/** Largest body of every other JSON request of the extension API. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** One change from the extension's outbox. `baseVersion` is the server version it was edited from (null for new). */
export const SyncChangeSchema = z.discriminatedUnion(
  'op',
  [
    z.object({
      op: z.literal('upsert'),
      idempotencyKey: IdSchema,
      baseVersion: z.number().int().min(1).nullable(),
      adaptation: AdaptationSchema,
    }),
    z.object({
      op: z.literal('delete'),
      idempotencyKey: IdSchema,
      baseVersion: z.number().int().min(1).nullable(),
      id: IdSchema,
    }),
  ],
  { error: 'Each change must be an upsert with an adaptation or a delete with an id.' },
);
/** One outbox change. */
export type SyncChange = z.infer<typeof SyncChangeSchema>;

/**
 * Outcome for one pushed change, in the order of the request.
 * - applied: stored now; `current` is the stored adaptation (its new `version`, the server's `updatedAt`
 *   and author); null for a delete.
 * - duplicate: this idempotency key was applied before (perhaps the answer was lost); nothing was
 *   applied again and `current` is what that first apply stored.
 * - conflict: `baseVersion` is not the server's version; `current` is the server's version for the
 *   teacher to compare (null when it was deleted elsewhere). Nothing was overwritten.
 * - rejected: not allowed or not valid (`error` says why: validation_failed, forbidden, not_found).
 * A change that fails its own schema is rejected alone; the rest of the batch still applies.
 */
export const PushResultSchema = z.object({
  idempotencyKey: IdSchema,
  status: z.enum(['applied', 'duplicate', 'conflict', 'rejected']),
  current: AdaptationSchema.nullable().optional(),
  error: ErrorResponseSchema.shape.error.optional(),
});
/** One push outcome. */
export type PushResult = z.infer<typeof PushResultSchema>;

/**
 * A change the server sends down: an adaptation to store, or one to remove (deleted, or no longer
 * visible to the caller: its visibility changed, or network sharing was withdrawn). Pulls start with
 * no cursor (everything visible) and continue from the returned cursor, a position in the server's
 * change sequence (not a time), so concurrent writers never make a pull skip a change.
 */
export const PulledChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), adaptation: SharedAdaptationSchema }),
  z.object({ op: z.literal('remove'), id: IdSchema }),
]);
/** One pulled change. */
export type PulledChange = z.infer<typeof PulledChangeSchema>;

// ---------------------------------------------------------------- LMS session (LTI tool UI)

/** Margins roles in one launch (the tool maps LMS roles and its own grants to these). */
export const MarginsRoleSchema = z.enum(['teacher', 'coach', 'district-admin', 'curriculum-lead']);

/** What the LMS UI knows about its launch: never the raw LTI token. */
export const LaunchSessionSchema = z.object({
  user: z.object({ id: z.string(), name: z.string() }),
  tenant: z.object({ id: z.string(), name: z.string() }),
  course: z
    .object({
      id: z.string(),
      title: z.string(),
      /** A professional-learning course (PD, PLC): the teachers taking part are its learners. */
      professionalLearning: z.boolean().default(false),
    })
    .nullable(),
  /** Every course the person has opened Margins from: practices shared with any of them are theirs to see. */
  courses: z.array(z.object({ id: z.string(), title: z.string() })).default([]),
  roles: z.array(MarginsRoleSchema),
  /** What the person is in the course (a learner of a PD course is a teacher taking part). */
  courseRole: z.enum(['instructor', 'learner']).nullable().default(null),
  placement: z.enum(['course_navigation', 'account_navigation', 'editor_button', 'link_selection']),
  /** True when the LMS opened Margins to pick content for a course (Deep Linking). */
  deepLinking: z.boolean(),
  /** An adaptation to open straight away (the launch came from a link placed in the course). */
  openAdaptationId: IdSchema.nullable(),
  /** A coach's collection to open straight away (a link placed in the course with deep linking). */
  openCollectionId: IdSchema.nullable().default(null),
  /** The language the platform asked for (BCP 47, e.g. "es-MX"), from the launch; null when it sent none. */
  locale: z.string().max(35).nullable().default(null),
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
export const FocusAreaOptionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  createdAt: z.string(),
});

// ---------------------------------------------------------------- the endpoints

/** Who may call an endpoint: an LMS session (launch), a paired extension token, either, or anyone. */
export type EndpointAuth = 'launch' | 'extension' | 'launch-or-extension' | 'public';

/** An endpoint of the contract. */
export interface Endpoint<
  Params extends z.ZodType,
  Query extends z.ZodType,
  Body extends z.ZodType,
  Response extends z.ZodType,
  Auth extends EndpointAuth = EndpointAuth,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /**
   * Who may call it. The tool's route table (lti-tool/src/routes/table.ts) enforces it: the guard of
   * each route is this value, so the contract and the server cannot disagree.
   */
  auth: Auth;
  params: Params;
  query: Query;
  body: Body;
  response: Response;
}

const none = z.object({}).strict();
const idParams = z.object({ id: IdSchema });
/** Declares one endpoint of the contract (the other API files of the tool use it too). */
export function endpoint<
  P extends z.ZodType = typeof none,
  Q extends z.ZodType = typeof none,
  B extends z.ZodType = typeof none,
  R extends z.ZodType = z.ZodType,
  A extends EndpointAuth = EndpointAuth,
>(e: {
  method: Endpoint<P, Q, B, R>['method'];
  path: string;
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
}): Endpoint<P, Q, B, R, A> {
  return { params: none as unknown as P, query: none as unknown as Q, body: none as unknown as B, ...e };
}

/** The Margins REST API, version 1. */
export const api = {
  health: endpoint({
    method: 'GET',
    path: '/health',
    auth: 'public',
    response: z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'down']), version: z.string() }),
  }),

  session: endpoint({ method: 'GET', path: '/api/v1/session', auth: 'launch', response: LaunchSessionSchema }),
  focusAreas: endpoint({
    method: 'GET',
    path: '/api/v1/focus-areas',
    auth: 'launch',
    response: z.object({ focusAreas: z.array(FocusAreaOptionSchema) }),
  }),
  adminCoaches: endpoint({
    method: 'GET',
    path: '/api/v1/admin/coaches',
    auth: 'launch',
    response: z.object({ coaches: z.array(StaffMemberSchema) }),
  }),
  adminPeople: endpoint({
    method: 'GET',
    path: '/api/v1/admin/people',
    auth: 'launch',
    query: z.object({ q: plainText('The search text', { max: 200 }).optional() }),
    response: z.object({ people: z.array(StaffMemberSchema) }),
  }),
  /**
   * District admins: their platform's deployments (installations), and whether new ones are recorded
   * on their first verified launch (Canvas registers none; issue 14).
   */
  adminDeployments: endpoint({
    method: 'GET',
    path: '/api/v1/admin/deployments',
    auth: 'launch',
    response: z.object({
      recordedOnLaunch: z.boolean(),
      deployments: z.array(
        z.object({ deploymentId: z.string(), name: z.string(), createdAt: z.string(), continues: z.boolean() }),
      ),
    }),
  }),
  /** District admins: a one-time install code that re-registers their own district (issue 12, 14). */
  adminReregistrationCode: endpoint({
    method: 'POST',
    path: '/api/v1/admin/reregistration-code',
    auth: 'launch',
    response: z.object({
      code: z.string(),
      expiresAt: z.string(),
      registrationUrl: z.string(),
      district: z.string(),
    }),
  }),
  adminCoachGrant: endpoint({
    method: 'POST',
    path: '/api/v1/admin/coaches',
    auth: 'launch',
    body: z.object({ userId: z.string().min(1).max(36) }),
    response: StaffMemberSchema,
  }),
  adminCoachRevoke: endpoint({
    method: 'DELETE',
    path: '/api/v1/admin/coaches/:userId',
    auth: 'launch',
    params: z.object({ userId: z.string().min(1).max(36) }),
    response: z.object({ revoked: z.literal(true) }),
  }),
  deepLinkingResponse: endpoint({
    method: 'POST',
    path: '/api/v1/deep-linking/response',
    auth: 'launch',
    body: DeepLinkSelectionSchema,
    response: z.object({ returnUrl: z.string(), jwt: z.string(), sent: z.number().int() }),
  }),

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

  /** A one-time connection code for the extension (short-lived, single use, limited per person). */
  pairingCreate: endpoint({
    method: 'POST',
    path: '/api/v1/pairing/codes',
    auth: 'launch',
    response: PairingCodeCreatedSchema,
  }),
  /**
   * The extension trades a code for tokens. Errors: pairing_code_invalid (wrong, expired or used),
   * rate_limited (per address). The access token goes in `Authorization: Bearer` and expires in
   * `expiresIn` seconds (then: 401 token_expired, refresh); a disconnected browser gets 401 token_revoked.
   */
  pairingExchange: endpoint({
    method: 'POST',
    path: '/api/v1/pairing/exchange',
    auth: 'public',
    body: z.object({ code: PairingCodeSchema, deviceName: plainText('The browser name', { min: 1, max: 100 }) }),
    response: TokenPairSchema,
  }),
  /** Who a code belongs to, without spending it (same errors and per-address limit as the exchange). */
  pairingPreview: endpoint({
    method: 'POST',
    path: '/api/v1/pairing/preview',
    auth: 'public',
    body: z.object({ code: PairingCodeSchema }),
    response: PairingPreviewSchema,
  }),
  /** The extension disconnects itself (the teacher chose Disconnect in the extension): its tokens stop working. */
  deviceDisconnect: endpoint({
    method: 'POST',
    path: '/api/v1/auth/disconnect',
    auth: 'extension',
    response: z.object({ revoked: z.literal(true) }),
  }),
  /**
   * Rotates the refresh token: each one works once. Presenting an old one again disconnects the browser
   * (theft detection; a retry within 30 s of a lost answer is tolerated). 401 token_revoked when the
   * browser was disconnected, 401 unauthenticated when the token is unknown or expired: connect again.
   */
  tokenRefresh: endpoint({
    method: 'POST',
    path: '/api/v1/auth/refresh',
    auth: 'public',
    body: z.object({ refreshToken: z.string().min(1).max(500) }),
    response: TokenPairSchema,
  }),
  devicesList: endpoint({
    method: 'GET',
    path: '/api/v1/devices',
    auth: 'launch',
    response: z.object({ devices: z.array(DeviceSchema) }),
  }),
  deviceRevoke: endpoint({
    method: 'DELETE',
    path: '/api/v1/devices/:id',
    auth: 'launch',
    params: idParams,
    response: z.object({ revoked: z.literal(true) }),
  }),

  /** Applies a batch of outbox changes; see PushResultSchema. Body at most MAX_PUSH_BYTES. */
  syncPush: endpoint({
    method: 'POST',
    path: '/api/v1/sync/push',
    auth: 'extension',
    body: z.object({
      changes: z
        .array(SyncChangeSchema)
        .min(1)
        .max(MAX_PUSH_BATCH, `Send at most ${MAX_PUSH_BATCH} changes at a time.`),
    }),
    response: z.object({ results: z.array(PushResultSchema) }),
  }),
  syncPull: endpoint({
    method: 'GET',
    path: '/api/v1/sync/pull',
    auth: 'extension',
    query: z.object({ cursor: CursorSchema.optional(), limit: z.coerce.number().int().min(1).max(1000).default(500) }),
    response: z.object({ changes: z.array(PulledChangeSchema), cursor: CursorSchema, hasMore: z.boolean() }),
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

  sharingSettings: endpoint({
    method: 'GET',
    path: '/api/v1/admin/sharing',
    auth: 'launch',
    response: SharingSettingsSchema,
  }),
  sharingSettingsUpdate: endpoint({
    method: 'PUT',
    path: '/api/v1/admin/sharing',
    auth: 'launch',
    body: SharingSettingsSchema,
    response: SharingSettingsSchema,
  }),
} as const;

/** Fills `:name` segments of an endpoint path; values are URI-encoded. */
export function buildPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
