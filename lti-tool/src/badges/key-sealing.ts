import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { IssuerKey } from './issuer-key.js';

/**
 * Issuer secret keys at rest: sealed with AES-256-GCM under a key-encryption key (KEK) that comes
 * from configuration, never from the database. The sealed text names which KEK sealed it (a short
 * fingerprint), so a KEK can be rotated by configuring the new one first and the old one second
 * until every row is resealed. Associated data binds a sealed key to its owner (e.g. the district
 * id): a sealed blob copied onto another district's row does not open.
 */

/** Thrown when a KEK or a sealed key is unusable; messages never contain key material. */
export class KeySealingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeySealingError';
  }
}

const SEAL_VERSION = 'obk1';

/** A 256-bit key-encryption key; renders as its fingerprint only. */
export class KeyEncryptionKey {
  readonly #bytes: Buffer;
  /** First 8 bytes of SHA-256 of the key, hex: names the KEK in sealed text without revealing it. */
  readonly fingerprint: string;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
    this.fingerprint = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  }

  /**
   * Parses the configured KEK: 32 bytes written as 64 hex digits or base64 / base64url (44 or 43
   * characters). Anything else is refused with a message saying how to make one.
   */
  static parse(configured: string): KeyEncryptionKey {
    const value = (configured ?? '').trim();
    let bytes: Buffer | null = null;
    if (/^[0-9a-fA-F]{64}$/.test(value)) bytes = Buffer.from(value, 'hex');
    else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value))
      bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (!bytes || bytes.length !== 32) {
      throw new KeySealingError(
        'The badge key-encryption key must be 32 random bytes written as 64 hex digits or base64 (generate one with `openssl rand -base64 32`).',
      );
    }
    return new KeyEncryptionKey(bytes);
  }

  /** A KEK from 32 bytes derived elsewhere (e.g. HKDF of the root secret for the LTI tool keys). */
  static fromBytes(bytes: Uint8Array): KeyEncryptionKey {
    if (bytes.length !== 32) throw new KeySealingError('A key-encryption key must be exactly 32 bytes.');
    return new KeyEncryptionKey(Buffer.from(bytes));
  }

  /** A new random KEK, as the base64 text to put in configuration. */
  static generateConfigValue(): string {
    return randomBytes(32).toString('base64');
  }

  /** @internal The raw key, for this module's cipher calls only. */
  bytesForCipher(): Buffer {
    return this.#bytes;
  }

  toJSON(): string {
    return this.toString();
  }

  toString(): string {
    return `KeyEncryptionKey(${this.fingerprint})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Seals bytes: `obk1.<kek fingerprint>.<iv>.<ciphertext>.<tag>` (base64url parts). */
export function sealBytes(plaintext: Uint8Array, kek: KeyEncryptionKey, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.bytesForCipher(), iv);
  cipher.setAAD(Buffer.from(`${SEAL_VERSION}|${associatedData}`, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    SEAL_VERSION,
    kek.fingerprint,
    iv.toString('base64url'),
    ciphertext.toString('base64url'),
    tag.toString('base64url'),
  ].join('.');
}

/** Opens what {@link sealBytes} sealed, with whichever of `keks` sealed it; throws KeySealingError otherwise. */
export function unsealBytes(
  sealed: string,
  keks: KeyEncryptionKey | readonly KeyEncryptionKey[],
  associatedData: string,
): Uint8Array {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  if (parts.length !== 5 || parts[0] !== SEAL_VERSION)
    throw new KeySealingError('The sealed key is not in a format Margins understands.');
  const [, fingerprint, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const kek = (keks instanceof KeyEncryptionKey ? [keks] : keks).find((k) => k.fingerprint === fingerprint);
  if (!kek)
    throw new KeySealingError(
      `The sealed key was sealed with key-encryption key ${fingerprint}, which is not configured.`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek.bytesForCipher(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${SEAL_VERSION}|${associatedData}`, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]));
  } catch {
    throw new KeySealingError('The sealed key could not be opened: it was changed, or belongs to another owner.');
  }
}

/** The KEK fingerprint a sealed value names (to find rows still sealed with an old KEK). */
export function sealedWith(sealed: string): string | null {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === SEAL_VERSION ? parts[1]! : null;
}

/** Seals an issuer's secret key for storage; `owner` (e.g. the district id) is bound as associated data. */
export function sealIssuerKey(key: IssuerKey, kek: KeyEncryptionKey, owner: string): string {
  return sealBytes(Buffer.from(key.exportSecretKeyMultibase(), 'utf8'), kek, `issuer-key|${owner}`);
}

/** Opens a sealed issuer key stored for `owner`. */
export function unsealIssuerKey(
  sealed: string,
  keks: KeyEncryptionKey | readonly KeyEncryptionKey[],
  owner: string,
): IssuerKey {
  const secret = Buffer.from(unsealBytes(sealed, keks, `issuer-key|${owner}`)).toString('utf8');
  return IssuerKey.fromSecretKeyMultibase(secret);
}
