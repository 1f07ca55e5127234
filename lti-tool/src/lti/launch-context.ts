import { z } from 'zod';

/** Where in the LMS the tool was opened (DESIGN: Flows 1). */
export const PLACEMENTS = ['course_navigation', 'account_navigation', 'editor_button', 'link_selection'] as const;
/** A placement. */
export type Placement = (typeof PLACEMENTS)[number];

/** What a person may do in Margins for this launch. */
export const MARGINS_ROLES = ['teacher', 'coach', 'district-admin', 'curriculum-lead'] as const;
/** A Margins role. */
export type MarginsRole = (typeof MARGINS_ROLES)[number];

/**
 * The one validated object a launch produces (STYLE: one launch-context object per request). Routes
 * and services see only this, never the raw id_token. Built once per launch and stored with the
 * launch session, so every API call of that session reads the same facts.
 */
export const LaunchContextSchema = z.object({
  launchId: z.uuid(),
  tenant: z.object({
    id: z.string(),
    name: z.string(),
    issuer: z.string(),
    clientId: z.string(),
    product: z.enum(['canvas', 'moodle', 'other']),
  }),
  deployment: z.object({ id: z.string(), deploymentId: z.string() }),
  course: z
    .object({
      id: z.string(),
      contextId: z.string(),
      title: z.string(),
      /** A professional-learning course (PD, PLC): its learners are teachers taking part. */
      professionalLearning: z.boolean().default(false),
    })
    .nullable(),
  /** What the person is in the course: teaches it, learns in it (the platform can grade them), or neither. */
  courseRole: z.enum(['instructor', 'learner']).nullable().default(null),
  user: z.object({ id: z.string(), sub: z.string(), name: z.string(), email: z.string().nullable() }),
  /** The school of this launch: the course's, else the person's latest (custom parameter `school_id`). */
  schoolId: z.string().nullable().default(null),
  roles: z.array(z.enum(MARGINS_ROLES)),
  placement: z.enum(PLACEMENTS),
  messageType: z.enum(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']),
  /** Present on deep-linking launches: where to send the chosen items (Deep Linking 2.0, 4.4.1). */
  deepLinking: z
    .object({
      returnUrl: z.string(),
      acceptTypes: z.array(z.string()),
      acceptMultiple: z.boolean(),
      acceptLineItem: z.boolean().default(false),
      data: z.string().optional(),
    })
    .nullable(),
  /** An adaptation this launch opens directly (a link a coach placed in the course with deep linking). */
  openAdaptationId: z.uuid().nullable(),
  /** A coach's collection this launch opens directly (a link placed with deep linking). */
  openCollectionId: z.uuid().nullable().default(null),
  /** The person's language from the launch (launch_presentation.locale, else the OIDC `locale` claim). */
  locale: z.string().max(35).nullable().default(null),
  /**
   * The course's grade service, when the platform offered it in this launch (AGS 2.0 3.1): where
   * its line items are, the line item of this resource link if any, and the scopes granted.
   */
  ags: z
    .object({ lineItemsUrl: z.string(), lineItemUrl: z.string().nullable(), scopes: z.array(z.string()) })
    .nullable()
    .default(null),
  /** The course's roster (NRPS 2.0 context_memberships_url), when the platform offered it. */
  membershipsUrl: z.string().nullable().default(null),
  /** Origins allowed to frame the UI for this launch (CSP frame-ancestors). */
  frameAncestors: z.array(z.string()),
  issuedAt: z.string(),
  expiresAt: z.string(),
});
/** The validated launch context. */
export type LaunchContext = z.infer<typeof LaunchContextSchema>;

/** True when the context carries `role`. */
export function hasRole(ctx: LaunchContext, role: MarginsRole): boolean {
  return ctx.roles.includes(role);
}
