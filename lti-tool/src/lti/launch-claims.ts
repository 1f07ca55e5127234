import { CLAIM, type LtiClaims } from './claims.js';
import { PLACEMENTS, type LaunchContext, type Placement } from './launch-context.js';
import { PLACEMENT_PARAM, SCHOOL_PARAM, type LmsAdapter } from './lms/index.js';

/**
 * What a verified launch's claims say, read one way everywhere: where it came from (placement, account
 * or course), the school, the linked collection or practice, the grade service, the locale.
 */

/**
 * A launch from an account rather than a course: Canvas's account navigation sends a context whose
 * type is the class name `Account` (instructure/canvas-lms lib/lti/messages/jwt_message.rb,
 * add_context_claims!: a course is `lis/v2/course#CourseOffering`, other classes their own name).
 */
export function isAccountContext(c: LtiClaims): boolean {
  return (c[CLAIM.context]?.type ?? []).some((t) => t === 'Account' || t.endsWith('#Account'));
}

/** Where the launch came from: our custom parameter, the LMS's own placement claim, else what the message implies. */
export function placementOf(c: LtiClaims, lms: LmsAdapter): Placement {
  const custom = c[CLAIM.custom] ?? {};
  for (const named of [
    custom[PLACEMENT_PARAM],
    lms.placementClaim ? (c as Record<string, unknown>)[lms.placementClaim] : undefined,
  ]) {
    if (typeof named === 'string' && (PLACEMENTS as readonly string[]).includes(named)) return named as Placement;
  }
  if (c[CLAIM.messageType] === 'LtiDeepLinkingRequest') return 'link_selection';
  return c[CLAIM.context] ? 'course_navigation' : 'account_navigation';
}

/**
 * The school the district names for this launch (custom parameter `school_id`), or null. A Canvas
 * substitution variable the platform could not fill arrives as its own name (`$Canvas.…`): no school.
 */
export function schoolOf(c: LtiClaims): string | null {
  const v = (c[CLAIM.custom] ?? {})[SCHOOL_PARAM];
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  // eslint-disable-next-line no-control-regex -- refusing control characters in a platform-sent value is the point
  return s && !s.startsWith('$') && s.length <= 200 && !/[\u0000-\u001f\u007f]/.test(s) ? s : null;
}

/** The adaptation or collection a deep-linked resource link points at (custom parameter set by our deep-linking response). */
export function linkedId(c: LtiClaims, param: 'margins_adaptation' | 'margins_collection'): string | null {
  const v = (c[CLAIM.custom] ?? {})[param];
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(v)
    ? v.toLowerCase()
    : null;
}

/** The course's grade service (AGS endpoint claim), when the launch carried one with a line items URL. */
export function gradeService(c: LtiClaims): LaunchContext['ags'] {
  const ags = c[CLAIM.agsEndpoint];
  if (!ags?.lineitems || !c[CLAIM.context]) return null;
  return { lineItemsUrl: ags.lineitems, lineItemUrl: ags.lineitem ?? null, scopes: ags.scope };
}

/** A boolean claim that some platforms send as a string. */
export function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

export function frameAncestors(urls: (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    if (!u) continue;
    try {
      const o = new URL(u).origin;
      if (o.startsWith('http')) out.add(o);
    } catch {
      // not a URL: ignored
    }
  }
  return [...out];
}

/**
 * The language the platform asked the tool to use: LTI's launch_presentation.locale, else the OIDC
 * `locale` claim; anything that is not a plausible BCP 47 tag is ignored (the UI then follows the browser).
 */
export function launchLocale(claims: Record<string, unknown>): string | null {
  const presentation = claims[CLAIM.launchPresentation] as { locale?: unknown } | undefined;
  for (const v of [presentation?.locale, claims.locale]) {
    if (typeof v === 'string' && /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}$/.test(v)) return v.replace(/_/g, '-');
  }
  return null;
}
