import type { Placement } from '../launch-context.js';

/** The tool's public endpoints, as the LMS must be told them. */
export interface ToolUrls {
  /** Origin + prefix, no trailing slash. */
  base: string;
  login: string;
  launch: string;
  keys: string;
  icon: string;
}

/** The LMS products Margins knows the quirks of. */
export type Product = 'canvas' | 'moodle' | 'other';

/** LTI Advantage scopes Margins asks for (AGS for PD participation, NRPS for rosters). */
export const TOOL_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

/** The custom parameter every placement carries, so a launch says where it came from. */
export const PLACEMENT_PARAM = 'margins_placement';

/**
 * The custom parameter naming the school (organisational unit) of a launch, for spread across schools.
 * Canvas fills it from the course's sub-account; on Moodle the admin sets it per tool or course category.
 */
export const SCHOOL_PARAM = 'school_id';

/**
 * One adapter per LMS (STYLE: no `if (canvas)` scattered around): what differs between products in
 * registration and launches lives behind this interface.
 */
export interface LmsAdapter {
  product: Product;
  /** Extra fields merged into the LTI Dynamic Registration client registration (LTI DR 1.0, 3.4). */
  registrationExtras(urls: ToolUrls, toolName: string): Record<string, unknown>;
  /** A product-specific claim naming the placement of a launch (Canvas sends one), if any. */
  placementClaim?: string;
  /** LTI messages to register, with placements where the product understands them. */
  registrationMessages(urls: ToolUrls, toolName: string): Record<string, unknown>[];
  /**
   * Whether a launch comes from an administrator of the whole district's LMS (district-admin powers):
   * each product says it differently (Canvas: root account; Moodle: site admin).
   */
  isDistrictAdmin(launch: { roles: string[]; placement: Placement; custom: Record<string, unknown> }): boolean;
  /**
   * The platform's own page that starts the same launch again, from the login initiation's parameters,
   * for a teacher whose browser drops the tool's cookie in the platform's frame; null when unknown.
   */
  relaunchUrl?(login: { issuer: string; messageHint: string | undefined }): string | null;
  /**
   * Whether a deep-linking launch from `placement` can place a gradebook column (a lineItem on the
   * content item) although the platform did not say `accept_lineitem`.
   */
  lineItemWithoutAccept?(placement: Placement): boolean;
  /** How teachers of this product add or open Margins, in the words of the LMS's own menus (the registration page says it). */
  whereTeachersFindIt: string;
}

/** The custom parameter that marks a course as professional learning (set by the LMS admin or teacher). */
export const COURSE_KIND_PARAM = 'margins_course';
/** The value of {@link COURSE_KIND_PARAM} for professional-learning (PD, PLC) courses. */
export const PROFESSIONAL_LEARNING = 'professional-learning';

/** Placements Margins offers, with the message each one sends. */
export const PLACEMENT_MESSAGES: { placement: Placement; type: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest' }[] =
  [
    { placement: 'course_navigation', type: 'LtiResourceLinkRequest' },
    { placement: 'account_navigation', type: 'LtiResourceLinkRequest' },
    { placement: 'editor_button', type: 'LtiDeepLinkingRequest' },
    { placement: 'link_selection', type: 'LtiDeepLinkingRequest' },
  ];
