import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { TokenPairSchema } from '@margins/shared';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch, type TestLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { call, fresh, pair, pullAll, push, upsert } from './helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;

/**
 * Network sharing end to end inside the tool: a teacher asks to share with other districts, her
 * district's coach approves it in the coach workspace (issue 7's endpoint, which knows nothing about
 * sync), and another district's browser receives it on its next pull; while the author keeps editing
 * it, nothing deadlocks and the edit sends it back to the coach.
 */
for (const kind of databaseKinds()) {
  describe(`a coach's approval reaching other districts on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: Pair;
    let coach: TestLaunch;
    let lara: Pair;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      const riverside = { issuer: 'https://riverside.example', clientId: 'r1', tenantName: 'Riverside USD' };
      ana = await pair(
        tool,
        await testLaunch(tool, {
          ...riverside,
          sub: 'ana',
          name: 'Ana Lima',
          course: { contextId: 'math-7', title: 'Math 7' },
        }),
      );
      coach = await testLaunch(tool, {
        ...riverside,
        sub: 'ben',
        name: 'Ben Okafor',
        course: null,
        roles: ['teacher', 'coach'],
      });
      lara = await pair(
        tool,
        await testLaunch(tool, {
          issuer: 'https://lakeside.example',
          clientId: 'l1',
          tenantName: 'Lakeside',
          sub: 'lara',
          name: 'Lara',
          course: null,
        }),
      );
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it('sends an approved adaptation to another district on its next pull, and back to the coach after an edit', async () => {
      const a = fresh({ visibility: 'network' });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      const before = await pullAll(tool, lara.accessToken);
      expect(before.changes).toEqual([]);
      const decided = await call(tool, coach.token, 'POST', `/api/v1/coach/approvals/${a.id}`, { decision: 'approve' });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      const after = await pullAll(tool, lara.accessToken, before.cursor);
      expect(after.changes).toEqual([
        {
          op: 'upsert',
          adaptation: expect.objectContaining({ id: a.id, networkStatus: 'approved', author: { id: 'network' } }),
        },
      ]);

      // The author edits it and the coach decides on another one at the same time: both complete.
      const b = fresh({ visibility: 'network' });
      await push(tool, ana.accessToken, [upsert(b, null)]);
      const [edit, decision] = await Promise.all([
        push(tool, ana.accessToken, [upsert({ ...a, body: 'Rewritten after approval' }, 1)]),
        call(tool, coach.token, 'POST', `/api/v1/coach/approvals/${b.id}`, { decision: 'approve' }),
      ]);
      expect(edit[0].status).toBe('applied');
      expect(decision.status).toBe(200);
      const again = await pullAll(tool, lara.accessToken, after.cursor);
      expect(again.changes).toEqual(
        expect.arrayContaining([
          { op: 'remove', id: a.id },
          expect.objectContaining({ op: 'upsert', adaptation: expect.objectContaining({ id: b.id }) }),
        ]),
      );
      expect(
        (await call(tool, coach.token, 'GET', '/api/v1/coach/approvals')).body.pending.map((p: { id: string }) => p.id),
      ).toContain(a.id);
    });
  });
}
