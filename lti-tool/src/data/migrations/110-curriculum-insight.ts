import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * Curriculum insight (issue 20): passages across teachers, precomputed.
 *
 * - `passage_members`: one row per counted adaptation (shared beyond "only me", or private and counted
 *   anonymously by its author's choice): its page, anchor range (TextPositionSelector; null when only
 *   the quote anchors it), normalised quote, kinds and learner groups, author and school, and the
 *   passage group it belongs to. Rewritten by passage-groups.ts on every write of the adaptation.
 * - `passage_groups`: per district and page, the overlapping anchor ranges merged into passages with
 *   their teacher / school / adaptation counts, so a site report reads one row per passage.
 * - `insight_preferences`: a teacher's choices (count private adaptations anonymously, be credited by
 *   name); `insight_district_settings`: whether the district lets readers see credited names.
 */
export const migration110: Migration = {
  version: 110,
  name: 'curriculum insight: passages across teachers',
  async up(k) {
    await k.schema.createTable('passage_members', (t) => {
      id(t, 'adaptation_id').primary();
      id(t, 'tenant_id').notNullable();
      t.string('site', 300).notNullable();
      t.string('url_hash', 32).notNullable();
      t.text('canonical_url').notNullable();
      t.text('page_title').notNullable();
      id(t, 'group_id').notNullable();
      id(t, 'author_user_id').notNullable();
      t.string('school_key', 255).notNullable();
      t.integer('start_pos').nullable();
      t.integer('end_pos').nullable();
      t.string('quote_key', 300).notNullable();
      t.text('quote').notNullable();
      t.string('kinds', 500).notNullable();
      t.string('needs', 300).notNullable();
      t.boolean('anonymous').notNullable();
      ts(t, 'created_at').notNullable();
      t.index(['tenant_id', 'url_hash'], 'passage_members_page');
      t.index(['group_id', 'author_user_id', 'created_at'], 'passage_members_group');
      t.index(['tenant_id', 'author_user_id'], 'passage_members_author');
    });
    await k.schema.createTable('passage_groups', (t) => {
      id(t, 'id').primary();
      id(t, 'tenant_id').notNullable();
      t.string('site', 300).notNullable();
      t.string('url_hash', 32).notNullable();
      t.text('canonical_url').notNullable();
      t.text('page_title').notNullable();
      t.integer('start_pos').nullable();
      t.integer('end_pos').nullable();
      t.text('quote').notNullable();
      t.integer('teachers').notNullable();
      t.integer('schools').notNullable();
      t.integer('adaptations').notNullable();
      ts(t, 'first_at').notNullable();
      t.index(['tenant_id', 'site', 'teachers'], 'passage_groups_site');
      t.index(['tenant_id', 'url_hash'], 'passage_groups_page');
    });
    await k.schema.createTable('insight_preferences', (t) => {
      id(t, 'user_id').primary();
      id(t, 'tenant_id').notNullable();
      t.boolean('count_private').notNullable();
      t.boolean('credit_by_name').notNullable();
      ts(t, 'updated_at').notNullable();
    });
    await k.schema.createTable('insight_district_settings', (t) => {
      id(t, 'tenant_id').primary();
      t.boolean('name_authors').notNullable();
      ts(t, 'updated_at').notNullable();
    });
    // The passages are built by migration 111, once members have all their columns.
  },
};
