/**
 * Everything one platform instance remembers, in memory: registered tools, issued message hints and
 * sessions, access tokens, line items and what tools sent back. Routes read and write it; nothing else
 * holds state, so two platforms started in one process are fully isolated.
 */
import { randomBytes } from 'node:crypto';
import type { PlatformKeys } from './keys.js';
import { Roster } from './roster.js';
import type {
  LaunchOptions,
  LineItem,
  Placement,
  PlatformConfig,
  PlatformProduct,
  ReceivedDeepLink,
  ReceivedScore,
  Tamper,
  ToolRegistration,
} from './types.js';

/** AGS 2.0 and NRPS 2.0 scopes the token endpoint grants. */
export const SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  membership: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

/** Every service scope, the default grant of a manually registered tool. */
export const ALL_SCOPES: string[] = Object.values(SCOPES);

/** A launch the platform has decided to make: what `lti_message_hint` points to. */
export interface PendingLaunch {
  id: string;
  clientId: string;
  deploymentId: string;
  user: string;
  course?: string;
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  placement: Placement;
  targetLinkUri: string;
  resourceLinkId?: string;
  custom: Record<string, string>;
  storageTarget?: string;
  locale?: string;
  tamper?: Tamper;
  expires: number;
}

/** Opaque random id, URL-safe. */
export function newId(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

const HINT_LIFETIME_MS = 10 * 60_000;

/** The state of one platform instance. */
export class PlatformState {
  readonly roster = new Roster();
  readonly tools = new Map<string, ToolRegistration>();
  readonly launches = new Map<string, PendingLaunch>();
  readonly sessions = new Map<string, string>();
  readonly accessTokens = new Map<string, { clientId: string; scopes: string[]; expires: number }>();
  readonly assertionIds = new Map<string, number>();
  readonly registrationTokens = new Map<string, { product: PlatformProduct; used: boolean; clientId?: string }>();
  readonly registrations = new Map<string, { request: Record<string, unknown>; response: Record<string, unknown> }>();
  readonly deepLinkData = new Map<string, PendingLaunch>();
  readonly lineItems = new Map<string, LineItem>();
  readonly results = new Map<string, Map<string, Record<string, unknown>>>();
  readonly received = {
    deepLinks: [] as ReceivedDeepLink[],
    scores: [] as ReceivedScore[],
    lineItems: [] as LineItem[],
  };
  #nextClient = 1;
  #nextDeployment = 1;
  #nextLineItem = 1;

  constructor(
    readonly url: string,
    readonly name: string,
    readonly product: PlatformProduct,
    readonly keys: PlatformKeys,
  ) {}

  /** The issuer is the platform's base URL (no trailing slash), as Moodle does. */
  get issuer(): string {
    return this.url;
  }

  /** Absolute URLs of the platform's LTI endpoints. */
  get endpoints() {
    const u = this.url;
    return {
      authorization: `${u}/api/lti/authorize_redirect`,
      token: `${u}/login/oauth2/token`,
      jwks: `${u}/api/lti/security/jwks`,
      openidConfiguration: `${u}/api/lti/security/openid-configuration`,
      registration: `${u}/api/lti/registrations`,
      deepLinkingReturn: `${u}/api/lti/deep_linking/return`,
      memberships: (course: string) => `${u}/api/lti/courses/${encodeURIComponent(course)}/names_and_roles`,
      lineItems: (course: string) => `${u}/api/lti/courses/${encodeURIComponent(course)}/line_items`,
      lineItem: (course: string, id: string) =>
        `${u}/api/lti/courses/${encodeURIComponent(course)}/line_items/${encodeURIComponent(id)}`,
    };
  }

  /** Adds (or replaces) a tool registration; returns what the tool needs to register this platform. */
  registerTool(reg: Omit<ToolRegistration, 'clientId'> & { clientId?: string }): PlatformConfig {
    for (const [field, value] of [
      ['oidcLoginUrl', reg.oidcLoginUrl],
      ['targetLinkUri', reg.targetLinkUri],
      ['jwksUrl', reg.jwksUrl],
    ] as const) {
      if (!URL.canParse(value)) throw new Error(`registerTool: ${field} is not a URL: ${value}`);
    }
    if (!reg.redirectUris.length || !reg.redirectUris.every((r) => URL.canParse(r)))
      throw new Error('registerTool: redirectUris must be a non-empty list of URLs.');
    const clientId = reg.clientId ?? this.newClientId();
    const deploymentIds = reg.deploymentIds.length ? reg.deploymentIds : [this.newDeploymentId()];
    const tool: ToolRegistration = { name: 'Margins', scopes: ALL_SCOPES, ...reg, clientId, deploymentIds };
    this.tools.set(clientId, tool);
    return this.platformConfig(clientId, deploymentIds[0]!);
  }

  /** PlatformConfig for one registration. */
  platformConfig(clientId: string, deploymentId: string): PlatformConfig {
    const e = this.endpoints;
    return {
      issuer: this.issuer,
      clientId,
      deploymentId,
      authorizationEndpoint: e.authorization,
      tokenEndpoint: e.token,
      jwksUrl: e.jwks,
    };
  }

  /** Canvas-style numeric client id. */
  newClientId(): string {
    return String(10_000_000_000_000 + this.#nextClient++);
  }

  /** Canvas-style deployment id: `<number>:<opaque>`. */
  newDeploymentId(): string {
    return `${this.#nextDeployment++}:${randomBytes(10).toString('hex')}`;
  }

  newLineItemId(): string {
    return String(this.#nextLineItem++);
  }

  tool(clientId: string): ToolRegistration {
    const t = this.tools.get(clientId);
    if (!t) throw new Error(`No tool registered with client_id "${clientId}".`);
    return t;
  }

  /** Signs a user in to the platform (what the LMS login page would do); returns the session id. */
  createSession(sub: string): string {
    this.roster.user(sub);
    const id = newId();
    this.sessions.set(id, sub);
    return id;
  }

  /** Resolves a launch request against the roster and registrations, remembering it for the auth endpoint. */
  prepareLaunch(opts: LaunchOptions): PendingLaunch {
    const tool = this.tool(opts.clientId);
    const deploymentId = opts.deploymentId ?? tool.deploymentIds[0]!;
    this.roster.user(opts.user);
    if (opts.course) {
      this.roster.course(opts.course);
      if (!this.roster.canLaunchIn(opts.user, opts.course))
        throw new Error(`User "${opts.user}" is not in course "${opts.course}".`);
    }
    const placement: Placement = opts.placement ?? (opts.course ? 'course_navigation' : 'account_navigation');
    const deepLinking = placement === 'editor_button' || placement === 'link_selection';
    const messageType = opts.messageType ?? (deepLinking ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest');
    // A resource link placed by deep linking launches with the item's URL and custom parameters.
    const placed =
      opts.course && opts.resourceLinkId
        ? this.roster.course(opts.course).content.find((c) => c.resourceLinkId === opts.resourceLinkId)
        : undefined;
    const placedCustom = Object.fromEntries(
      Object.entries((placed?.item.custom ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    const placedUrl = typeof placed?.item.url === 'string' ? placed.item.url : undefined;
    const targetLinkUri =
      opts.targetLinkUri ??
      placedUrl ??
      (messageType === 'LtiDeepLinkingRequest' ? (tool.deepLinkingUrl ?? tool.targetLinkUri) : tool.targetLinkUri);
    const launch: PendingLaunch = {
      id: newId(),
      clientId: tool.clientId,
      deploymentId,
      user: opts.user,
      course: opts.course,
      messageType,
      placement,
      targetLinkUri,
      resourceLinkId:
        messageType === 'LtiResourceLinkRequest'
          ? (opts.resourceLinkId ?? `${placement}-${opts.course ?? 'account'}-${tool.clientId}`)
          : undefined,
      custom: { ...tool.custom, ...placedCustom, ...opts.custom },
      storageTarget: opts.storageTarget,
      locale: opts.locale,
      tamper: opts.tamper,
      expires: Date.now() + HINT_LIFETIME_MS,
    };
    this.launches.set(launch.id, launch);
    this.#prune();
    return launch;
  }

  /** A launch still valid for `lti_message_hint`, or undefined. */
  pendingLaunch(id: string): PendingLaunch | undefined {
    const launch = this.launches.get(id);
    return launch && launch.expires > Date.now() ? launch : undefined;
  }

  /** The OIDC login initiation parameters (LTI 1.3 Core 5.1.1) for a prepared launch. */
  loginInitiation(launch: PendingLaunch): Record<string, string> {
    const params: Record<string, string> = {
      iss: this.issuer,
      login_hint: launch.user,
      target_link_uri: launch.targetLinkUri,
      lti_message_hint: launch.id,
      lti_deployment_id: launch.deploymentId,
      client_id: launch.clientId,
    };
    if (launch.storageTarget) params.lti_storage_target = launch.storageTarget;
    return params;
  }

  #prune(): void {
    const now = Date.now();
    for (const [id, l] of this.launches) if (l.expires <= now) this.launches.delete(id);
    for (const [id, t] of this.accessTokens) if (t.expires <= now) this.accessTokens.delete(id);
    for (const [id, exp] of this.assertionIds) if (exp <= now) this.assertionIds.delete(id);
  }
}
