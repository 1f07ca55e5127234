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
import { migration053 } from './migrations/053-lti-platforms.js';
import { migration054 } from './migrations/054-import-ltijs.js';
import { migration065 } from './migrations/065-registration-targets.js';
import { migration068 } from './migrations/068-storage-usage.js';
import { migration070 } from './migrations/070-real-lms.js';
import { migration080 } from './migrations/080-roster-names.js';
import { migration081 } from './migrations/081-account-deletion.js';
import { migration082 } from './migrations/082-blank-tombstones.js';
import { migration085 } from './migrations/085-retention.js';
import { migration090 } from './migrations/090-rate-limits.js';
import { migration091 } from './migrations/091-feed-at-commit.js';
import { migration092 } from './migrations/092-ledger-sequence.js';
import { migration093 } from './migrations/093-ledger-head.js';
import { migration094 } from './migrations/094-recognition-recipient-rules.js';
import { migration100 } from './migrations/100-mentoring-activities.js';
import { migration101 } from './migrations/101-course-members.js';
import { migration110 } from './migrations/110-curriculum-insight.js';
import { migration111 } from './migrations/111-passage-rationales.js';
import { migration112 } from './migrations/112-recognition-pass-statements.js';

/**
 * Versioned migrations for Margins' own tables, recorded in `margins_migrations`. Append only:
 * a released migration is never edited; a change is a new version. Databases that older versions
 * shared with ltijs still hold its tables (platforms, publickeys, privatekeys, ...): migration 054
 * imports them, and no Margins table uses one of those names.
 *
 * Timestamps are ISO 8601 UTC text on both databases (they sort as text); JSON is text, parsed with zod
 * on the way out by the repositories.
 */
export interface Migration {
  version: number;
  name: string;
  up(k: Knex, ctx: MigrationContext): Promise<void>;
}

/**
 * Secrets a migration that moves keys needs (the ltijs import). They come from the configuration and
 * are never stored; tests that migrate a bare database leave them out.
 */
export interface MigrationSecrets {
  /** The encryption key ltijs was set up with (earlier Margins passed hex of deriveKey(MARGINS_SECRET, 'ltijs')). */
  ltijsKey: string;
  /** Seals a tool private key (PKCS#8 PEM) for lti_tool_keys, bound to its tenant and kid. */
  sealToolKey(tenantId: string, kid: string, privateKeyPem: string): string;
}

/** What every migration is given besides the transaction. */
export interface MigrationContext {
  secrets: MigrationSecrets | null;
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
  migration053,
  migration054,
  migration065,
  migration068,
  migration070,
  migration080,
  migration081,
  migration082,
  migration085,
  migration090,
  migration091,
  migration092,
  migration093,
  migration094,
  migration100,
  migration101,
  migration110,
  migration111,
  migration112,
];

/** The PostgreSQL advisory lock key every migrator takes ('marg'). */
const MIGRATION_LOCK = 0x6d617267;

/** Versions of the migrations already applied. */
async function appliedVersions(k: Knex): Promise<Set<number>> {
  const rows = await k('margins_migrations').select('version');
  return new Set(rows.map((r: { version: number | string }) => Number(r.version)));
}

/**
 * Runs `fn` while holding the one migration lock of the database, so tool processes starting together
 * on an empty database wait for one migrator instead of racing. PostgreSQL: a session advisory lock on
 * a connection set aside for it. SQLite: the database's own write lock, taken by each migration's first
 * statement (see `migrate`), with the busy timeout making the others wait.
 */
async function withMigrationLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (db.kind !== 'postgres') return fn();
  const k = db.knex;
  // knex types its client as any; these two calls are all the lock needs of it.
  const client = k.client as {
    acquireConnection(): Promise<unknown>;
    releaseConnection(conn: unknown): Promise<unknown>;
  };
  const conn = await client.acquireConnection();
  try {
    await k.raw('SELECT pg_advisory_lock(?)', [MIGRATION_LOCK]).connection(conn);
    try {
      return await fn();
    } finally {
      await k.raw('SELECT pg_advisory_unlock(?)', [MIGRATION_LOCK]).connection(conn);
    }
  } finally {
    await client.releaseConnection(conn);
  }
}

/**
 * Applies pending migrations in order, each in its own transaction, under the database's migration
 * lock. `secrets` are needed only where an older version's ltijs tables are to be imported.
 */
export async function migrate(
  db: Db,
  opts: { migrations?: Migration[]; secrets?: MigrationSecrets } = {},
): Promise<number[]> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const ctx: MigrationContext = { secrets: opts.secrets ?? null };
  return withMigrationLock(db, async () => {
    const k = db.knex;
    if (!(await k.schema.hasTable('margins_migrations'))) {
      try {
        await k.schema.createTable('margins_migrations', (t) => {
          t.integer('version').primary();
          t.string('name', 200).notNullable();
          t.string('applied_at', 32).notNullable();
        });
      } catch (e) {
        if (!(await k.schema.hasTable('margins_migrations'))) throw e; // SQLite: another process created it first
      }
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      await retryWhileSqliteBusy(db, () =>
        k.transaction(async (trx) => {
          // SQLite: write first, so this transaction holds the write lock before it reads what is applied
          // (a reader that upgrades to a writer later fails at once instead of waiting its turn).
          if (db.kind === 'sqlite') await trx('margins_migrations').where('version', -1).delete();
          if ((await appliedVersions(trx)).has(m.version)) return;
          await m.up(trx, ctx);
          await trx('margins_migrations').insert({
            version: m.version,
            name: m.name,
            applied_at: new Date().toISOString(),
          });
          applied.push(m.version);
        }),
      );
    }
    return applied;
  });
}

/** How long a SQLite migrator waits, in all, for another process that is migrating the same file. */
const SQLITE_MIGRATION_WAIT_MS = 120_000;

/**
 * Runs `fn` again while SQLite answers SQLITE_BUSY, for up to two minutes. Two processes opening a
 * fresh file migrate it one transaction at a time; the one that waits can lose the write lock to the
 * other between its migrations for longer than the busy timeout when there are many, so it retries the
 * whole (rolled-back) transaction instead of failing its start. PostgreSQL waits on its advisory lock.
 */
async function retryWhileSqliteBusy<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const until = Date.now() + SQLITE_MIGRATION_WAIT_MS;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      const busy = db.kind === 'sqlite' && /SQLITE_BUSY/.test(String((e as { code?: string }).code ?? e));
      if (!busy || Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
    }
  }
}
