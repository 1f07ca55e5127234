import { describe, expect, it } from 'vitest';
import {
  IssuerKey,
  buildIssuerProfileDocument,
  createVerificationMethodResolver,
  issueAchievementCredential,
  verifyAchievementCredential,
  type AchievementCredential,
  type VerificationProblemCode,
} from '../../src/badges/index.js';
import { coachInput, districtKey, issuer, ruleInput } from './fixtures.js';

const codes = (r: { problems: { code: VerificationProblemCode }[] }) => r.problems.map((p) => p.code);
const clone = (c: AchievementCredential): AchievementCredential => structuredClone(c);

describe('signing and verifying credentials', async () => {
  const { key, profile, resolver } = districtKey();
  const signed = await issueAchievementCredential(ruleInput(), key);
  const verify = (c: unknown, now = new Date('2026-06-01T00:00:00Z')) =>
    verifyAchievementCredential(c, { resolveVerificationMethod: resolver, now });

  it('adds one eddsa-rdfc-2022 proof, in an array, by the key listed in the issuer profile', () => {
    expect(signed.proof).toHaveLength(1);
    expect(signed.proof![0]).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: `${issuer.id}#${key.publicKeyMultibase}`,
      created: '2026-03-03T09:00:00Z',
    });
    expect(signed.proof![0]!.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);
    expect(profile.assertionMethod).toEqual([signed.proof![0]!.verificationMethod]);
  });

  it('verifies a credential it issued, rule-earned and coach-awarded', async () => {
    expect(await verify(signed)).toMatchObject({
      valid: true,
      problems: [],
      issuerId: issuer.id,
      credentialId: signed.id,
      status: 'none',
      verificationMethod: signed.proof![0]!.verificationMethod,
    });
    expect((await verify(await issueAchievementCredential(coachInput(), key))).valid).toBe(true);
    expect((await verify(JSON.stringify(signed))).valid).toBe(true);
  });

  it('verifies a did:key issuer with no resolver configured', async () => {
    const k = IssuerKey.generate();
    const c = await issueAchievementCredential(ruleInput({ issuer: { ...issuer, id: k.did } }), k);
    expect(c.proof![0]!.verificationMethod).toBe(`${k.did}#${k.publicKeyMultibase}`);
    const result = await verifyAchievementCredential(c, { now: new Date('2026-06-01T00:00:00Z') });
    expect(result).toMatchObject({ valid: true, issuerId: k.did });
  });

  const tamperings: [string, (c: AchievementCredential) => void][] = [
    [
      'the credential name',
      (c) => {
        c.name = 'Master teacher';
      },
    ],
    [
      'the achievement name',
      (c) => {
        c.credentialSubject.achievement.name = 'Master teacher';
      },
    ],
    [
      'the criteria',
      (c) => {
        (c.credentialSubject.achievement.criteria as { narrative: string }).narrative = 'Anything.';
      },
    ],
    [
      'the recipient hash',
      (c) => {
        c.credentialSubject.identifier[0]!.identityHash = `sha256$${'0'.repeat(64)}`;
      },
    ],
    [
      'the recipient salt',
      (c) => {
        c.credentialSubject.identifier[0]!.salt = 'ffff';
      },
    ],
    [
      'validFrom',
      (c) => {
        c.validFrom = '2026-03-04T09:00:00Z';
      },
    ],
    [
      'awardedDate',
      (c) => {
        c.awardedDate = '2020-01-01T00:00:00Z';
      },
    ],
    [
      'the issuer name',
      (c) => {
        c.issuer.name = 'Another District';
      },
    ],
    [
      'the evidence narrative',
      (c) => {
        c.evidence[0]!.narrative = 'Did a lot.';
      },
    ],
    [
      'the credential id',
      (c) => {
        c.id = 'https://margins.example.org/badges/credentials/other';
      },
    ],
    [
      'an added validUntil',
      (c) => {
        c.validUntil = '2099-01-01T00:00:00Z';
      },
    ],
    [
      'an added achievement type',
      (c) => {
        c.credentialSubject.achievement.achievementType = 'Certification';
      },
    ],
    [
      'the proof creation time',
      (c) => {
        c.proof![0]!.created = '2026-03-03T09:00:01Z';
      },
    ],
  ];

  it.each(tamperings)('reports tampering when %s is changed', async (_what, change) => {
    const c = clone(signed);
    change(c);
    const result = await verify(c);
    expect(result.valid).toBe(false);
    expect(codes(result)).toContain('tampered');
  });

  it('reports a bad signature when the proofValue is not a well-formed signature, and tampering when it is another valid-looking one', async () => {
    const shortened = clone(signed);
    shortened.proof![0]!.proofValue = shortened.proof![0]!.proofValue!.slice(0, -5);
    expect(codes(await verify(shortened))).toEqual(['bad_signature']);
    const notBase58 = clone(signed);
    notBase58.proof![0]!.proofValue = 'u' + notBase58.proof![0]!.proofValue!.slice(1);
    expect(codes(await verify(notBase58))).toEqual(['bad_signature']);
    const other = clone(signed);
    other.proof![0]!.proofValue = (await issueAchievementCredential(coachInput(), key)).proof![0]!.proofValue;
    expect(codes(await verify(other))).toEqual(['tampered']);
  });

  it('reports an undefined property instead of ignoring it, since the signature would not cover it', async () => {
    const c = clone(signed) as AchievementCredential & { grade?: string };
    c.grade = 'A+';
    expect(codes(await verify(c))).toEqual(['undefined_terms']);
  });

  it('refuses to fetch a context it does not bundle', async () => {
    const c = clone(signed);
    c['@context'] = [...c['@context'], 'https://attacker.example/context.json'];
    const result = await verify(c);
    expect(codes(result)).toEqual(['unknown_context']);
    expect(result.problems[0]!.message).toContain('attacker.example');
  });

  it('reports an unknown key, a key of another controller and a proof for another purpose', async () => {
    const stranger = await verifyAchievementCredential(signed, { now: new Date('2026-06-01T00:00:00Z') });
    expect(codes(stranger)).toEqual(['unknown_key']);

    const mallory = IssuerKey.generate();
    const forged = await issueAchievementCredential(ruleInput(), mallory, {
      verificationMethod: mallory.did + '#' + mallory.publicKeyMultibase,
    });
    expect(codes(await verify(forged))).toEqual(['key_not_authorized']);

    const swapped = await issueAchievementCredential(ruleInput(), mallory);
    expect(codes(await verify(swapped))).toEqual(['unknown_key']);
    const wrongKeyResolver = createVerificationMethodResolver([
      { ...mallory.multikeyDocument(signed.proof![0]!.verificationMethod!, issuer.id) },
    ]);
    expect(
      codes(
        await verifyAchievementCredential(signed, {
          resolveVerificationMethod: wrongKeyResolver,
          now: new Date('2026-06-01T00:00:00Z'),
        }),
      ),
    ).toEqual(['tampered']);

    const purpose = clone(signed);
    purpose.proof![0]!.proofPurpose = 'authentication';
    expect(codes(await verify(purpose))).toEqual(['key_not_authorized']);
  });

  it('reports a credential that is not yet valid or has expired', async () => {
    expect(codes(await verify(signed, new Date('2026-03-03T08:59:59Z')))).toEqual(['not_yet_valid']);
    const expiring = await issueAchievementCredential(ruleInput({ validUntil: new Date('2027-03-03T09:00:00Z') }), key);
    expect((await verify(expiring, new Date('2027-03-03T08:59:59Z'))).valid).toBe(true);
    expect(codes(await verify(expiring, new Date('2027-03-03T09:00:00Z')))).toEqual(['expired']);
  });

  it('reports missing and unsupported proofs and schema problems', async () => {
    const { proof: _p, ...unsigned } = signed;
    expect(codes(await verify(unsigned))).toEqual(['no_proof']);
    const legacy = clone(signed);
    legacy.proof = [{ type: 'Ed25519Signature2020', proofValue: 'z111' }];
    expect(codes(await verify(legacy))).toEqual(['unsupported_proof']);
    const noAchievement = clone(signed);
    delete (noAchievement.credentialSubject as Partial<AchievementCredential['credentialSubject']>).achievement;
    const result = await verify(noAchievement);
    expect(codes(result)).toContain('schema_invalid');
    expect(result.problems.find((p) => p.code === 'schema_invalid')?.message).toMatch(/achievement/);
  });

  it('answers malformed input with a problem instead of throwing', async () => {
    for (const input of [null, 42, 'not json', '[]', [], { hello: 'world' }, `"${'x'.repeat(1_100_000)}"`]) {
      const result = await verify(input);
      expect(result.valid).toBe(false);
      expect(result.problems.length).toBeGreaterThan(0);
    }
  });

  it('accepts any one good proof among several', async () => {
    const extra = clone(signed);
    extra.proof = [{ type: 'SomeOtherProof', proofPurpose: 'assertionMethod' }, ...signed.proof!];
    expect((await verify(extra)).valid).toBe(true);
  });

  it('keeps verifying credentials signed by a retired key until the date it was revoked', async () => {
    const next = IssuerKey.generate();
    const rotated = buildIssuerProfileDocument(issuer, {
      current: next,
      retired: [{ key, revoked: new Date('2026-09-01T00:00:00Z') }],
    });
    expect(rotated.assertionMethod).toEqual([`${issuer.id}#${next.publicKeyMultibase}`]);
    const r = (now: Date) => createVerificationMethodResolver(rotated.verificationMethod, { now: () => now });
    expect(
      (
        await verifyAchievementCredential(signed, {
          resolveVerificationMethod: r(new Date('2026-08-01T00:00:00Z')),
          now: new Date('2026-08-01T00:00:00Z'),
        })
      ).valid,
    ).toBe(true);
    expect(
      codes(
        await verifyAchievementCredential(signed, {
          resolveVerificationMethod: r(new Date('2026-10-01T00:00:00Z')),
          now: new Date('2026-10-01T00:00:00Z'),
        }),
      ),
    ).toEqual(['unknown_key']);
  });
});
