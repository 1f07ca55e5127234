import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/** Tenants, deployments, users, courses, login states, launches, role grants and install codes. */
export const migration001: Migration = {
  version: 1,
  name: 'tenancy, launches and install codes',
  async up(k) {
    await k.schema.createTable('tenants', (t) => {
      id(t).primary();
      t.string('issuer', 500).notNullable();
      t.string('client_id', 200).notNullable();
      t.string('name', 200).notNullable();
      t.string('product', 20).notNullable(); // canvas | moodle | other
      ts(t, 'created_at').notNullable();
      t.unique(['issuer', 'client_id']);
    });
    await k.schema.createTable('deployments', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      t.string('deployment_id', 200).notNullable();
      t.string('name', 200).notNullable().defaultTo('');
      ts(t, 'created_at').notNullable();
      t.unique(['tenant_id', 'deployment_id']);
    });
    await k.schema.createTable('users', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'deployment_pk').notNullable().references('deployments.id');
      t.string('sub', 255).notNullable();
      t.string('name', 200).notNullable().defaultTo('');
      t.string('email', 320).nullable();
      ts(t, 'created_at').notNullable();
      ts(t, 'last_launch_at').notNullable();
      t.unique(['deployment_pk', 'sub']);
      t.index(['tenant_id']);
    });
    await k.schema.createTable('course_contexts', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'deployment_pk').notNullable().references('deployments.id');
      t.string('context_id', 255).notNullable();
      t.string('title', 500).notNullable().defaultTo('');
      ts(t, 'created_at').notNullable();
      t.unique(['deployment_pk', 'context_id']);
    });
    await k.schema.createTable('login_states', (t) => {
      t.string('state', 64).primary();
      t.string('nonce', 64).notNullable();
      t.string('issuer', 500).notNullable();
      t.string('client_id', 200).notNullable();
      t.string('target_link_uri', 2000).notNullable();
      t.string('storage_target', 100).nullable();
      t.string('binding_hash', 64).notNullable();
      ts(t, 'created_at').notNullable();
      ts(t, 'expires_at').notNullable();
      ts(t, 'consumed_at').nullable();
      t.index(['expires_at']);
    });
    await k.schema.createTable('launches', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'user_id').notNullable().references('users.id');
      t.text('context_json').notNullable();
      ts(t, 'created_at').notNullable();
      ts(t, 'expires_at').notNullable();
      t.index(['expires_at']);
    });
    await k.schema.createTable('role_grants', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'user_id').notNullable().references('users.id');
      t.string('role', 30).notNullable(); // coach
      id(t, 'granted_by').nullable();
      ts(t, 'created_at').notNullable();
      t.unique(['user_id', 'role']);
    });
    await k.schema.createTable('install_codes', (t) => {
      id(t).primary();
      t.string('code_hash', 64).notNullable().unique();
      t.string('label', 200).notNullable().defaultTo('');
      ts(t, 'created_at').notNullable();
      ts(t, 'expires_at').notNullable();
      ts(t, 'used_at').nullable();
      id(t, 'used_by_tenant_id').nullable();
    });
  },
};
