import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  IssuerKey,
  createProof,
  createVerificationMethodResolver,
  decodeBase58btcMultibase,
  proofArtifacts,
  verifyAchievementCredential,
} from '@margins/lti-tool/badges';
import { describeConformance } from '../support/conformance.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * 1EdTech's eddsa-rdfc-2022 signing vector for Open Badges 3.0 (OB 3.0 Implementation Guide,
 * "Linked Data Proof Test Vector"): every intermediate value must come out byte for byte.
 */
describeConformance(
  'open-badges-3',
  '1EdTech eddsa-rdfc-2022 signing vector (../shared/conformance/open-badges-3/test-vectors)',
  (dir) => {
    const vector = JSON.parse(
      readFileSync(join(dir, 'test-vectors/obv3p0-ldp-keys-and-hashes.json'), 'utf8'),
    ) as Record<string, string>;
    const unsigned = JSON.parse(
      readFileSync(join(dir, 'samples/1edtech_ldp_testvector_unsigned.json'), 'utf8'),
    ) as Record<string, unknown>;
    const signed = JSON.parse(readFileSync(join(dir, 'samples/1edtech_ldp_testvector_signed.json'), 'utf8')) as Record<
      string,
      unknown
    > & { proof: Record<string, string> };
    const html = readFileSync(join(dir, 'test-vectors/linked-data-proof-ob.html'), 'utf8');
    const { proofValue: _value, ...proofOptions } = signed.proof;
    const key = IssuerKey.fromSecretKeyBytes(Buffer.from(vector['Private key (hex)']!, 'hex'));

    it('derives the public key and Multikey from the private key', () => {
      expect(hex(key.publicKey)).toBe(vector['Public key (hex)']);
      expect(key.publicKeyMultibase).toBe(vector.publicKeyMultibase);
      expect(vector.verificationMethod).toBe(`https://example.edu/issuers/565049#${key.publicKeyMultibase}`);
    });

    it("reads the vector's secretKeyMultibase (the 64-byte seed‖public form) as the same key", () => {
      const secretKeyMultibase = /secretKeyMultibase:\s*'(z[1-9A-HJ-NP-Za-km-z]+)'/.exec(html)?.[1];
      expect(secretKeyMultibase).toBeDefined();
      expect(IssuerKey.fromSecretKeyMultibase(secretKeyMultibase!).publicKeyMultibase).toBe(vector.publicKeyMultibase);
    });

    it('reproduces the canonical document, canonical proof configuration, both hashes and the data to sign', async () => {
      const artifacts = await proofArtifacts(unsigned, proofOptions as never);
      expect(artifacts.canonicalDocument).toBe(
        readFileSync(join(dir, 'test-vectors/obv3p0-document-canon.txt'), 'utf8'),
      );
      expect(artifacts.canonicalProofConfig).toBe(
        readFileSync(join(dir, 'test-vectors/obv3p0-proof-canon.txt'), 'utf8'),
      );
      expect(hex(artifacts.documentHash)).toBe(vector['Document hash (hex)']);
      expect(hex(artifacts.proofConfigHash)).toBe(vector['Proof hash (hex)']);
      expect(hex(artifacts.hashData)).toBe(vector['Data to sign (hex)']);
    });

    it('reproduces the signature and the proofValue, and the whole proof of the signed sample', async () => {
      const proof = await createProof(unsigned, key, {
        verificationMethod: vector.verificationMethod!,
        created: proofOptions.created,
      });
      expect(proof.proofValue).toBe(vector['Proof value (hex)']);
      expect(hex(decodeBase58btcMultibase(proof.proofValue!))).toBe(vector['Signature (hex)']);
      expect(proof).toEqual(signed.proof);
    });

    const resolver = createVerificationMethodResolver([
      {
        id: vector.verificationMethod!,
        type: 'Multikey',
        controller: 'https://example.edu/issuers/565049',
        publicKeyMultibase: vector.publicKeyMultibase!,
      },
    ]);

    it('verifies the signed sample', async () => {
      const result = await verifyAchievementCredential(signed, { resolveVerificationMethod: resolver });
      expect(result).toMatchObject({
        valid: true,
        problems: [],
        issuerId: 'https://example.edu/issuers/565049',
        verificationMethod: vector.verificationMethod,
      });
    });

    it.each([
      [
        'name',
        (c: Record<string, any>) => {
          c.name = 'Teamwork Badge!';
        },
      ],
      [
        'achievement name',
        (c: Record<string, any>) => {
          c.credentialSubject.achievement.name = 'Leadership';
        },
      ],
      [
        'recipient',
        (c: Record<string, any>) => {
          c.credentialSubject.id = 'did:example:someone-else';
        },
      ],
      [
        'validFrom',
        (c: Record<string, any>) => {
          c.validFrom = '2010-01-02T00:00:00Z';
        },
      ],
      [
        'proof created',
        (c: Record<string, any>) => {
          c.proof.created = '2010-01-01T19:23:25Z';
        },
      ],
      [
        'proofValue',
        (c: Record<string, any>) => {
          c.proof.proofValue = c.proof.proofValue.replace(/.$/, (ch: string) => (ch === 'r' ? 's' : 'r'));
        },
      ],
    ])('fails verification of the signed sample when its %s is changed', async (_what, change) => {
      const copy = structuredClone(signed) as Record<string, any>;
      change(copy);
      const result = await verifyAchievementCredential(copy, { resolveVerificationMethod: resolver });
      expect(result.valid).toBe(false);
      expect(result.problems.map((p) => p.code).some((c) => c === 'tampered' || c === 'bad_signature')).toBe(true);
    });
  },
);
