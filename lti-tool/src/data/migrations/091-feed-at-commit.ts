import type { Knex } from 'knex';
import { isPostgres } from '../db.js';
import type { Migration } from '../migrations.js';
import { createFeedTriggers as createFeedTriggers010 } from './010-sync.js';

/** The tables whose writes land on the change feed, with the events that do. */
const FEED_TABLES = [
  ['adaptations', 'INSERT OR UPDATE', 'margins_adaptation_feed'],
  ['endorsements', 'INSERT OR UPDATE OR DELETE', 'margins_social_feed'],
  ['feedback', 'INSERT OR DELETE', 'margins_social_feed'],
] as const;

/**
 * PostgreSQL: the change feed is written at commit instead of at each write (issue 17, item 2).
 *
 * The feed's numbers must commit in order (a pull cursor never skips a change), so its writers take
 * one advisory lock. Migration 010 took it at a transaction's first write to these tables, which
 * held it for the whole push: pushes of every district ran one at a time. Now the feed triggers are
 * constraint triggers deferred to commit: a push does its work under its own district's lock
 * (SyncRepo.lockDistrict), and the global lock is held only from writing its feed rows to its commit.
 * A holder of the feed lock then only inserts feed rows, so it never waits on a row lock and cannot
 * deadlock with a writer that holds row locks and waits for the feed. SQLite (one writer) keeps 010's.
 */
export const migration091: Migration = {
  version: 91,
  name: 'change feed written at commit (PostgreSQL)',
  async up(k) {
    if (isPostgres(k)) await deferFeedTriggers(k);
  },
};

async function deferFeedTriggers(k: Knex): Promise<void> {
  for (const [table, events, fn] of FEED_TABLES) {
    await k.raw(`DROP TRIGGER IF EXISTS ${table}_feed_lock ON ${table}`);
    await k.raw(`DROP TRIGGER IF EXISTS ${table}_feed ON ${table}`);
    await k.raw(
      `CREATE CONSTRAINT TRIGGER ${table}_feed AFTER ${events} ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
  }
}

/** Creates the change-feed triggers as the latest migration has them (for bulk loaders that dropped them). */
export async function createFeedTriggers(k: Knex): Promise<void> {
  await createFeedTriggers010(k);
  if (isPostgres(k)) await deferFeedTriggers(k);
}
