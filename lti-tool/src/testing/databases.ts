import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import type { DatabaseTarget } from '../data/db.js';

/** A throwaway database for one test file, and how to remove it. */
export interface TestDatabase {
  target: DatabaseTarget;
  dataDir: string;
  drop(): Promise<void>;
}

/** One database kind the suite runs against. */
export interface DatabaseKind {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

/**
 * The databases every tool test runs against: SQLite always, PostgreSQL when TEST_DATABASE_URL is
 * set (`.ci/run` sets it). Each PostgreSQL test database is created as margins_t_<random> and
 * dropped afterwards, since several people run tests on one server.
 */
export function databaseKinds(): DatabaseKind[] {
  const kinds: DatabaseKind[] = [
    {
      name: 'sqlite',
      async create() {
        const dataDir = mkdtempSync(join(tmpdir(), 'margins-lti-'));
        return {
          target: { kind: 'sqlite', file: join(dataDir, 'margins.sqlite') },
          dataDir,
          drop: async () => rmSync(dataDir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    kinds.push({
      name: 'postgres',
      async create() {
        const name = `margins_t_${randomBytes(6).toString('hex')}`;
        const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
        await admin.raw(`CREATE DATABASE ${name}`);
        await admin.destroy();
        const u = new URL(adminUrl);
        u.pathname = `/${name}`;
        const dataDir = mkdtempSync(join(tmpdir(), 'margins-lti-pg-'));
        return {
          target: { kind: 'postgres', url: u.toString() },
          dataDir,
          async drop() {
            const a = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
            await a.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await a.destroy();
            rmSync(dataDir, { recursive: true, force: true });
          },
        };
      },
    });
  }
  return kinds;
}
