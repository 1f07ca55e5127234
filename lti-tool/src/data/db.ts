import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';

/** Where the data lives: the embedded SQLite file, or a PostgreSQL database shared by several tool processes. */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** The one connection to Margins' own tables (DESIGN: Storage). */
export interface Db {
  readonly knex: Knex;
  readonly kind: DatabaseTarget['kind'];
  close(): Promise<void>;
}

/** How long a SQLite writer waits for another writer before giving up (ms). */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
/**
 * SQLite reads the file through a memory map (up to 1 GiB) with a 32 MiB page cache: a page lookup
 * among a million adaptations then costs no read() system calls (issue 6 benchmark: about 30% faster).
 */
const SQLITE_MMAP_BYTES = 1024 * 1024 * 1024;
const SQLITE_CACHE_KIB = 32 * 1024;

/**
 * Opens the database. SQLite runs in WAL mode with a busy timeout, so several tool processes on one
 * file (and concurrent launches) wait for each other instead of failing.
 */
export function openDb(target: DatabaseTarget): Db {
  if (target.kind === 'sqlite') {
    mkdirSync(dirname(target.file), { recursive: true });
    const k = knex({
      client: 'sqlite3',
      connection: { filename: target.file },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(
          conn: { exec(sql: string, cb: (err: Error | null) => void): void },
          done: (err: Error | null, conn: unknown) => void,
        ) {
          conn.exec(
            `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = ${SQLITE_MMAP_BYTES}; PRAGMA cache_size = -${SQLITE_CACHE_KIB};`,
            (err) => done(err, conn),
          );
        },
      },
    });
    return { knex: k, kind: 'sqlite', close: () => k.destroy() };
  }
  const k = knex({ client: 'pg', connection: target.url, pool: { min: 0, max: 10 } });
  return { knex: k, kind: 'postgres', close: () => k.destroy() };
}

/** Whether a knex handle or transaction talks to PostgreSQL, for code that holds the handle but not the Db. */
export function isPostgres(k: Knex): boolean {
  return (k.client as { config: Knex.Config }).config.client === 'pg';
}

/** Current time as stored (ISO 8601, UTC): sorts as text on both databases. */
export function nowIso(): string {
  return new Date().toISOString();
}
