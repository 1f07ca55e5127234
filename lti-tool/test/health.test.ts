import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { startTestTool, type TestTool } from '../src/testing/tool.js';

for (const kind of databaseKinds()) {
  describe(`/health on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let limitedDb: TestDatabase;
    let tool: TestTool;
    let limited: TestTool;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db, { HEALTH_RATE_LIMIT_PER_MINUTE: '100000' });
      // A database of its own: on PostgreSQL the limit is counted in the database, shared by every tool on it.
      limitedDb = await kind.create();
      limited = await startTestTool(limitedDb, { HEALTH_RATE_LIMIT_PER_MINUTE: '5' });
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await limited?.stop();
      await db?.drop();
      await limitedDb?.drop();
    });

    it('asks the database at most once a second however many requests arrive', async () => {
      let pings = 0;
      const count = (q: { sql: string }) => {
        if (q.sql === 'select 1') pings++;
      };
      tool.services.db.knex.on('query', count);
      try {
        const started = Date.now();
        const answers = await Promise.all(Array.from({ length: 500 }, () => fetch(`${tool.url}/health`)));
        const seconds = (Date.now() - started) / 1000;
        expect(answers.every((r) => r.status === 200)).toBe(true);
        expect(await answers[0]!.json()).toMatchObject({ status: 'ok', database: 'ok' });
        // One check per started second (plus the one in flight when the window turned).
        expect(pings).toBeGreaterThanOrEqual(1);
        expect(pings).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
      } finally {
        tool.services.db.knex.off('query', count);
      }
    });

    it('rate-limits a flood from one address with 429 and Retry-After', async () => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 7; i++) {
        const res = await fetch(`${limited.url}/health`);
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
        await res.body?.cancel();
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    });

    it.skipIf(kind.name !== 'postgres')('counts one limit across tool processes sharing PostgreSQL', async () => {
      const db2 = await kind.create();
      const a = await startTestTool(db2, { HEALTH_RATE_LIMIT_PER_MINUTE: '4' });
      const b = await startTestTool(db2, { HEALTH_RATE_LIMIT_PER_MINUTE: '4' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) {
          const res = await fetch(`${(i % 2 ? b : a).url}/health`);
          statuses.push(res.status);
          await res.body?.cancel();
        }
        // Alone, each tool would have let all three of its requests through.
        expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      } finally {
        await a.stop();
        await b.stop();
        await db2.drop();
      }
    });
  });
}
