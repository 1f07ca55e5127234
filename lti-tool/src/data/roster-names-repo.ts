import { z } from 'zod';
import type { Db } from './db.js';
import { parseRow, parseRows } from './rows.js';

const RefreshRow = z.object({ refreshed_at: z.string() });
const HashRow = z.object({ token_hash: z.string() });

/** Rows inserted per statement (well under SQLite's bound-parameter limit). */
const BATCH = 300;

/**
 * The learners' name tokens of each course, as salted hashes (migration 080): replaced as a whole
 * on each roster refresh, read as the set of every course a writer takes part in.
 */
export class RosterNamesRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /** Replaces a course's token hashes and notes when, in one transaction. */
  async replace(tenantId: string, contextPk: string, hashes: readonly string[], at: string, learners: number) {
    await this.k.transaction(async (trx) => {
      await trx('roster_name_tokens').where({ context_pk: contextPk }).delete();
      const rows = [...new Set(hashes)].map((token_hash) => ({
        context_pk: contextPk,
        tenant_id: tenantId,
        token_hash,
      }));
      for (let i = 0; i < rows.length; i += BATCH) await trx('roster_name_tokens').insert(rows.slice(i, i + BATCH));
      await trx('roster_refreshes')
        .insert({ context_pk: contextPk, tenant_id: tenantId, refreshed_at: at, learners })
        .onConflict('context_pk')
        .merge(['refreshed_at', 'learners']);
    });
  }

  /** When the course's roster was last refreshed, or null. */
  async refreshedAt(contextPk: string): Promise<string | null> {
    const row: unknown = await this.k('roster_refreshes').where({ context_pk: contextPk }).first('refreshed_at');
    return row ? parseRow(RefreshRow, row, 'roster_refreshes').refreshed_at : null;
  }

  /** Every token hash of the courses the person has opened Margins from, in their own district only. */
  async hashesFor(tenantId: string, userId: string): Promise<Set<string>> {
    const rows: unknown[] = await this.k('roster_name_tokens as r')
      .join('course_participants as p', 'p.context_pk', 'r.context_pk')
      .where({ 'p.user_id': userId, 'p.tenant_id': tenantId, 'r.tenant_id': tenantId })
      .distinct('r.token_hash');
    return new Set(parseRows(HashRow, rows, 'roster_name_tokens').map((r) => r.token_hash));
  }
}
