import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import { callApi, databaseKinds, registerWithEachOther, sessionToken } from '../support/lti-stack.js';

/**
 * The coach workspace API over HTTP with real launches from two districts: who may call what, what
 * bad input gets back, and that a coach's power ends at their own district.
 */
for (const kind of databaseKinds()) {
  describe(`the coach workspace API on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let riverside: TestPlatform;
    let lakeside: TestPlatform;
    let rClient: string;
    let lClient: string;
    let coach: string;
    let teacher: string;
    let lakeCoach: string;
    const practice = randomUUID();
    let collectionId: string;

    const api = (token: string, path: string, method = 'GET', body?: unknown) =>
      callApi(tool, token, path, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    async function token(p: TestPlatform, clientId: string, user: string, course: string): Promise<string> {
      const res = await p.launch({ clientId, user, course });
      if (res.status !== 200) throw new Error(`launch failed ${res.status}: ${res.body.slice(0, 300)}`);
      return sessionToken(res.body);
    }
    async function makeCoach(p: TestPlatform, clientId: string, user: string, course: string): Promise<string> {
      const me = (await api(await token(p, clientId, user, course), '/api/v1/session')).body;
      await tool.services.tenancy.grant(me.tenant.id, me.user.id, 'coach', null);
      return token(p, clientId, user, course);
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
      coach = await makeCoach(riverside, rClient, 'ben', 'ela-plc');
      lakeCoach = await makeCoach(lakeside, lClient, 'ben', 'math-plc'); // same sub, another district
      teacher = await token(riverside, rClient, 'ana', 'math-7');
      const ana = (await api(teacher, '/api/v1/session')).body;
      await tool.services.adaptations.put(makeAdaptation({ id: practice, visibility: 'network' }), {
        tenantId: ana.tenant.id,
        authorUserId: ana.user.id,
        authorName: ana.user.name,
        contextPk: ana.course.id,
      });
      const col = await api(coach, '/api/v1/coach/collections', 'POST', { title: 'Ours', description: '' });
      collectionId = col.body.id;
      await api(coach, `/api/v1/coach/collections/${collectionId}/items`, 'POST', { adaptationId: practice });
    }, 120_000);
    afterAll(async () => {
      await Promise.all([riverside?.close(), lakeside?.close()]);
      await tool?.stop();
      await db?.drop();
    });

    const writes = () =>
      [
        ['POST', '/api/v1/coach/focus-areas', { title: 'Goal' }],
        ['POST', '/api/v1/coach/collections', { title: 'Mine' }],
        ['PATCH', `/api/v1/coach/collections/${collectionId}`, { title: 'Renamed' }],
        ['POST', `/api/v1/coach/collections/${collectionId}/publish`, undefined],
        ['PATCH', `/api/v1/coach/collections/${collectionId}/items/${practice}`, { position: 0 }],
        ['DELETE', `/api/v1/coach/collections/${collectionId}/items/${practice}`, undefined],
        ['DELETE', `/api/v1/coach/collections/${collectionId}`, undefined],
        ['POST', `/api/v1/coach/approvals/${practice}`, { decision: 'approve' }],
        ['PUT', `/api/v1/coach/featured/${practice}`, { reason: 'Great' }],
        ['DELETE', `/api/v1/coach/featured/${practice}`, undefined],
        ['POST', '/api/v1/coach/mentoring', { mentorUserId: randomUUID(), menteeUserId: randomUUID() }],
      ] as const;

    it('refuses every coach action to a teacher, with a sentence saying who may do it', async () => {
      for (const [method, path, body] of writes()) {
        const res = await api(teacher, path, method, body);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body.error.message).toMatch(/Only an instructional coach can/);
      }
      for (const path of [
        '/api/v1/coach/focus-areas',
        '/api/v1/coach/approvals',
        '/api/v1/coach/mentoring',
        '/api/v1/coach/people?q=a',
        '/api/v1/collections?status=all',
      ]) {
        expect((await api(teacher, path)).status, path).toBe(403);
      }
      // Reading published collections, featured practices and one's own mentoring is for everyone.
      for (const path of [
        '/api/v1/collections',
        '/api/v1/featured',
        '/api/v1/mentoring/mine',
        '/api/v1/mentoring/practices',
      ]) {
        expect((await api(teacher, path)).status, path).toBe(200);
      }
    });

    it('gives a coach of another district (same LMS user id) no power here and shows them nothing of it', async () => {
      for (const [method, path, body] of writes()) {
        const res = await api(lakeCoach, path, method, body);
        if (method === 'POST' && (path.endsWith('/focus-areas') || path.endsWith('/collections'))) continue; // creates in their own district
        expect([404, 400], `${method} ${path}: ${JSON.stringify(res.body)}`).toContain(res.status);
      }
      expect((await api(lakeCoach, `/api/v1/collections/${collectionId}`)).status).toBe(404);
      expect((await api(lakeCoach, '/api/v1/coach/approvals')).body.pending).toEqual([]);
      expect(
        (await api(lakeCoach, '/api/v1/coach/people?q=')).body.people.map((p: { name: string }) => p.name),
      ).toEqual(['Benedict Osei']);
      expect((await api(coach, `/api/v1/collections/${collectionId}`)).body.title).toBe('Ours');
    });

    it('answers bad input with 400 and field issues, and stores no active markup', async () => {
      const hostile = await api(coach, '/api/v1/coach/collections', 'POST', { title: '<script>alert(1)</script>' });
      expect(hostile.status).toBe(400);
      expect(hostile.body.error.issues).toEqual([
        expect.objectContaining({ path: 'title', message: expect.stringMatching(/active HTML/) }),
      ]);
      expect((await api(coach, '/api/v1/coach/collections', 'POST', { title: '' })).body.error.issues[0].message).toBe(
        'The collection title is required.',
      );
      expect((await api(coach, '/api/v1/collections/not-a-uuid')).status).toBe(400);
      expect(
        (await api(coach, `/api/v1/coach/collections/${collectionId}/items/${practice}`, 'PATCH', {})).status,
      ).toBe(400);
      expect(
        (await api(coach, `/api/v1/coach/collections/${collectionId}/items/${practice}`, 'PATCH', { position: -1 }))
          .status,
      ).toBe(400);
      expect(
        (await api(coach, `/api/v1/coach/approvals/${practice}`, 'POST', { decision: 'decline' })).body.error.issues[0],
      ).toMatchObject({ path: 'note' });
      expect(
        (await api(coach, '/api/v1/coach/mentoring', 'POST', { mentorUserId: practice, menteeUserId: practice }))
          .status,
      ).toBe(400);
      expect((await api(coach, '/api/v1/coach/featured/' + practice, 'PUT', { reason: 'x'.repeat(501) })).status).toBe(
        400,
      );
      const noAuth = await fetch(`${tool.url}/api/v1/coach/collections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title":"x"}',
      });
      expect(noAuth.status).toBe(401);
    });

    it('runs approval, featuring and mentoring over HTTP, with the author seeing the decision', async () => {
      expect((await api(coach, '/api/v1/coach/approvals')).body.pending.map((a: { id: string }) => a.id)).toEqual([
        practice,
      ]);
      const decided = await api(coach, `/api/v1/coach/approvals/${practice}`, 'POST', {
        decision: 'approve',
        note: 'Lovely.',
      });
      expect(decided.body).toMatchObject({ decision: 'approved', note: 'Lovely.' });
      expect((await api(teacher, `/api/v1/adaptations/${practice}/network-review`)).body.review).toMatchObject({
        decision: 'approved',
        reviewer: { name: 'Ben Okafor' },
      });
      // Lakeside's coach can now see it (approved network practice) and feature it for Lakeside.
      expect(
        (await api(lakeCoach, `/api/v1/coach/featured/${practice}`, 'PUT', { reason: 'From our neighbours.' })).status,
      ).toBe(200);
      expect((await api(lakeCoach, '/api/v1/featured')).body.featured.map((f: { reason: string }) => f.reason)).toEqual(
        ['From our neighbours.'],
      );
      expect((await api(teacher, '/api/v1/featured')).body.featured).toEqual([]);

      const people = (await api(coach, '/api/v1/coach/people?q=')).body.people as { userId: string; name: string }[];
      const ana = people.find((p) => p.name === 'Ana Lima')!;
      const ben = people.find((p) => p.name === 'Ben Okafor')!;
      const pair = await api(coach, '/api/v1/coach/mentoring', 'POST', {
        mentorUserId: ana.userId,
        menteeUserId: ben.userId,
      });
      expect(pair.status).toBe(201);
      expect(
        (await api(coach, '/api/v1/coach/mentoring', 'POST', { mentorUserId: ana.userId, menteeUserId: ben.userId }))
          .status,
      ).toBe(409);
      expect((await api(coach, '/api/v1/mentoring/mine')).body.mentors.map((m: { name: string }) => m.name)).toEqual([
        'Ana Lima',
      ]);
      expect((await api(coach, '/api/v1/mentoring/practices')).body.items.map((a: { id: string }) => a.id)).toEqual([
        practice,
      ]);
      expect((await api(coach, `/api/v1/coach/mentoring/${pair.body.id}/end`, 'POST')).body.endedAt).not.toBeNull();
    });
  });
}
