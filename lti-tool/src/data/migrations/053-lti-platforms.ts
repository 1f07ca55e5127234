import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * The platform registry moves from ltijs into Margins' own tables (issue 19): a tenant (issuer +
 * client_id) gets the platform's endpoints (OIDC auth, OAuth2 token, JWKS) and the kid of the tool key
 * it signs with for that platform; `lti_tool_keys` holds the tool's RSA key pairs, the private half only
 * sealed (AES-256-GCM under a key derived from MARGINS_SECRET, bound to tenant and kid). The endpoint
 * columns are nullable: a tenant with none is not registered for launches (repository tests make such).
 */
export const migration053: Migration = {
  version: 53,
  name: 'lti platform registry: endpoints on tenants, tool keys',
  async up(k) {
    await k.schema.alterTable('tenants', (t) => {
      t.string('auth_endpoint', 2000).nullable();
      t.string('token_endpoint', 2000).nullable();
      t.string('jwks_url', 2000).nullable();
      t.string('tool_kid', 64).nullable();
    });
    await k.schema.createTable('lti_tool_keys', (t) => {
      t.string('kid', 64).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      t.text('public_jwk').notNullable(); // {kty, n, e}: the public half only
      t.text('private_key_sealed').notNullable();
      ts(t, 'created_at').notNullable();
      t.index(['tenant_id']);
    });
  },
};
