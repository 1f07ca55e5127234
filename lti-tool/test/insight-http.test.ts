import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { testLaunch, type TestLaunch } from '../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../src/testing/tool.js';

const PAGE = 'https://curriculum.example.org/grade-5/fractions/lesson-3';

/**
 * Curriculum insight through the route table: the curriculum lead grant given and taken back by the
 * district admin, known-bad requests answered 400, and one district's passage invisible to another.
 * District A: five teachers (a1..a5) adapt overlapping ranges of PAGE. District B: nobody has.
 */
for (const kind of databaseKinds()) {
  describe(`curriculum insight over HTTP on ${kind.name}`, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let admin: TestLaunch;
    let teacher: TestLaunch;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      admin = await testLaunch(tool, { sub: 'dana', roles: ['district-admin'] });
      teacher = await testLaunch(tool, { sub: 'ana', roles: ['teacher'] });
      for (let i = 1; i <= 5; i++) {
        const t = await testLaunch(tool, { sub: `a${i}`, roles: ['teacher'] });
        await tool.services.adaptations.put(
          makeAdaptation({
            id: randomUUID(),
            visibility: 'district',
            target: {
              quote: { type: 'TextQuoteSelector', exact: `passage ${i}`, prefix: '', suffix: '' },
              position: { type: 'TextPositionSelector', start: 100 + i, end: 140 + i },
            },
          }),
          { tenantId: t.ctx.tenant.id, authorUserId: t.ctx.user.id, contextPk: null },
        );
      }
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    const get = async (token: string, path: string) =>
      fetch(`${tool.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const send = async (token: string, method: string, path: string, body?: unknown) =>
      fetch(`${tool.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    it('lets a teacher read insight only while the district admin grants the curriculum lead role', async () => {
      const refused = await get(teacher.token, '/api/v1/insight/sites');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/curriculum lead/);
      expect(
        (await send(admin.token, 'POST', '/api/v1/admin/curriculum-leads', { userId: teacher.ctx.user.id })).status,
      ).toBe(201);
      const sites = await get(teacher.token, '/api/v1/insight/sites');
      expect(sites.status).toBe(200);
      expect(await sites.json()).toEqual({
        minGroupSize: 5,
        sites: [{ site: 'https://curriculum.example.org', pages: 1, passages: 1, hidden: 0 }],
      });
      const leads = (await (await get(admin.token, '/api/v1/admin/curriculum-leads')).json()) as {
        leads: { userId: string }[];
      };
      expect(leads.leads.map((l) => l.userId)).toEqual([teacher.ctx.user.id]);
      // A teacher cannot grant it.
      expect(
        (await send(teacher.token, 'POST', '/api/v1/admin/curriculum-leads', { userId: teacher.ctx.user.id })).status,
      ).toBe(403);
      expect((await send(admin.token, 'DELETE', `/api/v1/admin/curriculum-leads/${teacher.ctx.user.id}`)).status).toBe(
        200,
      );
      expect((await get(teacher.token, '/api/v1/insight/sites')).status).toBe(403);
    });

    it('answers known-bad requests with 400 and a sentence', async () => {
      const bad = [
        await get(admin.token, '/api/v1/insight/site'),
        await get(admin.token, `/api/v1/insight/site?site=${encodeURIComponent('javascript:alert(1)')}`),
        await get(admin.token, `/api/v1/insight/site?site=${encodeURIComponent('https://x.example')}&since=2026-13-01`),
        await get(admin.token, '/api/v1/insight/page'),
        await get(admin.token, `/api/v1/insight/page?url=${encodeURIComponent('not a page')}`),
        await send(admin.token, 'POST', '/api/v1/insight/export', { url: PAGE, format: 'pdf' }),
        await send(admin.token, 'PUT', '/api/v1/insight/preferences', { countPrivateAnonymously: 'yes' }),
      ];
      for (const res of bad) {
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
      }
    });

    it("never shows one district's passages to another's admin", async () => {
      const other = await testLaunch(tool, {
        issuer: 'https://other-lms.example',
        tenantName: 'Other District',
        sub: 'olivia',
        roles: ['district-admin'],
      });
      expect(await (await get(other.token, '/api/v1/insight/sites')).json()).toEqual({ minGroupSize: 5, sites: [] });
      const page = (await (await get(other.token, `/api/v1/insight/page?url=${encodeURIComponent(PAGE)}`)).json()) as {
        passages: unknown[];
        teachers: number;
      };
      expect([page.passages, page.teachers]).toEqual([[], 0]);
      const mine = (await (await get(admin.token, `/api/v1/insight/page?url=${encodeURIComponent(PAGE)}`)).json()) as {
        passages: { teachers: number }[];
      };
      expect(mine.passages.map((p) => p.teachers)).toEqual([5]);
    });
  });
}
