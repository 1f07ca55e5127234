import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { LIS, startTestPlatform, type TestPlatform } from '../platform/index.js';
import { callApi, databaseKinds, registerWithEachOther, sessionToken } from '../support/lti-stack.js';
import { pairWithLaunch } from '../support/sync-client.js';

/**
 * Issue 16 through the stand-in platform: a launch makes the tool read the course roster (NRPS) and
 * keep its learners' name tokens as salted hashes; the privacy check (LMS session or paired
 * browser) then finds a learner's bare name in the writer's text, by position only, for the
 * writer's own courses and district only, within a per-person rate limit.
 */
for (const kind of databaseKinds()) {
  describe(`privacy check with the course roster (NRPS) on ${kind.name}`, { timeout: 90_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let riverside: TestPlatform;
    let lakeside: TestPlatform;
    let rClient: string;
    let lClient: string;
    const text = 'helped thandiwe and her classmates write their first argument';

    const check = (token: string, fields: Record<string, string>) =>
      callApi(tool, token, '/api/v1/privacy/check', { method: 'POST', body: JSON.stringify({ fields }) });
    async function token(p: TestPlatform, clientId: string, user: string, course: string): Promise<string> {
      const res = await p.launch({ clientId, user, course });
      if (res.status !== 200) throw new Error(`launch failed ${res.status}: ${res.body.slice(0, 300)}`);
      return sessionToken(res.body);
    }

    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      [riverside, lakeside] = await Promise.all([
        startTestPlatform({ roster: 'riverside' }),
        startTestPlatform({ roster: 'lakeside' }),
      ]);
      rClient = (await registerWithEachOther(tool, riverside)).clientId;
      lClient = (await registerWithEachOther(tool, lakeside)).clientId;
      for (const p of [riverside, lakeside]) {
        p.addUser({ sub: 'thandiwe', name: 'Thandiwe Quispe', roles: [LIS.Learner, LIS.InstitutionStudent] });
        for (const id of ['ela-plc', 'sci-8']) {
          const c = p.courses.find((x) => x.id === id);
          if (c) p.addCourse({ ...c, members: [...c.members, 'thandiwe'] });
        }
      }
    }, 120_000);
    afterAll(async () => {
      await Promise.all([riverside?.close(), lakeside?.close()]);
      await tool?.stop();
      await db?.drop();
    });

    it('reads the roster on launch and keeps only hashes of its learners\u2019 name tokens', async () => {
      const ben = await token(riverside, rClient, 'ben', 'ela-plc');
      const res = await check(ben, { citation: text, title: 'Argument writing' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        findings: [{ field: 'citation', index: 7, length: 8, kind: 'student-name', source: 'roster' }],
      });
      const rows: { token_hash: string }[] = await tool.services.db.knex('roster_name_tokens').select('token_hash');
      expect(rows).toHaveLength(2); // thandiwe, quispe: the teachers of the course are not learners
      const all = JSON.stringify(
        await Promise.all(['roster_name_tokens', 'roster_refreshes'].map((t) => tool.services.db.knex(t).select('*'))),
      ).toLowerCase();
      expect(all).not.toContain('thandiwe');
      expect(all).not.toContain('quispe');
    });

    it('answers a paired browser the same, and only for the writer\u2019s own courses and district', async () => {
      const ben = await token(riverside, rClient, 'ben', 'ela-plc');
      const device = await pairWithLaunch(tool, ben);
      expect((await check(device.accessToken, { note: text })).body.findings).toEqual([
        { field: 'note', index: 7, length: 8, kind: 'student-name', source: 'roster' },
      ]);
      // Ana teaches Math 7, where Thandiwe is not enrolled; Lakeside's Thandiwe is another district's learner.
      expect((await check(await token(riverside, rClient, 'ana', 'math-7'), { note: text })).body.findings).toEqual([]);
      expect((await check(await token(lakeside, lClient, 'ben', 'math-plc'), { note: text })).body.findings).toEqual(
        [],
      );
    });

    it('refuses bad input clearly and limits how often one person checks', async () => {
      const ben = await token(riverside, rClient, 'ben', 'ela-plc');
      for (const body of [{}, { fields: { 'bad name!': 'x' } }, { fields: { a: 'x'.repeat(10_001) } }]) {
        const res = await callApi(tool, ben, '/api/v1/privacy/check', { method: 'POST', body: JSON.stringify(body) });
        expect(res.status).toBe(400);
      }
      let limited = 0;
      for (let i = 0; i < 62 && !limited; i++)
        if ((await check(ben, { note: 'A plain note.' })).status === 429) limited = i;
      expect(limited).toBeGreaterThan(0);
      expect((await fetch(`${tool.url}/api/v1/privacy/check`, { method: 'POST' })).status).toBe(401);
    });
  });
}
