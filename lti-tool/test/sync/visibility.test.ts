import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { api, PulledChangeSchema, type TokenPairSchema } from '@margins/shared';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch, type TestLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { applyPulled, call, fresh, pair, pullAll, push, remove, upsert } from './helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;
const PAGE = 'https://curriculum.example.org/grade-7/ratios/lesson-2';

/**
 * Who sees what (DESIGN: Visibility), enforced on the server for page lookups, pulls, endorsements,
 * feedback and remixes: Ana shares one adaptation at each visibility from Grade 7 Math; colleagues in
 * the same course, another course, another deployment of the district, and another district look.
 */
for (const kind of databaseKinds()) {
  describe(`visibility across people, courses and districts on ${kind.name}`, { timeout: 90_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    const p: Record<string, Pair> = {};
    let dana: TestLaunch;
    const ids = {
      private: randomUUID(),
      course: randomUUID(),
      district: randomUUID(),
      pending: randomUUID(),
      approved: randomUUID(),
    };
    const cursors: Record<string, string> = {};
    const stores: Record<string, Map<string, any>> = {};

    const page = async (who: string) => {
      const res = await call(
        tool,
        p[who]!.accessToken,
        'GET',
        `/api/v1/pages/adaptations?url=${encodeURIComponent(`${PAGE}?utm_source=newsletter#top`)}`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.url).toBe(PAGE);
      api.pageAdaptations.response.parse(res.body); // the contract both sides parse with
      return res.body.adaptations as any[];
    };
    const seen = async (who: string) => (await page(who)).map((a) => a.id).sort();
    const pull = async (who: string) => {
      const r = await pullAll(tool, p[who]!.accessToken, cursors[who]);
      for (const c of r.changes) PulledChangeSchema.parse(c);
      cursors[who] = r.cursor;
      stores[who] = applyPulled(stores[who] ?? new Map(), r.changes);
      return r.changes;
    };
    /** Compares with Ana's adaptations only (people's own remixes come and go in their stores too). */
    const expectIds = (list: string[], names: (keyof typeof ids)[]) => {
      const ana = new Set<string>(Object.values(ids));
      expect(list.filter((id) => ana.has(id)).sort()).toEqual(names.map((n) => ids[n]).sort());
    };

    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      const riverside = { issuer: 'https://riverside.example', clientId: 'r1', tenantName: 'Riverside USD' };
      const math = { contextId: 'math-7', title: 'Grade 7 Math' };
      p.ana = await pair(tool, await testLaunch(tool, { ...riverside, sub: 'ana', name: 'Ana Lima', course: math }));
      p.ben = await pair(tool, await testLaunch(tool, { ...riverside, sub: 'ben', name: 'Ben Okafor', course: math }));
      p.chloe = await pair(
        tool,
        await testLaunch(tool, {
          ...riverside,
          sub: 'chloe',
          name: 'Chloé Martin',
          course: { contextId: 'ela-plc', title: 'ELA PLC' },
        }),
      );
      p.eli = await pair(
        tool,
        await testLaunch(tool, { ...riverside, deploymentId: 'dep-2', sub: 'eli', name: 'Eli Nakamura', course: math }),
      );
      dana = await testLaunch(tool, {
        ...riverside,
        sub: 'dana',
        name: 'Dana Whitfield',
        course: null,
        roles: ['district-admin'],
      });
      p.dana = await pair(tool, dana);
      p.lara = await pair(
        tool,
        await testLaunch(tool, {
          issuer: 'https://lakeside.example',
          clientId: 'l1',
          tenantName: 'Lakeside County',
          sub: 'ana',
          name: 'Lara Petrova',
          course: { contextId: 'math-7', title: 'Math 7' },
        }),
      );

      const mk = (id: string, visibility: 'private' | 'course' | 'district' | 'network') =>
        upsert(fresh({ id, visibility, page: { url: PAGE, title: 'Ratios, lesson 2' } }), null);
      const results = await push(tool, p.ana.accessToken, [
        mk(ids.private, 'private'),
        mk(ids.course, 'course'),
        mk(ids.district, 'district'),
        mk(ids.pending, 'network'),
        mk(ids.approved, 'network'),
      ]);
      expect(results.every((r) => r.status === 'applied')).toBe(true);
      // A coach approves one of the two network adaptations (the coach workspace does this through the same table).
      await tool.services.db.knex('adaptations').where({ id: ids.approved }).update({ network_status: 'approved' });
    }, 90_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it('shows each person exactly what they may see on the page', async () => {
      expectIds(await seen('ana'), ['private', 'course', 'district', 'pending', 'approved']);
      expectIds(await seen('ben'), ['course', 'district', 'pending', 'approved']);
      expectIds(await seen('chloe'), ['district', 'pending', 'approved']);
      expectIds(await seen('eli'), ['district', 'pending', 'approved']);
      expectIds(await seen('dana'), ['district', 'pending', 'approved']);
      expectIds(await seen('lara'), ['approved']);
    });

    it('pulls the same sets on a first pull', async () => {
      for (const [who, names] of Object.entries({
        ana: ['private', 'course', 'district', 'pending', 'approved'],
        ben: ['course', 'district', 'pending', 'approved'],
        chloe: ['district', 'pending', 'approved'],
        eli: ['district', 'pending', 'approved'],
        lara: ['approved'],
      } as const)) {
        const changes = await pull(who);
        expect(
          changes.every((c) => c.op === 'upsert'),
          who,
        ).toBe(true);
        expectIds([...stores[who]!.keys()], [...names]);
      }
    });

    it('names the author inside the district and never in another one, and says where network sharing stands', async () => {
      const ben = await page('ben');
      const district = ben.find((a) => a.id === ids.district);
      expect(district).toMatchObject({
        author: { id: p.ana!.user.id, name: 'Ana Lima' },
        authorVisible: true,
        mine: false,
        networkStatus: 'none',
      });
      expect(ben.find((a) => a.id === ids.pending).networkStatus).toBe('pending');
      const [lara] = await page('lara');
      expect(lara).toMatchObject({
        id: ids.approved,
        author: { id: 'network' },
        authorVisible: false,
        networkStatus: 'approved',
      });
      expect(JSON.stringify(lara)).not.toContain('Ana Lima');
      expect((await page('ana')).every((a) => a.mine)).toBe(true);
    });

    it('shows one adaptation with its endorsements and feedback to those who may see it', async () => {
      const detail = (who: string, what: keyof typeof ids) =>
        call(tool, p[who]!.accessToken, 'GET', `/api/v1/adaptations/${ids[what]}`);
      const ben = await detail('ben', 'course');
      expect(ben.status).toBe(200);
      api.adaptationDetail.response.parse(ben.body);
      expect(ben.body.adaptation).toMatchObject({ id: ids.course, author: { name: 'Ana Lima' }, mine: false });
      expect((await detail('chloe', 'course')).status).toBe(404);
      expect((await detail('lara', 'district')).status).toBe(404);
      expect((await detail('lara', 'approved')).body.adaptation.author).toEqual({ id: 'network' });
    });

    it('lets only people who see an adaptation endorse, give feedback on or remix it', async () => {
      const tries: [string, keyof typeof ids, number][] = [
        ['ben', 'course', 200],
        ['chloe', 'course', 404],
        ['eli', 'course', 404],
        ['lara', 'district', 404],
        ['lara', 'approved', 200],
        ['chloe', 'private', 404],
      ];
      for (const [who, what, status] of tries) {
        const e = await call(tool, p[who]!.accessToken, 'PUT', `/api/v1/adaptations/${ids[what]}/endorsement`, {
          outcome: 'worked-well',
          note: '',
        });
        expect(e.status, `${who} endorses ${what}`).toBe(status);
        const f = await call(tool, p[who]!.accessToken, 'POST', `/api/v1/adaptations/${ids[what]}/feedback`, {
          type: 'question',
          text: 'How long did it take?',
        });
        expect(f.status, `${who} gives feedback on ${what}`).toBe(status === 200 ? 201 : status);
        const r = await call(tool, p[who]!.accessToken, 'POST', `/api/v1/adaptations/${ids[what]}/remix`, {
          id: randomUUID(),
        });
        expect(r.status, `${who} remixes ${what}`).toBe(status === 200 ? 201 : status);
        if (status === 404) expect(e.body.error.code).toBe('not_found');
      }
    });

    it('tells everyone who had an adaptation to remove it when it becomes private or is deleted, and nobody else', async () => {
      for (const who of ['ana', 'ben', 'chloe', 'eli', 'lara']) await pull(who); // catch up
      const a = (
        await call(tool, p.ana!.accessToken, 'GET', `/api/v1/pages/adaptations?url=${encodeURIComponent(PAGE)}`)
      ).body.adaptations as any[];
      const v = (name: keyof typeof ids) => a.find((x) => x.id === ids[name]).version as number;
      const districtNow = {
        ...fresh({ id: ids.district, visibility: 'private', page: { url: PAGE, title: 'Ratios, lesson 2' } }),
      };
      const [priv, del, widen] = await push(tool, p.ana!.accessToken, [
        upsert(districtNow, v('district')),
        remove(ids.approved, v('approved')),
        upsert(
          fresh({ id: ids.course, visibility: 'district', page: { url: PAGE, title: 'Ratios, lesson 2' } }),
          v('course'),
        ),
      ]);
      expect([priv.status, del.status, widen.status]).toEqual(['applied', 'applied', 'applied']);

      const ben = await pull('ben');
      expect(ben).toEqual(
        expect.arrayContaining([
          { op: 'remove', id: ids.district },
          { op: 'remove', id: ids.approved },
        ]),
      );
      expectIds([...stores.ben!.keys()], ['course', 'pending']);
      await pull('chloe');
      expectIds([...stores.chloe!.keys()], ['course', 'pending']);
      const lara = await pull('lara');
      expect(lara).toEqual([{ op: 'remove', id: ids.approved }]);
      // The author keeps her now-private adaptation.
      await pull('ana');
      expectIds([...stores.ana!.keys()], ['private', 'course', 'district', 'pending']);
      // Nobody was ever told about Ana's private adaptation, not even its id.
      for (const who of ['ben', 'chloe', 'eli', 'lara']) {
        const all = await pullAll(tool, p[who]!.accessToken);
        expect(JSON.stringify(all.changes)).not.toContain(ids.private);
      }
    });

    it('sends network sharing to other districts once a coach approves it, and removes it when withdrawn', async () => {
      await pull('lara');
      await tool.services.db.knex('adaptations').where({ id: ids.pending }).update({ network_status: 'approved' });
      expect(await pull('lara')).toEqual([
        expect.objectContaining({
          op: 'upsert',
          adaptation: expect.objectContaining({ id: ids.pending, networkStatus: 'approved' }),
        }),
      ]);
      await tool.services.db.knex('adaptations').where({ id: ids.pending }).update({ network_status: 'pending' });
      expect(await pull('lara')).toEqual([{ op: 'remove', id: ids.pending }]);
    });

    it('hides author names from colleagues when the district turns them off, re-sending what was pulled', async () => {
      await pull('ben');
      const set = await call(tool, dana.token, 'PUT', '/api/v1/admin/sharing', { showAuthorNames: false });
      expect(set.body).toEqual({ showAuthorNames: false });
      expect((await call(tool, dana.token, 'GET', '/api/v1/admin/sharing')).body).toEqual({ showAuthorNames: false });
      const resent = await pull('ben');
      expect(resent.length).toBeGreaterThan(0);
      const colleagues = [...stores.ben!.values()].filter((a) => !a.mine);
      expect(colleagues.length).toBeGreaterThan(0);
      for (const a of colleagues) expect(a).toMatchObject({ author: { id: 'colleague' }, authorVisible: false });
      expect(JSON.stringify(colleagues)).not.toContain('Ana Lima');
      // The author still sees her own name.
      expect((await page('ana')).every((a) => a.author.name === 'Ana Lima')).toBe(true);
      // Only a district admin changes it.
      const benLaunch = await testLaunch(tool, {
        issuer: 'https://riverside.example',
        clientId: 'r1',
        sub: 'ben',
        name: 'Ben Okafor',
        course: null,
      });
      expect(
        (await call(tool, benLaunch.token, 'PUT', '/api/v1/admin/sharing', { showAuthorNames: true })).status,
      ).toBe(403);
      await call(tool, dana.token, 'PUT', '/api/v1/admin/sharing', { showAuthorNames: true });
    });
  });
}
