import { decodeEd25519PublicKeyMultibase, type MultikeyDocument } from './issuer-key.js';

/**
 * Dereferencing a proof's `verificationMethod` (OB 3.0 §8.6 "Dereferencing the Public Key"):
 * did:key is resolved offline from the identifier itself; an https verification method is looked
 * up among the keys the caller knows (the tool passes its districts' keys). Nothing here fetches a
 * URL, so verifying a credential from anyone cannot make the server call out.
 */

/** A resolved verification method: whose key it is and the key itself. */
export interface ResolvedVerificationMethod {
  id: string;
  /** The identifier the key belongs to; must equal the credential's issuer id. */
  controller: string;
  publicKeyMultibase: string;
}

/** Looks up a verification method id; null when unknown. */
export type VerificationMethodResolver = (
  id: string,
) => Promise<ResolvedVerificationMethod | null> | ResolvedVerificationMethod | null;

/**
 * Resolves a did:key verification method (`did:key:z6Mk…#z6Mk…`, or the bare DID) to its Ed25519
 * key; null for anything else or a malformed key.
 */
export function resolveDidKey(id: string): ResolvedVerificationMethod | null {
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)(?:#(z[1-9A-HJ-NP-Za-km-z]+))?$/.exec(id);
  if (!match) return null;
  const [, multibase, fragment] = match as unknown as [string, string, string | undefined];
  if (fragment !== undefined && fragment !== multibase) return null;
  try {
    decodeEd25519PublicKeyMultibase(multibase);
  } catch {
    return null;
  }
  return { id, controller: `did:key:${multibase}`, publicKeyMultibase: multibase };
}

/**
 * A resolver for did:key plus a fixed set of Multikey documents (the tool's own district keys,
 * or a test's). A revoked key (`revoked` set in the past) no longer resolves.
 */
export function createVerificationMethodResolver(
  documents: Iterable<MultikeyDocument & { revoked?: string }> = [],
  opts: { now?: () => Date } = {},
): VerificationMethodResolver {
  const byId = new Map<string, MultikeyDocument & { revoked?: string }>();
  for (const doc of documents) byId.set(doc.id, doc);
  return (id: string) => {
    if (id.startsWith('did:key:')) return resolveDidKey(id);
    const doc = byId.get(id);
    if (!doc || doc.type !== 'Multikey') return null;
    if (doc.revoked && Date.parse(doc.revoked) <= (opts.now?.() ?? new Date()).getTime()) return null;
    return { id: doc.id, controller: doc.controller, publicKeyMultibase: doc.publicKeyMultibase };
  };
}
