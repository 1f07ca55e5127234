import { isPostgres } from '../db.js';
import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/**
 * Incremental recognition (issue 17, item 3). Each ledger event gets a sequence number in insertion
 * order (`seq`: PostgreSQL's own sequence; on SQLite, one writer, the district's next number, set by a
 * trigger so bulk loaders get it too), and each district the position its last recognition pass
 * evaluated up to, with the rules it evaluated (`recognition_watermarks`): a pass then reads only the
 * people of the events since, and the whole ledger only when the rules changed. The watermark is a
 * row, not a process's memory, so any tool process continues where another stopped.
 */
export const migration092: Migration = {
  version: 92,
  name: 'ledger sequence and recognition watermarks',
  async up(k) {
    if (isPostgres(k)) {
      await k.raw('ALTER TABLE contribution_events ADD COLUMN seq bigserial');
    } else {
      await k.raw('ALTER TABLE contribution_events ADD COLUMN seq integer');
      await k.raw('UPDATE contribution_events SET seq = rowid');
      await k.raw(`CREATE TRIGGER contribution_events_seq AFTER INSERT ON contribution_events WHEN NEW.seq IS NULL BEGIN
        UPDATE contribution_events SET seq = (SELECT coalesce(max(seq), 0) + 1 FROM contribution_events WHERE tenant_id = NEW.tenant_id)
        WHERE id = NEW.id;
      END`);
    }
    await k.schema.alterTable('contribution_events', (t) => {
      t.index(['tenant_id', 'seq'], 'contribution_events_tenant_seq');
    });
    await k.schema.createTable('recognition_watermarks', (t) => {
      id(t, 'tenant_id').primary().references('tenants.id');
      t.string('rules_key', 64).notNullable();
      t.bigInteger('seq').notNullable();
      ts(t, 'updated_at').notNullable();
    });
  },
};
