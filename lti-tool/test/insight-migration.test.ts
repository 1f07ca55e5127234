import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsightPageReport } from '@margins/shared';
import { migrate } from '../src/data/migrations.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { insightWorld, P1 } from './insight-world.js';

type World = Awaited<ReturnType<typeof insightWorld>>;

/**
 * Migration 111 (issue 20): rationales and the privacy guard's verdict live on passage members, so a
 * page report reads no adaptation JSON. A database at 110 (passages built, no rationale columns) and
 * one from before 110 (no passages) both end with the same report as a fresh one, counted by hand in
 * insight-world.ts: n1's and s1's rationales shown, n2's (it names a student) withheld.
 */
for (const kind of databaseKinds()) {
  describe(`migration 111 on ${kind.name}`, () => {
    let tdb: TestDatabase;
    let w: World;
    const report = (): Promise<InsightPageReport> => w.insight.page(w.ctx('cl1', ['curriculum-lead']), { url: P1 });
    /** Puts the database back at 110: the two columns gone and 111 not applied (`passages`: keep them or not). */
    async function backTo110(passages: boolean) {
      const k = w.db.knex;
      if (!passages) {
        await k('passage_members').del();
        await k('passage_groups').del();
      }
      await k.schema.alterTable('passage_members', (t) => {
        t.dropColumn('rationale');
        t.dropColumn('rationale_flagged');
      });
      await k('margins_migrations').where({ version: 111 }).del();
    }
    const shape = (r: InsightPageReport) =>
      r.passages.map((p) => ({ teachers: p.teachers, rationales: p.rationales, withheld: p.withheld }));

    beforeAll(async () => {
      tdb = await kind.create();
      w = await insightWorld(tdb);
    }, 60_000);
    afterAll(async () => {
      await w?.db.close();
      await tdb?.drop();
    });

    it(
      'fills in the rationales of existing passages, and builds the passages of a database from before 110',
      { timeout: 60_000 },
      async () => {
        const fresh = shape(await report());
        expect(fresh).toEqual([
          {
            teachers: 7,
            rationales: [
              { text: 'Multilingual learners needed a visual for denominators.', author: null },
              { text: 'Below-grade learners needed fraction strips first.', author: null },
            ],
            withheld: 1,
          },
        ]);
        await backTo110(true);
        expect(await migrate(w.db)).toEqual([111]);
        expect(shape(await report())).toEqual(fresh);
        await backTo110(false);
        expect(Number((await w.db.knex('passage_members').count({ n: '*' }))[0]!.n)).toBe(0);
        expect(await migrate(w.db)).toEqual([111]);
        expect(shape(await report())).toEqual(fresh);
      },
    );
  });
}
