import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { AdaptationsRepo, type Viewer } from '../src/data/adaptations-repo.js';
import { openDb, type Db } from '../src/data/db.js';
import { migrate, MIGRATIONS } from '../src/data/migrations.js';
import { TenancyRepo } from '../src/data/tenancy-repo.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';

for (const kind of databaseKinds()) {
  describe(`the data layer on ${kind.name}`, { timeout: 30_000 }, () => {
    let tdb: TestDatabase;
    let db: Db;
    let tenancy: TenancyRepo;
    let repo: AdaptationsRepo;
    let viewer: Viewer;
    let other: Viewer;

    beforeAll(async () => {
      tdb = await kind.create();
      db = openDb(tdb.target);
      await migrate(db);
      tenancy = new TenancyRepo(db);
      repo = new AdaptationsRepo(db);
      const t = await tenancy.ensureTenant({
        issuer: 'https://lms.example',
        clientId: 'c1',
        name: 'District',
        product: 'canvas',
      });
      const d = await tenancy.addDeployment(t.id, 'dep-1');
      const u = await tenancy.upsertUser({ tenantId: t.id, deploymentPk: d.id, sub: 'u1', name: 'Ana', email: null });
      const u2 = await tenancy.upsertUser({
        tenantId: t.id,
        deploymentPk: d.id,
        sub: 'u2',
        name: 'Ben',
        email: 'ben@x.example',
      });
      const c = await tenancy.upsertContext({ tenantId: t.id, deploymentPk: d.id, contextId: 'math', title: 'Math' });
      viewer = { tenantId: t.id, userId: u.id, contextPk: c.id };
      other = { tenantId: t.id, userId: u2.id, contextPk: null };
    });
    afterAll(async () => {
      await db?.close();
      await tdb?.drop();
    });

    it('records each migration once and does nothing the second time', async () => {
      expect(await migrate(db)).toEqual([]);
      const rows = await db.knex('margins_migrations').orderBy('version');
      expect(rows.map((r: { version: number | string }) => Number(r.version))).toEqual(
        MIGRATIONS.map((m) => m.version),
      );
    });

    it('upserts a user on its key instead of duplicating it', async () => {
      const again = await tenancy.upsertUser({
        tenantId: viewer.tenantId,
        deploymentPk: (await tenancy.getUser(viewer.userId))!.deployment_pk,
        sub: 'u1',
        name: 'Ana Lima',
        email: null,
      });
      expect(again.id).toBe(viewer.userId);
      expect(again.name).toBe('Ana Lima');
    });

    it('stores adaptations through the shared schema and reads them back parsed', async () => {
      const id = randomUUID();
      const stored = await repo.put(
        makeAdaptation({
          id,
          visibility: 'district',
          page: { url: 'HTTPS://Curriculum.Example.org/a?utm_source=x', title: 'A' },
        }),
        { tenantId: viewer.tenantId, authorUserId: viewer.userId, authorName: 'Ana', contextPk: null },
      );
      expect(stored.json.page.url).toBe('https://curriculum.example.org/a');
      expect(stored.json.author).toEqual({ id: viewer.userId, name: 'Ana' });
      expect(stored.deleted).toBe(false);
      await expect(
        repo.put(
          { ...makeAdaptation(), kinds: [] },
          { tenantId: viewer.tenantId, authorUserId: viewer.userId, contextPk: null },
        ),
      ).rejects.toThrow();
    });

    it('searches, filters by facet and focus area, and pages with a cursor', async () => {
      const base = { tenantId: viewer.tenantId, authorUserId: viewer.userId, contextPk: viewer.contextPk };
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = randomUUID();
        ids.push(id);
        await repo.put(
          makeAdaptation({
            id,
            visibility: 'district',
            body: i === 2 ? 'Use 100% pure fraction_strips' : `Plain body ${i}`,
            kinds: i % 2 ? ['pacing'] : ['scaffolding'],
            audience: { gradeBands: [i < 3 ? '3-5' : '6-8'], subjects: ['math'], learnerNeeds: [] },
            updatedAt: `2026-09-0${i + 1}T00:00:00.000Z`,
          }),
          base,
        );
      }
      const list = (f: object) => repo.library(other, { scope: 'district', limit: 25, ...f });
      expect((await list({ q: '100% pure' })).items.map((i) => i.id)).toEqual([ids[2]]);
      expect((await list({ q: 'fraction_strips' })).total).toBe(1);
      expect((await list({ q: '%' })).total).toBe(1);
      expect((await list({ kind: 'pacing' })).items.map((i) => i.id).sort()).toEqual([ids[1], ids[3]].sort());
      expect((await list({ kind: 'pacing', gradeBand: '6-8' })).items.map((i) => i.id)).toEqual([ids[3]]);
      const fa = await repo.addFocusArea(viewer.tenantId, 'Fractions');
      await repo.addCollection({
        tenantId: viewer.tenantId,
        curatorUserId: viewer.userId,
        title: 'C',
        focusAreaId: fa,
        items: [{ adaptationId: ids[0]! }, { adaptationId: ids[4]! }],
      });
      expect((await list({ focusArea: fa })).items.map((i) => i.id)).toEqual([ids[4], ids[0]]);
      const page1 = await list({ subject: 'math', limit: 2 });
      const page2 = await list({ subject: 'math', limit: 2, cursor: page1.nextCursor });
      const page3 = await list({ subject: 'math', limit: 2, cursor: page2.nextCursor });
      const seen = [...page1.items, ...page2.items, ...page3.items].map((i) => i.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect(page1.total).toBeGreaterThanOrEqual(6);
    });

    it('keeps one endorsement per person, counting outcomes', async () => {
      const id = randomUUID();
      await repo.put(makeAdaptation({ id, visibility: 'district' }), {
        tenantId: viewer.tenantId,
        authorUserId: viewer.userId,
        contextPk: null,
      });
      await repo.endorse({
        tenantId: viewer.tenantId,
        adaptationId: id,
        userId: other.userId,
        outcome: 'mixed',
        note: '',
      });
      await repo.endorse({
        tenantId: viewer.tenantId,
        adaptationId: id,
        userId: other.userId,
        outcome: 'worked-well',
        note: 'second try',
      });
      const proof = (await repo.socialProof([id], other.userId)).get(id)!;
      expect(proof.endorsements).toBe(1);
      expect(proof.outcomes).toEqual({ 'worked-well': 1 });
      expect(proof.mine?.note).toBe('second try');
    });

    it('uses the indexes the later issues need', async () => {
      const names =
        db.kind === 'sqlite'
          ? (await db.knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'adaptations'`)).map(
              (r: { name: string }) => r.name,
            )
          : (await db.knex.raw(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'adaptations'`)).rows.map(
              (r: { name: string }) => r.name,
            );
      expect(names).toEqual(
        expect.arrayContaining([
          'adaptations_url_hash',
          'adaptations_tenant_id',
          'adaptations_tenant_visibility_updated',
          'adaptations_author',
          'adaptations_context',
        ]),
      );
    });
  });
}
