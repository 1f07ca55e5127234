import { isPostgres } from '../db.js';
import type { Migration } from '../migrations.js';

/**
 * PostgreSQL: the district's settled ledger head in one round trip (LedgerRepo.head; issue 17, item 3).
 * The function waits for the district's ledger writers in flight (they hold its advisory lock shared
 * until they commit), then reads the newest `seq`: a VOLATILE function's statement sees what committed
 * while it waited, and the lock is held to the end of the caller's statement. SQLite needs none.
 */
export const migration093: Migration = {
  version: 93,
  name: 'ledger head in one statement (PostgreSQL)',
  async up(k) {
    if (!isPostgres(k)) return;
    await k.raw(`CREATE OR REPLACE FUNCTION margins_ledger_head(tenant text) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended('ledger:' || tenant, 0));
      RETURN (SELECT coalesce(max(seq), 0) FROM contribution_events WHERE tenant_id = tenant);
    END $$`);
  },
};
