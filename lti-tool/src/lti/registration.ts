import { z } from 'zod';
import { AppError } from '@margins/shared';
import type { TenancyRepo, TenantRow } from '../data/tenancy-repo.js';
import type { InstallService } from '../services/install-service.js';
import { adapterFor, productOf, TOOL_SCOPES, type ToolUrls } from './lms/index.js';
import type { PlatformRegistry } from './platform-registry.js';
import { checkRegistrationUrl, type UrlPolicy } from './url-policy.js';

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
  /** Where to post the "close" message (the platform's origin). */
  platformOrigin: string;
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
      policy: UrlPolicy;
      fetch?: typeof fetch;
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
      const configUrl = await checkRegistrationUrl(
        req.openidConfiguration,
        this.deps.policy,
        'The platform configuration address (openid_configuration)',
      );
      const config = OpenIdConfigSchema.safeParse(await this.getJson(configUrl, 'GET'));
      if (!config.success)
        throw new AppError(
          'validation_failed',
          'The platform configuration is missing required fields (issuer, endpoints, registration_endpoint).',
        );
      const c = config.data;
      for (const [what, u] of [
        ['registration_endpoint', c.registration_endpoint],
        ['jwks_uri', c.jwks_uri],
        ['token_endpoint', c.token_endpoint],
        ['authorization_endpoint', c.authorization_endpoint],
      ] as const) {
        await checkRegistrationUrl(u, this.deps.policy, `The platform's ${what}`);
      }
      const product = productOf(c['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code);
      const body = this.clientRegistration(product);
      const token =
        typeof req.registrationToken === 'string' && req.registrationToken.length < 5_000
          ? req.registrationToken
          : null;
      const response = RegistrationResponseSchema.safeParse(
        await this.getJson(new URL(c.registration_endpoint), 'POST', body, token),
      );
      if (!response.success)
        throw new AppError('validation_failed', 'The platform answered the registration without a client_id.');
      const clientId = response.data.client_id;
      const deploymentId =
        response.data['https://purl.imsglobal.org/spec/lti-tool-configuration']?.deployment_id ?? null;

      const tenant = await this.deps.registry.register({
        issuer: c.issuer,
        clientId,
        name: reservation.label || new URL(c.issuer).host,
        product,
        authEndpoint: c.authorization_endpoint,
        tokenEndpoint: c.token_endpoint,
        jwksUrl: c.jwks_uri,
      });
      if (deploymentId) await this.deps.tenancy.addDeployment(tenant.id, deploymentId, reservation.label);
      await this.deps.install.complete(reservation.id, tenant.id);
      return { tenant, clientId, deploymentId, platformOrigin: configUrl.origin };
    } catch (e) {
      await this.deps.install.release(reservation.id);
      throw e;
    }
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

  private async getJson(url: URL, method: 'GET' | 'POST', body?: unknown, bearer?: string | null): Promise<unknown> {
    let res: Response;
    try {
      res = await (this.deps.fetch ?? fetch)(url, {
        method,
        redirect: 'error',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        headers: {
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new AppError(
        'unavailable',
        `Your learning platform did not answer at ${url.origin} in time (or redirected elsewhere). Check the address and try the registration again.`,
      );
    }
    const text = await res.text();
    if (!res.ok)
      throw new AppError('unavailable', `Your learning platform refused the registration (HTTP ${res.status}).`);
    if (text.length > MAX_BYTES)
      throw new AppError('validation_failed', 'The platform answered with far more data than a registration needs.');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AppError('validation_failed', 'The platform did not answer with JSON.');
    }
  }
}
