import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { deriveKey, SignedTokenCodec } from './signed-token.js';

/**
 * The credentials of a paired browser, all opaque to the extension:
 * - access token `mga1.<deviceId>.<exp>.<mac>`: the shared signed-token codec, short-lived, checked against the device
 *   row on every request (so disconnecting takes effect at once);
 * - refresh token `mgr1.<32 random bytes>`: stored only as a SHA-256 hash, works once (rotation);
 * - pairing code: 8 characters a person can read and type, stored as a keyed hash.
 */

const ACCESS_PREFIX = 'mga1';
const REFRESH_PREFIX = 'mgr1';
/** Letters and digits that cannot be confused when read or retyped (no 0/O, 1/I/L); all match PairingCodeSchema. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Signs and checks access tokens; makes refresh tokens and pairing codes and hashes them for storage. */
export class ExtensionTokens {
  private readonly access: SignedTokenCodec;
  private readonly codeKey: Buffer;

  constructor(secret: string, accessSeconds: number) {
    this.access = new SignedTokenCodec(secret, 'extension-access-token', ACCESS_PREFIX, accessSeconds);
    this.codeKey = deriveKey(secret, 'extension-pairing-code');
  }

  /** An access token for a device, and its lifetime in seconds. */
  issueAccess(deviceId: string, nowSeconds?: number): { token: string; expiresIn: number } {
    return { token: this.access.issue(deviceId, nowSeconds).token, expiresIn: this.access.lifetimeSeconds };
  }

  /** The device id of a valid access token; 'expired' or 'invalid' otherwise. */
  verifyAccess(token: string, nowSeconds?: number): { deviceId: string } | 'expired' | 'invalid' {
    const check = this.access.verify(token, nowSeconds);
    return typeof check === 'string' ? check : { deviceId: check.subject };
  }

  /** True when a bearer credential is shaped like an access token (as opposed to an LMS launch session). */
  static isAccessToken(token: string): boolean {
    return token.startsWith(`${ACCESS_PREFIX}.`);
  }

  /** A fresh refresh token and the hash to store. */
  newRefreshToken(): { token: string; hash: string } {
    const token = `${REFRESH_PREFIX}.${randomBytes(32).toString('base64url')}`;
    return { token, hash: ExtensionTokens.hashRefresh(token) };
  }

  /** The stored form of a refresh token (high entropy, so a plain hash is enough). */
  static hashRefresh(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  /** A new pairing code (8 characters, about 40 bits), unbiased. */
  newCode(): string {
    return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  }

  /** The stored form of a (normalised) pairing code: keyed, so a copied table does not reveal live codes. */
  hashCode(code: string): string {
    return createHmac('sha256', this.codeKey).update(code).digest('hex');
  }
}

/** A code as people read it: KQ7M-2XPD. */
export function formatPairingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
