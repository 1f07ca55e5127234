import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerOf } from '../src/services/library-service.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { coachWorld } from './coach-fixtures.js';

type World = Awaited<ReturnType<typeof coachWorld>>;

for (const kind of databaseKinds()) {
  describe(`network approvals, featuring and mentoring on ${kind.name}`, { timeout: 30_000 }, () => {
    let tdb: TestDatabase;
    let w: World;
    let coach: ReturnType<World['ctx']>;
    let otherCoach: ReturnType<World['ctx']>;
    const teacherCtx = (p: keyof World['people']) => w.ctx(w.people[p], ['teacher']);

    beforeAll(async () => {
      tdb = await kind.create();
      w = await coachWorld(tdb);
      coach = w.ctx(w.people.ben, ['teacher', 'coach']);
      otherCoach = w.ctx(w.people.lee, ['teacher', 'coach']);
    });
    afterAll(async () => {
      await w?.db.close();
      await tdb?.drop();
    });

    const networkIds = async (ctx: ReturnType<World['ctx']>) =>
      (await w.adaptations.library(viewerOf(ctx), { scope: 'network', limit: 100 })).items.map((i) => i.id);

    it('approves a pending request so other districts see it, and tells the author', async () => {
      const id = await w.share(w.people.ana, { visibility: 'network' });
      expect((await w.adaptations.get(id))!.network_status).toBe('pending');
      expect((await w.reviews.pending(coach)).map((a) => a.id)).toContain(id);
      expect(await networkIds(otherCoach)).not.toContain(id);
      // A coach of another district neither sees nor decides it.
      expect((await w.reviews.pending(otherCoach)).map((a) => a.id)).not.toContain(id);
      await expect(w.reviews.decide(otherCoach, id, { decision: 'approve', note: '' })).rejects.toMatchObject({
        code: 'not_found',
      });

      const review = await w.reviews.decide(coach, id, { decision: 'approve', note: 'Clear and well evidenced.' });
      expect(review).toMatchObject({
        adaptationId: id,
        decision: 'approved',
        reviewer: { userId: coach.user.id, name: 'Ben Okafor' },
      });
      expect((await w.adaptations.get(id))!.network_status).toBe('approved');
      expect(await networkIds(otherCoach)).toContain(id);
      expect(await w.reviews.latest(teacherCtx('ana'), id)).toMatchObject({
        decision: 'approved',
        note: 'Clear and well evidenced.',
      });
      // A second decision on the same request is refused instead of silently overriding the first.
      await expect(w.reviews.decide(coach, id, { decision: 'decline', note: 'Changed my mind' })).rejects.toMatchObject(
        { code: 'conflict' },
      );
    });

    it('declines with a note: the practice stays shared in the district only, and colleagues do not see the note', async () => {
      const id = await w.share(w.people.ana, { visibility: 'network' });
      const review = await w.reviews.decide(coach, id, {
        decision: 'decline',
        note: 'Please remove the school name from the rationale.',
      });
      expect(review.decision).toBe('declined');
      expect((await w.adaptations.get(id))!.network_status).toBe('none');
      expect(await networkIds(otherCoach)).not.toContain(id);
      expect(
        (
          await w.adaptations.getVisible(id, {
            tenantId: w.people.chloe.tenant.id,
            userId: w.people.chloe.userId,
            contextPk: null,
          })
        )?.id,
      ).toBe(id);
      expect((await w.reviews.latest(teacherCtx('ana'), id))?.note).toBe(
        'Please remove the school name from the rationale.',
      );
      await expect(w.reviews.latest(teacherCtx('chloe'), id)).rejects.toMatchObject({ code: 'forbidden' });
      expect((await w.reviews.pending(coach)).map((a) => a.id)).not.toContain(id);
    });

    it('refuses approvals to teachers and reviews of practices that are not pending', async () => {
      const id = await w.share(w.people.chloe, { visibility: 'network' });
      await expect(w.reviews.pending(teacherCtx('ana'))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(w.reviews.decide(teacherCtx('ana'), id, { decision: 'approve', note: '' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      const districtOnly = await w.share(w.people.chloe);
      await expect(w.reviews.decide(coach, districtOnly, { decision: 'approve', note: '' })).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('refuses a coach approving their own practice for other districts; another coach of the district may', async () => {
      const own = await w.share(w.people.ben, { visibility: 'network' });
      await expect(w.reviews.decide(coach, own, { decision: 'approve', note: '' })).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/your own practice.*another coach/),
      });
      expect((await w.adaptations.get(own))!.network_status).toBe('pending');
      const chloeCoach = w.ctx(w.people.chloe, ['teacher', 'coach']);
      expect((await w.reviews.decide(chloeCoach, own, { decision: 'approve', note: '' })).decision).toBe('approved');
      expect((await w.adaptations.get(own))!.network_status).toBe('approved');
    });

    it("features practices with the coach's reason, only for people who may see them", async () => {
      const everyone = await w.share(w.people.chloe);
      const plcOnly = await w.share(w.people.chloe, { visibility: 'course' });
      const privateOne = await w.share(w.people.ben, { visibility: 'private' });
      await w.reviews.feature(coach, everyone, 'Works in every grade.');
      await w.reviews.feature(coach, plcOnly, 'For our PLC cycle.');
      await expect(w.reviews.feature(coach, privateOne, 'Mine')).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(w.reviews.feature(teacherCtx('ana'), everyone, 'I like it')).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(w.reviews.feature(otherCoach, everyone, 'Stolen')).rejects.toMatchObject({ code: 'not_found' });
      const forAna = await w.reviews.featured(teacherCtx('ana'));
      expect(forAna.map((f) => [f.adaptation.id, f.reason, f.featuredBy.name])).toEqual([
        [everyone, 'Works in every grade.', 'Ben Okafor'],
      ]);
      expect((await w.reviews.featured(teacherCtx('chloe'))).map((f) => f.adaptation.id)).toEqual([plcOnly, everyone]);
      expect(await w.reviews.featured(otherCoach)).toEqual([]);
      await w.reviews.unfeature(coach, plcOnly);
      expect((await w.reviews.featured(teacherCtx('chloe'))).map((f) => f.adaptation.id)).toEqual([everyone]);
      await expect(w.reviews.unfeature(coach, plcOnly)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('pairs a mentor with a newer teacher (the pairing alone earns nothing) and lets the mentee follow the mentor', async () => {
      const { chloe, noor, ana } = w.people;
      const shared = await w.share(chloe);
      const plc = await w.share(chloe, { visibility: 'course' });
      const secret = await w.share(chloe, { visibility: 'private' });
      const notMentor = await w.share(ana);
      const pair = await w.mentoring.create(coach, { mentorUserId: chloe.userId, menteeUserId: noor.userId });
      expect(pair).toMatchObject({
        mentor: { userId: chloe.userId, name: 'Chloé Martin' },
        mentee: { userId: noor.userId, name: 'Noor Haddad' },
        endedAt: null,
      });
      expect(pair.activities).toEqual({ confirmed: 0, pending: 0 });
      // A contribution is a confirmed mentoring activity (mentoring-activities.test.ts), not the pairing.
      expect(await w.ledger.events(coach.tenant.id, { types: ['mentoring'] })).toEqual([]);

      const noorCtx = teacherCtx('noor');
      expect((await w.mentoring.mine(noorCtx)).mentors.map((m) => m.name)).toEqual(['Chloé Martin']);
      expect((await w.mentoring.mine(teacherCtx('chloe'))).mentees.map((m) => m.name)).toEqual(['Noor Haddad']);
      const page = await w.mentoring.practices(noorCtx, { limit: 100 });
      const ids = page.items.map((a) => a.id);
      expect(ids).toEqual(expect.arrayContaining([shared, plc]));
      expect(ids).not.toContain(secret);
      expect(ids).not.toContain(notMentor);
      expect(page.items.every((a) => a.author.id === chloe.userId && a.visibility !== 'private')).toBe(true);
      // Paging walks every item once.
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const p = await w.mentoring.practices(noorCtx, { limit: 2, ...(cursor ? { cursor } : {}) });
        walked.push(...p.items.map((a) => a.id));
        expect(p.total).toBe(ids.length);
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      expect(walked).toEqual(ids);

      await w.mentoring.end(coach, pair.id);
      expect((await w.mentoring.practices(noorCtx, { limit: 20 })).items).toEqual([]);
      await expect(w.mentoring.end(coach, pair.id)).rejects.toMatchObject({ code: 'conflict' });
      expect(await w.ledger.events(coach.tenant.id, { types: ['mentoring'] })).toEqual([]);
    });

    it('refuses self-mentoring, duplicate pairs, people of another district and non-coaches', async () => {
      const { chloe, noor, lee, ana } = w.people;
      await expect(
        w.mentoring.create(coach, { mentorUserId: chloe.userId, menteeUserId: chloe.userId }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
      await w.mentoring.create(coach, { mentorUserId: ana.userId, menteeUserId: noor.userId });
      await expect(
        w.mentoring.create(coach, { mentorUserId: ana.userId, menteeUserId: noor.userId }),
      ).rejects.toMatchObject({ code: 'already_exists' });
      // Nor the other way round: two people are one relationship, with one mentor.
      await expect(
        w.mentoring.create(coach, { mentorUserId: noor.userId, menteeUserId: ana.userId }),
      ).rejects.toMatchObject({
        code: 'already_exists',
        message: expect.stringMatching(/one of them mentors the other/),
      });
      await expect(
        w.mentoring.create(coach, { mentorUserId: lee.userId, menteeUserId: noor.userId }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        w.mentoring.create(otherCoach, { mentorUserId: ana.userId, menteeUserId: chloe.userId }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        w.mentoring.create(teacherCtx('ana'), { mentorUserId: ana.userId, menteeUserId: chloe.userId }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect(await w.mentoring.pairs(otherCoach)).toEqual([]);
      expect((await w.mentoring.people(coach, 'noor')).map((p) => p.name)).toEqual(['Noor Haddad']);
      expect(await w.mentoring.people(otherCoach, 'noor')).toEqual([]);
    });
  });
}
