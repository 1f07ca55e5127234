import { SignedTokenCodec } from '../services/signed-token.js';

/**
 * The post-launch credential of the LMS UI: a short-lived bearer token bound to one launch session.
 * It replaces ltijs' ltik (which never expires and travels in URLs): it is embedded once in the
 * HTML answer to the launch POST, sent only in the Authorization header, never in a URL or a cookie,
 * never logged, and expires after the configured maximum age. Format: `mgl1.<launchId>.<exp>.<mac>`.
 */

/** Signs and checks launch session tokens (the shared codec with the `mgl1` prefix and its own key). */
export class SessionTokens {
  private readonly codec: SignedTokenCodec;

  constructor(secret: string, maxAgeSeconds: number) {
    this.codec = new SignedTokenCodec(secret, 'launch-session-token', 'mgl1', maxAgeSeconds);
  }

  /** A token for `launchId`, valid until `expiresAt` (seconds since epoch; capped at the maximum age). */
  issue(launchId: string, nowSeconds?: number): { token: string; expiresAt: number } {
    return this.codec.issue(launchId, nowSeconds);
  }

  /** The launch id of a valid token; 'expired' or 'invalid' otherwise. */
  verify(token: string, nowSeconds?: number): { launchId: string } | 'expired' | 'invalid' {
    const check = this.codec.verify(token, nowSeconds);
    return typeof check === 'string' ? check : { launchId: check.subject };
  }
}
