import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { expect, it } from 'vitest';
import { DEFAULT_RECOGNITION_RULES } from '@margins/shared';
import {
  IssuerKey,
  buildStatusListEntry,
  checkAchievementCredentialSchema,
  issueAchievementCredential,
  type BuildCredentialInput,
} from '@margins/lti-tool/badges';
import { describeConformance } from '../support/conformance.js';

const issuer = {
  id: 'https://margins.example.org/badges/issuers/d7',
  name: 'Riverside District',
  url: 'https://riverside.example.org',
  image: { id: 'https://margins.example.org/logo.png', caption: 'Logo' },
};

/** Margins credentials covering every shipped rule, a coach award, did:key, status and images. */
async function ourCredentials(): Promise<[string, Record<string, unknown>][]> {
  const key = IssuerKey.generate();
  const base = {
    issuer,
    recipient: { email: 'teacher@riverside.example.org' },
    validFrom: new Date('2026-05-01T00:00:00Z'),
  };
  const inputs: [string, BuildCredentialInput][] = DEFAULT_RECOGNITION_RULES.map((rule) => [
    `rule ${rule.id}`,
    {
      ...base,
      id: `https://margins.example.org/badges/credentials/${rule.id}`,
      achievementId: `https://margins.example.org/badges/achievements/${rule.id}`,
      recognition: {
        kind: 'rule',
        rule,
        earned: {
          ruleId: rule.id,
          personId: 'p1',
          earnedAt: '2026-04-30T12:00:00Z',
          adaptationId: null,
          eventIds: Array.from({ length: rule.threshold }, (_, i) => `e${i}`),
        },
      },
      status: buildStatusListEntry('https://margins.example.org/badges/status/d7/1', 17),
    },
  ]);
  inputs.push([
    'coach award with image and evidence link',
    {
      ...base,
      id: 'urn:uuid:0b6f7a1e-1111-4222-8333-944445555666',
      achievementId: 'https://margins.example.org/badges/achievements/coach/1',
      recognition: {
        kind: 'coach',
        award: {
          recipientId: 't1',
          title: 'Feedback mentor',
          citation: 'Gave thoughtful structured feedback to every new colleague this term.',
        },
        awardedAt: '2026-04-29T08:00:00Z',
      },
      recipient: { identityType: 'ltiUserId', value: 'sub-123' },
      image: { id: 'https://margins.example.org/badges/coach.png', caption: 'Coach award' },
      evidenceUrl: 'https://margins.example.org/public/collections/42',
      validUntil: new Date('2030-01-01T00:00:00Z'),
    },
  ]);
  const out: [string, Record<string, unknown>][] = [];
  for (const [name, input] of inputs) out.push([name, await issueAchievementCredential(input, key)]);
  const didKey = IssuerKey.generate();
  out.push([
    'did:key issuer',
    await issueAchievementCredential(
      { ...inputs[0]![1], issuer: { id: didKey.did, name: 'District on did:key' } },
      didKey,
    ),
  ]);
  return out;
}

describeConformance('open-badges-3', 'Open Badges 3.0 JSON Schema (../shared/conformance/open-badges-3)', (dir) => {
  const schemaText = readFileSync(join(dir, 'ob_v3p0_achievementcredential_schema.json'), 'utf8');
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(schemaText));
  const read = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8')) as Record<string, unknown>;

  it('bundles the very schema and OB contexts of the conformance set', () => {
    const tool = (file: string) => readFileSync(new URL(`../../lti-tool/src/badges/${file}`, import.meta.url), 'utf8');
    expect(tool('ob-v3p0-achievementcredential-schema.json')).toBe(schemaText);
    expect(tool('contexts/ob-v3p0-context-3.0.3.json')).toBe(
      readFileSync(join(dir, 'contexts/ob_v3p0_context-3.0.3.json'), 'utf8'),
    );
    expect(tool('contexts/ob-v3p0-context-3.0.2.json')).toBe(
      readFileSync(join(dir, 'contexts/ob_v3p0_context-3.0.2.json'), 'utf8'),
    );
  });

  it('validates every kind of credential Margins issues against the 1EdTech schema as published', async () => {
    const credentials = await ourCredentials();
    expect(credentials.length).toBe(DEFAULT_RECOGNITION_RULES.length + 2);
    for (const [name, credential] of credentials) {
      const ok = validate(credential);
      expect({ name, errors: ok ? [] : validate.errors }).toEqual({ name, errors: [] });
      expect(Array.isArray(credential.proof) && Array.isArray(credential.credentialSchema), name).toBe(true);
    }
  });

  /** AchievementCredentials (VC 2.0) that 1EdTech publishes as valid. */
  const validSamples = readdirSync(join(dir, 'samples'))
    .filter((f) => f.endsWith('.json') && f !== 'spec_endorsement_0.json')
    .map((f) => `samples/${f}`);
  const validFixtures = [
    'complete.json',
    'simple.json',
    'simple-context-alias.json',
    'simple-context-version.json',
    'simple-did-key-method.json',
    'simple-did-web-method.json',
    'simple-multiple-proofs.json',
  ].map((f) => `validator-fixtures/${f}`);

  it('covers the samples and valid fixtures, each an Open Badges credential', () => {
    expect(validSamples.length + validFixtures.length).toBeGreaterThanOrEqual(17);
    expect(validSamples).toEqual(
      expect.arrayContaining(['samples/1edtech_ldp_testvector_signed.json', 'samples/spec_fullOpenBadge_0.json']),
    );
    for (const path of [...validSamples, ...validFixtures]) {
      const { type } = read(path) as { type?: unknown };
      const types = ([] as unknown[]).concat(type);
      expect(
        types.includes('AchievementCredential') || types.includes('OpenBadgeCredential'),
        `${path}: ${JSON.stringify(type)}`,
      ).toBe(true);
    }
  });

  it.each([...validSamples, ...validFixtures])('accepts %s in the schema check', (path) => {
    expect(checkAchievementCredentialSchema(read(path))).toEqual({ valid: true, issues: [] });
  });

  /** Fixtures whose fault is one the schema itself describes. */
  const schemaFaults = [
    'simple-err-context.json',
    'simple-err-credential-subject-achievement-result-description-type.json',
    'simple-err-credential-subject-identifier-type.json',
    'simple-err-credential-subject-profile-type.json',
    'simple-err-credential-subject-result-type.json',
    'simple-err-credential-subject-type.json',
    'simple-err-evidence-type.json',
    'simple-err-issued.json',
    'simple-err-issuer-otheridentifier-type.json',
    'simple-err-issuer-parentorg-type.json',
    'simple-err-issuer-type.json',
    'simple-err-issuer.json',
    'simple-err-type.json',
  ];
  it('lists every simple-err fixture either here or in the verification suite', () => {
    const all = readdirSync(join(dir, 'validator-fixtures')).filter((f) => f.startsWith('simple-err-'));
    const verificationFaults = [
      'simple-err-expired.json',
      'simple-err-proof-method-no-scheme.json',
      'simple-err-proof-method-unknown-did-method.json',
      'simple-err-proof-method-unknown-scheme.json',
      'simple-err-proof-method.json',
      'simple-err-proof-value.json',
    ];
    expect([...schemaFaults, ...verificationFaults].sort()).toEqual(all.sort());
  });

  it.each(schemaFaults)('rejects validator-fixtures/%s in the schema check', (file) => {
    const result = checkAchievementCredentialSchema(read(`validator-fixtures/${file}`));
    expect(result.valid).toBe(false);
    expect(result.issues.length).toBeGreaterThan(0);
    expect(validate(read(`validator-fixtures/${file}`))).toBe(false);
  });
});
