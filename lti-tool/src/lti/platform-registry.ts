import type { PlatformsRepo } from '../data/platforms-repo.js';
import type { ChangeBus } from '../data/change-bus.js';
import type { TenancyRepo, TenantRow } from '../data/tenancy-repo.js';
import type { Product } from './lms/index.js';
import type { ToolKeys, ToolSigningKey } from './tool-keys.js';

/**
 * The LTI platform registry and the tool's keys, done with jose and our own tables instead of ltijs.
 *
 * Why not ltijs 5.9.9 any more: by issue 19 Margins used it only for this registry, the per-platform
 * keys, the keyset route and Deep Linking signing; login, launch validation, JWKS caching, the ltik,
 * dynamic registration and the AGS client had already been replaced in lti/ because their gaps
 * (DESIGN.md, "Known ltijs 5.9.9 gaps") sit inside each step. Keeping the rest alive took patches with
 * global side effects: a Provider built through the singleton's prototype, the global `console.info`
 * swapped during deploy, SIGINT listeners (which call process.exit) removed, and a fake id token built
 * just to sign a deep-linking response. It also brought mongoose, an express 4 app and a second
 * Sequelize layer (with its own migrator, cleanup cron and connection pool) onto the same SQLite file
 * or PostgreSQL database, whose schema set-up raced when two instances started together
 * ("relation idtokens_created_at already exists"). What it did is small: a few columns on tenants, a
 * key table, RS256 signing with jose, and a JWKS answer. Migration 054 imports what ltijs stored.
 */

/** A platform as login, launch and the grade client need it. */
export interface PlatformInfo {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  /** The platform's JWKS URL; null for an imported registration that had a pasted key instead. */
  jwksUrl: string | null;
  /**
   * Where the platform lives: the origins of its issuer, endpoints and any service origins the admin
   * added. Grade and roster requests go nowhere else.
   */
  origins: string[];
  product: Product;
  /** Its new deployments are recorded on their first verified launch (a per-platform policy). */
  deploymentsOnLaunch: boolean;
}

/** What a manual or dynamic registration records. */
export interface PlatformRegistration {
  issuer: string;
  clientId: string;
  /** The tenant's name when it is new (an existing tenant keeps its name). */
  name: string;
  product: Product;
  authEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
}

/** How long a platform record is served from memory before it is read again. */
const PLATFORM_CACHE_MS = 30_000;

/** Registered platforms (with a short cache) and their signing keys. */
export class PlatformRegistry {
  private readonly cache = new Map<string, { at: number; info: PlatformInfo }>();

  constructor(
    private readonly deps: {
      tenancy: TenancyRepo;
      platforms: PlatformsRepo;
      keys: ToolKeys;
      /** Tells every tool process that a registration changed (their caches drop it). */
      bus: ChangeBus;
    },
  ) {
    deps.bus.on('tenancy', () => this.cache.clear());
  }

  /** The registered platform for (issuer, client_id), or null. Misses are never cached. */
  async platform(issuer: string, clientId: string): Promise<PlatformInfo | null> {
    const key = `${issuer}\n${clientId}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < PLATFORM_CACHE_MS) return hit.info;
    const row = await this.deps.platforms.find(issuer, clientId);
    if (!row?.auth_endpoint || !row.token_endpoint) return null;
    const info: PlatformInfo = {
      issuer,
      clientId,
      name: row.name,
      authEndpoint: row.auth_endpoint,
      tokenEndpoint: row.token_endpoint,
      jwksUrl: row.jwks_url,
      origins: originsOf([
        issuer,
        row.auth_endpoint,
        row.token_endpoint,
        row.jwks_url,
        ...serviceOrigins(row.service_origins),
      ]),
      product: row.product,
      deploymentsOnLaunch: row.deployments_on_launch,
    };
    this.cache.set(key, { at: Date.now(), info });
    return info;
  }

  /**
   * Registers (or updates) a platform: its tenant (made if new), its endpoints, and a tool key for it
   * (kept when it has one, so a platform registering again keeps verifying with the same kid).
   */
  async register(r: PlatformRegistration): Promise<TenantRow> {
    let tenant: TenantRow | null;
    if (await this.deps.platforms.isAttached(r.issuer, r.clientId)) {
      await this.deps.platforms.setClientEndpoints(r.issuer, r.clientId, r);
      tenant = await this.deps.tenancy.findTenant(r.issuer, r.clientId);
      if (!tenant) throw new Error('attached platform client lost its tenant');
    } else {
      const isNew = !(await this.deps.tenancy.findTenant(r.issuer, r.clientId));
      tenant = await this.deps.tenancy.ensureTenant({
        issuer: r.issuer,
        clientId: r.clientId,
        name: r.name,
        product: r.product,
      });
      await this.deps.platforms.setEndpoints(tenant.id, r);
      // Canvas's registration names no deployment (instructure/canvas-lms:doc/api/registration.md,
      // "Registration Response": the registration and its client_id): its deployments are recorded on
      // their first verified launch unless an admin turns that off.
      if (r.product === 'canvas' && isNew) await this.deps.platforms.setDeploymentsOnLaunch(tenant.id, true);
    }
    await this.deps.keys.ensure(tenant.id);
    await this.changed(tenant.id);
    return tenant;
  }

  /**
   * Attaches another client_id of the platform `tenant` is registered for (the same issuer) to it:
   * launches through that client_id then land in this district. The caller decides that it may.
   */
  async attach(tenant: TenantRow, r: Omit<PlatformRegistration, 'name' | 'product'>): Promise<TenantRow> {
    if (r.issuer !== tenant.issuer)
      throw new Error(`Only the platform ${tenant.issuer} can be attached to the district ${tenant.name}.`);
    const existing = await this.deps.tenancy.findTenant(r.issuer, r.clientId);
    if (existing && existing.id !== tenant.id)
      throw new Error('That client_id is registered for another district; merge the districts instead.');
    if (!existing) await this.deps.platforms.attachClient(tenant.id, r);
    else await this.register({ ...r, name: tenant.name, product: tenant.product });
    await this.deps.keys.ensure(tenant.id);
    await this.changed(tenant.id);
    const row = await this.deps.tenancy.findTenant(r.issuer, r.clientId);
    if (!row) throw new Error('attached platform client vanished');
    return row;
  }

  /**
   * A district's registration, deployments or settings changed: every tool process drops what it
   * cached of registrations (here), tenants and deployments (launches) and platform keys.
   */
  changed(tenantId: string): Promise<void> {
    return this.deps.bus.publish('tenancy', tenantId);
  }

  /** The tool's signing key for one platform, or null when the platform is not registered. */
  async signingKey(issuer: string, clientId: string): Promise<ToolSigningKey | null> {
    const row = await this.deps.platforms.find(issuer, clientId);
    if (!row?.auth_endpoint) return null;
    return this.deps.keys.signingKey(row.id);
  }
}

function serviceOrigins(json: string | null): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The distinct http(s) origins of `urls`. */
function originsOf(urls: (string | null)[]): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    if (!u || !URL.canParse(u)) continue;
    const url = new URL(u);
    if (url.protocol === 'https:' || url.protocol === 'http:') out.add(url.origin);
  }
  return [...out];
}
