import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RECOGNITION_RULES, evaluateRecognitionRules } from '@margins/shared';
import { openDb } from '../src/data/db.js';
import { migrate, MIGRATIONS } from '../src/data/migrations.js';
import { RecognitionRepo } from '../src/data/recognition-repo.js';
import { TenancyRepo } from '../src/data/tenancy-repo.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { coachWorld } from './coach-fixtures.js';

type World = Awaited<ReturnType<typeof coachWorld>>;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 24 * 3600_000).toISOString().slice(0, 10);

/**
 * Mentoring that means something (issue 15 item 8): Chloé mentors Noor (Riverside); Ana is another
 * Riverside teacher, outside the pair; Lee is in Lakeside. One person logs an activity, the other
 * confirms it, and only a confirmed activity is the mentor's contribution.
 */
for (const kind of databaseKinds()) {
  describe(`mentoring activities on ${kind.name}`, { timeout: 30_000 }, () => {
    let tdb: TestDatabase;
    let w: World;
    let pairId: string;
    const as = (p: keyof World['people']) => w.ctx(w.people[p], ['teacher']);
    const mentorEvents = async () =>
      (await w.ledger.events(w.people.chloe.tenant.id, { types: ['mentoring'] })).filter(
        (e) => e.actorId === w.people.chloe.userId,
      );

    beforeAll(async () => {
      tdb = await kind.create();
      w = await coachWorld(tdb);
      const coach = w.ctx(w.people.ben, ['teacher', 'coach']);
      pairId = (
        await w.mentoring.create(coach, { mentorUserId: w.people.chloe.userId, menteeUserId: w.people.noor.userId })
      ).id;
    });
    afterAll(async () => {
      await w?.db.close();
      await tdb?.drop();
    });

    it('records a contribution only when the other person confirms, and the Mentor rule needs two', async () => {
      const logged = await w.mentoring.logActivity(as('noor'), {
        pairId,
        kind: 'co-planning',
        happenedOn: day(0),
        minutes: 45,
      });
      expect(logged).toMatchObject({ status: 'pending', awaitsMe: false, loggedBy: { name: 'Noor Haddad' } });
      expect(await mentorEvents()).toEqual([]);
      // Chloé sees it waiting for her; the coach sees it pending on the pair.
      expect((await w.mentoring.activities(as('chloe'))).map((a) => [a.id, a.awaitsMe])).toEqual([[logged.id, true]]);
      const coach = w.ctx(w.people.ben, ['teacher', 'coach']);
      expect((await w.mentoring.pairs(coach)).find((p) => p.id === pairId)?.activities).toEqual({
        confirmed: 0,
        pending: 1,
      });

      // The one who logged it cannot confirm it.
      await expect(w.mentoring.confirmActivity(as('noor'), logged.id)).rejects.toMatchObject({ code: 'forbidden' });
      expect(await w.mentoring.confirmActivity(as('chloe'), logged.id)).toMatchObject({ status: 'confirmed' });
      await expect(w.mentoring.declineActivity(as('chloe'), logged.id)).rejects.toMatchObject({ code: 'conflict' });

      const events = await mentorEvents();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        beneficiaryId: w.people.noor.userId,
        data: { pairId, activityId: logged.id, activityKind: 'co-planning' },
      });
      const mentorRule = DEFAULT_RECOGNITION_RULES.filter((r) => r.id === 'mentor');
      expect(evaluateRecognitionRules(mentorRule, events)).toEqual([]);

      const second = await w.mentoring.logActivity(as('chloe'), {
        pairId,
        kind: 'classroom-observation',
        happenedOn: day(0),
        minutes: 50,
      });
      await w.mentoring.confirmActivity(as('noor'), second.id);
      const earned = evaluateRecognitionRules(mentorRule, await mentorEvents());
      expect(earned.map((e) => [e.ruleId, e.personId])).toEqual([['mentor', w.people.chloe.userId]]);
      expect((await w.mentoring.pairs(coach)).find((p) => p.id === pairId)?.activities).toEqual({
        confirmed: 2,
        pending: 0,
      });
    });

    it('counts a declined activity for nothing', async () => {
      const before = (await mentorEvents()).length;
      const logged = await w.mentoring.logActivity(as('chloe'), {
        pairId,
        kind: 'modelled-lesson',
        happenedOn: day(0),
        minutes: 60,
      });
      expect(await w.mentoring.declineActivity(as('noor'), logged.id)).toMatchObject({ status: 'declined' });
      await expect(w.mentoring.confirmActivity(as('noor'), logged.id)).rejects.toMatchObject({ code: 'conflict' });
      expect(await mentorEvents()).toHaveLength(before);
    });

    it('refuses the same activity twice on one day, dates in the future or before the pairing, and people outside the pair', async () => {
      const input = { pairId, kind: 'feedback-conversation' as const, happenedOn: day(0), minutes: 20 };
      await w.mentoring.logActivity(as('chloe'), input);
      await expect(w.mentoring.logActivity(as('noor'), input)).rejects.toMatchObject({ code: 'already_exists' });
      await expect(w.mentoring.logActivity(as('chloe'), { ...input, happenedOn: day(3) })).rejects.toMatchObject({
        code: 'validation_failed',
      });
      await expect(w.mentoring.logActivity(as('chloe'), { ...input, happenedOn: day(-30) })).rejects.toMatchObject({
        code: 'validation_failed',
        message: expect.stringMatching(/before the coach paired you/),
      });
      // Ana (same district, not in the pair) and Lee (another district) can neither log nor answer.
      await expect(w.mentoring.logActivity(as('ana'), input)).rejects.toMatchObject({ code: 'not_found' });
      await expect(w.mentoring.logActivity(as('lee'), input)).rejects.toMatchObject({ code: 'not_found' });
      const pending = (await w.mentoring.activities(as('noor'))).find((a) => a.status === 'pending')!;
      await expect(w.mentoring.confirmActivity(as('ana'), pending.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(w.mentoring.confirmActivity(as('lee'), pending.id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await w.mentoring.activities(as('ana'))).toEqual([]);
    });

    it('closes an ended pair to new activities', async () => {
      const coach = w.ctx(w.people.ben, ['teacher', 'coach']);
      await w.mentoring.end(coach, pairId);
      await expect(
        w.mentoring.logActivity(as('chloe'), { pairId, kind: 'co-teaching', happenedOn: day(0), minutes: 30 }),
      ).rejects.toMatchObject({ code: 'conflict' });
      // What happened before the end stays on both people's record.
      expect((await w.mentoring.activities(as('noor'))).length).toBeGreaterThanOrEqual(4);
    });
  });
}

for (const kind of databaseKinds()) {
  describe(`migration 100 on ${kind.name}`, { timeout: 30_000 }, () => {
    it('ends the later of two mutual active pairs an earlier version allowed, and moves the Mentor rule to activities', async () => {
      const tdb = await kind.create();
      const db = openDb(tdb.target);
      try {
        await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version < 100) });
        const tenancy = new TenancyRepo(db);
        const t = await tenancy.ensureTenant({
          issuer: 'https://old.example',
          clientId: 'c',
          name: 'Old',
          product: 'moodle',
        });
        await new RecognitionRepo(db).ensureRules(t.id);
        // The Mentor rule as earlier versions stored it: one pairing earned it.
        const shipped = DEFAULT_RECOGNITION_RULES.find((r) => r.id === 'mentor')!;
        await db
          .knex('recognition_rules')
          .where({ tenant_id: t.id, rule_id: 'mentor' })
          .update({ rule_json: JSON.stringify({ ...shipped, where: {}, threshold: 1 }) });
        const d = await tenancy.addDeployment(t.id, 'dep');
        const person = (sub: string) =>
          tenancy.upsertUser({ tenantId: t.id, deploymentPk: d.id, sub, name: sub, email: null }).then((u) => u.id);
        const [a, b, c] = [await person('a'), await person('b'), await person('c')];
        const pair = (id: string, mentor: string, mentee: string, at: string) =>
          db.knex('mentoring_pairs').insert({
            id,
            tenant_id: t.id,
            mentor_user_id: mentor,
            mentee_user_id: mentee,
            created_by: c,
            created_at: at,
            ended_at: null,
            ended_by: null,
          });
        const ids = [randomUUID(), randomUUID(), randomUUID()];
        await pair(ids[0]!, a, b, '2026-01-01T00:00:00.000Z');
        await pair(ids[1]!, b, a, '2026-02-01T00:00:00.000Z'); // mutual: the later one ends
        await pair(ids[2]!, a, c, '2026-03-01T00:00:00.000Z');

        await migrate(db);
        const rows = await db.knex('mentoring_pairs').orderBy('created_at').select('id', 'ended_at', 'pair_key');
        expect(rows.map((r: { id: string; ended_at: string | null }) => [r.id, r.ended_at === null])).toEqual([
          [ids[0], true],
          [ids[1], false],
          [ids[2], true],
        ]);
        expect(rows.every((r: { pair_key: string | null }) => r.pair_key)).toBe(true);
        const rule = await db
          .knex('recognition_rules')
          .where({ tenant_id: t.id, rule_id: 'mentor' })
          .first('rule_json');
        expect(JSON.parse(rule.rule_json)).toMatchObject({ threshold: 2, where: { activityKind: expect.any(Array) } });
      } finally {
        await db.close();
        await tdb.drop();
      }
    });
  });
}
