import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANNO_CONTEXT,
  DEFAULT_RECOGNITION_RULES,
  evaluateRecognitionRules,
  findPrivacyConcerns,
  W3CAnnotationSchema,
  type InsightPageReport,
} from '@margins/shared';
import { INSIGHT_CSV_HEADER } from '../src/services/insight-export.js';
import { groupPassages, rebuildPassages, type MemberFacts } from '../src/data/passage-groups.js';
import { SyncRepo } from '../src/data/sync-repo.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { insightWorld, NAMED_STUDENT, P1, P2, SITE } from './insight-world.js';

type World = Awaited<ReturnType<typeof insightWorld>>;

const m = (id: string, start: number | null, end: number | null, quote = id, author = id): MemberFacts => ({
  id,
  author,
  school: '',
  start,
  end,
  quoteKey: quote,
  quote,
  createdAt: `2026-01-0${id.length}T00:00:00Z`,
});

describe('passage grouping', () => {
  it('groups overlapping ranges transitively and keeps touching ranges apart', () => {
    const groups = groupPassages([m('a', 0, 10), m('bb', 5, 20), m('ccc', 18, 30), m('dddd', 30, 40)]);
    expect(groups.map((g) => [g.members, g.start, g.end])).toEqual([
      [['a', 'bb', 'ccc'], 0, 30],
      [['dddd'], 30, 40],
    ]);
  });

  it('puts an adaptation without a position with the passage whose quote contains its quote, else with matching quotes', () => {
    const groups = groupPassages([
      m('a', 100, 120, 'add fractions with unlike denominators'),
      m('bb', null, null, 'unlike denominators'),
      m('ccc', null, null, 'area model'),
      m('dddd', null, null, 'the area model here'),
    ]);
    expect(groups.map((g) => [g.members, g.start, g.end])).toEqual([
      [['a', 'bb'], 100, 120],
      [['ccc', 'dddd'], null, null],
    ]);
  });

  it('counts teachers once however many adaptations they made, and names the passage after its earliest one', () => {
    const [g] = groupPassages([m('bb', 0, 5, 'x', 'T1'), m('a', 2, 8, 'y', 'T1'), m('ccc', 3, 4, 'z', 'T2')]);
    expect(g).toMatchObject({ id: 'a', teachers: 2, members: ['a', 'bb', 'ccc'] });
  });
});

for (const kind of databaseKinds()) {
  describe(`curriculum insight on ${kind.name}`, { timeout: 60_000 }, () => {
    let tdb: TestDatabase;
    let w: World;
    const lead = () => w.ctx('cl1', ['teacher', 'curriculum-lead']);
    const page = async (url = P1, since?: string): Promise<InsightPageReport> =>
      w.insight.page(lead(), { url, ...(since ? { since } : {}) });

    beforeAll(async () => {
      tdb = await kind.create();
      w = await insightWorld(tdb);
      // z1 is deleted through the sync write path.
      const sync = new SyncRepo(w.db);
      await w.db.knex.transaction((trx) => sync.markDeleted(trx, w.ids.z1!, 2));
      // p1 counts private adaptations anonymously; n1 agrees to be credited by name.
      await w.insight.setPreferences(w.ctx('p1', ['teacher']), { countPrivateAnonymously: true, creditByName: false });
      await w.insight.setPreferences(w.ctx('n1', ['teacher']), { countPrivateAnonymously: false, creditByName: true });
    });
    afterAll(async () => {
      await w?.db.close();
      await tdb?.drop();
    });

    it('lists the site with its pages and shown and hidden passages, as counted by hand', async () => {
      const sites = await w.insight.sites(lead());
      expect(sites.sites).toEqual([{ site: SITE, pages: 2, passages: 2, hidden: 1 }]);
    });

    it('puts the passage adapted across the most schools first, and splits teachers at a date', async () => {
      const r = await w.insight.site(lead(), { site: SITE, since: '2026-02-15' });
      expect(r.pages.map((p) => [p.url, p.passages, p.topTeachers, p.topSchools])).toEqual([
        [P1, 1, 8, 3],
        [P2, 1, 5, 2],
      ]);
      expect(r.hotSpots.map((h) => [h.url, h.teachers, h.schools, h.adaptations, h.start, h.end])).toEqual([
        [P1, 8, 3, 9, 118, 160],
        [P2, 5, 2, 5, 10, 60],
      ]);
      expect(r.hotSpots[0]).toMatchObject({ id: w.ids.n4, before: 5, since: 'fewer-than-5' });
      expect(r.hotSpots[1]).toMatchObject({ before: 5, since: 0 });
      expect([r.hiddenPassages, r.hiddenPages]).toEqual([1, 0]);
    });

    it("reports one page's passage with kinds, learner groups, outcomes and rationales", async () => {
      expect(findPrivacyConcerns(NAMED_STUDENT).length).toBeGreaterThan(0);
      const r = await page();
      expect([r.teachers, r.schools, r.length, r.hiddenPassages, r.site]).toEqual([11, 3, 530, 1, SITE]);
      expect(r.passages).toHaveLength(1);
      const x = r.passages[0]!;
      expect(x.kinds.map((t) => [t.id, t.adaptations])).toEqual([
        ['language-support', 7],
        ['scaffolding', 2],
        ['pacing', 1],
      ]);
      expect(x.learnerNeeds.map((t) => [t.id, t.adaptations])).toEqual([
        ['multilingual-learners', 7],
        ['below-grade-level', 1],
      ]);
      expect(x.outcomes.map((o) => [o.outcome, o.count])).toEqual([
        ['worked-well', 2],
        ['worked-with-changes', 1],
      ]);
      // The district has not allowed names: no author, even n1 who agreed; Maria's rationale is withheld.
      expect(x.rationales).toEqual([
        { text: 'Multilingual learners needed a visual for denominators.', author: null },
        { text: 'Below-grade learners needed fraction strips first.', author: null },
      ]);
      expect(x.withheld).toBe(1);
      expect(JSON.stringify(r)).not.toContain('Maria');
    });

    it('names only authors who agreed, once the district allows it', async () => {
      const admin = w.ctx('c1', ['district-admin']);
      await w.insight.setDistrictSettings(admin, { nameAuthors: true });
      const x = (await page()).passages[0]!;
      expect(x.rationales.map((r) => r.author)).toEqual(['Teacher n1', null]);
      await w.insight.setDistrictSettings(admin, { nameAuthors: false });
    });

    it('exports the page as CSV and as Web Annotations, and credits each shared adaptation in it once', async () => {
      const csv = await w.insight.export(lead(), { url: P1, format: 'csv' });
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe(INSIGHT_CSV_HEADER.join(','));
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`${P1},Lesson 3: Adding fractions,${w.ids.n4},118,160,`);
      expect(lines[1]).toContain(',8,3,9,2026-01-05T10:00:00.000Z,,,');
      expect(lines[1]).toContain(',Language support: 7; Scaffolding: 2; Pacing: 1,');
      expect(lines[1]).toMatch(/Worked well: 2; Worked with changes: 1,.*fraction strips first\.,1$/);
      expect(csv.body).not.toContain('Maria');

      const doc = JSON.parse((await w.insight.export(lead(), { url: P1, format: 'annotations' })).body) as {
        type: string;
        total: number;
        first: { items: unknown[] };
      };
      expect([doc.type, doc.total]).toEqual(['AnnotationCollection', 1]);
      // An embedded annotation has the collection's context (model §5).
      const a = W3CAnnotationSchema.parse({
        '@context': ANNO_CONTEXT,
        ...(doc.first.items[0] as object),
      }) as Record<string, unknown>;
      expect(a.target).toEqual({
        source: P1,
        selector: [
          { type: 'TextQuoteSelector', exact: 'passage of n4' },
          { type: 'TextPositionSelector', start: 118, end: 160 },
        ],
      });
      expect(JSON.stringify(a)).not.toContain('Maria');

      // Two exports, one credit per shared adaptation of the passage: 8 (n1 twice; p1's private one never).
      const credits = await w.db
        .knex('contribution_events')
        .where({ type: 'informed-curriculum' })
        .select('beneficiary_user_id', 'adaptation_id', 'actor_user_id');
      expect(credits).toHaveLength(8);
      expect(new Set(credits.map((c) => c.beneficiary_user_id)).size).toBe(7);
      expect(credits.every((c) => c.actor_user_id === w.people.cl1!.id)).toBe(true);
      expect(credits.map((c) => c.adaptation_id)).not.toContain(w.ids.p1);
      // The recognition rule can use it: n1's adaptation informed the curriculum.
      const events = credits.map((c, i) => ({
        id: `00000000-0000-4000-8000-00000000000${i}`,
        type: 'informed-curriculum' as const,
        actorId: String(c.actor_user_id),
        beneficiaryId: String(c.beneficiary_user_id),
        adaptationId: String(c.adaptation_id),
        contextId: null,
        schoolId: null,
        data: {},
        at: '2026-04-01T00:00:00.000Z',
      }));
      const earned = evaluateRecognitionRules(DEFAULT_RECOGNITION_RULES, events);
      expect(earned.filter((e) => e.ruleId === 'informed-curriculum').map((e) => e.personId)).toContain(
        w.people.n1!.id,
      );
    });

    it('keeps the groups up to date as adaptations are withdrawn and private ones opt out', async () => {
      // s1 makes their adaptation private: s2 [145,160) no longer reaches X and stands alone (hidden).
      const s1 = await w.adaptations.get(w.ids.s1!);
      await w.adaptations.put(
        { ...s1!.json, visibility: 'private' },
        { tenantId: w.tenants.riverside.tenant.id, authorUserId: w.people.s1!.id, contextPk: null },
      );
      let r = await page();
      expect(r.passages.map((p) => [p.teachers, p.schools, p.start, p.end])).toEqual([[6, 3, 118, 139]]);
      expect(r.hiddenPassages).toBe(2);
      // p1 stops counting private adaptations: X has 5 teachers left.
      await w.insight.setPreferences(w.ctx('p1', ['teacher']), { countPrivateAnonymously: false, creditByName: false });
      r = await page();
      expect(r.passages.map((p) => p.teachers)).toEqual([5]);
      // A rebuild from the adaptations gives the same rows as the incremental updates.
      const snap = async () => ({
        m: await w.db
          .knex('passage_members')
          .orderBy('adaptation_id')
          .select('adaptation_id', 'group_id', 'start_pos', 'end_pos'),
        g: await w.db
          .knex('passage_groups')
          .orderBy('id')
          .select('id', 'teachers', 'schools', 'adaptations', 'start_pos', 'end_pos'),
      });
      const before = await snap();
      await rebuildPassages(w.db.knex, w.tenants.riverside.tenant.id);
      await rebuildPassages(w.db.knex, w.tenants.lakeside.tenant.id);
      expect(await snap()).toEqual(before);
      // Back as it was for the other tests.
      await w.adaptations.put(s1!.json, {
        tenantId: w.tenants.riverside.tenant.id,
        authorUserId: w.people.s1!.id,
        contextPk: null,
      });
      await w.insight.setPreferences(w.ctx('p1', ['teacher']), { countPrivateAnonymously: true, creditByName: false });
      expect((await page()).passages.map((p) => p.teachers)).toEqual([8]);
    });

    it("never shows one district's passages to another", async () => {
      const lake = w.ctx('l1', ['teacher', 'curriculum-lead']);
      expect((await w.insight.sites(lake)).sites).toEqual([{ site: SITE, pages: 1, passages: 1, hidden: 0 }]);
      const r = await w.insight.page(lake, { url: P1 });
      expect(r.passages.map((p) => [p.teachers, p.schools, p.adaptations])).toEqual([[6, 1, 6]]);
      expect(r.passages[0]!.rationales).toEqual([]);
      expect((await w.insight.page(lake, { url: P2 })).passages).toEqual([]);
    });

    it('lets coaches, district admins and curriculum leads in, and keeps teachers out', async () => {
      await expect(w.insight.sites(w.ctx('t1', ['teacher']))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(w.insight.page(w.ctx('t1', ['teacher']), { url: P1 })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(
        w.insight.setDistrictSettings(w.ctx('cl1', ['curriculum-lead']), { nameAuthors: true }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      for (const roles of [['coach'], ['district-admin']] as const)
        expect((await w.insight.site(w.ctx('c1', [...roles]), { site: SITE })).hotSpots).toHaveLength(2);
      await expect(w.insight.page(lead(), { url: 'not a page' })).rejects.toMatchObject({ code: 'validation_failed' });
    });
  });
}
