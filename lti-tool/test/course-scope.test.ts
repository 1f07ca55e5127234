import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerOf } from '../src/services/library-service.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { coachWorld } from './coach-fixtures.js';

type World = Awaited<ReturnType<typeof coachWorld>>;

/**
 * Scope that explains itself (issue 15 item 4), in the walkthrough's case: Ana shares a practice with
 * her MATH-7 course. Ben, a coach who has opened Margins from MATH-7 before, now launches from his ELA
 * PLC and must find it; Chloé, who never opened Margins from MATH-7, must not; nor Lee, in another
 * district. The "This course" tab stays the course launched from.
 */
for (const kind of databaseKinds()) {
  describe(`practices shared with any of one's courses on ${kind.name}`, { timeout: 30_000 }, () => {
    let tdb: TestDatabase;
    let w: World;
    let shared: string;

    beforeAll(async () => {
      tdb = await kind.create();
      w = await coachWorld(tdb);
      const { ana, ben } = w.people;
      // Ben opened Margins once from MATH-7 (he co-teaches it).
      await w.participation.noteParticipant(ana.tenant.id, ana.course!.id, ben.userId);
      shared = await w.share(ana, { visibility: 'course' });
    });
    afterAll(async () => {
      await w?.db.close();
      await tdb?.drop();
    });

    const seen = async (p: keyof World['people'], scope: 'course' | 'district', noCourse = false) => {
      const ctx = w.ctx(w.people[p], ['teacher', 'coach'], noCourse ? { course: null } : {});
      return (await w.adaptations.library(viewerOf(ctx), { scope, limit: 100 })).items.map((i) => i.id);
    };

    it("shows a course's practice to its members wherever they launch from", async () => {
      expect(await seen('ben', 'district')).toContain(shared);
      expect(await seen('ben', 'district', true)).toContain(shared);
      const ben = w.ctx(w.people.ben, ['teacher']);
      expect((await w.adaptations.getVisible(shared, viewerOf(ben)))?.id).toBe(shared);
      // The author and the course itself, as before.
      expect(await seen('ana', 'course')).toContain(shared);
    });

    it('keeps it from people who never opened Margins from that course, and from other districts', async () => {
      expect(await seen('chloe', 'district')).not.toContain(shared);
      expect(await w.adaptations.getVisible(shared, viewerOf(w.ctx(w.people.chloe, ['teacher'])))).toBeNull();
      expect(await seen('lee', 'district')).not.toContain(shared);
      expect(await w.adaptations.getVisible(shared, viewerOf(w.ctx(w.people.lee, ['teacher'])))).toBeNull();
      // Ben's "This course" tab is the ELA PLC he launched from: MATH-7's practice is not in it.
      expect(await seen('ben', 'course')).not.toContain(shared);
    });
  });
}
