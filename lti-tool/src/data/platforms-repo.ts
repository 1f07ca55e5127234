import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { dbBool, dbJson, dbNullableText, parseRow, parseRows } from './rows.js';

/**
 * The LTI platform registry (it was ltijs' until issue 19): a tenant's platform endpoints and the tool
 * keys it signs with. Tenants themselves (issuer + client_id, name, deployments) stay in TenancyRepo.
 */

/** A tenant as a platform registration; null endpoints mean it was never registered for launches. */
export const PlatformRowSchema = z.object({
  id: z.string(),
  issuer: z.string(),
  client_id: z.string(),
  name: z.string(),
  auth_endpoint: dbNullableText,
  token_endpoint: dbNullableText,
  jwks_url: dbNullableText,
  tool_kid: dbNullableText,
  /** Further origins of the platform's services (JSON array), set by the admin. */
  service_origins: dbNullableText.default(null),
  product: z.enum(['canvas', 'moodle', 'other']),
  /** New deployments are recorded on their first verified launch (Canvas registers none; issue 14). */
  deployments_on_launch: dbBool.default(false),
});
/** A platform row. */
export type PlatformRow = z.infer<typeof PlatformRowSchema>;

/** The public half of an RSA tool key, as stored (JWK members of RFC 7518 6.3.1). */
export const RsaPublicJwkSchema = z.object({ kty: z.literal('RSA'), n: z.string().min(1), e: z.string().min(1) });

/** One tool key pair; the private half only ever sealed. */
export const ToolKeyRowSchema = z.object({
  kid: z.string(),
  tenant_id: z.string(),
  public_jwk: dbJson(RsaPublicJwkSchema),
  private_key_sealed: z.string(),
  created_at: z.string(),
});
/** A tool key row. */
export type ToolKeyRow = z.infer<typeof ToolKeyRowSchema>;

/** What a new tool key row holds. */
export interface NewToolKey {
  kid: string;
  tenantId: string;
  publicJwk: z.infer<typeof RsaPublicJwkSchema>;
  privateKeySealed: string;
  createdAt: string;
}

const PLATFORM_COLUMNS = [
  'id',
  'product',
  'deployments_on_launch',
  'issuer',
  'client_id',
  'name',
  'auth_endpoint',
  'token_endpoint',
  'jwks_url',
  'tool_kid',
  'service_origins',
] as const;

/** Platform endpoints and tool keys. */
export class PlatformsRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /**
   * The registration of (issuer, client_id), or null when there is none: a tenant's own, or a client_id
   * attached to a tenant (its own endpoints, the tenant's id, name and tool key).
   */
  async find(issuer: string, clientId: string): Promise<PlatformRow | null> {
    const row: unknown = await this.k('tenants').where({ issuer, client_id: clientId }).first(PLATFORM_COLUMNS);
    if (row) return parseRow(PlatformRowSchema, row, 'tenants');
    const attached: unknown = await this.k('platform_clients as c')
      .join('tenants as t', 't.id', 'c.tenant_id')
      .where({ 'c.issuer': issuer, 'c.client_id': clientId })
      .first(
        't.id',
        // An attached client_id is the same platform and district: its product and policies are the tenant's.
        't.product',
        't.deployments_on_launch',
        'c.issuer',
        'c.client_id',
        't.name',
        'c.auth_endpoint',
        'c.token_endpoint',
        'c.jwks_url',
        't.tool_kid',
        't.service_origins',
      );
    return attached ? parseRow(PlatformRowSchema, attached, 'platform_clients') : null;
  }

  /** Replaces the further service origins of a tenant. */
  async setServiceOrigins(tenantId: string, origins: string[]): Promise<void> {
    await this.k('tenants')
      .where({ id: tenantId })
      .update({ service_origins: origins.length ? JSON.stringify(origins) : null });
  }

  /** Whether a district records a new deployment on its first verified launch (see LaunchService). */
  async setDeploymentsOnLaunch(tenantId: string, on: boolean): Promise<void> {
    await this.k('tenants').where({ id: tenantId }).update({ deployments_on_launch: on });
  }

  /** Whether (issuer, client_id) is an attached client_id (not a tenant's own registration). */
  async isAttached(issuer: string, clientId: string): Promise<boolean> {
    return (await this.k('platform_clients').where({ issuer, client_id: clientId }).first('id')) !== undefined;
  }

  /** Attaches another client_id of the same platform to a tenant, with the endpoints it registered. */
  async attachClient(
    tenantId: string,
    c: { issuer: string; clientId: string; authEndpoint: string; tokenEndpoint: string; jwksUrl: string },
  ): Promise<void> {
    await this.k('platform_clients')
      .insert({
        id: randomUUID(),
        tenant_id: tenantId,
        issuer: c.issuer,
        client_id: c.clientId,
        auth_endpoint: c.authEndpoint,
        token_endpoint: c.tokenEndpoint,
        jwks_url: c.jwksUrl,
        created_at: nowIso(),
      })
      .onConflict(['issuer', 'client_id'])
      .merge(['auth_endpoint', 'token_endpoint', 'jwks_url']);
  }

  /**
   * Folds district `sourceId` (its own registration, attached client_ids and deployments) into district
   * `targetId`, in one transaction: the registrations become client_ids of the target, the deployments
   * continue `continuesPk` (the target's primary deployment), and the source district goes. Only for a
   * district nobody has launched into yet (the caller checks); a foreign key still pointing at it aborts.
   */
  async foldInto(sourceId: string, targetId: string, continuesPk: string | null): Promise<void> {
    await this.k.transaction(async (trx) => {
      const source = parseRow(
        PlatformRowSchema,
        await trx('tenants').where({ id: sourceId }).first(PLATFORM_COLUMNS),
        'tenants',
      );
      await trx('platform_clients').where({ tenant_id: sourceId }).update({ tenant_id: targetId });
      if (source.auth_endpoint && source.token_endpoint && source.jwks_url)
        await trx('platform_clients').insert({
          id: randomUUID(),
          tenant_id: targetId,
          issuer: source.issuer,
          client_id: source.client_id,
          auth_endpoint: source.auth_endpoint,
          token_endpoint: source.token_endpoint,
          jwks_url: source.jwks_url,
          created_at: nowIso(),
        });
      const deployments = (await trx('deployments').where({ tenant_id: sourceId })) as {
        deployment_id: string;
        name: string;
        created_at: string;
      }[];
      await trx('deployments').where({ tenant_id: sourceId }).del();
      for (const d of deployments) {
        await trx('deployments')
          .insert({
            id: randomUUID(),
            tenant_id: targetId,
            deployment_id: d.deployment_id,
            name: d.name,
            created_at: d.created_at,
            ...(continuesPk ? { same_as: continuesPk } : {}),
          })
          .onConflict(['tenant_id', 'deployment_id'])
          .ignore();
      }
      await trx('install_codes').where({ target_tenant_id: sourceId }).update({ target_tenant_id: targetId });
      await trx('tenants').where({ id: sourceId }).update({ tool_kid: null });
      await trx('lti_tool_keys').where({ tenant_id: sourceId }).del();
      await trx('tenants').where({ id: sourceId }).del();
    });
  }

  /** Replaces the endpoints of an attached client_id. */
  async setClientEndpoints(
    issuer: string,
    clientId: string,
    e: { authEndpoint: string; tokenEndpoint: string; jwksUrl: string },
  ): Promise<void> {
    await this.k('platform_clients')
      .where({ issuer, client_id: clientId })
      .update({ auth_endpoint: e.authEndpoint, token_endpoint: e.tokenEndpoint, jwks_url: e.jwksUrl });
  }

  /** Records (or replaces) the platform's endpoints on its tenant. */
  async setEndpoints(
    tenantId: string,
    e: { authEndpoint: string; tokenEndpoint: string; jwksUrl: string },
  ): Promise<void> {
    await this.k('tenants')
      .where({ id: tenantId })
      .update({ auth_endpoint: e.authEndpoint, token_endpoint: e.tokenEndpoint, jwks_url: e.jwksUrl });
  }

  /**
   * Makes `key` the tenant's signing key unless it already has one (another process may have made one
   * at the same moment: the first to commit wins, the loser's key is never stored). Returns the key in use.
   */
  async adoptKey(key: NewToolKey): Promise<ToolKeyRow> {
    await this.k.transaction(async (trx) => {
      const updated = await trx('tenants')
        .where({ id: key.tenantId })
        .whereNull('tool_kid')
        .update({ tool_kid: key.kid });
      if (updated !== 1) return;
      await trx('lti_tool_keys').insert({
        kid: key.kid,
        tenant_id: key.tenantId,
        public_jwk: JSON.stringify(key.publicJwk),
        private_key_sealed: key.privateKeySealed,
        created_at: key.createdAt,
      });
    });
    const current = await this.currentKey(key.tenantId);
    if (!current) throw new Error(`tenant ${key.tenantId} has no tool key after adopting one`);
    return current;
  }

  /** The key the tenant's messages are signed with, or null before one was made. */
  async currentKey(tenantId: string): Promise<ToolKeyRow | null> {
    const row: unknown = await this.k('lti_tool_keys')
      .join('tenants', 'tenants.tool_kid', 'lti_tool_keys.kid')
      .where('tenants.id', tenantId)
      .first('lti_tool_keys.*');
    return row ? parseRow(ToolKeyRowSchema, row, 'lti_tool_keys') : null;
  }

  /** Every tool key's kid and public half, oldest first (the keyset). */
  async publicKeys(): Promise<Array<Pick<ToolKeyRow, 'kid' | 'public_jwk'>>> {
    const rows = await this.k('lti_tool_keys').orderBy(['created_at', 'kid']).select('kid', 'public_jwk');
    return parseRows(ToolKeyRowSchema.pick({ kid: true, public_jwk: true }), rows, 'lti_tool_keys');
  }
}
