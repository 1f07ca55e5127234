import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { TokenPairSchema } from '@margins/shared';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { applyPulled, call, fresh, pair, pullAll, push, remove, upsert } from './helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;

for (const kind of databaseKinds()) {
  describe(`sync pull on ${kind.name}`, { timeout: 120_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: Pair;
    let ben: Pair;
    let chloe: Pair;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db, { EXTENSION_RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' });
      const course = { contextId: 'math-7', title: 'Grade 7 Math' };
      ana = await pair(tool, await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course }));
      ben = await pair(tool, await testLaunch(tool, { sub: 'ben', name: 'Ben Okafor', course }));
      chloe = await pair(tool, await testLaunch(tool, { sub: 'chloe', name: 'Chloé Martin', course }));
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it('pages a first pull with the cursor and then follows changes, each adaptation once per page', async () => {
      const created = Array.from({ length: 23 }, (_, i) => fresh({ visibility: i % 3 === 0 ? 'private' : 'district' }));
      await push(
        tool,
        ana.accessToken,
        created.map((a) => upsert(a, null)),
      );
      const first = await pullAll(tool, ben.accessToken, undefined, 5);
      const shared = created
        .filter((a) => a.visibility === 'district')
        .map((a) => a.id)
        .sort();
      expect(first.changes.map((c) => c.adaptation.id).sort()).toEqual(shared);
      expect(first.pages).toBeGreaterThanOrEqual(4);
      expect(first.cursor).toMatch(/^c\d+$/);

      // Nothing new: an empty page with the same position.
      const idle = await call(tool, ben.accessToken, 'GET', `/api/v1/sync/pull?cursor=${first.cursor}`);
      expect(idle.body).toEqual({ changes: [], cursor: first.cursor, hasMore: false });

      // Three edits of one adaptation come as one upsert with the latest version.
      const a = created[1]!;
      await push(tool, ana.accessToken, [upsert({ ...a, body: 'v2' }, 1)]);
      await push(tool, ana.accessToken, [upsert({ ...a, body: 'v3' }, 2)]);
      await push(tool, ana.accessToken, [upsert({ ...a, body: 'v4' }, 3)]);
      const next = await pullAll(tool, ben.accessToken, first.cursor);
      expect(next.changes).toEqual([
        { op: 'upsert', adaptation: expect.objectContaining({ id: a.id, body: 'v4', version: 4 }) },
      ]);
    });

    it('carries endorsement counts and outcomes to the author on the next pull', async () => {
      const a = fresh({ visibility: 'course' });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      const start = await pullAll(tool, ana.accessToken);
      await call(tool, ben.accessToken, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
        outcome: 'worked-well',
        note: 'Used it twice',
      });
      await call(tool, chloe.accessToken, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, { outcome: 'mixed' });
      await call(tool, chloe.accessToken, 'POST', `/api/v1/adaptations/${a.id}/feedback`, {
        type: 'suggestion',
        text: 'Try it with a timer.',
      });
      const after = await pullAll(tool, ana.accessToken, start.cursor);
      expect(after.changes).toEqual([
        {
          op: 'upsert',
          adaptation: expect.objectContaining({
            id: a.id,
            endorsementCount: 2,
            feedbackCount: 1,
            outcomes: { 'worked-well': 1, mixed: 1 },
            myEndorsement: null,
            mine: true,
          }),
        },
      ]);
      const benView = (await pullAll(tool, ben.accessToken)).changes.find((c) => c.adaptation?.id === a.id).adaptation;
      expect(benView.myEndorsement).toMatchObject({
        outcome: 'worked-well',
        note: 'Used it twice',
        endorser: { id: ben.user.id },
      });
    });

    it('refuses a cursor it did not make', async () => {
      for (const cursor of ['x1', 'c-1', 'abc', 't1_zz']) {
        const res = await call(tool, ben.accessToken, 'GET', `/api/v1/sync/pull?cursor=${encodeURIComponent(cursor)}`);
        expect(res.status, cursor).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
      expect((await call(tool, ben.accessToken, 'GET', '/api/v1/sync/pull?limit=5000')).status).toBe(400);
    });

    it('never misses a change while many browsers write at once (the cursor is a sequence, not a time)', async () => {
      const writers = [ana, ben, chloe];
      const mine = new Map<string, { id: string; version: number; body: string } | null>();
      let stop = false;
      // A colleague keeps pulling while the others write, then catches up once more at the end.
      const reader = await pair(
        tool,
        await testLaunch(tool, { sub: 'dan', name: 'Dan', course: { contextId: 'math-7', title: 'Grade 7 Math' } }),
      );
      const start = await pullAll(tool, reader.accessToken);
      const store = applyPulled(new Map(), start.changes);
      let cursor = start.cursor;
      const pulling = (async () => {
        while (!stop) {
          const r = await pullAll(tool, reader.accessToken, cursor, 7);
          applyPulled(store, r.changes);
          cursor = r.cursor;
        }
      })();
      await Promise.all(
        writers.map(async (w) => {
          for (let round = 0; round < 8; round++) {
            const batch = [];
            for (let i = 0; i < 4; i++) {
              const a = fresh({ visibility: 'district', body: `round ${round} item ${i}` });
              mine.set(a.id, { id: a.id, version: 1, body: a.body });
              batch.push(upsert(a, null));
            }
            const res = await push(tool, w.accessToken, batch);
            expect(res.every((r) => r.status === 'applied')).toBe(true);
            // Edit one and delete another of this batch right away.
            const [edited, deleted] = res.map((r) => r.current);
            await push(tool, w.accessToken, [
              upsert({ ...edited, body: `${edited.body} (edited)` }, 1),
              remove(deleted.id, 1),
            ]);
            mine.set(edited.id, { id: edited.id, version: 2, body: `${edited.body} (edited)` });
            mine.set(deleted.id, null);
          }
        }),
      );
      stop = true;
      await pulling;
      applyPulled(store, (await pullAll(tool, reader.accessToken, cursor)).changes);
      for (const [id, expected] of mine) {
        if (expected === null) expect(store.has(id), `deleted ${id}`).toBe(false);
        else expect(store.get(id), `kept ${id}`).toMatchObject({ version: expected.version, body: expected.body });
      }
      const server = await pullAll(tool, reader.accessToken);
      expect([...store.keys()].sort()).toEqual(server.changes.map((c) => c.adaptation.id).sort());
    });

    it('gives the pulling browser its own private adaptations from its other browsers', async () => {
      const launch = await testLaunch(tool, {
        sub: 'ana',
        name: 'Ana Lima',
        course: { contextId: 'math-7', title: 'Grade 7 Math' },
      });
      const home = await pair(tool, launch, 'Home');
      const a = fresh({ visibility: 'private', body: 'Only mine' });
      const before = await pullAll(tool, home.accessToken);
      await push(tool, ana.accessToken, [upsert(a, null)]);
      const after = await pullAll(tool, home.accessToken, before.cursor);
      expect(after.changes).toEqual([
        { op: 'upsert', adaptation: expect.objectContaining({ id: a.id, body: 'Only mine', mine: true }) },
      ]);
    });
  });
}
