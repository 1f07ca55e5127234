import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import { callApi, databaseKinds, registerWithEachOther, sessionToken } from '../support/lti-stack.js';

/**
 * Two districts (Riverside with two deployments, Lakeside reusing the same `sub`s) on one tool.
 * Private and course-scoped data never crosses a deployment; nothing but approved network sharing
 * crosses a tenant; an admin's powers end at their own deployment.
 */
for (const kind of databaseKinds()) {
  describe(`tenant isolation on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let riverside: TestPlatform;
    let lakeside: TestPlatform;
    let rClient: string;
    let lClient: string;
    const ids = { priv: randomUUID(), course: randomUUID(), district: randomUUID(), network: randomUUID() };

    async function token(
      p: TestPlatform,
      clientId: string,
      user: string,
      extra: { course?: string; deploymentId?: string; placement?: 'account_navigation' } = {},
    ): Promise<string> {
      const res = await p.launch({ clientId, user, ...extra });
      if (res.status !== 200) throw new Error(`launch failed ${res.status}: ${res.body.slice(0, 300)}`);
      return sessionToken(res.body);
    }
    const get = (t: string, path: string) => callApi(tool, t, path);
    const listIds = async (t: string, scope = 'district') =>
      ((await get(t, `/api/v1/library?scope=${scope}`)).body.items as { id: string }[]).map((i) => i.id).sort();

    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      [riverside, lakeside] = await Promise.all([
        startTestPlatform({ roster: 'riverside' }),
        startTestPlatform({ roster: 'lakeside' }),
      ]);
      rClient = (await registerWithEachOther(tool, riverside, ['dep-1', 'dep-2'])).clientId;
      lClient = (await registerWithEachOther(tool, lakeside, ['dep-1'])).clientId;
      // Ana of Riverside, deployment 1, shares one adaptation at each visibility from Grade 7 Mathematics.
      const ana = await token(riverside, rClient, 'ana', { course: 'math-7' });
      const me = (await get(ana, '/api/v1/session')).body;
      const put = (id: string, visibility: 'private' | 'course' | 'district' | 'network', networkStatus?: 'approved') =>
        tool.services.adaptations.put(makeAdaptation({ id, visibility }), {
          tenantId: me.tenant.id,
          authorUserId: me.user.id,
          authorName: me.user.name,
          contextPk: me.course.id,
          ...(networkStatus ? { networkStatus } : {}),
        });
      await put(ids.priv, 'private');
      await put(ids.course, 'course');
      await put(ids.district, 'district');
      await put(ids.network, 'network', 'approved');
    }, 120_000);
    afterAll(async () => {
      await Promise.all([riverside?.close(), lakeside?.close()]);
      await tool?.stop();
      await db?.drop();
    });

    it('shows the author everything they shared, private included', async () => {
      const ana = await token(riverside, rClient, 'ana', { course: 'math-7' });
      expect(await listIds(ana)).toEqual(Object.values(ids).sort());
      expect(await listIds(ana, 'course')).toEqual(Object.values(ids).sort());
    });

    it('shows a colleague of the same course course, district and network items but never the private one', async () => {
      const ben = await token(riverside, rClient, 'ben', { course: 'math-7' });
      expect(await listIds(ben)).toEqual([ids.course, ids.district, ids.network].sort());
      expect((await get(ben, `/api/v1/library/${ids.priv}`)).status).toBe(404);
    });

    it('keeps course-scoped items inside their course', async () => {
      const chloe = await token(riverside, rClient, 'chloe', { course: 'ela-plc' });
      expect(await listIds(chloe)).toEqual([ids.district, ids.network].sort());
      expect((await get(chloe, `/api/v1/library/${ids.course}`)).status).toBe(404);
    });

    it('treats the same person in another deployment as another user: no private or course-scoped data', async () => {
      const anaDep2 = await token(riverside, rClient, 'ana', { course: 'math-7', deploymentId: 'dep-2' });
      const me = (await get(anaDep2, '/api/v1/session')).body;
      expect(me.user.id).not.toBe(
        (await get(await token(riverside, rClient, 'ana', { course: 'math-7' }), '/api/v1/session')).body.user.id,
      );
      expect(await listIds(anaDep2)).toEqual([ids.district, ids.network].sort());
      for (const id of [ids.priv, ids.course]) expect((await get(anaDep2, `/api/v1/library/${id}`)).status).toBe(404);
    });

    it('shows another district (same subs, other issuer) only approved network items, without the author', async () => {
      const lAna = await token(lakeside, lClient, 'ana', { course: 'sci-8' });
      expect(await listIds(lAna)).toEqual([]);
      expect(await listIds(lAna, 'network')).toEqual([ids.network]);
      for (const id of [ids.priv, ids.course, ids.district])
        expect((await get(lAna, `/api/v1/library/${id}`)).status).toBe(404);
      const detail = await get(lAna, `/api/v1/library/${ids.network}`);
      expect(detail.status).toBe(200);
      expect(detail.body.adaptation.author).toEqual({ id: 'network' });
      expect(detail.body.adaptation.authorVisible).toBe(false);
      expect(detail.body.adaptation.mine).toBe(false);
    });

    it('gives an admin of one deployment no power over people of another deployment or district', async () => {
      const target = await token(riverside, rClient, 'chloe', { course: 'ela-plc', deploymentId: 'dep-2' });
      const chloeDep2 = (await get(target, '/api/v1/session')).body.user.id;
      const lakesideBen = (await get(await token(lakeside, lClient, 'ben', { course: 'sci-8' }), '/api/v1/session'))
        .body.user.id;
      const admin = await token(riverside, rClient, 'dana', { placement: 'account_navigation' });
      expect((await get(admin, '/api/v1/admin/people?q=chlo')).body.people).toEqual([
        expect.objectContaining({ name: 'Chloé Martin' }),
      ]);
      for (const userId of [chloeDep2, lakesideBen]) {
        const res = await callApi(tool, admin, '/api/v1/admin/coaches', {
          method: 'POST',
          body: JSON.stringify({ userId }),
        });
        expect(res.status).toBe(404);
        expect((await callApi(tool, admin, `/api/v1/admin/coaches/${userId}`, { method: 'DELETE' })).status).toBe(404);
      }
      expect(await tool.services.tenancy.grantsOf(chloeDep2)).toEqual([]);
      expect(await tool.services.tenancy.grantsOf(lakesideBen)).toEqual([]);
      const lakeAdmin = await token(lakeside, lClient, 'dana', { placement: 'account_navigation' });
      expect(
        (await get(lakeAdmin, '/api/v1/admin/people?q=a')).body.people.map((p: { name: string }) => p.name),
      ).not.toContain('Chloé Martin');
    });
  });
}
