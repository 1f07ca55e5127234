import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError, DEFAULT_RECOGNITION_RULES, evaluateRecognitionRules, type ContributionEvent } from '@margins/shared';
import {
  ACHIEVEMENT_CREDENTIAL_SCHEMA_ID,
  buildAchievementCredential,
  canonicalize,
  checkAchievementCredentialSchema,
  hashRecipient,
  identityHash,
  recipientMatches,
  type CoachRecognition,
} from '../../src/badges/index.js';
import { coachInput, earnedTriedByThree, issuer, rule, ruleInput } from './fixtures.js';

describe('building AchievementCredentials', () => {
  it('builds a rule-earned credential with the OB 3.0 contexts, types, achievement and evidence', () => {
    const c = buildAchievementCredential(ruleInput());
    expect(c['@context'].slice(0, 2)).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(c.type).toEqual(['VerifiableCredential', 'AchievementCredential']);
    expect(c.issuer).toMatchObject({
      id: issuer.id,
      type: ['Profile'],
      name: issuer.name,
      url: issuer.url,
      email: issuer.email,
      image: { type: 'Image' },
    });
    expect(c.validFrom).toBe('2026-03-03T09:00:00Z');
    expect(c.awardedDate).toBe('2026-03-02T15:04:05Z');
    const achievement = c.credentialSubject.achievement;
    expect(achievement).toMatchObject({
      id: ruleInput().achievementId,
      type: ['Achievement'],
      achievementType: 'Badge',
      name: 'Practice tried by colleagues',
      criteria: { narrative: rule('practice-tried-by-three').criteria },
    });
    expect(c.evidence).toHaveLength(1);
    expect(c.evidence[0]!.narrative).toMatch(
      /^What counted: 3 "I tried this" reports with classroom outcomes, from 3 different colleagues, all about one of the teacher’s shared adaptations\./,
    );
    expect(c.evidence[0]!.narrative).toContain('March 2, 2026');
    expect(c.credentialSchema).toEqual([
      { id: ACHIEVEMENT_CREDENTIAL_SCHEMA_ID, type: '1EdTechJsonSchemaValidator2019' },
    ]);
    expect(checkAchievementCredentialSchema(c)).toEqual({ valid: true, issues: [] });
  });

  it('keeps personal data out: no person, event, adaptation ids or plaintext email anywhere', () => {
    const text = JSON.stringify(buildAchievementCredential(ruleInput()));
    for (const secret of [
      earnedTriedByThree.personId,
      earnedTriedByThree.adaptationId!,
      ...earnedTriedByThree.eventIds,
      'Rivera',
      'rivera',
    ]) {
      expect(text).not.toContain(secret);
    }
    const subject = buildAchievementCredential(ruleInput()).credentialSubject;
    expect(subject.id).toBeUndefined();
    expect(subject.identifier).toEqual([
      expect.objectContaining({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress' }),
    ]);
  });

  it('builds a coach-awarded credential whose evidence is the citation', () => {
    const c = buildAchievementCredential(coachInput());
    const award = (coachInput().recognition as CoachRecognition).award;
    expect(c.name).toBe('Language support champion');
    expect(c.credentialSubject.achievement).toMatchObject({
      achievementType: 'Award',
      name: 'Language support champion',
    });
    expect(c.evidence).toEqual([
      { type: ['Evidence'], name: 'Citation', narrative: award.citation, genre: 'Coach citation' },
    ]);
    expect(c.awardedDate).toBe('2026-04-10T13:00:00Z');
    expect(c.credentialSubject.identifier[0]!.identityType).toBe('ltiUserId');
    expect(JSON.stringify(c)).not.toContain('a6d5c1f0-canvas-sub');
    expect(JSON.stringify(c)).not.toContain(award.recipientId);
    expect(checkAchievementCredentialSchema(c).valid).toBe(true);
  });

  it('refuses a citation that names a student, since a badge is public and permanent', () => {
    const input = coachInput();
    const recognition = input.recognition as CoachRecognition;
    const bad = {
      ...input,
      recognition: {
        ...recognition,
        award: {
          ...recognition.award,
          citation: 'Worked patiently with my student Jayden Smith on fractions every morning for a term.',
        },
      },
    };
    expect(() => buildAchievementCredential(bad)).toThrow(AppError);
    try {
      buildAchievementCredential(bad);
    } catch (e) {
      expect((e as AppError).code).toBe('validation_failed');
      expect((e as AppError).issues?.[0]?.path).toBe('award.citation');
    }
  });

  it('rejects hostile or malformed input with a validation error', () => {
    const recognition = coachInput().recognition as CoachRecognition;
    const cases = [
      coachInput({
        recognition: { ...recognition, award: { ...recognition.award, title: '<script>alert(1)</script>' } },
      }),
      ruleInput({ issuer: { ...issuer, id: 'http://evil.example/issuer' } }),
      ruleInput({ issuer: { ...issuer, name: '' } }),
      ruleInput({ id: 'javascript:alert(1)' }),
      ruleInput({ recipient: { email: 'not-an-email' } }),
      ruleInput({ recognition: { kind: 'rule', rule: rule('curator'), earned: earnedTriedByThree } }),
      ruleInput({ validUntil: new Date('2026-01-01T00:00:00Z') }),
    ];
    for (const input of cases) expect(() => buildAchievementCredential(input)).toThrow(AppError);
  });

  it('produces a credential for every shipped rule that passes the schema and canonicalizes with every term defined', async () => {
    for (const r of DEFAULT_RECOGNITION_RULES) {
      const events: ContributionEvent[] = Array.from({ length: r.threshold }, (_, i) => ({
        id: `5a0e1f6e-0000-4000-8000-00000000000${i}`,
        type: r.eventTypes[0]!,
        actorId: r.creditTo === 'actor' ? 'teacher-1' : `colleague-${i}`,
        beneficiaryId: r.creditTo === 'beneficiary' ? 'teacher-1' : null,
        adaptationId:
          r.distinct === 'adaptationId'
            ? `0b6f7a1e-1111-4222-8333-94444555566${i}`
            : '0b6f7a1e-1111-4222-8333-944445555666',
        contextId: `course-${i}`,
        schoolId: `school-${i}`,
        // Events that each rule's `where` accepts (its first allowed value per field).
        data: { outcome: 'worked-well', ...Object.fromEntries(Object.entries(r.where).map(([k, v]) => [k, v[0]!])) },
        at: `2026-02-0${i + 1}T10:00:00Z`,
      }));
      const [earned] = evaluateRecognitionRules([r], events);
      expect(earned, r.id).toBeDefined();
      const c = buildAchievementCredential(
        ruleInput({
          recognition: { kind: 'rule', rule: r, earned: earned! },
          achievementId: `https://margins.example.org/a/${r.id}`,
        }),
      );
      expect(checkAchievementCredentialSchema(c).issues, r.id).toEqual([]);
      expect(c.evidence[0]!.narrative, r.id).toMatch(new RegExp(`^What counted: ${r.threshold} `));
      await expect(canonicalize(c)).resolves.toContain(`"${r.name}"`);
    }
    await expect(
      canonicalize(
        buildAchievementCredential(
          coachInput({
            image: { id: 'https://margins.example.org/badge.png', caption: 'A badge' },
            evidenceUrl: 'https://margins.example.org/public/x',
          }),
        ),
      ),
    ).resolves.toContain('Coach citation');
  });
});

describe('recipient identity', () => {
  it('hashes identifier plus salt as sha256$hex and salts every credential differently', () => {
    const a = hashRecipient({ email: 'teacher@example.org' });
    const b = hashRecipient({ email: 'teacher@example.org' });
    expect(a.salt).not.toBe(b.salt);
    expect(a.identityHash).not.toBe(b.identityHash);
    expect(hashRecipient({ email: 'teacher@example.org' }, 'abc').identityHash).toBe(
      identityHash('emailAddress', 'teacher@example.org', 'abc'),
    );
    // sha256("teacher@example.orgabc")
    expect(identityHash('emailAddress', 'teacher@example.org', 'abc')).toBe(
      'sha256$' + createHash('sha256').update('teacher@example.orgabc').digest('hex'),
    );
  });

  it('matches a known email case-insensitively and nothing else', () => {
    const c = buildAchievementCredential(ruleInput());
    expect(recipientMatches(c, 'emailAddress', 'ms.rivera@springfield.example.org')).toBe(true);
    expect(recipientMatches(c, 'emailAddress', ' MS.RIVERA@springfield.example.org ')).toBe(true);
    expect(recipientMatches(c, 'emailAddress', 'mr.rivera@springfield.example.org')).toBe(false);
    expect(recipientMatches(c, 'ltiUserId', 'ms.rivera@springfield.example.org')).toBe(false);
    expect(recipientMatches(null, 'emailAddress', 'x@y.org')).toBe(false);
  });
});
