import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_BATCH, type TokenPairSchema } from '@margins/shared';
import type { z } from 'zod';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { call, fresh, pair, push, remove, upsert } from './helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;

for (const kind of databaseKinds()) {
  describe(`sync push on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: Pair;
    let ana2: Pair;
    let ben: Pair;
    let anaAccount: Pair;
    let crash = false;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(
        db,
        {},
        {
          syncHooks: {
            afterPushCommit() {
              if (crash) throw new Error('simulated crash between commit and answer');
            },
          },
        },
      );
      const course = { contextId: 'math-7', title: 'Grade 7 Math' };
      const anaLaunch = await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course });
      ana = await pair(tool, anaLaunch, 'Chrome at school');
      ana2 = await pair(tool, anaLaunch, 'Chrome at home');
      ben = await pair(tool, await testLaunch(tool, { sub: 'ben', name: 'Ben Okafor', course }));
      anaAccount = await pair(tool, await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course: null }));
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it("stores a new adaptation as version 1 under the server's author and time", async () => {
      const a = fresh({
        author: { id: 'local-device', name: 'Someone Else' },
        updatedAt: '2020-01-01T00:00:00.000Z',
        version: 7,
      });
      const [r] = await push(tool, ana.accessToken, [upsert(a, null)]);
      expect(r).toMatchObject({
        status: 'applied',
        current: { id: a.id, version: 1, author: { id: ana.user.id, name: 'Ana Lima' } },
      });
      expect(r.current.updatedAt > '2026-01-01').toBe(true);
      expect(r.current.createdAt).toBe(a.createdAt);
    });

    it('answers the same change pushed twice as a duplicate with the original result, applying it once', async () => {
      const a = fresh();
      const change = upsert(a, null);
      const [first] = await push(tool, ana.accessToken, [change]);
      const [again] = await push(tool, ana.accessToken, [change]);
      expect(again).toEqual({ ...first, status: 'duplicate' });
      // Same key twice in one batch, too.
      const b = fresh();
      const twice = upsert(b, null);
      expect((await push(tool, ana.accessToken, [twice, twice])).map((r) => r.status)).toEqual([
        'applied',
        'duplicate',
      ]);
      const rows = await tool.services.db.knex('adaptation_changes').whereIn('adaptation_id', [a.id, b.id]);
      expect(rows).toHaveLength(2);
      // The same key for another change is a client bug, said clearly.
      const [reused] = await push(tool, ana.accessToken, [{ ...change, adaptation: { ...a, body: 'Something else' } }]);
      expect(reused).toMatchObject({
        status: 'rejected',
        error: { code: 'validation_failed', message: expect.stringContaining('already used') },
      });
    });

    it('answers a push retried after a crash between commit and answer as a duplicate, with nothing applied twice', async () => {
      const a = fresh();
      const change = upsert(a, null);
      crash = true;
      const lost = await call(tool, ana.accessToken, 'POST', '/api/v1/sync/push', { changes: [change] });
      crash = false;
      expect(lost.status).toBe(500);
      const [retry] = await push(tool, ana.accessToken, [change]);
      expect(retry).toMatchObject({ status: 'duplicate', current: { id: a.id, version: 1 } });
      expect(await tool.services.db.knex('adaptations').where({ id: a.id })).toHaveLength(1);
      expect(await tool.services.db.knex('adaptation_changes').where({ adaptation_id: a.id })).toHaveLength(1);
    });

    it('applies an edit from the current version and reports a conflict with the server copy for a stale one', async () => {
      const a = fresh({ body: 'First version' });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      const [home] = await push(tool, ana2.accessToken, [upsert({ ...a, body: 'Edited at home' }, 1)]);
      expect(home).toMatchObject({ status: 'applied', current: { version: 2, body: 'Edited at home' } });
      const [school] = await push(tool, ana.accessToken, [upsert({ ...a, body: 'Edited at school' }, 1)]);
      expect(school).toMatchObject({
        status: 'conflict',
        current: { version: 2, body: 'Edited at home' },
        error: { code: 'conflict', message: expect.stringContaining('another browser') },
      });
      expect((await tool.services.adaptations.get(a.id))!.json?.body).toBe('Edited at home');
      // The same edit made on both browsers is no conflict.
      const [same] = await push(tool, ana.accessToken, [upsert({ ...a, body: 'Edited at home' }, 1)]);
      expect(same).toMatchObject({ status: 'applied', current: { version: 2 } });
      // A create for an id that exists is a conflict too, never an overwrite.
      const [dup] = await push(tool, ana.accessToken, [upsert({ ...a, body: 'New?' }, null)]);
      expect(dup.status).toBe('conflict');
    });

    it('deletes with the current version, reports a stale delete as a conflict, and treats a second delete as done', async () => {
      const a = fresh();
      await push(tool, ana.accessToken, [upsert(a, null)]);
      await push(tool, ana2.accessToken, [upsert({ ...a, body: 'Changed' }, 1)]);
      expect((await push(tool, ana.accessToken, [remove(a.id, 1)]))[0]).toMatchObject({
        status: 'conflict',
        current: { version: 2 },
      });
      expect((await push(tool, ana.accessToken, [remove(a.id, 2)]))[0]).toEqual({
        idempotencyKey: expect.any(String),
        status: 'applied',
        current: null,
      });
      expect((await tool.services.adaptations.get(a.id))!.deleted).toBe(true);
      expect((await push(tool, ana2.accessToken, [remove(a.id, 2)]))[0].status).toBe('applied');
      // Editing what was deleted elsewhere: a conflict with nothing on the server.
      expect((await push(tool, ana2.accessToken, [upsert({ ...a, body: 'Late edit' }, 2)]))[0]).toMatchObject({
        status: 'conflict',
        current: null,
      });
    });

    it("never lets one person overwrite or delete another's adaptation", async () => {
      const a = fresh({ visibility: 'district', body: "Ana's own words" });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      const results = await push(tool, ben.accessToken, [
        upsert({ ...a, body: 'Ben was here' }, 1),
        upsert({ ...a, body: 'Ben again' }, null),
        remove(a.id, 1),
      ]);
      expect(results.map((r) => [r.status, r.error?.code])).toEqual([
        ['rejected', 'forbidden'],
        ['rejected', 'forbidden'],
        ['rejected', 'forbidden'],
      ]);
      const stored = (await tool.services.adaptations.get(a.id))!;
      expect(stored).toMatchObject({ deleted: false, version: 1, author_user_id: ana.user.id });
      expect(stored.json?.body).toBe("Ana's own words");
    });

    it('refuses course visibility from a browser paired outside a course, per change', async () => {
      const ok = fresh({ visibility: 'private' });
      const [courseless, fine] = await push(tool, anaAccount.accessToken, [
        upsert(fresh({ visibility: 'course' }), null),
        upsert(ok, null),
      ]);
      expect(courseless).toMatchObject({
        status: 'rejected',
        error: {
          code: 'validation_failed',
          message: expect.stringContaining('connected from that course'),
          issues: [{ path: 'adaptation.visibility' }],
        },
      });
      expect(fine.status).toBe('applied');
      expect((await push(tool, ana.accessToken, [upsert(fresh({ visibility: 'course' }), null)]))[0].status).toBe(
        'applied',
      );
      // An adaptation that already has a course keeps it, whichever browser edits it.
      const c = fresh({ visibility: 'private' });
      await push(tool, ana.accessToken, [upsert(c, null)]);
      expect((await push(tool, anaAccount.accessToken, [upsert({ ...c, visibility: 'course' }, 1)]))[0].status).toBe(
        'applied',
      );
    });

    it('keeps network sharing pending until a coach approves, and pending again after a content edit', async () => {
      const a = fresh({ visibility: 'network' });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      expect((await tool.services.adaptations.get(a.id))!.network_status).toBe('pending');
      await tool.services.db.knex('adaptations').where({ id: a.id }).update({ network_status: 'approved' });
      const [same] = await push(tool, ana.accessToken, [upsert({ ...a, visibility: 'network' }, 1)]);
      expect(same.status).toBe('applied');
      expect((await tool.services.adaptations.get(a.id))!.network_status).toBe('approved');
      await push(tool, ana.accessToken, [upsert({ ...a, body: 'Rewritten after approval' }, 1)]);
      expect((await tool.services.adaptations.get(a.id))!.network_status).toBe('pending');
      const [down] = await push(tool, ana.accessToken, [
        upsert({ ...a, body: 'Rewritten after approval', visibility: 'district' }, 2),
      ]);
      expect(down.status).toBe('applied');
      expect((await tool.services.adaptations.get(a.id))!.network_status).toBe('none');
    });

    it('rejects one invalid change and applies the rest of the batch', async () => {
      const good = fresh();
      const key = randomUUID();
      const results = await push(tool, ana.accessToken, [
        upsert(good, null),
        { op: 'upsert', idempotencyKey: key, baseVersion: null, adaptation: { ...fresh(), kinds: [] } },
        { op: 'teleport', idempotencyKey: randomUUID() },
      ]);
      expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected']);
      expect(results[1]).toMatchObject({
        idempotencyKey: key,
        error: {
          code: 'validation_failed',
          issues: expect.arrayContaining([expect.objectContaining({ path: 'adaptation.kinds' })]),
        },
      });
    });

    it('refuses the whole request when a change has no idempotency key, too many changes, or not JSON', async () => {
      const first = fresh();
      const noKey = await call(tool, ana.accessToken, 'POST', '/api/v1/sync/push', {
        changes: [upsert(first, null), { op: 'upsert', adaptation: fresh(), baseVersion: null }],
      });
      expect(noKey.status).toBe(400);
      expect(noKey.body.error.issues[0].path).toBe('changes.1.idempotencyKey');
      const tooMany = await call(tool, ana.accessToken, 'POST', '/api/v1/sync/push', {
        changes: Array.from({ length: MAX_PUSH_BATCH + 1 }, () => upsert(fresh(), null)),
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.issues[0].message).toContain(`at most ${MAX_PUSH_BATCH}`);
      const empty = await call(tool, ana.accessToken, 'POST', '/api/v1/sync/push', { changes: [] });
      expect(empty.status).toBe(400);
      const broken = await call(tool, ana.accessToken, 'POST', '/api/v1/sync/push', '{"changes": [', {});
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('validation_failed');
      expect(await tool.services.adaptations.get(first.id)).toBeNull();
    });
  });
}
