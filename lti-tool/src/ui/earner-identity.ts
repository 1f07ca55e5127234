import type { VerificationAnswer } from '@margins/shared';

/** One hashed identity a credential names its earner by. */
export type Identity = VerificationAnswer['summary']['recipient'][number];

/** Hex SHA-256 of `text` (UTF-8), with the browser's own crypto. */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * True when `email` is one the credential was issued to: OB 3.0 §8.4, `sha256$` + hex SHA-256 of the
 * lower-cased, trimmed email followed by the salt (as the tool hashes it, lti-tool/src/badges/credential.ts).
 */
export async function emailMatches(identities: readonly Identity[], email: string): Promise<boolean> {
  const normalized = email.trim().toLowerCase();
  for (const id of identities) {
    if (id.identityType !== 'emailAddress') continue;
    const [algorithm, hash] = id.identityHash.toLowerCase().split('$');
    if (algorithm !== 'sha256' || !hash) continue;
    if ((await sha256Hex(normalized + id.salt)) === hash) return true;
  }
  return false;
}
