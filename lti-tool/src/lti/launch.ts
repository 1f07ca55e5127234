import { randomUUID } from 'node:crypto';
import { AppError } from '@margins/shared';
import type { LaunchRepo, LoginStateRow } from '../data/launch-repo.js';
import type { TenancyRepo } from '../data/tenancy-repo.js';
import { CLAIM, type LtiClaims } from './claims.js';
import { invalid, safeEqual, verifyIdToken } from './id-token.js';
import {
  frameAncestors,
  gradeService,
  isAccountContext,
  isTrue,
  launchLocale,
  linkedId,
  placementOf,
  schoolOf,
} from './launch-claims.js';
import type { Logger } from '../http/logger.js';
import type { JwksCache } from './jwks-cache.js';
import { LaunchContextSchema, type LaunchContext } from './launch-context.js';
import { adapterFor, COURSE_KIND_PARAM, productOf, PROFESSIONAL_LEARNING } from './lms/index.js';
import type { PlatformRegistry } from './platform-registry.js';
import { hashBinding } from './login.js';
import { courseRoleOf, isDistrictAdminClaim, mapRoles } from './roles.js';
import type { SessionTokens } from './session-token.js';

/**
 * id_token validation and the LaunchContext (LTI 1.3 Core 5.1.3; IMS Security Framework 5.1.3): here the
 * browser's binding to the login and the context built from the claims; the token's own checks are in id-token.ts.
 * Replaces ltijs' validation step (Auth.validateToken), which cannot be wrapped to close these gaps:
 * it fetches the JWKS on every launch without timeout, does not bind the nonce to the login, accepts
 * unknown deployments, ignores target_link_uri, has no clock-skew tolerance and no check of `iat` in
 * the future, and then stores tokens with a racy delete-then-insert. Everything here fails with an
 * AppError whose code decides the status: launch_invalid 401 (authentication), launch_malformed 400
 * (a message Margins cannot use), deployment_unknown 403.
 */

/** Where a launch POST came from, as the browser said (headers a web page cannot set). */
export interface RequestSource {
  /** The `Origin` header. */
  origin?: string | undefined;
  /** The `Sec-Fetch-Site` header (Fetch Metadata), when the browser sends one. */
  fetchSite?: string | undefined;
}

/**
 * True for a POST the browser says came from `toolOrigin` itself: `Origin` must be exactly it (browsers
 * send it on every POST; the verification page's Referrer-Policy keeps it from being "null"), and
 * `Sec-Fetch-Site`, when sent, must be same-origin.
 */
export function sameOriginPost(from: RequestSource, toolOrigin: string): boolean {
  if (from.origin !== toolOrigin) return false;
  return from.fetchSite === undefined || from.fetchSite === 'same-origin';
}

/** What the launch route gets back. */
export type LaunchOutcome =
  | { kind: 'needs-storage-check'; state: string; storageTarget: string; platformOrigin: string }
  /** The cookie did not come back and the platform offers no storage: start again in a window of its own. */
  | { kind: 'needs-new-window'; relaunchUrl: string }
  | { kind: 'launched'; context: LaunchContext; token: string }
  /** A learner of an ordinary course: nothing is stored, the router shows a friendly page. */
  | { kind: 'learner'; locale: string | null };

/** Validates launches and opens launch sessions. */
export class LaunchService {
  private readonly tenantCache = new Map<
    string,
    {
      at: number;
      value: {
        tenant: Awaited<ReturnType<TenancyRepo['findTenant']>>;
        deployment: Awaited<ReturnType<TenancyRepo['findDeployment']>>;
      };
    }
  >();

  constructor(
    private readonly deps: {
      registry: PlatformRegistry;
      jwks: JwksCache;
      tenancy: TenancyRepo;
      launches: LaunchRepo;
      tokens: SessionTokens;
      clockSkewSeconds: number;
      sessionMaxAgeSeconds: number;
      /** The tool's own origin (PUBLIC_URL's), the only one the storage verification page posts from. */
      toolOrigin: string;
      /** Called once a launch session is open (e.g. to note who takes part in a course). */
      afterLaunch?: (ctx: LaunchContext) => Promise<void>;
      /** Notes deployments recorded on their first launch (an admin may want to know). */
      logger?: Logger;
    },
  ) {}

  /** Forgets cached tenants and deployments (a registration changed, here or in another process). */
  forgetTenants(): void {
    this.tenantCache.clear();
  }

  /**
   * Handles the platform's form_post. `bindingFromCookie` is true when the state cookie came back;
   * `bindingFromStorage` is the secret the verification page read from the platform's storage.
   */
  async complete(
    body: { id_token?: unknown; state?: unknown; lti_storage_binding?: unknown },
    bindingFromCookie: boolean,
    from: RequestSource = {},
  ): Promise<LaunchOutcome> {
    const idToken = typeof body.id_token === 'string' && body.id_token.length < 20_000 ? body.id_token : null;
    const state = typeof body.state === 'string' && body.state.length < 200 ? body.state : null;
    if (!idToken)
      throw new AppError('launch_malformed', 'The launch has no id_token. Start it again from your course.');
    if (!state)
      throw new AppError('launch_malformed', 'The launch has no state parameter. Start it again from your course.');

    // 1. The browser must be the one that started this login (cookie, or the platform's client-side storage).
    if (!bindingFromCookie) {
      const pending = await this.deps.launches.peekLogin(state);
      if (!pending)
        throw invalid(
          'This launch does not belong to a sign-in started in this browser (state mismatch). Start it again from your course.',
        );
      const storageBinding = typeof body.lti_storage_binding === 'string' ? body.lti_storage_binding : null;
      // The binding read from the platform's storage is only taken from our own verification page: a
      // same-origin POST. Another site could post an attacker's own id_token, state and binding into a
      // victim's browser (login CSRF); its Origin and Sec-Fetch-Site give it away, and a page cannot forge them.
      if (storageBinding !== null && !sameOriginPost(from, this.deps.toolOrigin))
        throw invalid(
          'Margins accepts this sign-in step only from its own page. Start Margins again from your course.',
        );
      if (storageBinding === null) {
        if (!pending.storage_target) {
          // Moodle 5.1 sends no lti_storage_target: in a window of its own the cookie is first-party.
          if (pending.relaunch_url) return { kind: 'needs-new-window', relaunchUrl: pending.relaunch_url };
          throw new AppError('launch_storage_unavailable');
        }
        const platform = await this.deps.registry.platform(pending.issuer, pending.client_id);
        return {
          kind: 'needs-storage-check',
          state,
          storageTarget: pending.storage_target,
          platformOrigin: platform ? new URL(platform.authEndpoint).origin : '*',
        };
      }
      if (!safeEqual(hashBinding(storageBinding), pending.binding_hash))
        throw new AppError(
          'launch_storage_unavailable',
          'Margins could not confirm that this browser started the sign-in. Start it again from your course.',
        );
    }

    // 2. The login state is single use.
    const consumed = await this.deps.launches.consumeLogin(state);
    if (consumed === 'unknown')
      throw invalid(
        'This launch does not belong to a sign-in started in this browser (state mismatch). Start it again from your course.',
      );
    if (consumed === 'used')
      throw invalid('This launch was already used (replayed). Start Margins again from your course.');
    if (consumed === 'expired')
      throw invalid('The sign-in took too long and expired. Start Margins again from your course.');
    const login = consumed.login;

    // 3-6. The token itself: cheap checks, signature, nonce, LTI claims (id-token.ts).
    const claims = await verifyIdToken(idToken, login, this.deps);
    return this.open(login, claims);
  }

  /** Builds the LaunchContext (known tenant and deployment, user, course, roles) and opens the session. */
  private async open(
    login: LoginStateRow,
    claims: LtiClaims,
  ): Promise<Extract<LaunchOutcome, { kind: 'launched' } | { kind: 'learner' }>> {
    const deploymentId = claims[CLAIM.deploymentId];
    const found = await this.tenantAndDeployment(login.issuer, login.client_id, deploymentId);
    const tenant = found.tenant;
    if (!tenant) throw invalid('This learning platform is not registered with Margins.');
    const deployment = found.deployment ?? (await this.recordOnFirstLaunch(login, tenant.id, deploymentId));
    if (!deployment)
      throw new AppError(
        'deployment_unknown',
        `This installation of Margins (deployment ${JSON.stringify(deploymentId.slice(0, 80))}) is not registered for your learning platform. Ask your district admin to add it with the admin command line.`,
      );

    const product =
      tenant.product !== 'other' ? tenant.product : productOf(claims[CLAIM.toolPlatform]?.product_family_code);
    const lms = adapterFor(product);
    // An account-level launch (Canvas account navigation) is not a course: no course, no school from it.
    const ctxClaim = isAccountContext(claims) ? undefined : claims[CLAIM.context];
    const placement = ctxClaim ? placementOf(claims, lms) : 'account_navigation';
    const t = this.deps.tenancy;
    const custom = claims[CLAIM.custom] ?? {};
    const namedKind = custom[COURSE_KIND_PARAM] === PROFESSIONAL_LEARNING ? PROFESSIONAL_LEARNING : undefined;
    const professionalLearning =
      !!ctxClaim && (!!namedKind || (await t.courseKind(deployment.id, ctxClaim.id)) === PROFESSIONAL_LEARNING);
    const lisRoles = claims[CLAIM.roles];
    const facts = {
      placement,
      professionalLearning,
      districtAdmin: lms.isDistrictAdmin({ roles: lisRoles, placement, custom }),
    };
    const courseRole = ctxClaim ? courseRoleOf(lisRoles) : null;
    // Margins is for staff: a launch that could not carry any Margins role stops here, before anything is stored.
    if (mapRoles(lisRoles, { ...facts, grants: ['coach'] }).length === 0) {
      if (courseRole === 'learner') return { kind: 'learner', locale: launchLocale(claims) };
      throw new AppError(
        'forbidden',
        'Margins is for teachers, instructional coaches and district admins. Your role in this course does not include access.',
      );
    }
    const name = claims.name ?? [claims.given_name, claims.family_name].filter(Boolean).join(' ');
    // Only a course launch says which school someone teaches in (an account-level launch names the district's account).
    const schoolId = ctxClaim ? schoolOf(claims) : null;
    const user = await t.upsertUser({
      tenantId: tenant.id,
      deploymentPk: deployment.id,
      sub: claims.sub,
      name: name.slice(0, 200),
      email: claims.email ?? null,
      schoolId,
    });
    const [course, grants] = await Promise.all([
      ctxClaim
        ? t.upsertContext({
            tenantId: tenant.id,
            deploymentPk: deployment.id,
            contextId: ctxClaim.id,
            title: (ctxClaim.title ?? ctxClaim.label ?? '').slice(0, 500),
            schoolId,
            ...(namedKind ? { courseKind: namedKind } : {}),
          })
        : Promise.resolve(null),
      t.grantsOf(user.id),
    ]);
    const roles = mapRoles(lisRoles, { ...facts, grants });
    // District admin powers are read per request from this row (CurrentRoles): the LMS's latest word wins.
    if (roles.includes('district-admin')) await t.grant(tenant.id, user.id, 'district-admin', null);
    else if (!isDistrictAdminClaim(lisRoles)) await t.revoke(user.id, 'district-admin');
    const messageType = claims[CLAIM.messageType];
    const dl = claims[CLAIM.deepLinkingSettings];
    const launchId = randomUUID();
    const issuedAt = new Date();
    const { token, expiresAt } = this.deps.tokens.issue(launchId, Math.floor(issuedAt.getTime() / 1000));
    const platform = await this.deps.registry.platform(login.issuer, login.client_id);
    const context = LaunchContextSchema.parse({
      launchId,
      tenant: {
        id: tenant.id,
        name: tenant.name,
        issuer: tenant.issuer,
        clientId: tenant.client_id,
        product: tenant.product,
      },
      deployment: { id: deployment.id, deploymentId: deployment.deployment_id },
      course: course
        ? {
            id: course.id,
            contextId: course.context_id,
            title: course.title,
            professionalLearning: course.course_kind === PROFESSIONAL_LEARNING,
          }
        : null,
      courseRole,
      schoolId: course?.school_id ?? user.school_id,
      user: { id: user.id, sub: user.sub, name: user.name, email: user.email },
      roles,
      placement,
      messageType,
      deepLinking: dl
        ? {
            returnUrl: dl.deep_link_return_url,
            acceptTypes: dl.accept_types,
            acceptMultiple: dl.accept_multiple !== false && dl.accept_multiple !== 'false',
            acceptLineItem: isTrue(dl.accept_lineitem) || !!lms.lineItemWithoutAccept?.(placement),
            ...(dl.data ? { data: dl.data } : {}),
          }
        : null,
      openAdaptationId: linkedId(claims, 'margins_adaptation'),
      openCollectionId: linkedId(claims, 'margins_collection'),
      locale: launchLocale(claims),
      ags: ctxClaim ? gradeService(claims) : null,
      membershipsUrl: ctxClaim ? (claims[CLAIM.namesRoles]?.context_memberships_url ?? null) : null,
      frameAncestors: frameAncestors([
        login.issuer,
        platform?.authEndpoint,
        claims[CLAIM.launchPresentation]?.return_url,
        dl?.deep_link_return_url,
      ]),
      issuedAt: issuedAt.toISOString(),
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    });
    await this.deps.launches.saveLaunch({
      id: launchId,
      tenant_id: tenant.id,
      user_id: user.id,
      context_json: JSON.stringify(context),
      created_at: context.issuedAt,
      expires_at: context.expiresAt,
    });
    await this.deps.afterLaunch?.(context);
    return { kind: 'launched', context, token };
  }

  /**
   * A deployment the platform never announced, recorded on this verified launch when the platform's
   * policy allows it (`deployments_on_launch`): Canvas's registration returns no deployment_id, and its
   * deployments appear as the tool is installed in accounts and courses. Off by default; unknown
   * platforms never get here (no tenant). A later one continues the district's first deployment: the
   * same platform's `sub` names the same person, and a registration made again with a re-registration
   * code (which names no deployment either) keeps its people and data.
   */
  private async recordOnFirstLaunch(login: LoginStateRow, tenantId: string, deploymentId: string) {
    const platform = await this.deps.registry.platform(login.issuer, login.client_id);
    if (!platform?.deploymentsOnLaunch) return null;
    const primary = await this.deps.tenancy.primaryDeployment(tenantId);
    const row = await this.deps.tenancy.addDeployment(
      tenantId,
      deploymentId,
      'Recorded on its first launch',
      primary?.id ?? null,
    );
    this.deps.logger?.info('deployment recorded on its first launch', {
      tenant: tenantId,
      clientId: login.client_id,
      deploymentId: deploymentId.slice(0, 80),
    });
    return row;
  }

  /** Tenant and deployment, from a short in-memory cache (known ones only: a miss always asks the database). */
  private async tenantAndDeployment(issuer: string, clientId: string, deploymentId: string) {
    const key = `${issuer}\n${clientId}\n${deploymentId}`;
    const hit = this.tenantCache.get(key);
    if (hit && Date.now() - hit.at < 30_000) return hit.value;
    const tenant = await this.deps.tenancy.findTenant(issuer, clientId);
    const deployment = tenant ? await this.deps.tenancy.findDeployment(tenant.id, deploymentId) : null;
    const value = { tenant, deployment };
    if (tenant && deployment) this.tenantCache.set(key, { at: Date.now(), value });
    return value;
  }
}

export { launchLocale, schoolOf } from './launch-claims.js';
