import type { Migration } from '../migrations.js';
import { z } from 'zod';
import { isPostgres } from '../db.js';
import { parseRows } from '../rows.js';
import { rationaleColumns, regroupAll } from '../passage-groups.js';

const BATCH = 2_000;

/**
 * Curriculum insight, one page's report in under 100 ms (issue 20): each counted adaptation's
 * rationale is kept on its passage member with the privacy guard's verdict, computed when the
 * adaptation is written (passage-groups.ts), so the page report reads passage rows only instead of
 * joining every adaptation's JSON and running the guard on every read. A database that comes from
 * before migration 110 has no passages yet: they are built here (110 made the tables). One that has
 * them gets its members' rationales filled in from their adaptations, in batches.
 */
export const migration111: Migration = {
  version: 111,
  name: 'curriculum insight: rationales on passage members',
  async up(k) {
    await k.schema.alterTable('passage_members', (t) => {
      t.text('rationale').notNullable().defaultTo('');
      t.boolean('rationale_flagged').notNullable().defaultTo(false);
    });
    if (!(await k('passage_members').first('adaptation_id'))) {
      await regroupAll(k);
      return;
    }
    let after = '';
    for (;;) {
      // The batch's ids first (the primary key's order), then their adaptations: PostgreSQL planned the
      // join-then-sort of the whole table otherwise (8 s a batch on the benchmark's 700,000 members).
      const batch = k('passage_members')
        .where('adaptation_id', '>', after)
        .andWhere('anonymous', false)
        .orderBy('adaptation_id')
        .limit(BATCH)
        .select('adaptation_id');
      const rows = parseRows(
        z.object({ adaptation_id: z.string(), json: z.string() }),
        await k
          .from(batch.as('m'))
          .join('adaptations as a', 'a.id', 'm.adaptation_id')
          .orderBy('m.adaptation_id')
          .select('m.adaptation_id', 'a.json'),
        'passage_members',
      );
      if (!rows.length) break;
      after = rows[rows.length - 1]!.adaptation_id;
      const values = rows
        .map((r) => {
          const rationale = (JSON.parse(r.json) as { rationale?: unknown }).rationale;
          return { id: r.adaptation_id, ...rationaleColumns(typeof rationale === 'string' ? rationale : '') };
        })
        .filter((v) => v.rationale !== '');
      if (!values.length) continue;
      // One UPDATE ... FROM a list of values per batch (SQLite has UPDATE FROM since 3.33).
      const row = isPostgres(k) ? '(?, ?, ?::boolean)' : '(?, ?, ?)';
      await k.raw(
        `WITH v(id, rationale, flagged) AS (VALUES ${values.map(() => row).join(', ')})
         UPDATE passage_members SET rationale = v.rationale, rationale_flagged = v.flagged
         FROM v WHERE passage_members.adaptation_id = v.id`,
        values.flatMap((v) => [v.id, v.rationale, v.rationale_flagged]),
      );
    }
  },
};
