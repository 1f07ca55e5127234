import type { PlatformsRepo } from '../data/platforms-repo.js';
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
    },
  ) {}

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
    };
    this.cache.set(key, { at: Date.now(), info });
    return info;
  }

  /**
   * Registers (or updates) a platform: its tenant (made if new), its endpoints, and a tool key for it
   * (kept when it has one, so a platform registering again keeps verifying with the same kid).
   */
  async register(r: PlatformRegistration): Promise<TenantRow> {
    const tenant = await this.deps.tenancy.ensureTenant({
      issuer: r.issuer,
      clientId: r.clientId,
      name: r.name,
      product: r.product,
    });
    await this.deps.platforms.setEndpoints(tenant.id, r);
    await this.deps.keys.ensure(tenant.id);
    this.cache.delete(`${r.issuer}\n${r.clientId}`);
    return tenant;
  }

  /** The tool's signing key for one platform, or null when the platform is not registered. */
  async signingKey(issuer: string, clientId: string): Promise<ToolSigningKey | null> {
    const row = await this.deps.platforms.find(issuer, clientId);
    if (!row?.auth_endpoint) return null;
    return this.deps.keys.signingKey(row.id);
  }
}
