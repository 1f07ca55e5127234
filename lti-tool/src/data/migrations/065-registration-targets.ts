import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * One district per platform, however often it registers (issues 12 and 14):
 * - `install_codes.target_tenant_id`: a code a district's admin created "to re-register district X";
 *   only such a code may change X's registration or attach a new client_id to X, and no code may change
 *   another district's.
 * - `platform_clients`: further client_ids of the same platform issuer attached to an existing district
 *   (the tool deleted and added again, "Register as new", a manual registration beside a dynamic one),
 *   each with the endpoints it registered; launches through them land in that district.
 * - `tenants.service_origins`: origins besides the registered endpoints' where the platform's services
 *   (grades, names and roles) live, added by the admin (Canvas serves them on the district's own host).
 * - `deployments.same_as`: a deployment that continues another one of the same district, so a teacher
 *   launching through the new deployment is the same person with the same data.
 */
export const migration065: Migration = {
  version: 65,
  name: 'install code targets, attached platform clients, continued deployments',
  async up(k) {
    await k.schema.alterTable('install_codes', (t) => {
      id(t, 'target_tenant_id').nullable().references('tenants.id');
    });
    await k.schema.createTable('platform_clients', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      t.string('issuer', 500).notNullable();
      t.string('client_id', 200).notNullable();
      t.string('auth_endpoint', 2000).notNullable();
      t.string('token_endpoint', 2000).notNullable();
      t.string('jwks_url', 2000).notNullable();
      ts(t, 'created_at').notNullable();
      t.unique(['issuer', 'client_id']);
      t.index(['tenant_id']);
    });
    await k.schema.alterTable('tenants', (t) => {
      t.text('service_origins').nullable(); // JSON array of origins, besides the registered endpoints'
    });
    await k.schema.alterTable('deployments', (t) => {
      id(t, 'same_as').nullable().references('deployments.id');
    });
  },
};
