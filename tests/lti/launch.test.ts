import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, databaseKinds, sessionToken, startLtiStack, type LtiStack } from '../support/lti-stack.js';

for (const kind of databaseKinds()) {
  describe(`launches through the test platform on ${kind.name}`, { timeout: 60_000 }, () => {
    let s: LtiStack;
    beforeAll(async () => {
      s = await startLtiStack(kind);
    }, 120_000);
    afterAll(async () => s?.stop());

    it('launches a teacher from course navigation into the library with a session that never touches the URL', async () => {
      const res = await s.launch({ user: 'ana', course: 'math-7' });
      expect(res.status, res.body.slice(0, 400)).toBe(200);
      expect(res.finalUrl).not.toMatch(/ltik|token|mgl1/);
      const token = sessionToken(res.body);
      const session = await callApi(s.tool, token, '/api/v1/session');
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({
        user: { name: 'Ana Lima' },
        roles: ['teacher'],
        placement: 'course_navigation',
        course: { title: expect.stringContaining('Grade 7') },
        deepLinking: false,
      });
      const lib = await callApi(s.tool, token, '/api/v1/library');
      expect(lib.status).toBe(200);
      expect(lib.body).toEqual({ items: [], nextCursor: null, total: 0 });
    });

    it('keeps the school the district names for a course (custom school_id, filled by Canvas from the sub-account)', async () => {
      const k = s.tool.services.db.knex;
      const school = async (course: string) =>
        (await k('course_contexts').where({ context_id: course }).first())?.school_id;
      const anaSchool = async () => (await k('users').where({ name: 'Ana Lima' }).first()).school_id;
      await s.launch({ user: 'ana', course: 'math-7', custom: { school_id: '$Canvas.account.id' } });
      expect([await school('math-7'), await anaSchool()]).toEqual(['riverside-middle', 'riverside-middle']);
      // A course outside any sub-account: Canvas sends the variable unfilled, which is no school; Ana keeps hers.
      s.platform.addCourse({ id: 'pd-open', title: 'Open PD', members: ['ana'] });
      const res = await s.launch({ user: 'ana', course: 'pd-open', custom: { school_id: '$Canvas.account.id' } });
      expect(res.status, res.body.slice(0, 300)).toBe(200);
      expect([await school('pd-open'), await anaSchool()]).toEqual([null, 'riverside-middle']);
      expect((await callApi(s.tool, sessionToken(res.body), '/api/v1/session')).status).toBe(200);
    });

    it('frames the launch page only for the launching platform', async () => {
      const res = await s.launch({ user: 'ana', course: 'math-7' });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`frame-ancestors 'self' ${new URL(s.platform.issuer).origin}`);
      expect(csp).not.toMatch(/frame-ancestors[^;]*\*/);
    });
  });
}
