import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdaptationKind } from '@margins/shared';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { testLaunch, type TestLaunch } from '../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../src/testing/tool.js';
import { call, pair } from './sync/helpers.js';

const PAGE = 'https://curriculum.example.org/grade-5/fractions/lesson-3';
const PATH = '/api/v1/pages/hot-spots';
const q = (url: string) => `${PATH}?url=${encodeURIComponent(url)}`;

/**
 * District hot spots for a teacher's extension (issue 20, item 5), through the route table with a
 * paired browser's token. The district, counted by hand:
 *
 * - Riverside: schools North (a1 a2 a3), South (a4 a5), East (a6); ana (North) reads.
 *   Passage X [100,160): a1 a2 a3 a4 a5 shared (language support x4: a1 a2 a4 a5; scaffolding x2: a1 a3)
 *   => 5 teachers in 2 schools (North, South); a6 (East) adds a PRIVATE one, not counted.
 *   Passage Y [400,420): a1 a2 a3 a4 shared, a5 private => 4 teachers counted: suppressed.
 * - Lakeside (another district): l1..l6 on PAGE [100,160): their own hot spot, never Riverside's.
 */
for (const kind of databaseKinds()) {
  describe(`page hot spots for the extension on ${kind.name}`, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: TestLaunch;
    let a1: TestLaunch;
    let anaToken: string;
    let a1Token: string;
    let lakesideToken: string;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      const k = tool.services.db.knex;
      const teacher = async (sub: string, school: string, issuer?: string) => {
        const t = await testLaunch(tool, {
          sub,
          roles: ['teacher'],
          ...(issuer ? { issuer, tenantName: 'Lakeside SD' } : {}),
        });
        await k('users').where({ id: t.ctx.user.id }).update({ school_id: school });
        return t;
      };
      let seq = 0;
      const adapt = async (
        t: TestLaunch,
        at: [number, number],
        o: { kinds?: AdaptationKind[]; visibility?: 'private' | 'district' } = {},
      ) => {
        // One minute apart, in the order written: a passage's quote is its earliest adaptation's.
        const at0 = new Date(Date.UTC(2026, 0, 5, 10, seq++)).toISOString();
        await tool.services.adaptations.put(
          makeAdaptation({
            id: randomUUID(),
            createdAt: at0,
            updatedAt: at0,
            page: { url: PAGE, title: 'Lesson 3' },
            visibility: o.visibility ?? 'district',
            kinds: o.kinds ?? ['language-support'],
            target: {
              quote: { type: 'TextQuoteSelector', exact: `passage by ${t.ctx.user.name}`, prefix: '', suffix: '' },
              position: { type: 'TextPositionSelector', start: at[0], end: at[1] },
            },
          }),
          { tenantId: t.ctx.tenant.id, authorUserId: t.ctx.user.id, contextPk: null },
        );
      };
      ana = await teacher('ana', 'North');
      const schools = ['North', 'North', 'North', 'South', 'South', 'East'];
      const a: TestLaunch[] = [];
      for (let i = 1; i <= 6; i++) a.push(await teacher(`a${i}`, schools[i - 1]!));
      a1 = a[0]!;
      await adapt(a[0]!, [100, 140], { kinds: ['scaffolding', 'language-support'] });
      await adapt(a[1]!, [105, 150]);
      await adapt(a[2]!, [110, 130], { kinds: ['scaffolding'] });
      await adapt(a[3]!, [120, 160]);
      await adapt(a[4]!, [101, 125]);
      await adapt(a[5]!, [100, 160], { visibility: 'private' });
      for (let i = 0; i < 4; i++) await adapt(a[i]!, [400, 420]);
      await adapt(a[4]!, [400, 420], { visibility: 'private' });
      for (let i = 1; i <= 6; i++)
        await adapt(await teacher(`l${i}`, 'Lake', 'https://lakeside.example'), [100, 160], { kinds: ['pacing'] });
      anaToken = (await pair(tool, ana)).accessToken;
      a1Token = (await pair(tool, a1)).accessToken;
      const lake = await testLaunch(tool, { sub: 'lena', roles: ['teacher'], issuer: 'https://lakeside.example' });
      lakesideToken = (await pair(tool, lake)).accessToken;
    }, 90_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it('sends the passage five teachers shared, with schools and kinds, and never the one of four', async () => {
      const res = await call(tool, anaToken, 'GET', q(PAGE));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({
        url: PAGE,
        minGroupSize: 5,
        hotSpots: [
          {
            id: expect.any(String),
            start: 100,
            end: 160,
            quote: 'passage by a1',
            teachers: 5,
            schools: 2,
            kinds: [
              { id: 'language-support', adaptations: 4 },
              { id: 'scaffolding', adaptations: 2 },
            ],
            mine: false,
          },
        ],
      });
      // No names, no bodies or rationales of anyone's: counts and the anchor only.
      expect(JSON.stringify(res.body)).not.toMatch(/Teacher|rationale|body/);
    });

    it('says when the caller is one of the teachers, and finds the page by any form of its address', async () => {
      const res = await call(tool, a1Token, 'GET', q(`${PAGE}?utm_source=mail#step-2`));
      expect(res.status).toBe(200);
      expect(res.body.url).toBe(PAGE);
      expect(res.body.hotSpots.map((h: { mine: boolean; teachers: number }) => [h.teachers, h.mine])).toEqual([
        [5, true],
      ]);
    });

    it("keeps each district to its own passages: Lakeside's teacher sees only Lakeside's", async () => {
      const res = await call(tool, lakesideToken, 'GET', q(PAGE));
      expect(res.status).toBe(200);
      expect(
        res.body.hotSpots.map((h: { teachers: number; kinds: { id: string }[] }) => [h.teachers, h.kinds[0]!.id]),
      ).toEqual([[6, 'pacing']]);
      const other = await call(tool, anaToken, 'GET', q('https://curriculum.example.org/grade-5/fractions/lesson-9'));
      expect(other.body.hotSpots).toEqual([]);
    });

    it("refuses callers without a paired browser's token: none, a launch session, a disconnected browser", async () => {
      expect((await call(tool, null, 'GET', q(PAGE))).status).toBe(401);
      expect((await call(tool, ana.token, 'GET', q(PAGE))).status).toBe(401);
      expect((await call(tool, 'not-a-token', 'GET', q(PAGE))).status).toBe(401);
      const gone = await pair(tool, ana, 'Old laptop');
      expect((await call(tool, gone.accessToken, 'GET', q(PAGE))).status).toBe(200);
      const devices = await call(tool, ana.token, 'GET', '/api/v1/devices');
      const old = (devices.body.devices as { id: string; name: string }[]).find((d) => d.name === 'Old laptop')!;
      expect((await call(tool, ana.token, 'DELETE', `/api/v1/devices/${old.id}`)).status).toBe(200);
      const refused = await call(tool, gone.accessToken, 'GET', q(PAGE));
      expect(refused.status).toBe(401);
    });

    it('answers known-bad requests with 400 and a sentence', async () => {
      for (const path of [
        PATH,
        `${PATH}?url=`,
        q('javascript:alert(1)'),
        q('not a page'),
        q(`https://x.example/${'a'.repeat(4_100)}`),
      ]) {
        const res = await call(tool, anaToken, 'GET', path);
        expect(res.status, path.slice(0, 80)).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.message.length).toBeGreaterThan(5);
      }
    });
  });
}
