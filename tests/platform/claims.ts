/**
 * Builds the id_token of an LTI launch: OIDC claims plus the LTI 1.3 Core message claims (Core 5.3-5.4),
 * Deep Linking 2.0 settings (DL 4.4), the NRPS 2.0 and AGS 2.0 service claims. One function per message;
 * the auth endpoint signs what this returns.
 */
import { newId, SCOPES, type PendingLaunch, type PlatformState } from './state.js';
import { LIS } from './roster.js';

/** Claim names (LTI 1.3 Core, DL 2.0, NRPS 2.0, AGS 2.0). */
export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  lis: 'https://purl.imsglobal.org/spec/lti/claim/lis',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  deepLinkingContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
  deepLinkingLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/log',
  deepLinkingErrorMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/errormsg',
  deepLinkingErrorLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/errorlog',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  canvasPlacement: 'https://www.instructure.com/placement',
} as const;

/** id_token lifetime: short, as platforms keep it (Moodle uses 60 s; we allow for slow CI). */
export const ID_TOKEN_LIFETIME_S = 300;

/** Platform instance claim: the same for every launch of one platform. */
function toolPlatform(state: PlatformState) {
  return {
    guid: `${new URL(state.url).host}-${state.product}`,
    name: state.name,
    contact_email: 'lms-admin@district.example.org',
    description: `Test ${state.product === 'canvas' ? 'Canvas' : 'Moodle'}-like LMS of ${state.name}`,
    url: `${state.url}/`,
    product_family_code: state.product,
    version: state.product === 'canvas' ? 'cloud' : '4.5',
  };
}

/**
 * Custom parameters with the platform's substitution variables filled in, as Canvas does: the course's
 * sub-account for `$Canvas.account.id`. A variable it cannot fill (no course, no account, or not Canvas)
 * is sent as written, which is what tools see from real platforms.
 */
function substituteVariables(state: PlatformState, launch: PendingLaunch): Record<string, unknown> {
  const canvas = state.product === 'canvas';
  const account = canvas && launch.course ? state.roster.course(launch.course).account : '';
  const user = state.roster.user(launch.user);
  // instructure/canvas-lms lib/lti/variable_expander.rb: `Canvas.user.isRootAccountAdmin` is the boolean
  // "the user holds root_admin in the root account" (a sub-account admin gets false).
  const rootAdmin = user.roles.includes(LIS.InstitutionAdministrator) && !user.subAccountAdmin;
  return Object.fromEntries(
    Object.entries(launch.custom).map(([k, v]) => [
      k,
      v === '$Canvas.account.id' && account
        ? account
        : v === '$Canvas.user.isRootAccountAdmin' && canvas
          ? rootAdmin
          : v,
    ]),
  );
}

/** All claims of the id_token for `launch`, before any tampering. */
export function buildIdTokenClaims(
  state: PlatformState,
  launch: PendingLaunch,
  nonce: string,
): Record<string, unknown> {
  const user = state.roster.user(launch.user);
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: state.issuer,
    aud: launch.clientId,
    azp: launch.clientId,
    sub: user.sub,
    iat: now,
    exp: now + ID_TOKEN_LIFETIME_S,
    nonce,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
    ...(user.email ? { email: user.email } : {}),
    locale: launch.locale ?? 'en-US',
    [CLAIM.messageType]: launch.messageType,
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: launch.deploymentId,
    [CLAIM.targetLinkUri]: launch.targetLinkUri,
    [CLAIM.roles]: state.roster.rolesIn(user.sub, launch.course),
    [CLAIM.toolPlatform]: toolPlatform(state),
    [CLAIM.launchPresentation]: {
      document_target: 'iframe',
      return_url: launch.course ? `${state.url}/courses/${encodeURIComponent(launch.course)}` : `${state.url}/`,
      locale: launch.locale ?? 'en-US',
    },
    [CLAIM.custom]: substituteVariables(state, launch),
    [CLAIM.lis]: {
      person_sourcedid: `sis-${user.sub}`,
      ...(launch.course
        ? { course_offering_sourcedid: `sis-${launch.course}`, course_section_sourcedid: `sis-${launch.course}-1` }
        : {}),
    },
  };
  if (state.product === 'canvas') claims[CLAIM.canvasPlacement] = launch.placement;
  if (!launch.course && state.product === 'canvas') {
    // Canvas's account navigation launches in the context of the account: its class name is the type
    // (lib/lti/messages/jwt_message.rb, add_context_claims!: `LIS_V2_ROLE_MAP[@context.class] || @context.class.to_s`).
    claims[CLAIM.context] = { id: `account-${new URL(state.url).port}`, title: state.name, type: ['Account'] };
  }
  if (launch.course) {
    const course = state.roster.course(launch.course);
    claims[CLAIM.context] = {
      id: course.id,
      label: course.label,
      title: course.title,
      type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
    };
    claims[CLAIM.nrps] = { context_memberships_url: state.endpoints.memberships(course.id), service_versions: ['2.0'] };
    claims[CLAIM.ags] = agsClaim(state, launch);
  }
  if (launch.messageType === 'LtiResourceLinkRequest') {
    const placed = launch.course
      ? state.roster.course(launch.course).content.find((c) => c.resourceLinkId === launch.resourceLinkId)
      : undefined;
    claims[CLAIM.resourceLink] = {
      id: launch.resourceLinkId,
      title:
        typeof placed?.item.title === 'string'
          ? placed.item.title
          : (state.tools.get(launch.clientId)?.name ?? 'Margins'),
      description: placed ? 'Added with the editor button' : `Opened from ${launch.placement.replace('_', ' ')}`,
    };
  } else {
    claims[CLAIM.deepLinkingSettings] = deepLinkingSettings(state, launch);
  }
  return claims;
}

function agsClaim(state: PlatformState, launch: PendingLaunch) {
  const course = launch.course!;
  const lineItem = [...state.lineItems.values()].find(
    (li) =>
      li.course === course &&
      li.clientId === launch.clientId &&
      li.resourceLinkId &&
      li.resourceLinkId === launch.resourceLinkId,
  );
  return {
    scope: [SCOPES.lineItem, SCOPES.lineItemReadOnly, SCOPES.resultReadOnly, SCOPES.score],
    lineitems: state.endpoints.lineItems(course),
    ...(lineItem ? { lineitem: state.endpoints.lineItem(course, lineItem.id) } : {}),
  };
}

/** Content types a deep-linking placement accepts (the editor embeds more than a module list). */
export function acceptTypes(placement: PendingLaunch['placement']): string[] {
  return placement === 'editor_button' ? ['ltiResourceLink', 'link', 'html', 'image'] : ['ltiResourceLink', 'link'];
}

/** Deep Linking 2.0 4.4.1; `data` is an opaque handle the tool must echo back unchanged. */
function deepLinkingSettings(state: PlatformState, launch: PendingLaunch) {
  const data = newId();
  state.deepLinkData.set(data, launch);
  const editor = launch.placement === 'editor_button';
  return {
    deep_link_return_url: state.endpoints.deepLinkingReturn,
    accept_types: acceptTypes(launch.placement),
    accept_presentation_document_targets: ['iframe', 'window', 'embed'],
    accept_media_types: 'image/*,text/html',
    accept_multiple: true,
    // Canvas never sends accept_lineitem (instructure/canvas-lms lib/lti/messages/deep_linking_request.rb);
    // Moodle does, for a tool allowed to post grades.
    ...(state.product === 'canvas' ? {} : { accept_lineitem: true }),
    auto_create: true,
    title: launch.course ? `Add to ${state.roster.course(launch.course).title}` : 'Add content',
    text: editor ? 'Choose what to embed in the page.' : 'Choose what to add to the course.',
    data,
  };
}
