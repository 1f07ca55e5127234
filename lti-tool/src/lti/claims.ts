import { z } from 'zod';
import { hasControlChars, httpUrl, nameText } from '@margins/shared';

/** Claim names of LTI 1.3 Core (section 5.3, 5.4) and Deep Linking 2.0 (section 4.4). */
export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  /** Deep Linking 2.0 section 4.2: claims of the LtiDeepLinkingResponse the tool sends back. */
  deepLinkingContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  deepLinkingMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
  /** AGS 2.0 section 3.1: the course's line item service endpoints and the scopes the tool may use. */
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  /** NRPS 2.0 section 3.6.1: where the course's membership (roster) is. */
  namesRoles: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

/** Message types Margins accepts. */
export const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;

/** A claim stored as is: a NUL or other control character in it is refused (PostgreSQL cannot store NUL). */
const stored = (s: z.ZodString, what: string) =>
  s.refine((v) => !hasControlChars(v), `The launch's ${what} contains a control character (such as NUL).`);
const str = (max: number, what: string) => stored(z.string().min(1).max(max), what);
/** A name: text as the LMS gives it, control characters dropped. */
const name = nameText('The name in the launch', 200).optional();

/**
 * The LTI claims of a signature-checked id_token, as Margins reads them. Failures here are
 * "launch_malformed" (400): the platform sent something Margins cannot use, not a forgery.
 */
export const LtiClaimsSchema = z
  .object({
    sub: stored(z.string({ error: 'The launch does not say who you are (no sub claim).' }).min(1).max(255), 'sub'),
    name,
    given_name: name,
    family_name: name,
    email: stored(z.string().max(320), 'email').optional(),
    [CLAIM.messageType]: z.enum(MESSAGE_TYPES, {
      error: (i) =>
        `The message type ${JSON.stringify(i.input)} is not one Margins supports (LtiResourceLinkRequest or LtiDeepLinkingRequest).`,
    }),
    [CLAIM.version]: z.literal('1.3.0', {
      error: (i) => `The LTI version ${JSON.stringify(i.input)} is not supported; Margins speaks LTI 1.3.0.`,
    }),
    [CLAIM.deploymentId]: stored(
      z.string({ error: 'The launch has no deployment id.' }).min(1).max(255),
      'deployment id',
    ),
    [CLAIM.roles]: z
      .array(z.string().max(500), {
        error: 'The launch has no roles claim, so Margins cannot tell whether you teach this course.',
      })
      .max(100),
    [CLAIM.targetLinkUri]: z.string().max(2000).optional(),
    [CLAIM.resourceLink]: z
      .object({
        id: str(255, 'resource link id'),
        title: stored(z.string().max(500), 'resource link title').optional(),
      })
      .loose()
      .optional(),
    [CLAIM.context]: z
      .object({
        id: str(255, 'course id'),
        title: stored(z.string().max(500), 'course title').optional(),
        label: stored(z.string().max(500), 'course label').optional(),
        type: z.array(z.string().max(500)).max(20).optional().catch(undefined),
      })
      .loose()
      .optional(),
    [CLAIM.namesRoles]: z
      .object({ context_memberships_url: z.url().max(2000) })
      .loose()
      .optional()
      .catch(undefined),
    [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
    [CLAIM.launchPresentation]: z
      .object({ return_url: z.string().max(2000).optional(), document_target: z.string().max(20).optional() })
      .loose()
      .optional(),
    [CLAIM.toolPlatform]: z
      .object({
        name: z.string().max(200).optional(),
        product_family_code: z.string().max(100).optional(),
        guid: z.string().max(255).optional(),
      })
      .loose()
      .optional(),
    [CLAIM.deepLinkingSettings]: z
      .object({
        // Posted to by the UI's form and named in the CSP: http(s) only (the shared address check).
        deep_link_return_url: httpUrl('The deep-linking return address'),
        accept_types: z.array(z.string()).min(1),
        accept_multiple: z.union([z.boolean(), z.string()]).optional(),
        data: z.string().max(4000).optional(),
      })
      .loose()
      .optional(),
    [CLAIM.agsEndpoint]: z
      .object({
        scope: z.array(z.string().max(200)).max(20).default([]),
        lineitems: z.url().max(2000).optional(),
        lineitem: z.url().max(2000).optional(),
      })
      .loose()
      .optional()
      .catch(undefined), // a malformed grade-service claim only means no grades, never a failed launch
  })
  .loose()
  .superRefine((c, ctx) => {
    const type = c[CLAIM.messageType];
    if (type === 'LtiResourceLinkRequest' && !c[CLAIM.resourceLink])
      ctx.addIssue({ code: 'custom', message: 'A resource link launch must name its resource link.' });
    if (type === 'LtiDeepLinkingRequest' && !c[CLAIM.deepLinkingSettings])
      ctx.addIssue({ code: 'custom', message: 'A deep linking launch must carry its deep linking settings.' });
  });
/** Claims after parsing. */
export type LtiClaims = z.infer<typeof LtiClaimsSchema>;
