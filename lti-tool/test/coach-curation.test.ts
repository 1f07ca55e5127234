import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { coachWorld } from './coach-fixtures.js';

type World = Awaited<ReturnType<typeof coachWorld>>;

for (const kind of databaseKinds()) {
  describe(`focus areas and collections on ${kind.name}`, { timeout: 30_000 }, () => {
    let tdb: TestDatabase;
    let w: World;
    let coach: ReturnType<World['ctx']>;
    let teacher: ReturnType<World['ctx']>;
    let otherCoach: ReturnType<World['ctx']>;

    beforeAll(async () => {
      tdb = await kind.create();
      w = await coachWorld(tdb);
      coach = w.ctx(w.people.ben, ['teacher', 'coach']);
      teacher = w.ctx(w.people.ana, ['teacher']);
      otherCoach = w.ctx(w.people.lee, ['teacher', 'coach']);
    });
    afterAll(async () => {
      await w?.db.close();
      await tdb?.drop();
    });

    it('lets a coach create, rename and delete focus areas, with unique titles per district', async () => {
      const fa = await w.focusAreas.create(coach, { title: 'Academic language', description: 'Talk before writing' });
      expect(fa).toMatchObject({ title: 'Academic language', collectionCount: 0 });
      await expect(w.focusAreas.create(coach, { title: 'ACADEMIC LANGUAGE', description: '' })).rejects.toMatchObject({
        code: 'already_exists',
      });
      // Another district may use the same title.
      expect((await w.focusAreas.create(otherCoach, { title: 'Academic language', description: '' })).title).toBe(
        'Academic language',
      );
      const renamed = await w.focusAreas.update(coach, fa.id, {
        title: 'Academic talk',
        description: 'Oral rehearsal',
      });
      expect(renamed).toMatchObject({ id: fa.id, title: 'Academic talk', description: 'Oral rehearsal' });
      const c = await w.collections.create(coach, { title: 'Talk moves', description: '', focusAreaId: fa.id });
      expect((await w.focusAreas.list(coach)).find((f) => f.id === fa.id)?.collectionCount).toBe(1);
      await w.focusAreas.delete(coach, fa.id);
      expect((await w.collections.view(coach, c.id)).focusArea).toBeNull();
    });

    it('refuses focus area changes to teachers and to a coach of another district', async () => {
      const fa = await w.focusAreas.create(coach, { title: 'Formative assessment', description: '' });
      await expect(w.focusAreas.create(teacher, { title: 'Mine', description: '' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(w.focusAreas.list(teacher)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        w.focusAreas.update(otherCoach, fa.id, { title: 'Taken over', description: '' }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(w.focusAreas.delete(otherCoach, fa.id)).rejects.toMatchObject({ code: 'not_found' });
      expect((await w.focusAreas.list(coach)).map((f) => f.title)).toContain('Formative assessment');
      expect((await w.focusAreas.list(otherCoach)).map((f) => f.title)).not.toContain('Formative assessment');
    });

    it('orders, annotates, publishes once and records one curated contribution', async () => {
      const [a, b, c] = [await w.share(w.people.ana), await w.share(w.people.chloe), await w.share(w.people.chloe)];
      const col = await w.collections.create(coach, {
        title: 'Scaffolds that work',
        description: 'Three practices',
        focusAreaId: null,
      });
      expect(col.status).toBe('draft');
      await expect(w.collections.publish(coach, col.id)).rejects.toMatchObject({ code: 'validation_failed' });
      for (const id of [a, b, c]) await w.collections.addItem(coach, col.id, id, `Why ${id.slice(0, 4)}`);
      await expect(w.collections.addItem(coach, col.id, a, '')).rejects.toMatchObject({ code: 'already_exists' });
      const order = (v: Awaited<ReturnType<World['collections']['view']>>) =>
        v.entries.map((e) => (e.status === 'visible' ? e.adaptation.id : '?'));
      expect(order(await w.collections.view(coach, col.id))).toEqual([a, b, c]);
      // Move the last one up, then the first one to the end (positions beyond the list clamp).
      expect(order(await w.collections.updateItem(coach, col.id, c, { position: 1 }))).toEqual([a, c, b]);
      expect(order(await w.collections.updateItem(coach, col.id, a, { position: 99 }))).toEqual([c, b, a]);
      const noted = await w.collections.updateItem(coach, col.id, b, { note: 'Start here with new teachers.' });
      expect(noted.entries.find((e) => e.status === 'visible' && e.adaptation.id === b)).toMatchObject({
        note: 'Start here with new teachers.',
        position: 1,
      });
      expect(order(await w.collections.removeItem(coach, col.id, c))).toEqual([b, a]);
      expect((await w.collections.view(coach, col.id)).entries.map((e) => e.position)).toEqual([0, 1]);

      const published = await w.collections.publish(coach, col.id);
      expect(published).toMatchObject({ status: 'published', itemCount: 2 });
      await w.collections.unpublish(coach, col.id);
      await w.collections.publish(coach, col.id);
      const curated = await w.ledger.events(coach.tenant.id, { types: ['curated'] });
      expect(curated.filter((e) => e.data.collectionId === col.id)).toEqual([
        expect.objectContaining({
          actorId: coach.user.id,
          beneficiaryId: null,
          data: { collectionId: col.id, items: 2, focusAreaId: null },
        }),
      ]);
    });

    it('shows teachers published collections only, and never lets them curate', async () => {
      const id = await w.share(w.people.ana);
      const draft = await w.collections.create(coach, { title: 'Draft ideas', description: '', focusAreaId: null });
      await w.collections.addItem(coach, draft.id, id, '');
      expect((await w.collections.list(teacher, 'published')).map((c) => c.id)).not.toContain(draft.id);
      await expect(w.collections.list(teacher, 'all')).rejects.toMatchObject({ code: 'forbidden' });
      await expect(w.collections.view(teacher, draft.id)).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringMatching(/not published/),
      });
      expect((await w.collections.list(coach, 'all')).map((c) => c.id)).toContain(draft.id);
      await expect(
        w.collections.create(teacher, { title: 'Mine', description: '', focusAreaId: null }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(w.collections.addItem(teacher, draft.id, id, '')).rejects.toMatchObject({ code: 'forbidden' });
      await expect(w.collections.publish(teacher, draft.id)).rejects.toMatchObject({ code: 'forbidden' });
      await w.collections.publish(coach, draft.id);
      expect((await w.collections.view(teacher, draft.id)).canEdit).toBe(false);
    });

    it("gives a coach of another district no power over this district's collections", async () => {
      const col = await w.collections.create(coach, { title: 'Ours', description: '', focusAreaId: null });
      const fa = await w.focusAreas.create(otherCoach, { title: 'Theirs', description: '' });
      await expect(w.collections.view(otherCoach, col.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        w.collections.update(otherCoach, col.id, { title: 'Mine now', description: '', focusAreaId: null }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(w.collections.publish(otherCoach, col.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(w.collections.delete(otherCoach, col.id)).rejects.toMatchObject({ code: 'not_found' });
      // Nor can a coach align a collection with another district's focus area.
      await expect(
        w.collections.update(coach, col.id, { title: 'Ours', description: '', focusAreaId: fa.id }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
      expect((await w.collections.list(otherCoach, 'all')).map((c) => c.id)).not.toContain(col.id);
    });

    it('never puts a private practice in a collection, and hides from each person what they may not see', async () => {
      const mine = await w.share(w.people.ben, { visibility: 'private' });
      const othersPrivate = await w.share(w.people.chloe, { visibility: 'private' });
      const plcOnly = await w.share(w.people.chloe, { visibility: 'course' }); // ELA PLC course only
      const district = await w.share(w.people.chloe);
      const col = await w.collections.create(coach, { title: 'Mixed', description: '', focusAreaId: null });
      await expect(w.collections.addItem(coach, col.id, mine, '')).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(w.collections.addItem(coach, col.id, othersPrivate, '')).rejects.toMatchObject({
        code: 'not_found',
      });
      await w.collections.addItem(coach, col.id, plcOnly, 'For the PLC');
      await w.collections.addItem(coach, col.id, district, 'For everyone');
      await w.collections.publish(coach, col.id);
      // Ana teaches Math 7, not the ELA PLC: the PLC-only practice is there for her, but without its content or note.
      const seen = await w.collections.view(teacher, col.id);
      expect(seen.entries).toEqual([
        { status: 'unavailable', position: 0 },
        expect.objectContaining({ status: 'visible', position: 1, note: 'For everyone' }),
      ]);
      expect(JSON.stringify(seen)).not.toContain('For the PLC');
      // Chloé, in the PLC, sees both.
      expect(
        (await w.collections.view(w.ctx(w.people.chloe, ['teacher']), col.id)).entries.every(
          (e) => e.status === 'visible',
        ),
      ).toBe(true);
      // When the author makes it private later, even the coach only sees that something is there (and can remove it).
      await w.adaptations.put(
        { ...(await w.adaptations.get(district))!.json, visibility: 'private' },
        { tenantId: coach.tenant.id, authorUserId: w.people.chloe.userId, contextPk: w.people.chloe.course!.id },
      );
      const forCoach = await w.collections.view(coach, col.id);
      expect(forCoach.entries[1]).toEqual({ status: 'unavailable', position: 1, adaptationId: district });
      expect((await w.collections.removeItem(coach, col.id, district)).entries).toHaveLength(1);
    });
  });
}
