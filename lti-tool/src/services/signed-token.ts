import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The one codec for the tool's short-lived HMAC bearer tokens (`<prefix>.<subject>.<exp>.<mac>`):
 * the LMS UI's launch session token (`mgl1`) and the extension's access token (`mga1`) are both this
 * codec with their own prefix, key and lifetime, so a fix to parsing, comparison or expiry lands in both.
 */

/** Derives a purpose-bound key from the root secret (HKDF-SHA256), so one leaked sub-key exposes nothing else. */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'margins', purpose, 32));
}

/** Allowed clock skew, in seconds, for a token whose expiry lies beyond the lifetime this codec issues. */
const SKEW_SECONDS = 60;

export type SignedTokenCheck = { subject: string } | 'expired' | 'invalid';

/** Issues and checks `<prefix>.<subject>.<exp>.<mac>` tokens under one purpose-bound key. */
export class SignedTokenCodec {
  private readonly key: Buffer;

  /** `purpose` names the HKDF sub-key; `prefix` tells token kinds apart; `lifetimeSeconds` caps validity. */
  constructor(
    secret: string,
    purpose: string,
    private readonly prefix: string,
    readonly lifetimeSeconds: number,
  ) {
    this.key = deriveKey(secret, purpose);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  /** True when `token` carries this codec's prefix (it may still be invalid). */
  owns(token: string): boolean {
    return token.startsWith(`${this.prefix}.`);
  }

  /** A token for `subject` (no dots: it is a field of the token), valid for the codec's lifetime. */
  issue(subject: string, nowSeconds = Math.floor(Date.now() / 1000)): { token: string; expiresAt: number } {
    if (subject === '' || subject.includes('.'))
      throw new Error('a signed token subject must be non-empty, without dots');
    const expiresAt = nowSeconds + this.lifetimeSeconds;
    const body = `${this.prefix}.${subject}.${expiresAt}`;
    return { token: `${body}.${this.mac(body)}`, expiresAt };
  }

  /** The subject of a valid token; 'expired' or 'invalid' otherwise (an expiry too far ahead counts as expired). */
  verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): SignedTokenCheck {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== this.prefix) return 'invalid';
    const [, subject, exp, mac] = parts as [string, string, string, string];
    const expected = Buffer.from(this.mac(`${this.prefix}.${subject}.${exp}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const expiresAt = Number(exp);
    if (!Number.isInteger(expiresAt)) return 'invalid';
    if (expiresAt <= nowSeconds || expiresAt > nowSeconds + this.lifetimeSeconds + SKEW_SECONDS) return 'expired';
    return { subject };
  }
}
