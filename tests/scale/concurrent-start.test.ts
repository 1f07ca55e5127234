import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { MIGRATIONS, migrate } from '@margins/lti-tool/data/migrations';
import { openDb } from '@margins/lti-tool/data/db';
import { databaseKinds } from '../support/lti-stack.js';
import { spawnTool, type ToolProcess } from '../support/tool-process.js';

const SECRET = 'concurrent-start-secret-0123456789abcdef';
const postgres = databaseKinds().find((k) => k.name === 'postgres');

/**
 * Several tool processes started at the same moment on one PostgreSQL database (a deployment
 * rolling out N instances, or a supervisor restarting them together) must all come up: one
 * migrates, the others wait for its lock and then find nothing left to do.
 */
describe.skipIf(!postgres)('tool processes started together on one PostgreSQL database', { timeout: 120_000 }, () => {
  const dbs: TestDatabase[] = [];
  const procs: ToolProcess[] = [];
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await Promise.all(dbs.map((d) => d.drop()));
  });

  async function startThree(db: TestDatabase): Promise<ToolProcess[]> {
    const env = {
      MARGINS_SECRET: SECRET,
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.target.kind === 'postgres' ? db.target.url : '',
      MARGINS_BADGE_KEK: randomBytes(32).toString('base64'),
    };
    const started = await Promise.allSettled([spawnTool(env), spawnTool(env), spawnTool(env)]);
    for (const s of started) if (s.status === 'fulfilled') procs.push(s.value);
    const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    expect(failures).toEqual([]);
    return started.map((s) => (s as PromiseFulfilledResult<ToolProcess>).value);
  }

  async function expectHealthyAndMigratedOnce(db: TestDatabase, tools: ToolProcess[]): Promise<void> {
    for (const t of tools) {
      const res = await fetch(`${t.url}/health`);
      expect(res.status).toBe(200);
    }
    const check = openDb(db.target);
    try {
      const rows = await check.knex('margins_migrations').select('version').orderBy('version');
      expect(rows.map((r: { version: number }) => Number(r.version))).toEqual(
        MIGRATIONS.map((m) => m.version).sort((a, b) => a - b),
      );
    } finally {
      await check.close();
    }
  }

  it('all become healthy on an empty database, and every migration ran once', async () => {
    const db = await postgres!.create();
    dbs.push(db);
    const tools = await startThree(db);
    await expectHealthyAndMigratedOnce(db, tools);
  });

  it('all become healthy after an upgrade (a database left at an older version)', async () => {
    const db = await postgres!.create();
    dbs.push(db);
    // The database as the release before the last few migrations left it.
    const old = openDb(db.target);
    await migrate(old, { migrations: MIGRATIONS.slice(0, MIGRATIONS.length - 3) });
    await old.close();
    const tools = await startThree(db);
    await expectHealthyAndMigratedOnce(db, tools);
  });
});
