import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/** Shared adaptations with their facets, endorsements, feedback, focus areas and collections. */
export const migration002: Migration = {
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
};
