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
      expect(session.body).toMatchObject({ user: { name: 'Ana Lima' }, roles: ['teacher'], placement: 'course_navigation', course: { title: expect.stringContaining('Grade 7') }, deepLinking: false });
      const lib = await callApi(s.tool, token, '/api/v1/library');
      expect(lib.status).toBe(200);
      expect(lib.body).toEqual({ items: [], nextCursor: null, total: 0 });
    });

    it('frames the launch page only for the launching platform', async () => {
      const res = await s.launch({ user: 'ana', course: 'math-7' });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`frame-ancestors 'self' ${new URL(s.platform.issuer).origin}`);
      expect(csp).not.toMatch(/frame-ancestors[^;]*\*/);
    });
  });
}
