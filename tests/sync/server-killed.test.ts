import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { testLaunch } from '@margins/lti-tool/testing/launch-session';
import { databaseKinds } from '../support/lti-stack.js';
import { offlineAdaptation, pairWithLaunch, upsertChange } from '../support/sync-client.js';
import { spawnTool, type ToolProcess } from '../support/tool-process.js';

const SECRET = 'server-killed-secret-server-killed-0123';

/**
 * The tool process is killed (SIGKILL) in the middle of a push of 100 changes, at several moments,
 * and started again; the extension's retry of the same batch (same idempotency keys) must leave
 * every change stored exactly once: no duplicate, nothing lost.
 */
for (const kind of databaseKinds()) {
  describe(`a push when the server is killed mid-way on ${kind.name}`, { timeout: 240_000 }, () => {
    let db: TestDatabase;
    let setup: TestTool;
    let proc: ToolProcess | null = null;
    const env = () => ({
      MARGINS_SECRET: SECRET,
      DATA_DIR: db.dataDir,
      ...(db.target.kind === 'postgres' ? { DATABASE_URL: db.target.url } : {}),
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    beforeAll(async () => {
      db = await kind.create();
      // An in-process tool on the same database signs the teacher in and pairs her browser.
      setup = await startTestTool(db, { MARGINS_SECRET: SECRET });
    }, 120_000);
    afterAll(async () => {
      await proc?.kill();
      await setup?.stop();
      await db?.drop();
    });

    it('stores each change exactly once after the retry, wherever the kill lands', async () => {
      const launch = await testLaunch(setup, {
        sub: 'ana',
        name: 'Ana Lima',
        course: { contextId: 'math-7', title: 'Grade 7 Math' },
      });
      const pair = await pairWithLaunch(setup, launch.token);
      const outcomes: string[] = [];
      // Kill right away, a little later, and as soon as the batch is seen committed.
      for (const when of ['immediately', 'after 30 ms', 'at commit'] as const) {
        const batch = Array.from({ length: 100 }, () =>
          upsertChange(offlineAdaptation({ visibility: 'district', body: `${when}: ${'words '.repeat(200)}` }), null),
        );
        const ids = batch.map((c) => c.adaptation.id);
        proc = await spawnTool(env());
        const sent = fetch(`${proc.url}/api/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${pair.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ changes: batch }),
        }).then(
          async (r) => ({
            answered:
              r.status === 200 &&
              (await r.json().then(
                () => true,
                () => false,
              )),
          }),
          () => ({ answered: false }),
        );
        if (when === 'after 30 ms') await new Promise((r) => setTimeout(r, 30));
        if (when === 'at commit') {
          const deadline = Date.now() + 30_000;
          while (
            Date.now() < deadline &&
            (await setup.services.db.knex('adaptations').whereIn('id', ids).count({ n: '*' }).first())!.n == 0
          )
            await new Promise((r) => setImmediate(r));
        }
        await proc.kill();
        const { answered } = await sent;
        const storedBefore = Number(
          (await setup.services.db.knex('adaptations').whereIn('id', ids).count({ n: '*' }).first())!.n,
        );
        outcomes.push(
          `${when}: ${storedBefore ? 'committed' : 'not committed'}, ${answered ? 'answered' : 'no answer'}`,
        );
        expect([0, 100]).toContain(storedBefore); // one transaction: all or nothing
        if (when === 'at commit') expect(storedBefore).toBe(100);

        // The browser retries the same batch against the restarted tool.
        proc = await spawnTool(env());
        const retry = await fetch(`${proc.url}/api/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${pair.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ changes: batch }),
        });
        expect(retry.status).toBe(200);
        const { results } = (await retry.json()) as { results: { status: string }[] };
        expect(new Set(results.map((r) => r.status))).toEqual(new Set([storedBefore ? 'duplicate' : 'applied']));
        await proc.kill();
        proc = null;
        const rows = await setup.services.db.knex('adaptations').whereIn('id', ids).select('id', 'version');
        expect(rows).toHaveLength(100);
        expect(rows.every((r: { version: number }) => Number(r.version) === 1)).toBe(true);
        expect(await setup.services.db.knex('adaptation_changes').whereIn('adaptation_id', ids)).toHaveLength(100);
      }
      console.info(`server killed mid-push (${kind.name}): ${outcomes.join('; ')}`);
    });
  });
}
