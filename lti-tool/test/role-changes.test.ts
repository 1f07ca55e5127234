import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { testLaunch } from '../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../src/testing/tool.js';

for (const kind of databaseKinds()) {
  describe(`role changes on ${kind.name}`, () => {
    let db: TestDatabase;
    let tool: TestTool;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    const get = async (token: string, path: string) =>
      fetch(`${tool.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

    it('takes a revoked coach grant away on the next request, not at session expiry', async () => {
      const admin = await testLaunch(tool, { sub: 'dana', roles: ['district-admin'] });
      const coach = await testLaunch(tool, { sub: 'ben', roles: ['teacher', 'coach'] });
      expect((await get(coach.token, '/api/v1/coach/focus-areas')).status).toBe(200);
      const revoked = await fetch(`${tool.url}/api/v1/admin/coaches/${coach.ctx.user.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(revoked.status).toBe(200);
      const after = await get(coach.token, '/api/v1/coach/focus-areas');
      expect(after.status).toBe(403);
      expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(/instructional coach/);
      // Still a teacher in the same session.
      const session = (await (await get(coach.token, '/api/v1/session')).json()) as { roles: string[] };
      expect(session.roles).toEqual(['teacher']);
    });

    it('gives a new coach grant at once, to a session opened before it', async () => {
      const admin = await testLaunch(tool, { sub: 'dana', roles: ['district-admin'] });
      const teacher = await testLaunch(tool, { sub: 'ana', roles: ['teacher'] });
      expect((await get(teacher.token, '/api/v1/coach/focus-areas')).status).toBe(403);
      const granted = await fetch(`${tool.url}/api/v1/admin/coaches`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: teacher.ctx.user.id }),
      });
      expect(granted.status).toBe(201);
      expect((await get(teacher.token, '/api/v1/coach/focus-areas')).status).toBe(200);
    });

    it('takes district admin powers away on the next request when Margins revokes them', async () => {
      const admin = await testLaunch(tool, { sub: 'root', roles: ['district-admin'] });
      expect((await get(admin.token, '/api/v1/admin/coaches')).status).toBe(200);
      // What the admin command line (`district-admin revoke`) and a launch without the LMS admin role do.
      await tool.services.tenancy.revoke(admin.ctx.user.id, 'district-admin');
      expect((await get(admin.token, '/api/v1/admin/coaches')).status).toBe(403);
    });
  });
}
