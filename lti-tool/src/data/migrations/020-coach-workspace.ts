import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * The coach workspace (issue 7): publishing collections, editing focus areas, network sharing
 * reviews, featured practices, mentoring pairs, single-use deep-linking responses and the course
 * participation grade (AGS). Collections, items and focus areas themselves come from migration 2.
 */
export const migration020: Migration = {
  version: 20,
  name: 'coach workspace: publishing, reviews, featuring, mentoring, deep-link responses, participation grade',
  async up(k) {
    await k.schema.alterTable('collections', (t) => {
      ts(t, 'published_at').nullable(); // null = draft: only coaches see it
      id(t, 'published_by').nullable();
    });
    await k.schema.alterTable('focus_areas', (t) => {
      ts(t, 'updated_at').nullable();
    });
    await k('focus_areas').update({ updated_at: k.ref('created_at') });

    // Every decision on a practice's network sharing, newest last; the latest one is what the author sees.
    await k.schema.createTable('network_reviews', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'adaptation_id').notNullable().references('adaptations.id');
      id(t, 'reviewer_user_id').notNullable().references('users.id');
      t.string('decision', 10).notNullable(); // approved | declined
      t.text('note').notNullable().defaultTo('');
      ts(t, 'at').notNullable();
      t.index(['adaptation_id', 'at'], 'network_reviews_adaptation');
    });

    // A practice a district's coaches feature, per tenant (a network practice can be featured by another district).
    await k.schema.createTable('featured_adaptations', (t) => {
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'adaptation_id').notNullable().references('adaptations.id');
      t.text('reason').notNullable();
      id(t, 'featured_by').notNullable().references('users.id');
      ts(t, 'featured_at').notNullable();
      t.primary(['tenant_id', 'adaptation_id']);
    });

    await k.schema.createTable('mentoring_pairs', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'mentor_user_id').notNullable().references('users.id');
      id(t, 'mentee_user_id').notNullable().references('users.id');
      id(t, 'created_by').notNullable().references('users.id');
      ts(t, 'created_at').notNullable();
      ts(t, 'ended_at').nullable();
      id(t, 'ended_by').nullable();
      t.index(['tenant_id', 'mentee_user_id'], 'mentoring_pairs_mentee');
      t.index(['tenant_id', 'mentor_user_id'], 'mentoring_pairs_mentor');
    });
    // At most one active pair per (mentor, mentee): a partial unique index (same syntax on SQLite and PostgreSQL).
    await k.raw(
      'CREATE UNIQUE INDEX mentoring_pairs_active ON mentoring_pairs (tenant_id, mentor_user_id, mentee_user_id) WHERE ended_at IS NULL',
    );

    // One deep-linking response per deep-linking launch (the launch id is the key).
    await k.schema.createTable('deep_link_responses', (t) => {
      id(t, 'launch_id').primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'user_id').notNullable().references('users.id');
      t.text('items_json').notNullable();
      ts(t, 'created_at').notNullable();
    });

    // The participation grade of a course: the AGS endpoints its launches carried and the line item used.
    await k.schema.createTable('participation_grades', (t) => {
      id(t, 'context_pk').primary().references('course_contexts.id');
      id(t, 'tenant_id').notNullable().references('tenants.id');
      t.boolean('enabled').notNullable();
      t.string('lineitems_url', 2000).notNullable();
      t.string('lineitem_url', 2000).nullable();
      t.text('scopes_json').notNullable();
      id(t, 'changed_by').notNullable().references('users.id');
      ts(t, 'changed_at').notNullable();
      t.text('last_error').nullable();
      t.index(['tenant_id', 'enabled'], 'participation_grades_enabled');
    });
    // Who launched Margins from a course (participants whose participation can be graded there).
    await k.schema.createTable('course_participants', (t) => {
      id(t, 'context_pk').notNullable().references('course_contexts.id');
      id(t, 'user_id').notNullable().references('users.id');
      id(t, 'tenant_id').notNullable().references('tenants.id');
      ts(t, 'first_seen_at').notNullable();
      ts(t, 'last_seen_at').notNullable();
      t.primary(['context_pk', 'user_id']);
    });
    // The last score posted per participant, so a score is posted only when it changes.
    await k.schema.createTable('participation_scores', (t) => {
      id(t, 'context_pk').notNullable().references('course_contexts.id');
      id(t, 'user_id').notNullable().references('users.id');
      t.integer('score').notNullable();
      t.string('status', 10).notNullable(); // posted | failed
      t.text('error').nullable();
      ts(t, 'updated_at').notNullable();
      t.primary(['context_pk', 'user_id']);
    });
    // Background jobs' progress through the append-only ledger (e.g. participation grading).
    await k.schema.createTable('job_cursors', (t) => {
      t.string('name', 60).primary();
      t.string('value', 200).notNullable();
      ts(t, 'updated_at').notNullable();
    });
  },
};
