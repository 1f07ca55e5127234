import type { Migration } from '../migrations.js';

/** The table rate-limiter-flexible's PostgreSQL store counts in (src/http/rate-limits.ts). */
export const RATE_LIMIT_TABLE = 'margins_rate_limits';

/**
 * Rate limits shared by every tool process on one PostgreSQL database (issue 17): one row per
 * limiter key with its points and window end, in the exact shape rate-limiter-flexible's store
 * reads and writes. Created here rather than by the library at start-up, where several processes
 * starting together raced on CREATE TABLE IF NOT EXISTS. SQLite gets it too (same schema on both),
 * though its one process counts in memory.
 */
export const migration090: Migration = {
  version: 90,
  name: 'shared rate limit counters',
  async up(k) {
    await k.schema.createTable(RATE_LIMIT_TABLE, (t) => {
      t.string('key', 255).primary();
      t.integer('points').notNullable().defaultTo(0);
      t.bigInteger('expire');
    });
  },
};
