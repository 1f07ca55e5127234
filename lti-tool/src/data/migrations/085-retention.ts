import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * Retention (issue 16, items 5 and 6).
 *
 * `sync_feed_floor` (one row): the change feed is compacted (RetentionService); every feed row up to
 * `floor_seq` is gone, so a pull whose cursor is older is answered `resync_required` and the browser
 * reads a full snapshot again. `tenant_retention_settings`: how long a district keeps feedback text,
 * "I tried this" notes and ledger details (days). `feedback.text_removed_at`: when the retention pass
 * removed a feedback's text (the row stays, so counts and metrics do not change).
 */
export const migration085: Migration = {
  version: 85,
  name: 'retention: change-feed floor, district retention settings, removed feedback text',
  async up(k) {
    await k.schema.createTable('sync_feed_floor', (t) => {
      t.integer('id').primary();
      t.bigInteger('floor_seq').notNullable();
      ts(t, 'compacted_at').notNullable();
    });
    await k.schema.createTable('tenant_retention_settings', (t) => {
      id(t, 'tenant_id').primary().references('tenants.id');
      t.integer('detail_days').notNullable();
      ts(t, 'updated_at').notNullable();
    });
    await k.schema.alterTable('feedback', (t) => {
      ts(t, 'text_removed_at').nullable();
      t.index(['created_at'], 'feedback_created');
    });
  },
};
