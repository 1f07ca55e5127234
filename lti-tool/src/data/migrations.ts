import type { Knex } from 'knex';
import type { Db } from './db.js';
import { migration001 } from './migrations/001-tenancy.js';
import { migration002 } from './migrations/002-sharing.js';
import { migration003 } from './migrations/003-contribution-ledger.js';
import { migration010 } from './migrations/010-sync.js';
import { migration020 } from './migrations/020-coach-workspace.js';
import { migration030 } from './migrations/030-schools.js';
import { migration040 } from './migrations/040-recognition.js';
import { migration050 } from './migrations/050-metrics.js';
import { migration051 } from './migrations/051-metrics-school-rollups.js';
import { migration052 } from './migrations/052-metrics-person-indexes.js';

/**
 * Versioned migrations for Margins' own tables, recorded in `margins_migrations`. Append only:
 * a released migration is never edited; a change is a new version. ltijs keeps its own tables
 * (through ltijs-sequelize) in the same database; ours are all prefixed-free but never clash with its names.
 *
 * Timestamps are ISO 8601 UTC text on both databases (they sort as text); JSON is text, parsed with zod
 * on the way out by the repositories.
 */
export interface Migration {
  version: number;
  name: string;
  up(k: Knex): Promise<void>;
}

/**
 * The ordered list of migrations, one file each under `migrations/` (NNN-name.ts). A new table or
 * column is a new file appended here, so parallel work never edits a released migration.
 */
export const MIGRATIONS: Migration[] = [
  migration001,
  migration002,
  migration003,
  migration010,
  migration020,
  migration030,
  migration040,
  migration050,
  migration051,
  migration052,
];

/** Versions of the migrations already applied. */
async function appliedVersions(k: Knex): Promise<Set<number>> {
  const rows = await k('margins_migrations').select('version');
  return new Set(rows.map((r: { version: number | string }) => Number(r.version)));
}

/**
 * Applies pending migrations in order, each in its own transaction. On PostgreSQL an advisory lock
 * makes concurrent tool processes wait for one migrator instead of racing.
 */
export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const k = db.knex;
  if (!(await k.schema.hasTable('margins_migrations'))) {
    try {
      await k.schema.createTable('margins_migrations', (t) => {
        t.integer('version').primary();
        t.string('name', 200).notNullable();
        t.string('applied_at', 32).notNullable();
      });
    } catch (e) {
      if (!(await k.schema.hasTable('margins_migrations'))) throw e; // another process created it first
    }
  }
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    await k.transaction(async (trx) => {
      if (db.kind === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(?)', [0x6d617267]);
      if ((await appliedVersions(trx)).has(m.version)) return;
      await m.up(trx);
      await trx('margins_migrations').insert({
        version: m.version,
        name: m.name,
        applied_at: new Date().toISOString(),
      });
      applied.push(m.version);
    });
  }
  return applied;
}
