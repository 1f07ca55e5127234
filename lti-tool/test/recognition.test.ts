import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkAchievementCredentialSchema, KeyEncryptionKey, recipientMatches } from '../src/badges/index.js';
import type { NewContribution } from '../src/data/ledger-repo.js';
import { openChangeBus, type ChangeBus } from '../src/data/change-bus.js';
import { DbLocks } from '../src/data/db-locks.js';
import { RecognitionRepo } from '../src/data/recognition-repo.js';
import { createLogger } from '../src/http/logger.js';
import { BadgeIssuer } from '../src/services/badge-issuer.js';
import { RecognitionService } from '../src/services/recognition-service.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import type { LaunchContext } from '../src/lti/launch-context.js';
import { DEFAULT_RECOGNITION_RULES, type CoachAwardInput } from '@margins/shared';
import { coachWorld, type Person } from './coach-fixtures.js';
import { emailMatches } from '../src/ui/earner-identity.js';

type World = Awaited<ReturnType<typeof coachWorld>>;
const BASE = 'http://127.0.0.1:4999';

for (const kind of databaseKinds()) {
  describe(`recognition rules, awards and revocation on ${kind.name}`, { timeout: 60_000 }, () => {
    let tdb: TestDatabase;
    let w: World;
    let kek: KeyEncryptionKey;
    let repo: RecognitionRepo;
    let issuer: BadgeIssuer;
    let service: RecognitionService;
    const services: RecognitionService[] = [];
    const locks: DbLocks[] = [];
    const buses: ChangeBus[] = [];
    /** A change bus of its own, as each tool process has (on SQLite, one process: one bus). */
    const busOf = async () => {
      if (kind.name === 'sqlite' && buses.length) return buses[0]!;
      const b = await openChangeBus(tdb.target, createLogger('silent'));
      buses.push(b);
      return b;
    };
    const make = (opts: { kek?: KeyEncryptionKey | null; debounceMs?: number; bus?: ChangeBus } = {}) => {
      const i = new BadgeIssuer({
        repo,
        tenancy: w.tenancy,
        kek: opts.kek === undefined ? kek : opts.kek,
        baseUrl: BASE,
      });
      // Each service has locks of its own, as each tool process does.
      const l = new DbLocks(tdb.target);
      locks.push(l);
      const s = new RecognitionService({
        db: w.db,
        locks: l,
        repo,
        ledger: w.ledger,
        tenancy: w.tenancy,
        issuer: i,
        logger: createLogger('silent'),
        ...(opts.debounceMs ? { debounceMs: opts.debounceMs } : {}),
        ...(opts.bus ? { bus: opts.bus } : {}),
      });
      services.push(s);
      return { issuer: i, service: s };
    };
    const teacher = (p: keyof World['people']) => w.ctx(w.people[p], ['teacher']);
    const coach = () => w.ctx(w.people.ben, ['teacher', 'coach']);
    const event = (
      type: NewContribution['type'],
      actor: Person,
      extra: Partial<NewContribution> = {},
    ): NewContribution => ({
      tenantId: actor.tenant.id,
      type,
      actorUserId: actor.userId,
      dedupeKey: randomUUID(),
      ...extra,
    });
    /** Awards as the UI does: the preview first, then the award with its confirmation. */
    const confirmedAward = async (s: RecognitionService, c: LaunchContext, input: CoachAwardInput) =>
      s.award(c, { ...input, confirmedPreview: (await s.previewAward(c, input)).confirmation });
    const ruleIds = async (p: keyof World['people']) => (await service.mine(teacher(p))).map((r) => r.ruleId).sort();
    const credentialOf = async (p: keyof World['people'], id: string) =>
      JSON.parse(await service.credential(teacher(p), id)) as Record<string, unknown>;

    beforeAll(async () => {
      tdb = await kind.create();
      w = await coachWorld(tdb);
      kek = KeyEncryptionKey.parse(KeyEncryptionKey.generateConfigValue());
      repo = new RecognitionRepo(w.db);
      ({ issuer, service } = make());
    });
    afterAll(async () => {
      await Promise.all(services.map((s) => s.stop()));
      await Promise.all(locks.map((l) => l.close()));
      await Promise.all(buses.map((b) => b.close()));
      await w?.db.close();
      await tdb?.drop();
    });

    it('issues a rule recognition once, as a signed credential that verifies and validates against the OB 3.0 schema', async () => {
      await w.ledger.append(event('shared', w.people.ana, { adaptationId: randomUUID() }));
      expect(await service.evaluate(w.people.ana.tenant.id)).toBe(1);
      expect(await service.evaluate(w.people.ana.tenant.id)).toBe(0);
      await w.ledger.append(event('shared', w.people.ana, { adaptationId: randomUUID() }));
      expect(await service.evaluate(w.people.ana.tenant.id)).toBe(0);
      const mine = await service.mine(teacher('ana'));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        kind: 'rule',
        ruleId: 'first-shared-adaptation',
        title: 'First shared practice',
        status: 'active',
        citation: null,
        awardedBy: null,
        onWall: true,
      });

      const credential = await credentialOf('ana', mine[0]!.id);
      expect(checkAchievementCredentialSchema(credential).issues).toEqual([]);
      expect(credential.issuer).toMatchObject({
        id: `${BASE}/badges/issuers/${w.people.ana.tenant.id}`,
        name: 'Riverside USD',
      });
      expect(credential.credentialStatus).toMatchObject({
        type: 'BitstringStatusListEntry',
        statusListCredential: `${BASE}/badges/status/${w.people.ana.tenant.id}`,
      });
      // The teacher is a salted hash of their email, never a name.
      expect(JSON.stringify(credential)).not.toContain('Ana Lima');
      expect(recipientMatches(credential, 'emailAddress', 'ana@riverside.example')).toBe(true);
      const answer = await issuer.verify(JSON.stringify(credential));
      expect(answer).toMatchObject({
        valid: true,
        problems: [],
        status: 'active',
        summary: {
          achievement: 'First shared practice',
          issuer: 'Riverside USD',
          criteria: DEFAULT_RECOGNITION_RULES.find((r) => r.id === 'first-shared-adaptation')!.criteria,
          evidence: [{ name: 'How this recognition was earned', narrative: expect.stringContaining('Riverside USD') }],
          validFrom: credential.validFrom,
          validUntil: null,
          recipient: [{ identityType: 'emailAddress', identityHash: expect.stringMatching(/^sha256\$[0-9a-f]{64}$/) }],
        },
      });
      // The verification page's earner check (run in the verifier's browser) agrees with the tool's hash.
      expect(await emailMatches(answer.summary.recipient, ' ANA@riverside.example ')).toBe(true);
      expect(await emailMatches(answer.summary.recipient, 'noor@riverside.example')).toBe(false);
      // The ledger records the recognition (beneficiary: the teacher).
      const recognised = await w.ledger.events(w.people.ana.tenant.id, {
        types: ['recognised'],
        userId: w.people.ana.userId,
      });
      expect(recognised).toHaveLength(1);
      expect(recognised[0]).toMatchObject({
        beneficiaryId: w.people.ana.userId,
        data: { kind: 'rule', ruleId: 'first-shared-adaptation' },
      });
    });

    it('ignores self-credit: endorsing your own practices earns nothing, three colleagues\u2019 does', async () => {
      const own = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of own)
        await w.ledger.append(
          event('endorsed', w.people.chloe, {
            beneficiaryUserId: w.people.chloe.userId,
            adaptationId: id,
            data: { outcome: 'worked-well' },
          }),
        );
      // Three endorsements of one of Chloé's practices by herself do not make it "tried by three" either.
      await service.evaluate(w.people.chloe.tenant.id);
      expect(await ruleIds('chloe')).toEqual([]);
      for (const by of [w.people.ana, w.people.noor])
        await w.ledger.append(
          event('endorsed', by, {
            beneficiaryUserId: w.people.chloe.userId,
            adaptationId: own[0]!,
            data: { outcome: 'mixed' },
          }),
        );
      await service.evaluate(w.people.chloe.tenant.id);
      expect(await ruleIds('chloe')).toEqual([]); // two colleagues and herself: not three
      await w.ledger.append(
        event('endorsed', w.people.ben, {
          beneficiaryUserId: w.people.chloe.userId,
          adaptationId: own[0]!,
          data: { outcome: 'worked-with-changes' },
        }),
      );
      await service.evaluate(w.people.chloe.tenant.id);
      expect(await ruleIds('chloe')).toEqual(['practice-tried-by-three']);
      // Which practice earned it stays in the district's database: no answer and no credential names it.
      const [rec] = await service.mine(teacher('chloe'));
      const shown = JSON.stringify([
        rec,
        await service.credential(teacher('chloe'), rec!.id),
        await service.district(coach()),
      ]);
      for (const id of own) expect(shown).not.toContain(id);
    });

    it('recognises a practice adopted in two schools (schools from the ledger), not two adoptions in one school', async () => {
      const practice = randomUUID();
      await w.ledger.append(
        event('endorsed', w.people.ana, {
          beneficiaryUserId: w.people.ben.userId,
          adaptationId: practice,
          schoolId: 'north-ms',
          data: { outcome: 'worked-well' },
        }),
      );
      await w.ledger.append(
        event('remixed', w.people.chloe, {
          beneficiaryUserId: w.people.ben.userId,
          adaptationId: practice,
          schoolId: 'north-ms',
        }),
      );
      await service.evaluate(w.people.ben.tenant.id);
      expect(await ruleIds('ben')).not.toContain('adopted-in-two-schools');
      await w.ledger.append(
        event('remixed', w.people.noor, {
          beneficiaryUserId: w.people.ben.userId,
          adaptationId: practice,
          schoolId: 'south-hs',
        }),
      );
      await service.evaluate(w.people.ben.tenant.id);
      expect(await ruleIds('ben')).toContain('adopted-in-two-schools');
    });

    it('issues nothing for a disabled rule, and catches up when it is enabled again', async () => {
      await service.setRule(coach(), 'five-pieces-of-feedback', false);
      expect((await service.rules(coach())).find((r) => r.id === 'five-pieces-of-feedback')).toMatchObject({
        enabled: false,
      });
      for (let i = 0; i < 5; i++)
        await w.ledger.append(
          event('feedback-given', w.people.noor, {
            beneficiaryUserId: w.people.ana.userId,
            adaptationId: randomUUID(),
          }),
        );
      await service.evaluate(w.people.noor.tenant.id);
      expect(await ruleIds('noor')).not.toContain('five-pieces-of-feedback');
      // Turning a rule on needs the confirmation of its public text (issue 16): every text fixed, none a teacher's.
      await expect(service.setRule(coach(), 'five-pieces-of-feedback', true)).rejects.toMatchObject({
        code: 'validation_failed',
        issues: [expect.objectContaining({ path: 'confirmedPreview' })],
      });
      const rule = (await service.rules(coach())).find((r) => r.id === 'five-pieces-of-feedback')!;
      expect(rule.publicText).toMatchObject({
        name: rule.name,
        description: rule.description,
        criteria: rule.criteria,
      });
      expect(rule.publicText.evidenceExample).toMatch(/^What counted: 5 pieces of structured feedback/);
      await service.setRule(coach(), 'five-pieces-of-feedback', true, rule.publicText.confirmation);
      await service.evaluate(w.people.noor.tenant.id);
      const earned = (await service.mine(teacher('noor'))).find((r) => r.ruleId === 'five-pieces-of-feedback')!;
      expect(earned.citation).toBeNull();
      const signed = await credentialOf('noor', earned.id);
      expect([signed.name, signed.description]).toEqual([rule.publicText.name, rule.publicText.description]);
      expect((signed.evidence as { narrative: string }[])[0]!.narrative).toMatch(/^What counted: 5 pieces/);
      expect(await ruleIds('noor')).toContain('five-pieces-of-feedback');
      await expect(service.setRule(coach(), 'no-such-rule', false)).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.setRule(teacher('ana'), 'mentor', false)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(service.rules(teacher('ana'))).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('settles concurrent evaluations (as by several tool processes) on one recognition per rule and person', async () => {
      // The Mentor rule counts confirmed mentoring activities (they carry their kind); it needs two.
      for (const activityKind of ['co-planning', 'classroom-observation'])
        await w.ledger.append(
          event('mentoring', w.people.noor, { beneficiaryUserId: w.people.chloe.userId, data: { activityKind } }),
        );
      await w.ledger.append(event('curated', w.people.noor, { data: { collection: randomUUID() } }));
      const made = Array.from({ length: 6 }, () => make());
      const signings = made.map((m) => vi.spyOn(m.issuer, 'issue'));
      const issued = await Promise.all(made.map((m) => m.service.evaluate(w.people.noor.tenant.id)));
      expect(issued.reduce((a, b) => a + b, 0)).toBe(2);
      // On PostgreSQL the district's pass holds a database lock: a process that waited finds the
      // recognitions issued and signs nothing. (SQLite is one process, one service: no lock between objects.)
      if (kind.name === 'postgres') expect(signings.reduce((n, s) => n + s.mock.calls.length, 0)).toBe(2);
      const noor = await service.mine(teacher('noor'));
      expect(noor.filter((r) => r.ruleId === 'mentor')).toHaveLength(1);
      expect(noor.filter((r) => r.ruleId === 'curator')).toHaveLength(1);
      const indexes = await repo.usedIndexes(w.people.noor.tenant.id);
      expect(indexes.size).toBe((await repo.forTenant(w.people.noor.tenant.id)).length);
    });

    it('reads only the people of the events since the last pass, and the whole ledger again when the rules change', async () => {
      const tenantId = w.people.noor.tenant.id;
      await service.evaluate(tenantId);
      const reads = vi.spyOn(w.ledger, 'events');
      try {
        await w.ledger.append(
          event('feedback-given', w.people.noor, {
            beneficiaryUserId: w.people.chloe.userId,
            adaptationId: randomUUID(),
          }),
        );
        await service.evaluate(tenantId);
        expect(reads).toHaveBeenCalledTimes(1);
        expect([...(reads.mock.calls[0]![1]!.userIds ?? [])].sort()).toEqual(
          [w.people.noor.userId, w.people.chloe.userId].sort(),
        );
        // Another process continues from the same watermark: nothing new, nothing read.
        reads.mockClear();
        expect(await make().service.evaluate(tenantId)).toBe(0);
        expect(reads).not.toHaveBeenCalled();
        // A rule turned off and on again: every rule is evaluated over the whole ledger once more.
        await service.setRule(coach(), 'mentor', false);
        await service.evaluate(tenantId);
        const mentor = (await service.rules(coach())).find((r) => r.id === 'mentor')!;
        await service.setRule(coach(), 'mentor', true, mentor.publicText.confirmation);
        await service.evaluate(tenantId);
        expect(reads.mock.calls.length).toBeGreaterThanOrEqual(2);
        for (const call of reads.mock.calls) expect(call[1]!.userIds).toBeUndefined();
      } finally {
        reads.mockRestore();
      }
    });

    it('never issues to a person of another district whose event was copied into this ledger', async () => {
      await w.ledger.append(event('curated', w.people.lee, { tenantId: w.people.ana.tenant.id }));
      await service.evaluate(w.people.ana.tenant.id);
      expect((await repo.forTenant(w.people.ana.tenant.id)).map((r) => r.recipient_user_id)).not.toContain(
        w.people.lee.userId,
      );
    });

    it('evaluates on its own shortly after a ledger append, without the appender waiting', async () => {
      const { service: background } = make({ debounceMs: 50 });
      w.ledger.onAppend((tenantId) => background.schedule(tenantId));
      await w.ledger.append(event('curated', w.people.ana, { data: { collection: randomUUID() } }));
      expect(
        (await repo.forRecipient(w.people.ana.tenant.id, w.people.ana.userId)).map((r) => r.rule_id),
      ).not.toContain('curator');
      await expect
        .poll(
          async () => (await repo.forRecipient(w.people.ana.tenant.id, w.people.ana.userId)).map((r) => r.rule_id),
          { timeout: 5_000 },
        )
        .toContain('curator');
    });

    it('lets a coach award recognition with a citation, and refuses personal details, self-awards, teachers and other districts', async () => {
      const citation =
        'Led the ELA PLC through three cycles of peer observation & shared every <b>protocol</b> with "colleagues".';
      const award = await confirmedAward(service, coach(), {
        recipientId: w.people.chloe.userId,
        title: 'PLC leadership',
        citation,
      });
      expect(award).toMatchObject({
        kind: 'coach',
        ruleId: null,
        title: 'PLC leadership',
        citation,
        awardedBy: { userId: w.people.ben.userId, name: 'Ben Okafor' },
        recipient: { userId: w.people.chloe.userId },
      });
      const credential = await credentialOf('chloe', award.id);
      expect(checkAchievementCredentialSchema(credential).issues).toEqual([]);
      expect((credential.evidence as { narrative: string }[])[0]!.narrative).toBe(citation);
      expect((await issuer.verify(credential)).valid).toBe(true);

      await expect(
        service.award(coach(), {
          recipientId: w.people.chloe.userId,
          title: 'Great support',
          citation: 'Stayed after school every day to tutor student Maria Lopez in fractions.',
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/public and permanent/) });
      await expect(
        service.award(coach(), {
          recipientId: w.people.ben.userId,
          title: 'Me',
          citation: 'I did a lot of good work this term for everyone.',
        }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(
        service.award(teacher('ana'), {
          recipientId: w.people.chloe.userId,
          title: 'Thanks',
          citation: 'Helped me plan the unit on fractions, thank you so much.',
        }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      const lakeCoach = w.ctx(w.people.lee, ['teacher', 'coach']);
      await expect(
        service.award(lakeCoach, {
          recipientId: w.people.chloe.userId,
          title: 'Thanks',
          citation: 'Helped our district plan the unit on fractions.',
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
      expect((await service.district(lakeCoach)).map((r) => r.id)).not.toContain(award.id);
    });

    it('revokes with a reason: the status list flips, verification fails, and only the district\u2019s managers can do it', async () => {
      const [rec] = (await service.mine(teacher('ana'))).filter((r) => r.ruleId === 'first-shared-adaptation');
      const credential = await credentialOf('ana', rec!.id);
      const lakeCoach = w.ctx(w.people.lee, ['teacher', 'coach']);
      await expect(service.revoke(lakeCoach, rec!.id, { reason: 'Not ours to keep' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(service.revoke(teacher('ana'), rec!.id, { reason: 'Changed my mind' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(service.revoke(coach(), rec!.id, { reason: 'no' })).rejects.toMatchObject({
        code: 'validation_failed',
      });

      const admin = w.ctx(w.people.ben, ['district-admin']);
      const revoked = await service.revoke(admin, rec!.id, { reason: 'Issued by mistake during the pilot.' });
      expect(revoked).toMatchObject({ status: 'revoked', revokedReason: 'Issued by mistake during the pilot.' });
      const answer = await issuer.verify(credential);
      expect(answer).toMatchObject({ valid: false, status: 'revoked' });
      expect(answer.problems.map((p) => p.code)).toEqual(['revoked']);
      await expect(service.revoke(coach(), rec!.id, { reason: 'Issued by mistake twice.' })).rejects.toMatchObject({
        code: 'conflict',
      });
      // Revoked recognitions stay listed for their recipient, marked, and are not issued again.
      expect(await service.evaluate(w.people.ana.tenant.id)).toBe(0);
      expect((await service.mine(teacher('ana'))).find((r) => r.id === rec!.id)).toMatchObject({ status: 'revoked' });
    });

    it('fails verification of a tampered credential, a foreign issuer, and text that is not a credential', async () => {
      const [rec] = await service.mine(teacher('noor'));
      const credential = await credentialOf('noor', rec!.id);
      const tampered = structuredClone(credential) as { credentialSubject: { achievement: { name: string } } };
      tampered.credentialSubject.achievement.name = 'District Teacher of the Year';
      const t = await issuer.verify(tampered);
      expect(t.valid).toBe(false);
      expect(t.problems.map((p) => p.code)).toContain('tampered');

      const foreign = {
        ...credential,
        issuer: { ...(credential.issuer as object), id: 'https://evil.example/badges/issuers/x' },
      };
      expect((await issuer.verify(foreign)).valid).toBe(false);
      expect(await issuer.verify('{not json')).toMatchObject({ valid: false, problems: [{ code: 'malformed' }] });
    });

    it('hands the credential only to its recipient, in their own district', async () => {
      const [rec] = await service.mine(teacher('noor'));
      await expect(service.credential(teacher('ana'), rec!.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.credential(w.ctx(w.people.lee, ['teacher']), rec!.id)).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(service.setOnWall(teacher('ana'), rec!.id, false)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('shows the course wall: recognitions of the course\u2019s members, newest first, without hidden or revoked ones', async () => {
      const plc = w.people.chloe.course!.id;
      for (const p of [w.people.chloe, w.people.noor, w.people.ben])
        await w.participation.noteParticipant(p.tenant.id, plc, p.userId);
      const wall = await service.wall(teacher('chloe'));
      expect(wall.course.id).toBe(plc);
      const names = new Set(wall.entries.map((e) => e.recipientName));
      expect(names).toEqual(new Set(['Chloé Martin', 'Noor Haddad', 'Ben Okafor'])); // not Ana: she is not in the PLC
      expect(wall.entries.map((e) => e.earnedAt)).toEqual([...wall.entries.map((e) => e.earnedAt)].sort().reverse());
      expect(JSON.stringify(wall)).not.toMatch(/count|rank|adaptation/i);

      const [hidden] = await service.mine(teacher('noor'));
      await service.setOnWall(teacher('noor'), hidden!.id, false);
      expect((await service.wall(teacher('chloe'))).entries.map((e) => e.id)).not.toContain(hidden!.id);
      await expect(service.wall(w.ctx({ ...w.people.chloe, course: null }, ['teacher']))).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });

    it('refuses to sign without a key-encryption key, saying what to configure', async () => {
      const { service: unkeyed } = make({ kek: null });
      await expect(
        confirmedAward(unkeyed, coach(), {
          recipientId: w.people.noor.userId,
          title: 'Mentor of the term',
          citation: 'Mentored two newer colleagues through their first unit.',
        }),
      ).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/MARGINS_BADGE_KEK/) });
      expect(await unkeyed.evaluate(w.people.noor.tenant.id)).toBe(0);
    });

    it('drops the rules it holds when another process switches one (change bus)', async () => {
      const tenantId = w.people.chloe.tenant.id;
      const one = make({ bus: await busOf() }).service;
      const other = make({ bus: await busOf() }).service;
      await other.evaluate(tenantId);
      expect(other.holdsRules(tenantId)).toBe(true);
      await one.setRule(coach(), 'mentor', false);
      expect(one.holdsRules(tenantId)).toBe(false);
      await expect.poll(() => other.holdsRules(tenantId), { timeout: 5_000 }).toBe(false);
      const mentor = (await one.rules(coach())).find((r) => r.id === 'mentor')!;
      await one.setRule(coach(), 'mentor', true, mentor.publicText.confirmation);
    });

    it('never evaluates with rules switched by another process since they were read, even before its notice', async () => {
      const tenantId = w.people.chloe.tenant.id;
      const bus = await busOf();
      const one = make({ bus }).service;
      // On PostgreSQL, a process that gets no notice at all (as when one is delayed): its next pass
      // must still see the change. SQLite is one process: its services share the bus.
      const stale = make(kind.name === 'sqlite' ? { bus } : {}).service;
      await stale.evaluate(tenantId);
      expect(stale.holdsRules(tenantId)).toBe(true);
      await one.setRule(coach(), 'curator', false);
      await w.ledger.append(event('curated', w.people.chloe, { data: { collection: randomUUID() } }));
      await stale.evaluate(tenantId);
      expect(await ruleIds('chloe')).not.toContain('curator');
      // And back on: the other process catches up on what the rule now counts.
      const curator = (await one.rules(coach())).find((r) => r.id === 'curator')!;
      await one.setRule(coach(), 'curator', true, curator.publicText.confirmation);
      await stale.evaluate(tenantId);
      expect(await ruleIds('chloe')).toContain('curator');
    });
  });
}
