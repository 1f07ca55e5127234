import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import {
  callApi,
  databaseKinds,
  launchToken,
  registerWithEachOther,
  sessionToken,
  startLtiStack,
  type LtiStack,
} from '../support/lti-stack.js';
import { ext, offlineAdaptation, pageIds, pairWithLaunch, pullAll, upsertChange } from '../support/sync-client.js';

const PAGE = 'https://curriculum.example.org/grade-7/ratios/lesson-4';

/**
 * Issue 6 at the HTTP level, with real launches from the test platform: a teacher pairs from the
 * LMS, shares what she wrote offline, a colleague of the same course sees it on the same page and
 * endorses it, she sees the endorsement; another course sees only what is shared district-wide, and
 * a teacher of another district sees nothing.
 */
for (const kind of databaseKinds()) {
  describe(`sharing between colleagues through the tool on ${kind.name}`, { timeout: 90_000 }, () => {
    let s: LtiStack;
    let lakeside: TestPlatform;
    let lakesideClient: string;
    beforeAll(async () => {
      s = await startLtiStack(kind);
      lakeside = await startTestPlatform({ roster: 'lakeside' });
      lakesideClient = (await registerWithEachOther(s.tool, lakeside)).clientId;
    }, 120_000);
    afterAll(async () => {
      await lakeside?.close();
      await s?.stop();
    });

    it('pairs, shares, shows a colleague the adaptation on the page, and brings the endorsement back', async () => {
      const anaSession = await launchToken(s, { user: 'ana', course: 'math-7' });
      const ana = await pairWithLaunch(s.tool, anaSession, "Chrome on Ana's laptop");
      expect(ana).toMatchObject({
        user: { name: 'Ana Lima' },
        tenant: { name: 'Riverside Unified School District' },
        course: { title: expect.stringContaining('Grade 7 Mathematics') },
      });

      // Written offline an hour ago, shared with the course and with the district.
      const forCourse = offlineAdaptation({
        visibility: 'course',
        page: { url: `${PAGE}?utm_medium=email`, title: 'Ratios, lesson 4' },
      });
      const forDistrict = offlineAdaptation({ visibility: 'district', page: { url: PAGE, title: 'Ratios, lesson 4' } });
      const pushed = await ext(s.tool, ana, '/api/v1/sync/push', {
        method: 'POST',
        body: JSON.stringify({ changes: [upsertChange(forCourse, null), upsertChange(forDistrict, null)] }),
      });
      expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
      const anaCursor = (await pullAll(s.tool, ana)).cursor;

      const ben = await pairWithLaunch(s.tool, await launchToken(s, { user: 'ben', course: 'math-7' }));
      const onPage = await ext(s.tool, ben, `/api/v1/pages/adaptations?url=${encodeURIComponent(`${PAGE}#practice`)}`);
      expect(onPage.body.adaptations.map((a: { id: string }) => a.id).sort()).toEqual(
        [forCourse.id, forDistrict.id].sort(),
      );
      expect(onPage.body.adaptations[0]).toMatchObject({
        author: { name: 'Ana Lima' },
        authorVisible: true,
        mine: false,
        endorsementCount: 0,
      });
      const endorsed = await ext(s.tool, ben, `/api/v1/adaptations/${forCourse.id}/endorsement`, {
        method: 'PUT',
        body: JSON.stringify({ outcome: 'worked-well', note: 'My 7th graders got it in one lesson.' }),
      });
      expect(endorsed.status).toBe(200);

      const back = await pullAll(s.tool, ana, anaCursor);
      expect(back.changes).toEqual([
        {
          op: 'upsert',
          adaptation: expect.objectContaining({
            id: forCourse.id,
            endorsementCount: 1,
            outcomes: { 'worked-well': 1 },
            mine: true,
          }),
        },
      ]);
      const detail = await callApi(s.tool, anaSession, `/api/v1/library/${forCourse.id}`);
      expect(detail.body.endorsements).toEqual([
        expect.objectContaining({
          outcome: 'worked-well',
          note: 'My 7th graders got it in one lesson.',
          endorser: expect.objectContaining({ name: 'Ben Okafor' }),
        }),
      ]);

      // Chloé teaches another course: she sees the district adaptation only.
      const chloe = await pairWithLaunch(s.tool, await launchToken(s, { user: 'chloe', course: 'ela-plc' }));
      expect(await pageIds(s.tool, chloe, PAGE)).toEqual([forDistrict.id]);

      // A teacher of another district sees nothing, on the page or in a pull.
      const res = await lakeside.launch({ clientId: lakesideClient, user: 'ana', course: 'sci-8' });
      const petrova = await pairWithLaunch(s.tool, sessionToken(res.body));
      expect(petrova.tenant.name).toBe('Lakeside County Schools');
      expect(await pageIds(s.tool, petrova, PAGE)).toEqual([]);
      expect((await pullAll(s.tool, petrova)).changes).toEqual([]);
      expect(
        (
          await ext(s.tool, petrova, `/api/v1/adaptations/${forDistrict.id}/endorsement`, {
            method: 'PUT',
            body: JSON.stringify({ outcome: 'mixed' }),
          })
        ).status,
      ).toBe(404);
    });

    it('answers a browser its teacher disconnected with token_revoked, and keeps what was shared', async () => {
      const session = await launchToken(s, { user: 'ana', course: 'math-7' });
      const pair = await pairWithLaunch(s.tool, session, 'Old school PC');
      const a = offlineAdaptation({ visibility: 'district' });
      await ext(s.tool, pair, '/api/v1/sync/push', {
        method: 'POST',
        body: JSON.stringify({ changes: [upsertChange(a, null)] }),
      });
      expect((await callApi(s.tool, session, `/api/v1/devices/${pair.deviceId}`, { method: 'DELETE' })).status).toBe(
        200,
      );
      const after = await ext(s.tool, pair, '/api/v1/sync/push', {
        method: 'POST',
        body: JSON.stringify({ changes: [upsertChange(offlineAdaptation(), null)] }),
      });
      expect(after.status).toBe(401);
      expect(after.body.error).toMatchObject({
        code: 'token_revoked',
        message: expect.stringMatching(/disconnected.*Connect it again/),
      });
      expect((await s.tool.services.adaptations.get(a.id))?.deleted).toBe(false);
    });
  });
}
