import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PracticeConflictSchema, SharedAdaptationSchema, type TokenPairSchema } from '@margins/shared';
import type { z } from 'zod';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { testLaunch, type TestLaunch } from '../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../src/testing/tool.js';
import { call, fresh, pair, pullAll, push, upsert } from './sync/helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;

/** Issue 15, item 2: a teacher edits her own practice in the LMS; it reaches her extension through sync. */
for (const kind of databaseKinds()) {
  describe(`editing a practice in the LMS on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: TestLaunch;
    let anaBrowser: Pair;
    let ben: TestLaunch;
    let riverside: TestLaunch;
    const course = { contextId: 'ela-8', title: 'Grade 8 ELA' };
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      ana = await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course });
      anaBrowser = await pair(tool, ana);
      ben = await testLaunch(tool, { sub: 'ben', name: 'Ben Okafor', course });
      riverside = await testLaunch(tool, {
        issuer: 'https://riverside.example',
        clientId: 'r1',
        tenantName: 'Riverside USD',
        sub: 'rita',
        name: 'Rita Diaz',
        course: { contextId: 'ela-8', title: 'Grade 8 ELA' },
      });
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    /** A practice Ana wrote in the extension, shared with the district, and the extension's cursor after it. */
    async function anaPractice() {
      const a = fresh({ visibility: 'district', body: 'Give sentence frames for the claim.\nThen pair students.' });
      const [r] = await push(tool, anaBrowser.accessToken, [upsert(a, null)]);
      expect(r.status).toBe('applied');
      const { cursor } = await pullAll(tool, anaBrowser.accessToken);
      return { a: r.current, cursor };
    }
    const edit = (baseVersion: number, over: Record<string, unknown> = {}) => ({
      baseVersion,
      kinds: ['scaffolding', 'language-support'],
      body: 'Model one claim aloud first.\nThen give sentence frames.',
      rationale: 'Frames alone did not get them started.',
      audience: { gradeBands: ['6-8'], subjects: ['ela'], learnerNeeds: ['multilingual-learners'] },
      visibility: 'course',
      ...over,
    });

    it('saves her edit as the next version and her extension pulls it', async () => {
      const { a, cursor } = await anaPractice();
      const res = await call(tool, ana.token, 'PUT', `/api/v1/library/${a.id}`, edit(1));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const saved = SharedAdaptationSchema.parse(res.body);
      expect(saved).toMatchObject({
        id: a.id,
        version: 2,
        mine: true,
        body: 'Model one claim aloud first.\nThen give sentence frames.',
        kinds: ['scaffolding', 'language-support'],
        visibility: 'course',
        audience: { gradeBands: ['6-8'], subjects: ['ela'], learnerNeeds: ['multilingual-learners'] },
      });
      // The passage and page are not the LMS form's to change.
      expect(saved.target).toEqual(a.target);
      expect(saved.page).toEqual(a.page);

      const pulled = await pullAll(tool, anaBrowser.accessToken, cursor);
      const mine = pulled.changes.filter((c) => c.op === 'upsert' && c.adaptation.id === a.id);
      expect(mine).toHaveLength(1);
      expect(mine[0].adaptation).toMatchObject({ version: 2, rationale: 'Frames alone did not get them started.' });

      // The extension edited the old version meanwhile: its push is a conflict carrying the LMS text.
      const [late] = await push(tool, anaBrowser.accessToken, [upsert({ ...a, body: 'Offline change' }, 1)]);
      expect(late).toMatchObject({ status: 'conflict', current: { version: 2, body: saved.body } });
    });

    it('answers an edit from an older version with 409 and the current version, and keeps it', async () => {
      const { a } = await anaPractice();
      const [ext] = await push(tool, anaBrowser.accessToken, [upsert({ ...a, body: 'Changed in the extension.' }, 1)]);
      expect(ext.status).toBe('applied');
      const res = await call(tool, ana.token, 'PUT', `/api/v1/library/${a.id}`, edit(1));
      expect(res.status).toBe(409);
      const body = PracticeConflictSchema.parse(res.body);
      expect(body.error.code).toBe('conflict');
      expect(body.current).toMatchObject({ version: 2, body: 'Changed in the extension.' });
      const detail = await call(tool, ana.token, 'GET', `/api/v1/library/${a.id}`);
      expect(detail.body.adaptation).toMatchObject({ version: 2, body: 'Changed in the extension.' });
    });

    it('refuses a colleague (403) and another district (404), and changes nothing', async () => {
      const { a } = await anaPractice();
      const byBen = await call(tool, ben.token, 'PUT', `/api/v1/library/${a.id}`, edit(1, { visibility: 'private' }));
      expect(byBen.status).toBe(403);
      expect(byBen.body.error.code).toBe('forbidden');
      const byRita = await call(tool, riverside.token, 'PUT', `/api/v1/library/${a.id}`, edit(1));
      expect(byRita.status).toBe(404);
      expect(byRita.body.error.code).toBe('not_found');
      const missing = await call(tool, ana.token, 'PUT', `/api/v1/library/${fresh().id}`, edit(1));
      expect(missing.status).toBe(404);
      const detail = await call(tool, ana.token, 'GET', `/api/v1/library/${a.id}`);
      expect(detail.body.adaptation).toMatchObject({ version: 1, body: a.body, visibility: 'district' });
    });

    it('validates the edit with the shared schema', async () => {
      const { a } = await anaPractice();
      const res = await call(tool, ana.token, 'PUT', `/api/v1/library/${a.id}`, {
        ...edit(1),
        kinds: [],
        body: '',
        visibility: 'everyone',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      const paths = res.body.error.issues.map((i: { path: string }) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['kinds', 'body', 'visibility']));
      const noVersion = await call(tool, ana.token, 'PUT', `/api/v1/library/${a.id}`, { ...edit(1), baseVersion: 0 });
      expect(noVersion.status).toBe(400);
    });

    it('holds back a shared text that may identify a student until she confirms', async () => {
      const { a } = await anaPractice();
      const text = 'Email the class notes to marisol.ortega@students.example.org before the lesson.';
      const held = await call(tool, ana.token, 'PUT', `/api/v1/library/${a.id}`, edit(1, { body: text }));
      expect(held.status).toBe(400);
      expect(held.body.error.issues.map((i: { path: string }) => i.path)).toContain('privacy.body');
      expect(JSON.stringify(held.body)).not.toContain('marisol');
      // Private practices are never checked; a confirmed share is saved.
      const priv = await call(
        tool,
        ana.token,
        'PUT',
        `/api/v1/library/${a.id}`,
        edit(1, { body: text, visibility: 'private' }),
      );
      expect(priv.status, JSON.stringify(priv.body)).toBe(200);
      const shared = await call(
        tool,
        ana.token,
        'PUT',
        `/api/v1/library/${a.id}`,
        edit(2, { body: text, visibility: 'district', privacyAcknowledged: true }),
      );
      expect(shared.status, JSON.stringify(shared.body)).toBe(200);
      expect(shared.body).toMatchObject({ version: 3, visibility: 'district' });
    });
  });
}
