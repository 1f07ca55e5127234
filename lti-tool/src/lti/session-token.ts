import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The post-launch credential of the LMS UI: a short-lived bearer token bound to one launch session.
 * It replaces ltijs' ltik (which never expires and travels in URLs): it is embedded once in the
 * HTML answer to the launch POST, sent only in the Authorization header, never in a URL or a cookie,
 * never logged, and expires after the configured maximum age. Format: `mgl1.<launchId>.<exp>.<mac>`.
 */

const PREFIX = 'mgl1';

/** Derives a purpose-bound key from the root secret (HKDF-SHA256), so one leaked sub-key exposes nothing else. */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'margins', purpose, 32));
}

/** Signs and checks launch session tokens. */
export class SessionTokens {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly maxAgeSeconds: number,
  ) {
    this.key = deriveKey(secret, 'launch-session-token');
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  /** A token for `launchId`, valid until `expiresAt` (seconds since epoch; capped at the maximum age). */
  issue(launchId: string, nowSeconds = Math.floor(Date.now() / 1000)): { token: string; expiresAt: number } {
    const expiresAt = nowSeconds + this.maxAgeSeconds;
    const body = `${PREFIX}.${launchId}.${expiresAt}`;
    return { token: `${body}.${this.mac(body)}`, expiresAt };
  }

  /** The launch id of a valid token; 'expired' or 'invalid' otherwise. */
  verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): { launchId: string } | 'expired' | 'invalid' {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== PREFIX) return 'invalid';
    const [, launchId, exp, mac] = parts as [string, string, string, string];
    const expected = Buffer.from(this.mac(`${PREFIX}.${launchId}.${exp}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const expiresAt = Number(exp);
    if (!Number.isInteger(expiresAt)) return 'invalid';
    if (expiresAt <= nowSeconds || expiresAt > nowSeconds + this.maxAgeSeconds + 60) return 'expired';
    return { launchId };
  }
}
