import { z } from 'zod';
import type { Db } from './db.js';
import { dbJson, dbNullableText, parseRow, parseRows } from './rows.js';

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
  'issuer',
  'client_id',
  'name',
  'auth_endpoint',
  'token_endpoint',
  'jwks_url',
  'tool_kid',
] as const;

/** Platform endpoints and tool keys. */
export class PlatformsRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /** The registration of (issuer, client_id), or null when there is no such tenant. */
  async find(issuer: string, clientId: string): Promise<PlatformRow | null> {
    const row: unknown = await this.k('tenants').where({ issuer, client_id: clientId }).first(PLATFORM_COLUMNS);
    return row ? parseRow(PlatformRowSchema, row, 'tenants') : null;
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
