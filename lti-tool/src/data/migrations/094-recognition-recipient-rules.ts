import type { Migration } from '../migrations.js';

/**
 * The incremental recognition pass (issue 17) reads the rule recognitions of a few people: by
 * (district, recipient), covering the rule, so no table row is read. It replaces migration 040's
 * (district, recipient) index, of which it is an extension; without it SQLite preferred the covering
 * (district, rule, recipient) index and read every recognition of the district.
 */
export const migration094: Migration = {
  version: 94,
  name: 'recognitions by recipient, covering the rule',
  async up(k) {
    await k.schema.alterTable('recognitions', (t) => {
      t.index(['tenant_id', 'recipient_user_id', 'rule_id'], 'recognitions_recipient_rule');
    });
    await k.schema.alterTable('recognitions', (t) => {
      t.dropIndex(['tenant_id', 'recipient_user_id'], 'recognitions_recipient');
    });
  },
};
