import pg from 'pg';
import type { DatabaseTarget } from './db.js';

/** What a lock connection offers its user: parameterised statements. */
export interface LockClient {
  query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<{ rows: R[] }>;
}

/** Connections set aside for holding locks (each held lock keeps one for the length of its work). */
const LOCK_POOL_SIZE = 4;

/**
 * Named locks held in the database, so work that must run once (a district's recognition pass, a
 * course's grade posting, the grading pass) runs once whichever tool process wakes for it (DESIGN:
 * Storage, "periodic passes take database locks"). PostgreSQL: session advisory locks keyed by a
 * hash of the name, on a small pool of their own (a lock holder's queries use the main pool, so
 * waiting holders can never starve the queries of the one that runs). SQLite is one process: its
 * callers' in-process queues already order the work, so the work just runs.
 */
export class DbLocks {
  private readonly pool: pg.Pool | null;

  constructor(target: DatabaseTarget) {
    this.pool =
      target.kind === 'postgres'
        ? new pg.Pool({ connectionString: target.url, max: LOCK_POOL_SIZE, idleTimeoutMillis: 30_000 })
        : null;
    // An idle lock connection that the server ends is replaced on next use; the error must not crash the process.
    this.pool?.on('error', () => undefined);
  }

  /** Runs `fn` holding the lock `name`, waiting for whoever holds it now. */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const got = await this.run(name, 'wait', fn);
    return (got as { value: T }).value;
  }

  /** Runs `fn` holding the lock `name` if it is free; returns null at once when another process holds it. */
  async ifFree<T>(name: string, fn: () => Promise<T>): Promise<{ value: T } | null> {
    return this.run(name, 'try', fn);
  }

  /**
   * PostgreSQL only (null on SQLite): runs `fn` with a connection of the lock pool whose own
   * statements take and let go of a lock, so taking it can share a round trip with the first read
   * and letting go with the last write (RecognitionRepo.beginPass, issue 17). `fn` must hold no lock
   * when it returns; when it throws, the connection is closed rather than reused, which lets go of
   * any lock it still held.
   */
  async onLockConnection<T>(fn: (client: LockClient) => Promise<T>): Promise<{ value: T } | null> {
    if (!this.pool) return null;
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return { value: await fn(client) };
    } catch (e) {
      broken = e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      client.release(broken);
    }
  }

  private async run<T>(name: string, how: 'wait' | 'try', fn: () => Promise<T>): Promise<{ value: T } | null> {
    if (!this.pool) return { value: await fn() };
    const client = await this.pool.connect();
    // A connection whose lock or unlock failed may hold the lock: it is closed (which releases it), not reused.
    let broken: Error | undefined;
    try {
      const sql =
        how === 'wait'
          ? 'SELECT true AS ok FROM pg_advisory_lock(hashtextextended($1, 0))'
          : 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok';
      const locked = await client.query<{ ok: boolean }>(sql, [name]).catch((e: Error) => {
        broken = e;
        throw e;
      });
      if (!locked.rows[0]?.ok) return null;
      try {
        return { value: await fn() };
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch((e: Error) => {
          broken = e;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}
