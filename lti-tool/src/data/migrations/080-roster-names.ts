import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * The roster-aware privacy guard (issue 16): the learners' name tokens of each course, as salted
 * HMACs only (never a readable name), refreshed from the platform's roster (NRPS), and when each
 * course was last refreshed. Both go with their course (ON DELETE CASCADE).
 */
export const migration080: Migration = {
  version: 80,
  name: 'roster name tokens (salted hashes) for the privacy guard',
  async up(k) {
    await k.schema.createTable('roster_name_tokens', (t) => {
      id(t, 'context_pk').notNullable().references('course_contexts.id').onDelete('CASCADE');
      id(t, 'tenant_id').notNullable().references('tenants.id');
      t.string('token_hash', 64).notNullable();
      t.primary(['context_pk', 'token_hash']);
    });
    await k.schema.createTable('roster_refreshes', (t) => {
      id(t, 'context_pk').primary().references('course_contexts.id').onDelete('CASCADE');
      id(t, 'tenant_id').notNullable().references('tenants.id');
      ts(t, 'refreshed_at').notNullable();
      t.integer('learners').notNullable();
    });
  },
};
