import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChangeBus } from '../src/data/change-bus.js';
import { createLogger } from '../src/http/logger.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { testLaunch } from '../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../src/testing/tool.js';
import { call, pair } from './sync/helpers.js';

const CHROME_ID = 'abcdefghijklmnopabcdefghijklmnop';

/** Waits until `check` holds (a NOTIFY crosses a socket; it is not synchronous with the publisher). */
async function eventually(check: () => boolean, ms = 2_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
}

for (const kind of databaseKinds()) {
  describe(`the change bus on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let a: TestTool;
    let b: TestTool;
    beforeAll(async () => {
      db = await kind.create();
      a = await startTestTool(db, { MARGINS_EXTENSION_IDS: CHROME_ID });
      b = await startTestTool(db, { MARGINS_EXTENSION_IDS: CHROME_ID });
    }, 60_000);
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await db?.drop();
    });

    it('calls this process’s handlers at once, and another process’s only on PostgreSQL', async () => {
      const seenA: (string | null)[] = [];
      const seenB: (string | null)[] = [];
      a.services.bus.on('tenancy', (k) => seenA.push(k));
      b.services.bus.on('tenancy', (k) => seenB.push(k));
      await a.services.bus.publish('tenancy', 'tenant-1');
      expect(seenA).toEqual(['tenant-1']);
      if (kind.name === 'postgres') {
        await eventually(() => seenB.length > 0);
        expect(seenB).toEqual(['tenant-1']);
      } else {
        // SQLite is one process: nothing crosses to another tool object.
        await new Promise((r) => setTimeout(r, 50));
        expect(seenB).toEqual([]);
      }
    });

    it.skipIf(kind.name !== 'postgres')(
      'refuses a browser disconnected through one tool process in the other at its next request',
      async () => {
        const ana = await testLaunch(a, { sub: 'ana', name: 'Ana Lima', course: { contextId: 'c', title: 'C' } });
        const tokens = await pair(a, ana);
        // B has read (and cached) the device: the token works there.
        expect((await call(b, tokens.accessToken, 'GET', '/api/v1/sync/pull')).status).toBe(200);
        // NOTIFY reaches the other process asynchronously (milliseconds after A answers): the request
        // that follows its arrival is refused. B's own cache handler was registered first, so it has run.
        const arrived = new Promise<void>((resolve) =>
          b.services.bus.on('device', (id) => (id === tokens.deviceId || id === null) && resolve()),
        );
        expect((await call(a, ana.token, 'DELETE', `/api/v1/devices/${tokens.deviceId}`)).status).toBe(200);
        await arrived;
        const next = await call(b, tokens.accessToken, 'GET', '/api/v1/sync/pull');
        expect(next.status).toBe(401);
        expect(next.body.error.code).toBe('token_revoked');
      },
    );

    it.skipIf(kind.name !== 'postgres')('tells every cache to start over after its connection was lost', async () => {
      const bus = await openChangeBus(db.target, createLogger('silent'));
      const seen: (string | null)[] = [];
      bus.on('device', (k) => seen.push(k));
      try {
        // The server ends the listening connection (a restart, a failover, an idle timeout).
        await a.services.db.knex.raw(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN margins_changes' AND pid <> pg_backend_pid()`,
        );
        await eventually(() => seen.includes(null));
        expect(seen).toContain(null);
        // Once listening again, another process's messages arrive again.
        await eventually(() => false, 1_000);
        await a.services.bus.publish('device', 'device-9');
        await eventually(() => seen.includes('device-9'), 5_000);
        expect(seen).toContain('device-9');
      } finally {
        await bus.close();
      }
    });
  });
}
