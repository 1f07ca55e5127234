import { MULTIKEY_V1_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from './document-loader.js';
import {
  buildAchievementCredential,
  IssuerProfileSchema,
  type AchievementCredential,
  type BuildCredentialInput,
  type IssuerProfile,
} from './credential.js';
import { signDocument } from './data-integrity.js';
import {
  didKeyVerificationMethodOf,
  httpsVerificationMethodOf,
  type IssuerKey,
  type MultikeyDocument,
} from './issuer-key.js';
import { parseOrThrow } from '@margins/shared';

/**
 * Issuing: a district's profile and key turn a recognition into a signed credential. Two ways to
 * name the key, both supported by verifiers: an https verification method inside the issuer
 * profile the tool serves (`<issuer id>#z6Mk…`, as in 1EdTech's vector), or did:key.
 */

/** The verification method id a district's key is published under, derived from the issuer id. */
export function verificationMethodFor(issuerId: string, key: IssuerKey): string {
  return issuerId.startsWith('did:key:')
    ? didKeyVerificationMethodOf(key.publicKeyMultibase)
    : httpsVerificationMethodOf(issuerId, key.publicKeyMultibase);
}

/**
 * The public issuer profile the tool serves at the issuer id (OB 3.0 Profile), listing the
 * district's current and retired keys as Multikey verification methods; only current keys are
 * assertion methods. A retired key keeps verifying what it signed before `revoked`, if given.
 */
export function buildIssuerProfileDocument(
  issuer: IssuerProfile,
  keys: { current: IssuerKey; retired?: { key: IssuerKey; revoked?: Date }[] },
): Record<string, unknown> & {
  verificationMethod: (MultikeyDocument & { revoked?: string })[];
  assertionMethod: string[];
} {
  const profile = parseOrThrow(IssuerProfileSchema, issuer, 'The issuer profile');
  const method = (key: IssuerKey, revoked?: Date) => {
    const { '@context': _context, ...doc } = key.multikeyDocument(verificationMethodFor(profile.id, key), profile.id);
    return revoked ? { ...doc, revoked: revoked.toISOString().replace(/\.\d{3}Z$/, 'Z') } : doc;
  };
  const current = method(keys.current);
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: profile.id,
    type: ['Profile'],
    name: profile.name,
    ...(profile.url ? { url: profile.url } : {}),
    ...(profile.email ? { email: profile.email } : {}),
    ...(profile.description ? { description: profile.description } : {}),
    ...(profile.image
      ? {
          image: {
            id: profile.image.id,
            type: 'Image',
            ...(profile.image.caption ? { caption: profile.image.caption } : {}),
          },
        }
      : {}),
    verificationMethod: [current, ...(keys.retired ?? []).map((r) => method(r.key, r.revoked))],
    assertionMethod: [current.id],
  };
}

/** Builds and signs an AchievementCredential with the district's key (eddsa-rdfc-2022). */
export async function issueAchievementCredential(
  input: BuildCredentialInput,
  key: IssuerKey,
  opts: { verificationMethod?: string; created?: Date } = {},
): Promise<AchievementCredential> {
  const credential = buildAchievementCredential(input);
  const verificationMethod = opts.verificationMethod ?? verificationMethodFor(credential.issuer.id, key);
  return signDocument(credential, key, { verificationMethod, created: opts.created ?? input.validFrom ?? new Date() });
}
