import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type CoachAwardInput } from '@margins/shared';
import { KeyEncryptionKey } from '../src/badges/index.js';
import { RecognitionRepo } from '../src/data/recognition-repo.js';
import { RosterNamesRepo } from '../src/data/roster-names-repo.js';
import { createLogger } from '../src/http/logger.js';
import type { LaunchContext } from '../src/lti/launch-context.js';
import type { RosterMember, RosterService } from '../src/lti/roster-service.js';
import { BadgeIssuer } from '../src/services/badge-issuer.js';
import { PrivacyGuard } from '../src/services/privacy-guard.js';
import { RecognitionService } from '../src/services/recognition-service.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { coachWorld } from './coach-fixtures.js';
import { DbLocks } from '../src/data/db-locks.js';

type World = Awaited<ReturnType<typeof coachWorld>>;
const learner = (userId: string, name: string): RosterMember => ({
  userId,
  name,
  roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
  courseRole: 'learner',
  active: true,
});
const teacherMember = (userId: string, name: string): RosterMember => ({
  ...learner(userId, name),
  roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
  courseRole: 'instructor',
});

/**
 * Issue 16: the roster-aware guard. The platform's roster (NRPS) is the edge replaced here (the
 * end-to-end test in tests/lti reads the stand-in platform's); the database, HMACs, detector and
 * the signing of credentials are real.
 */
for (const kind of databaseKinds()) {
  describe(`privacy guard with course rosters on ${kind.name}`, { timeout: 60_000 }, () => {
    let tdb: TestDatabase;
    let w: World;
    let guard: PrivacyGuard;
    let recognition: RecognitionService;
    let locks: DbLocks;
    let now = new Date('2026-12-01T08:00:00Z');
    const rosterCalls: string[] = [];
    const courses: Record<string, RosterMember[]> = {
      'https://lms.example/ela-plc/members': [
        learner('s1', 'Maria Lopez'),
        learner('s2', 'Thandiwe Quispe'),
        teacherMember('ben', 'Ben Okafor'),
      ],
      'https://lms.example/sci-8/members': [learner('s9', 'Yusra Karimi')],
    };
    const roster = {
      members: async (_p: unknown, url: string) => {
        rosterCalls.push(url);
        return courses[url] ?? [];
      },
    } as unknown as RosterService;
    const coach = (): LaunchContext =>
      w.ctx(w.people.ben, ['teacher', 'coach'], { membershipsUrl: 'https://lms.example/ela-plc/members' });
    const writer = (p: keyof World['people']) => ({ tenantId: w.people[p].tenant.id, userId: w.people[p].userId });
    const confirmed = async (c: LaunchContext, input: CoachAwardInput) =>
      recognition.award(c, { ...input, confirmedPreview: (await recognition.previewAward(c, input)).confirmation });
    const refusal = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    };

    beforeAll(async () => {
      tdb = await kind.create();
      w = await coachWorld(tdb);
      const logger = createLogger('silent');
      guard = new PrivacyGuard({
        repo: new RosterNamesRepo(w.db),
        roster,
        secret: 'test-secret-test-secret-test-secret',
        logger,
        now: () => now,
      });
      const repo = new RecognitionRepo(w.db);
      const issuer = new BadgeIssuer({
        repo,
        tenancy: w.tenancy,
        kek: KeyEncryptionKey.parse(KeyEncryptionKey.generateConfigValue()),
        baseUrl: 'http://127.0.0.1:4999',
      });
      locks = new DbLocks(tdb.target);
      recognition = new RecognitionService({
        db: w.db,
        locks,
        repo,
        ledger: w.ledger,
        tenancy: w.tenancy,
        issuer,
        logger,
        privacy: guard,
      });
      // Everyone has opened Margins from their course (course_participants), as a launch records.
      for (const p of Object.values(w.people))
        if (p.course) await w.participation.noteParticipant(p.tenant.id, p.course.id, p.userId);
    });
    afterAll(async () => {
      await recognition?.stop();
      await locks?.close();
      await w?.db.close();
      await tdb?.drop();
    });

    it('keeps only salted hashes of learner name tokens, refreshed on launch at most once per TTL', async () => {
      guard.noteLaunch(coach());
      await guard.check(writer('ben'), {}); // waits for the refresh in progress
      expect(rosterCalls).toEqual(['https://lms.example/ela-plc/members']);
      const rows = (await w.db.knex('roster_name_tokens').select('*')) as { token_hash: string; tenant_id: string }[];
      expect(rows).toHaveLength(4); // maria, lopez, thandiwe, quispe: learners only, never the teacher
      for (const r of rows) expect(r.token_hash).toMatch(/^[0-9a-f]{32}$/);
      const dump = JSON.stringify(await w.db.knex('roster_name_tokens').select('*')).toLowerCase();
      for (const word of ['maria', 'lopez', 'thandiwe', 'quispe', 'okafor']) expect(dump).not.toContain(word);
      expect(await w.db.knex('roster_refreshes').select('learners')).toEqual([{ learners: 2 }]);

      guard.noteLaunch(coach());
      await guard.check(writer('ben'), {});
      expect(rosterCalls).toHaveLength(1); // fresh: no second request to the platform
      now = new Date(now.getTime() + 13 * 3_600_000);
      guard.noteLaunch(coach());
      await guard.check(writer('ben'), {});
      expect(rosterCalls).toHaveLength(2);
    });

    it('finds learners of the writer\u2019s own courses only, with positions and never the words', async () => {
      const text = 'helped thandiwe and her classmates write their first argument';
      expect(await guard.check(writer('ben'), { citation: text })).toEqual([
        { field: 'citation', index: 7, length: 8, kind: 'student-name', source: 'roster' },
      ]);
      // Ana's course has no roster on file and Lee is in another district: the bare lower-case name is not theirs.
      expect(await guard.check(writer('ana'), { citation: text })).toEqual([]);
      expect(await guard.check(writer('lee'), { citation: text })).toEqual([]);
      const e = await refusal(guard.refuse(writer('ben'), { citation: text }, 'A badge'));
      expect(e.status).toBe(400);
      expect(e.issues).toEqual([{ path: 'privacy.citation', message: expect.stringMatching(/^Characters 8–15 /) }]);
      expect(JSON.stringify({ m: e.message, i: e.issues }).toLowerCase()).not.toContain('thandiwe');
    });

    it('refuses the badge-citation case and its variants before anything is signed', async () => {
      const before = (await recognition.district(coach())).length;
      const variants = [
        'helped Maria Lopez and her classmates write their first argument',
        'helped maria lopez and her classmates write their first argument',
        'Helped Lopez and the classmates write their first argument.',
        'Her scaffold let Maria and two classmates write a first argument.',
        'Ayudó a María López y a sus compañeros a escribir su primer argumento.',
        'Coached thandiwe and classmates through their first argument essay.',
      ];
      for (const citation of variants) {
        const input = { recipientId: w.people.chloe.userId, title: 'Argument writing', citation };
        const e = await refusal(recognition.previewAward(coach(), input));
        expect(e.code).toBe('validation_failed');
        expect(e.message).toMatch(/public and permanent/);
        expect(e.issues?.every((i) => i.path === 'privacy.citation')).toBe(true);
        // Straight to the award, as an old client would: the same refusal, nothing signed.
        await expect(recognition.award(coach(), { ...input, confirmedPreview: 'a'.repeat(64) })).rejects.toMatchObject({
          code: 'validation_failed',
        });
      }
      const title = await refusal(
        recognition.previewAward(coach(), {
          recipientId: w.people.chloe.userId,
          title: 'Thandiwe\u2019s coach',
          citation: 'Planned a writing unit with the whole grade-level team.',
        }),
      );
      expect(title.issues?.[0]?.path).toBe('privacy.title');
      expect((await recognition.district(coach())).length).toBe(before);
    });

    it('signs exactly the previewed text, and nothing without a confirmation of the same text', async () => {
      const input = {
        recipientId: w.people.chloe.userId,
        title: 'Argument writing',
        citation: 'Helped her classmates in the PLC write their first argument unit, inspired by Vygotsky.',
      };
      const preview = await recognition.previewAward(coach(), input);
      expect(preview).toMatchObject({
        name: 'Argument writing',
        citation: input.citation,
        recipientName: 'Chloé Martin',
        issuerName: 'Riverside USD',
      });
      expect((await refusal(recognition.award(coach(), input))).issues?.[0]?.path).toBe('confirmedPreview');
      const changed = { ...input, citation: `${input.citation} Thanks!`, confirmedPreview: preview.confirmation };
      expect((await refusal(recognition.award(coach(), changed))).code).toBe('conflict');
      const award = await confirmed(coach(), input);
      const credential = JSON.parse(
        await recognition.credential(w.ctx(w.people.chloe, ['teacher']), award.id),
      ) as Record<string, unknown> & {
        evidence: { narrative: string }[];
        credentialSubject: { achievement: { criteria: { narrative: string } } };
      };
      expect(credential.name).toBe(preview.name);
      expect(credential.description).toBe(preview.description);
      expect(credential.evidence[0]!.narrative).toBe(preview.citation);
      expect(credential.credentialSubject.achievement.criteria.narrative).toBe(preview.criteria);
    });

    it('deletes a course\u2019s name hashes with the course', async () => {
      const t = w.people.ana.tenant.id;
      const course = await w.tenancy.upsertContext({
        tenantId: t,
        deploymentPk: w.people.ana.deployment.id,
        contextId: 'short-lived',
        title: 'Short-lived',
      });
      courses['https://lms.example/short/members'] = [learner('s5', 'Oluwaseun Bello')];
      await guard.refresh(t, course.id, { issuer: 'x', clientId: 'y' }, 'https://lms.example/short/members');
      expect(await w.db.knex('roster_name_tokens').where({ context_pk: course.id }).select('token_hash')).toHaveLength(
        2,
      );
      await w.db.knex('course_contexts').where({ id: course.id }).delete();
      expect(await w.db.knex('roster_name_tokens').where({ context_pk: course.id }).select('*')).toEqual([]);
      expect(await w.db.knex('roster_refreshes').where({ context_pk: course.id }).select('*')).toEqual([]);
    });
  });
}
