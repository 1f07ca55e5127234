/**
 * Open Badges 3.0 issuing and verification cost, to size the tool's issue and public verify
 * endpoints. Run: pnpm --filter @margins/tests exec vitest bench --run bench/badges.bench.ts
 * Figures are per operation on this machine; compare rows within one run (the cores are shared).
 */
import { test } from 'vitest';
import { DEFAULT_RECOGNITION_RULES } from '@margins/shared';
import {
  IssuerKey,
  buildAchievementCredential,
  buildIssuerProfileDocument,
  buildStatusListEntry,
  canonicalize,
  createStatusList,
  createVerificationMethodResolver,
  issueAchievementCredential,
  issueStatusListCredential,
  signCredentialJwt,
  verifyAchievementCredential,
  verifyCredentialJwt,
  type BuildCredentialInput,
} from '@margins/lti-tool/badges';

const key = IssuerKey.generate();
const issuer = { id: 'https://margins.example.org/badges/issuers/bench', name: 'Bench District' };
const vm = `${issuer.id}#${key.publicKeyMultibase}`;
const rule = DEFAULT_RECOGNITION_RULES[1]!;
const listUrl = `${issuer.id}/status/1`;
const input: BuildCredentialInput = {
  id: 'https://margins.example.org/badges/credentials/bench',
  issuer,
  recognition: {
    kind: 'rule',
    rule,
    earned: {
      ruleId: rule.id,
      personId: 'p',
      earnedAt: '2026-03-02T10:00:00Z',
      adaptationId: null,
      eventIds: ['a', 'b', 'c'],
    },
  },
  achievementId: `${issuer.id}/achievements/${rule.id}`,
  recipient: { email: 'teacher@example.org' },
  status: buildStatusListEntry(listUrl, 42),
  validFrom: new Date('2026-03-03T00:00:00Z'),
};
const resolver = createVerificationMethodResolver(
  buildIssuerProfileDocument(issuer, { current: key }).verificationMethod,
);
const signed = await issueAchievementCredential(input, key);
const list = await issueStatusListCredential(
  { id: listUrl, issuerId: issuer.id, bits: createStatusList(), validFrom: new Date('2026-01-01T00:00:00Z') },
  key,
  { verificationMethod: vm },
);
const jwt = signCredentialJwt(signed, key, { kid: vm });
const payload = new Uint8Array(64);

// Vitest 5: `bench` is a fixture of the test; `bench.compare` runs the rows and prints one table.
test('Open Badges 3.0 credential', async ({ bench }) => {
  await bench.compare(
    bench('Ed25519 signature alone (64 bytes)', () => {
      key.sign(payload);
    }),
    bench('canonicalize a credential (RDFC-1.0)', async () => {
      await canonicalize(buildAchievementCredential(input));
    }),
    bench('issue: build + eddsa-rdfc-2022 sign', async () => {
      await issueAchievementCredential(input, key);
    }),
    bench('verify: schema + proof + status list (signed list verified too)', async () => {
      const r = await verifyAchievementCredential(signed, {
        resolveVerificationMethod: resolver,
        loadStatusList: () => list,
      });
      if (!r.valid) throw new Error('bench credential did not verify');
    }),
    bench('verify VC-JWT: schema + JWS + status list', async () => {
      const r = await verifyCredentialJwt(jwt, { resolveVerificationMethod: resolver, loadStatusList: () => list });
      if (!r.valid) throw new Error('bench JWT did not verify');
    }),
  );
});
