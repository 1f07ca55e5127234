import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM } from '../platform/index.js';
import { callApi, databaseKinds, launchToken, startLtiStack, type LtiStack } from '../support/lti-stack.js';

/**
 * Issue 12 item 3: the grade service URLs of a launch steer server-side requests that carry the
 * platform's bearer token. They must be on the platform's registered origins (and pass the address
 * policy); what a platform answers on refusal is logged, never shown to teachers.
 */
for (const kind of databaseKinds()) {
  describe(`grade service addresses on ${kind.name}`, { timeout: 90_000 }, () => {
    let s: LtiStack;
    const logs: Record<string, unknown>[] = [];
    const elsewhere: string[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    let otherOrigin = '';

    beforeAll(async () => {
      s = await startLtiStack(kind, {
        toolEnv: { LOG_LEVEL: 'warn' },
        toolLog: (l) => logs.push(JSON.parse(l) as Record<string, unknown>),
      });
      s.platform.addCourse({ id: 'pd-9', title: 'PD: grades', members: ['ana', 'ben'] });
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
      otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    }, 120_000);
    afterAll(async () => {
      await new Promise<void>((r) => other.close(() => r()));
      await s?.stop();
    });

    /** Ben turns the grade on in pd-9 with a launch whose grade-service claim is rewritten by `ags`. */
    async function turnOnWith(ags: (claim: Record<string, unknown>) => Record<string, unknown>) {
      const token = await launchToken(s, {
        user: 'ben',
        course: 'pd-9',
        tamper: { claims: (c) => ({ ...c, [CLAIM.ags]: ags(c[CLAIM.ags] as Record<string, unknown>) }) },
      });
      await callApi(s.tool, token, '/api/v1/participation', { method: 'PUT', body: JSON.stringify({ enabled: true }) });
      await s.tool.services.participation.runOnce();
      return (await callApi(s.tool, token, '/api/v1/participation')).body as { summary: { lastError: string | null } };
    }

    it('never contacts a line items address off the platform’s registered origins, nor sends it the token', async () => {
      const status = await turnOnWith((claim) => ({
        ...claim,
        lineitems: `${otherOrigin}/api/lti/courses/pd-9/line_items`,
      }));
      expect(elsewhere).toEqual([]);
      expect(status.summary.lastError).toMatch(/not on the platform's registered address/);
      expect(logs.some((l) => l.msg === 'grade service: refused a platform address' && l.level === 'warn')).toBe(true);
      await callApi(s.tool, await launchToken(s, { user: 'ben', course: 'pd-9' }), '/api/v1/participation', {
        method: 'PUT',
        body: JSON.stringify({ enabled: false }),
      });
    });

    it('logs what the platform answered on a refusal and shows the teacher only the status', async () => {
      const status = await turnOnWith((claim) => ({
        ...claim,
        lineitems: String(claim.lineitems).replace('/courses/pd-9/', '/courses/no-such-course/'),
      }));
      expect(status.summary.lastError).toMatch(/HTTP 404/);
      expect(status.summary.lastError).not.toContain('unknown context');
      const refusal = logs.find((l) => l.msg === 'grade service: the platform refused a request');
      expect(refusal).toMatchObject({ level: 'warn', status: 404 });
      expect(String(refusal?.body)).toContain('unknown context');
    });
  });
}
