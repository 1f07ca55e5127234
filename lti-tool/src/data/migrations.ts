import type { Knex } from 'knex';
import type { Db } from './db.js';

/**
 * Versioned migrations for Margins' own tables, recorded in `margins_migrations`. Append only:
 * a released migration is never edited; a change is a new version. ltijs keeps its own tables
 * (through ltijs-sequelize) in the same database; ours are all prefixed-free but never clash with its names.
 *
 * Timestamps are ISO 8601 UTC text on both databases (they sort as text); JSON is text, parsed with zod
 * on the way out by the repositories.
 */
export interface Migration {
  version: number;
  name: string;
  up(k: Knex): Promise<void>;
}

const id = (t: Knex.CreateTableBuilder, name = 'id') => t.string(name, 36);
const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

/** The ordered list of migrations. */
export const MIGRATIONS: Migration[] = [
  {
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
  },
  {
    version: 2,
    name: 'shared adaptations, social proof, focus areas and collections',
    async up(k) {
      await k.schema.createTable('adaptations', (t) => {
        id(t).primary();
        id(t, 'tenant_id').notNullable().references('tenants.id');
        id(t, 'author_user_id').notNullable().references('users.id');
        id(t, 'context_pk').nullable().references('course_contexts.id');
        t.string('visibility', 10).notNullable();
        t.string('network_status', 10).notNullable().defaultTo('none');
        t.integer('version').notNullable();
        t.boolean('deleted').notNullable().defaultTo(false);
        t.string('canonical_url', 4000).notNullable();
        t.string('page_title', 500).notNullable().defaultTo('');
        t.text('search_text').notNullable(); // lower-cased title + body + rationale
        t.text('json').notNullable();
        ts(t, 'created_at').notNullable();
        ts(t, 'updated_at').notNullable();
      });
      // Page lookup (issue 6: p99 < 20 ms among 1,000,000): the URL prefix is indexed by hash on PostgreSQL
      // would be ideal, but a plain b-tree on (tenant, url) is portable and fast for exact matches.
      await k.schema.alterTable('adaptations', (t) => {
        t.index(['tenant_id', 'canonical_url'], 'adaptations_tenant_url');
        t.index(['tenant_id', 'visibility', 'updated_at'], 'adaptations_tenant_visibility_updated');
        t.index(['author_user_id', 'updated_at'], 'adaptations_author');
        t.index(['context_pk', 'updated_at'], 'adaptations_context');
        t.index(['visibility', 'network_status', 'updated_at'], 'adaptations_network');
      });
      // Facets for library filters (kind:x, grade:x, subject:x): one row each, indexed for IN-subqueries.
      await k.schema.createTable('adaptation_tags', (t) => {
        id(t, 'adaptation_id').notNullable().references('adaptations.id').onDelete('CASCADE');
        id(t, 'tenant_id').notNullable();
        t.string('tag', 60).notNullable();
        t.primary(['adaptation_id', 'tag']);
        t.index(['tenant_id', 'tag', 'adaptation_id'], 'adaptation_tags_lookup');
        t.index(['tag', 'adaptation_id'], 'adaptation_tags_network');
      });
      await k.schema.createTable('endorsements', (t) => {
        id(t).primary();
        id(t, 'tenant_id').notNullable().references('tenants.id');
        id(t, 'adaptation_id').notNullable().references('adaptations.id');
        id(t, 'user_id').notNullable().references('users.id');
        t.string('outcome', 30).notNullable();
        t.text('note').notNullable().defaultTo('');
        ts(t, 'created_at').notNullable();
        ts(t, 'updated_at').notNullable();
        t.unique(['adaptation_id', 'user_id']);
        t.index(['user_id']);
      });
      await k.schema.createTable('feedback', (t) => {
        id(t).primary();
        id(t, 'tenant_id').notNullable().references('tenants.id');
        id(t, 'adaptation_id').notNullable().references('adaptations.id');
        id(t, 'user_id').notNullable().references('users.id');
        t.string('type', 20).notNullable();
        t.text('text').notNullable();
        ts(t, 'created_at').notNullable();
        t.index(['adaptation_id', 'created_at']);
        t.index(['user_id']);
      });
      await k.schema.createTable('focus_areas', (t) => {
        id(t).primary();
        id(t, 'tenant_id').notNullable().references('tenants.id');
        t.string('title', 200).notNullable();
        t.text('description').notNullable().defaultTo('');
        ts(t, 'created_at').notNullable();
        t.index(['tenant_id']);
      });
      await k.schema.createTable('collections', (t) => {
        id(t).primary();
        id(t, 'tenant_id').notNullable().references('tenants.id');
        id(t, 'curator_user_id').notNullable().references('users.id');
        id(t, 'focus_area_id').nullable().references('focus_areas.id');
        id(t, 'context_pk').nullable().references('course_contexts.id');
        t.string('title', 200).notNullable();
        t.text('description').notNullable().defaultTo('');
        ts(t, 'created_at').notNullable();
        ts(t, 'updated_at').notNullable();
        t.index(['tenant_id', 'focus_area_id']);
      });
      await k.schema.createTable('collection_items', (t) => {
        id(t, 'collection_id').notNullable().references('collections.id').onDelete('CASCADE');
        id(t, 'adaptation_id').notNullable().references('adaptations.id');
        t.integer('position').notNullable();
        t.text('note').notNullable().defaultTo('');
        t.primary(['collection_id', 'adaptation_id']);
        t.index(['adaptation_id']);
      });
    },
  },
];

/** Versions of the migrations already applied. */
async function appliedVersions(k: Knex): Promise<Set<number>> {
  const rows = await k('margins_migrations').select('version');
  return new Set(rows.map((r: { version: number | string }) => Number(r.version)));
}

/**
 * Applies pending migrations in order, each in its own transaction. On PostgreSQL an advisory lock
 * makes concurrent tool processes wait for one migrator instead of racing.
 */
export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const k = db.knex;
  if (!(await k.schema.hasTable('margins_migrations'))) {
    try {
      await k.schema.createTable('margins_migrations', (t) => {
        t.integer('version').primary();
        t.string('name', 200).notNullable();
        t.string('applied_at', 32).notNullable();
      });
    } catch (e) {
      if (!(await k.schema.hasTable('margins_migrations'))) throw e; // another process created it first
    }
  }
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    await k.transaction(async (trx) => {
      if (db.kind === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(?)', [0x6d617267]);
      if ((await appliedVersions(trx)).has(m.version)) return;
      await m.up(trx);
      await trx('margins_migrations').insert({ version: m.version, name: m.name, applied_at: new Date().toISOString() });
      applied.push(m.version);
    });
  }
  return applied;
}
