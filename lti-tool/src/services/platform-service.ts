import type { TenancyRepo, TenantRow } from '../data/tenancy-repo.js';
import type { PlatformRegistry } from '../lti/platform-registry.js';
import type { Product } from '../lti/lms/index.js';

/** What an admin gives for a manual registration (values from the LMS's developer key / tool page). */
export interface ManualRegistration {
  issuer: string;
  clientId: string;
  authEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
  deploymentIds: string[];
  name?: string;
  product?: Product;
}

/**
 * Manual platform registration and deployments (the admin CLI's install path besides dynamic
 * registration): records the platform (its tenant, endpoints and a tool key pair) and its known
 * deployments.
 */
export class PlatformService {
  constructor(
    private readonly registry: PlatformRegistry,
    private readonly tenancy: TenancyRepo,
  ) {}

  /** Registers (or updates) a platform and its deployments. */
  async register(r: ManualRegistration): Promise<TenantRow> {
    for (const [what, u] of [
      ['issuer', r.issuer],
      ['auth endpoint', r.authEndpoint],
      ['token endpoint', r.tokenEndpoint],
      ['JWKS URL', r.jwksUrl],
    ] as const) {
      if (!URL.canParse(u)) throw new Error(`The ${what} ${JSON.stringify(u)} is not a valid URL.`);
    }
    const tenant = await this.registry.register({
      issuer: r.issuer,
      clientId: r.clientId,
      name: r.name ?? new URL(r.issuer).host,
      product: r.product ?? 'other',
      authEndpoint: r.authEndpoint,
      tokenEndpoint: r.tokenEndpoint,
      jwksUrl: r.jwksUrl,
    });
    for (const d of r.deploymentIds) await this.tenancy.addDeployment(tenant.id, d);
    return tenant;
  }

  /** Adds a deployment to an existing tenant; null when the platform is not registered. */
  async addDeployment(issuer: string, clientId: string, deploymentId: string, name = ''): Promise<TenantRow | null> {
    const tenant = await this.tenancy.findTenant(issuer, clientId);
    if (!tenant) return null;
    await this.tenancy.addDeployment(tenant.id, deploymentId, name);
    return tenant;
  }
}
