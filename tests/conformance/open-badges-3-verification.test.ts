import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  decodeEd25519PublicKeyMultibase,
  resolveDidKey,
  verifyAchievementCredential,
  type VerificationMethodResolver,
} from '@margins/lti-tool/badges';
import { describeConformance } from '../support/conformance.js';

/**
 * Test-only resolver standing in for "the issuer publishes this key at its profile URL": an https
 * verification method `<issuer>#z6Mk…` resolves to the key in its fragment, controlled by <issuer>.
 * (The tool itself resolves only keys it holds; nothing here fetches.)
 */
const fixtureResolver: VerificationMethodResolver = (id) => {
  if (id.startsWith('did:key:')) return resolveDidKey(id);
  const match = /^(https:\/\/[^#]+)#(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(id);
  if (!match) return null;
  try {
    decodeEd25519PublicKeyMultibase(match[2]!);
  } catch {
    return null;
  }
  return { id, controller: match[1]!, publicKeyMultibase: match[2]! };
};

/** The validator fixtures, with what Margins' verifier must say about each. */
const expectations: [file: string, valid: boolean, codes: string[], why: string][] = [
  ['simple.json', true, [], 'a valid signed credential'],
  ['simple-context-alias.json', true, [], 'valid'],
  ['simple-context-version.json', true, [], 'valid, on the 3.0.2 context'],
  ['simple-did-web-method.json', true, [], 'valid, with a single proof object'],
  ['simple-multiple-proofs.json', true, [], 'one unknown proof type beside a valid eddsa-rdfc-2022 proof'],
  ['simple-err-expired.json', false, ['expired'], 'validUntil has passed'],
  ['simple-err-issued.json', false, ['schema_invalid', 'not_yet_valid'], 'validFrom is in the future'],
  ['simple-err-proof-value.json', false, ['tampered'], 'the proofValue was altered'],
  ['simple-err-proof-method.json', false, ['unknown_key'], 'the verification method is not a valid key'],
  ['simple-err-proof-method-no-scheme.json', false, ['unknown_key'], 'the verification method has no scheme'],
  ['simple-err-proof-method-unknown-did-method.json', false, ['unknown_key'], 'did:example cannot be resolved'],
  ['simple-err-proof-method-unknown-scheme.json', false, ['unknown_key'], 'xxx: is no scheme'],
  ['simple-err-context.json', false, ['schema_invalid'], 'the VC context is missing'],
  ['simple-err-type.json', false, ['schema_invalid'], 'not an OpenBadgeCredential'],
  ['simple-err-issuer.json', false, ['schema_invalid'], 'no issuer'],
  ['simple-err-evidence-type.json', false, ['schema_invalid'], 'evidence type is not an array'],
  // Documented limits: a did:key that is not the issuer's own key is refused (the issuer id is a urn:uuid),
  // and contexts Margins does not bundle (1EdTech's extensions.json) are refused rather than fetched.
  ['simple-did-key-method.json', false, ['key_not_authorized'], 'the did:key is not the issuer'],
  ['complete.json', false, ['unknown_context'], 'names the extensions.json context, which Margins does not fetch'],
  // OB 3.0 on the VC 1.1 data model (issuanceDate, Ed25519Signature2020): outside what Margins verifies.
  ['simple_v1.json', false, ['schema_invalid', 'unsupported_proof'], 'VC 1.1 and Ed25519Signature2020'],
  [
    'simple-eddsa-2022.json',
    false,
    ['schema_invalid', 'unsupported_proof'],
    'VC 1.1 and the withdrawn eddsa-2022 suite',
  ],
];

describeConformance(
  'open-badges-3',
  'Verifying 1EdTech validator fixtures (../shared/conformance/open-badges-3/validator-fixtures)',
  (dir) => {
    it.each(expectations)('%s: valid=%s %j (%s)', async (file, valid, codes) => {
      const credential = JSON.parse(readFileSync(join(dir, 'validator-fixtures', file), 'utf8'));
      const result = await verifyAchievementCredential(credential, {
        resolveVerificationMethod: fixtureResolver,
        now: new Date('2025-01-01T00:00:00Z'),
      });
      expect(result.valid).toBe(valid);
      for (const code of codes) expect(result.problems.map((p) => p.code)).toContain(code);
      if (valid) expect(result.problems).toEqual([]);
      for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(10);
    });

    it('rejects every simple-err fixture through the full verifier', async () => {
      for (const file of readdirSync(join(dir, 'validator-fixtures')).filter((f) => f.startsWith('simple-err-'))) {
        const credential = JSON.parse(readFileSync(join(dir, 'validator-fixtures', file), 'utf8'));
        const result = await verifyAchievementCredential(credential, {
          resolveVerificationMethod: fixtureResolver,
          now: new Date('2025-01-01T00:00:00Z'),
        });
        expect({ file, valid: result.valid }).toEqual({ file, valid: false });
      }
    });
  },
);
