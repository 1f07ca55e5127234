import { z } from 'zod';
import { IdSchema, TimestampSchema } from './adaptation.js';
import { endpoint } from './api-endpoint.js';

/**
 * The LMS session part of the REST contract: what the LMS UI knows of its launch, the focus areas of its
 * filters, and the deep-linking answer to the course. Part of `api` (api.ts).
 */

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

/** A focus area as the library filter lists it. */
export const FocusAreaOptionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  createdAt: z.string(),
});

/** The launch session, focus areas, and the deep-linking answer. */
export const sessionApi = {
  session: endpoint({ method: 'GET', path: '/api/v1/session', auth: 'launch', response: LaunchSessionSchema }),
  focusAreas: endpoint({
    method: 'GET',
    path: '/api/v1/focus-areas',
    auth: 'launch',
    response: z.object({ focusAreas: z.array(FocusAreaOptionSchema) }),
  }),
  deepLinkingResponse: endpoint({
    method: 'POST',
    path: '/api/v1/deep-linking/response',
    auth: 'launch',
    body: DeepLinkSelectionSchema,
    response: z.object({ returnUrl: z.string(), jwt: z.string(), sent: z.number().int() }),
  }),
} as const;
