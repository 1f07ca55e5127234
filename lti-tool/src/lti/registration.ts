import { z } from 'zod';
import { AppError } from '@margins/shared';
import type { TenancyRepo, TenantRow } from '../data/tenancy-repo.js';
import type { InstallService } from '../services/install-service.js';
import type { InstallCodeRow } from '../data/install-codes-repo.js';
import { adapterFor, productOf, TOOL_SCOPES, type ToolUrls } from './lms/index.js';
import type { PlatformRegistry } from './platform-registry.js';
import { checkRegistrationUrl } from './url-policy.js';
import { forLog, OutboundError, type OutboundHttp } from '../http/outbound.js';
import type { Logger } from '../http/logger.js';

/**
 * LTI Dynamic Registration 1.0 (tool side). Replaces ltijs' registration step, which is open to
 * anyone, fetches any URL without a timeout and following redirects (SSRF), sends no Canvas
 * placements or privacy level, and throws away the deployment_id the platform returns. Here the
 * flow needs a one-time install code, every URL passes the registration URL policy, fetches have a
 * timeout and size cap and never follow redirects, and the returned deployment becomes a known one.
 */

const OpenIdConfigSchema = z
  .object({
    issuer: z.url(),
    authorization_endpoint: z.url(),
    token_endpoint: z.url(),
    jwks_uri: z.url(),
    registration_endpoint: z.url(),
    'https://purl.imsglobal.org/spec/lti-platform-configuration': z
      .object({ product_family_code: z.string().optional(), version: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();

const RegistrationResponseSchema = z
  .object({
    client_id: z.string().min(1).max(200),
    'https://purl.imsglobal.org/spec/lti-tool-configuration': z
      .object({ deployment_id: z.string().min(1).max(255).optional() })
      .loose()
      .optional(),
  })
  .loose();

const FETCH_TIMEOUT_MS = 5_000;
const MAX_BYTES = 256 * 1024;

/** The query a platform opens the registration URL with (LTI DR 1.0, 3.3), plus our install code. */
export interface RegistrationRequest {
  openidConfiguration?: unknown;
  registrationToken?: unknown;
  installCode?: unknown;
}

/** What a finished registration produced. */
export interface RegistrationResult {
  tenant: TenantRow;
  clientId: string;
  deploymentId: string | null;
}

/** Performs dynamic registrations. */
export class RegistrationService {
  constructor(
    private readonly deps: {
      registry: PlatformRegistry;
      tenancy: TenancyRepo;
      install: InstallService;
      urls: ToolUrls;
      toolName: string;
      description: string;
      /** Every request goes through the address policy, pinned to the checked address. */
      http: OutboundHttp;
      logger?: Logger;
    },
  ) {}

  /** Runs the whole flow; throws AppError (install_code_invalid 403, validation_failed 400, unavailable 503). */
  async register(req: RegistrationRequest): Promise<RegistrationResult> {
    if (typeof req.openidConfiguration !== 'string' || !req.openidConfiguration) {
      throw new AppError(
        'validation_failed',
        'This address is opened by your learning platform during LTI Dynamic Registration; it needs the openid_configuration parameter the platform adds.',
      );
    }
    const reservation = await this.deps.install.reserve(req.installCode);
    try {
      if (!URL.canParse(req.openidConfiguration))
        throw new AppError(
          'validation_failed',
          'The platform configuration address (openid_configuration) is not a valid address.',
        );
      const configUrl = new URL(req.openidConfiguration);
      const config = OpenIdConfigSchema.safeParse(
        await this.getJson(configUrl, 'The platform configuration address (openid_configuration)', 'GET'),
      );
      if (!config.success)
        throw new AppError(
          'validation_failed',
          'The platform configuration is missing required fields (issuer, endpoints, registration_endpoint).',
        );
      const c = config.data;
      const target = await this.targetOf(reservation, c.issuer);
      for (const [what, u] of [
        ['jwks_uri', c.jwks_uri],
        ['token_endpoint', c.token_endpoint],
        ['authorization_endpoint', c.authorization_endpoint],
      ] as const) {
        await checkRegistrationUrl(u, this.deps.http.policy, `The platform's ${what}`);
      }
      const product = productOf(c['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code);
      const body = this.clientRegistration(product);
      const token =
        typeof req.registrationToken === 'string' && req.registrationToken.length < 5_000
          ? req.registrationToken
          : null;
      const response = RegistrationResponseSchema.safeParse(
        await this.getJson(
          new URL(c.registration_endpoint),
          "The platform's registration_endpoint",
          'POST',
          body,
          token,
        ),
      );
      if (!response.success)
        throw new AppError('validation_failed', 'The platform answered the registration without a client_id.');
      const clientId = response.data.client_id;
      const deploymentId =
        response.data['https://purl.imsglobal.org/spec/lti-tool-configuration']?.deployment_id ?? null;

      const endpoints = {
        issuer: c.issuer,
        clientId,
        authEndpoint: c.authorization_endpoint,
        tokenEndpoint: c.token_endpoint,
        jwksUrl: c.jwks_uri,
      };
      const existing = await this.deps.tenancy.findTenant(c.issuer, clientId);
      if (existing && existing.id !== target?.id) {
        // Names a platform registration Margins already has, with a code not issued for it: a takeover attempt or a mistake.
        this.refused(
          'the platform registration belongs to another district',
          reservation,
          c.issuer,
          clientId,
          existing.id,
        );
        throw new AppError(
          'forbidden',
          `This learning platform (issuer ${c.issuer}, client_id ${clientId}) is already registered with Margins as another district, and this install code was not issued to re-register it. Ask the admin of that district to create an install code for re-registering it ("admin install-code create --reregister <district>").`,
        );
      }
      const tenant = target
        ? await this.deps.registry.attach(target, endpoints)
        : await this.deps.registry.register({
            ...endpoints,
            name: reservation.label || new URL(c.issuer).host,
            product,
          });
      if (deploymentId) {
        // A re-registration continues the district's deployment: the same people, courses and data.
        const continues = target ? await this.deps.tenancy.primaryDeployment(tenant.id) : null;
        const known = await this.deps.tenancy.findDeployment(tenant.id, deploymentId);
        if (!known)
          await this.deps.tenancy.addDeployment(tenant.id, deploymentId, reservation.label, continues?.id ?? null);
      }
      await this.deps.install.complete(reservation.id, tenant.id);
      return { tenant, clientId, deploymentId };
    } catch (e) {
      await this.deps.install.release(reservation.id);
      throw e;
    }
  }

  /**
   * The district a code re-registers, checked against the platform that is registering: a code issued
   * for district X works only for X's platform (issuer). Null for a code that installs a new district.
   */
  private async targetOf(reservation: InstallCodeRow, issuer: string): Promise<TenantRow | null> {
    if (!reservation.target_tenant_id) return null;
    const target = await this.deps.tenancy.getTenant(reservation.target_tenant_id);
    if (!target || target.issuer !== issuer) {
      this.refused('the install code re-registers a district of another platform', reservation, issuer, null, null);
      throw new AppError(
        'forbidden',
        target
          ? `This install code was issued to re-register the district ${JSON.stringify(target.name)}, whose learning platform is ${target.issuer}; it cannot register ${issuer}.`
          : 'The district this install code was issued to re-register no longer exists.',
      );
    }
    return target;
  }

  /** A refused registration is worth an admin's attention: a warn-level line (never the code itself). */
  private refused(
    reason: string,
    reservation: InstallCodeRow,
    issuer: string,
    clientId: string | null,
    existingTenantId: string | null,
  ): void {
    this.deps.logger?.warn('dynamic registration refused', {
      reason,
      installCodeLabel: reservation.label,
      targetTenantId: reservation.target_tenant_id,
      issuer,
      clientId,
      existingTenantId,
    });
  }

  /** The client registration Margins sends (OIDC Dynamic Client Registration + LTI tool configuration). */
  clientRegistration(product: ReturnType<typeof productOf>): Record<string, unknown> {
    const { urls, toolName, description } = this.deps;
    const adapter = adapterFor(product);
    return {
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: urls.login,
      redirect_uris: [urls.launch],
      client_name: toolName,
      jwks_uri: urls.keys,
      logo_uri: urls.icon,
      token_endpoint_auth_method: 'private_key_jwt',
      scope: TOOL_SCOPES.join(' '),
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        domain: new URL(urls.base).host,
        description,
        target_link_uri: urls.launch,
        claims: ['iss', 'sub', 'name', 'given_name', 'family_name'],
        messages: adapter.registrationMessages(urls, toolName),
        ...adapter.registrationExtras(urls, toolName),
      },
    };
  }

  private async getJson(
    url: URL,
    what: string,
    method: 'GET' | 'POST',
    body?: unknown,
    bearer?: string | null,
  ): Promise<unknown> {
    let res;
    try {
      res = await this.deps.http.request(url, what, {
        method,
        timeoutMs: FETCH_TIMEOUT_MS,
        maxBytes: MAX_BYTES,
        headers: {
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      if (e instanceof OutboundError && e.kind === 'address') throw new AppError('validation_failed', e.message);
      if (e instanceof OutboundError && e.kind === 'too_large')
        throw new AppError('validation_failed', 'The platform answered with far more data than a registration needs.');
      throw new AppError(
        'unavailable',
        `Your learning platform did not answer at ${url.origin} in time (or redirected elsewhere). Check the address and try the registration again.`,
      );
    }
    if (!res.ok) {
      this.deps.logger?.warn('registration: the platform refused a request', {
        url: url.origin + url.pathname,
        status: res.status,
        body: forLog(res.text),
      });
      throw new AppError('unavailable', `Your learning platform refused the registration (HTTP ${res.status}).`);
    }
    try {
      return JSON.parse(res.text) as unknown;
    } catch {
      throw new AppError('validation_failed', 'The platform did not answer with JSON.');
    }
  }
}
