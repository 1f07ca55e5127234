import type { Migration } from '../migrations.js';
import { ts } from './columns.js';

/**
 * "Delete my account from the district" (issue 16, item 4): a deleted person's row stays as a
 * pseudonym (its random id keeps the ledger and metrics whole) with no name, email or LMS id, and
 * `deleted_at` says so: people searches skip it, and a new launch of the same LMS user creates a new,
 * empty account because the row no longer holds their `sub`.
 */
export const migration081: Migration = {
  version: 81,
  name: 'deleted accounts keep a pseudonymous row',
  async up(k) {
    await k.schema.alterTable('users', (t) => {
      ts(t, 'deleted_at').nullable();
    });
  },
};
