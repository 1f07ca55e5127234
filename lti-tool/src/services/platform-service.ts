import type { PlatformsRepo } from '../data/platforms-repo.js';
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
    private readonly platforms: PlatformsRepo,
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

  /** The registration of (issuer, clientId) as launches see it (endpoints, origins), or null. */
  platform(issuer: string, clientId: string) {
    return this.registry.platform(issuer, clientId);
  }

  /** Adds a deployment to an existing tenant; null when the platform is not registered. */
  async addDeployment(issuer: string, clientId: string, deploymentId: string, name = ''): Promise<TenantRow | null> {
    const tenant = await this.tenancy.findTenant(issuer, clientId);
    if (!tenant) return null;
    await this.tenancy.addDeployment(tenant.id, deploymentId, name);
    return tenant;
  }

  /**
   * Joins two registrations of one platform into one district afterwards (issue 14: the tool deleted
   * and added again, "Register as new", a manual registration beside a dynamic one): the district of
   * (issuer, clientId) becomes part of the district of (issuer, intoClientId); its client_id and
   * deployments then launch into that district, the deployments continuing its first one (same people).
   * Refused when people have already launched into the district that would go: moving their data
   * between districts is not done here.
   */
  async attach(issuer: string, clientId: string, intoClientId: string): Promise<TenantRow> {
    const source = await this.tenancy.findTenant(issuer, clientId);
    const target = await this.tenancy.findTenant(issuer, intoClientId);
    if (!source) throw new Error(`No district is registered for ${issuer} with client_id ${clientId} (see: tenants).`);
    if (!target)
      throw new Error(`No district is registered for ${issuer} with client_id ${intoClientId} (see: tenants).`);
    if (source.id === target.id) return target;
    const people = await this.tenancy.countUsers(source.id);
    if (people > 0)
      throw new Error(
        `The district ${JSON.stringify(source.name)} already has ${people} ${people === 1 ? 'person' : 'people'} with data in Margins, so it is not attached (their data would be left behind). Attach a new registration before anyone launches through it, or re-register with an install code for ${JSON.stringify(target.name)} (install-code create --issuer ... --client-id ...).`,
      );
    const primary = await this.tenancy.primaryDeployment(target.id);
    await this.platforms.foldInto(source.id, target.id, primary?.id ?? null);
    await this.registry.changed(target.id);
    const row = await this.tenancy.findTenant(issuer, clientId);
    if (!row) throw new Error('attached registration vanished');
    return row;
  }

  /** Sets the further origins (besides its registered endpoints') where a district's platform serves grades and rosters. */
  async setServiceOrigins(issuer: string, clientId: string, origins: string[]): Promise<TenantRow> {
    const tenant = await this.tenancy.findTenant(issuer, clientId);
    if (!tenant) throw new Error(`No district is registered for ${issuer} with client_id ${clientId} (see: tenants).`);
    const clean = origins.map((o) => {
      if (!URL.canParse(o) || !/^https?:$/.test(new URL(o).protocol))
        throw new Error(`${JSON.stringify(o)} is not an http(s) address.`);
      return new URL(o).origin;
    });
    await this.platforms.setServiceOrigins(tenant.id, [...new Set(clean)]);
    await this.registry.changed(tenant.id);
    return tenant;
  }

  /**
   * Turns the district's policy on or off: a new deployment of its platform is recorded on its first
   * verified launch (Canvas registers none; on by default for a Canvas registration) or refused until
   * `deployment add`.
   */
  async setDeploymentsOnLaunch(issuer: string, clientId: string, on: boolean): Promise<TenantRow> {
    const tenant = await this.tenancy.findTenant(issuer, clientId);
    if (!tenant) throw new Error(`No district is registered for ${issuer} with client_id ${clientId} (see: tenants).`);
    await this.platforms.setDeploymentsOnLaunch(tenant.id, on);
    await this.registry.changed(tenant.id);
    return tenant;
  }
}
