import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * The append-only contribution ledger (DESIGN: Contribution ledger): recognition rules and leadership
 * metrics are computed from it. Rows are never updated or deleted; `dedupe_key` lets a writer record
 * "this happened" once even when the action is repeated (an endorsement edited, a retried request).
 */
export const migration003: Migration = {
  version: 3,
  name: 'contribution ledger',
  async up(k) {
    await k.schema.createTable('contribution_events', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      t.string('type', 20).notNullable();
      id(t, 'actor_user_id').notNullable().references('users.id');
      id(t, 'beneficiary_user_id').nullable().references('users.id');
      id(t, 'adaptation_id').nullable();
      id(t, 'context_pk').nullable().references('course_contexts.id');
      t.string('school_id', 255).nullable();
      t.text('data_json').notNullable().defaultTo('{}');
      t.string('dedupe_key', 200).nullable();
      ts(t, 'at').notNullable();
      t.unique(['tenant_id', 'dedupe_key'], { indexName: 'contribution_events_dedupe' });
      t.index(['tenant_id', 'at'], 'contribution_events_tenant_at');
      t.index(['tenant_id', 'actor_user_id', 'type'], 'contribution_events_actor');
      t.index(['tenant_id', 'beneficiary_user_id', 'type'], 'contribution_events_beneficiary');
      t.index(['adaptation_id'], 'contribution_events_adaptation');
    });
  },
};
