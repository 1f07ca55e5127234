import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import bs58 from 'bs58';

/**
 * Ed25519 issuer keys in the encodings Open Badges 3.0 and Data Integrity use: Multikey
 * (Controlled Identifiers 1.0 §2.2.2) with base58btc multibase, and did:key (did:key method 0.7).
 * The secret half lives only inside an {@link IssuerKey}; nothing here prints or logs it.
 */

/** Multicodec header of an Ed25519 public key (`ed25519-pub`, 0xed as a varint). */
const ED25519_PUB_HEADER = Uint8Array.of(0xed, 0x01);
/** Multicodec header of an Ed25519 secret key (`ed25519-priv`, 0x1300 as a varint). */
const ED25519_PRIV_HEADER = Uint8Array.of(0x80, 0x26);
/** DER prefix of a PKCS#8 Ed25519 private key (RFC 8410 §7), followed by the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Thrown for a malformed key encoding; the message never contains key material. */
export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** Decodes a base58btc multibase string (leading `z`). */
export function decodeBase58btcMultibase(value: string): Uint8Array {
  if (typeof value !== 'string' || !value.startsWith('z'))
    throw new KeyFormatError('Expected a base58btc multibase value starting with "z".');
  try {
    return bs58.decode(value.slice(1));
  } catch {
    throw new KeyFormatError('The value is not valid base58btc.');
  }
}

/** Encodes bytes as base58btc multibase (leading `z`), as proofValue and publicKeyMultibase use. */
export function encodeBase58btcMultibase(bytes: Uint8Array): string {
  return `z${bs58.encode(bytes)}`;
}

function withHeader(header: Uint8Array, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

function hasHeader(bytes: Uint8Array, header: Uint8Array): boolean {
  return header.every((b, i) => bytes[i] === b);
}

/** The 32 raw public key bytes of an Ed25519 Multikey `publicKeyMultibase` (z6Mk…). */
export function decodeEd25519PublicKeyMultibase(publicKeyMultibase: string): Uint8Array {
  const bytes = decodeBase58btcMultibase(publicKeyMultibase);
  if (!hasHeader(bytes, ED25519_PUB_HEADER) || bytes.length !== 34) {
    throw new KeyFormatError(
      'The publicKeyMultibase is not an Ed25519 public key (expected the ed25519-pub multicodec and 32 bytes).',
    );
  }
  return bytes.slice(2);
}

/** The Multikey `publicKeyMultibase` of 32 raw Ed25519 public key bytes. */
export function encodeEd25519PublicKeyMultibase(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new KeyFormatError('An Ed25519 public key has 32 bytes.');
  return encodeBase58btcMultibase(withHeader(ED25519_PUB_HEADER, publicKey));
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(publicKey) }, format: 'jwk' });
}

/** Checks an Ed25519 signature over `data`; false (never a throw) for a key or signature of the wrong shape. */
export function verifyEd25519(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return verify(null, data, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

/** The did:key DID of an Ed25519 public key (`did:key:z6Mk…`). */
export function didKeyOf(publicKeyMultibase: string): string {
  decodeEd25519PublicKeyMultibase(publicKeyMultibase);
  return `did:key:${publicKeyMultibase}`;
}

/** The verification method id of a did:key (`did:key:z6Mk…#z6Mk…`, did:key §3.1.2). */
export function didKeyVerificationMethodOf(publicKeyMultibase: string): string {
  return `${didKeyOf(publicKeyMultibase)}#${publicKeyMultibase}`;
}

/**
 * The verification method id for a key hosted with the issuer profile at an https URL: the
 * profile URL with the key's multibase as fragment, the form 1EdTech's signing vector uses
 * (`https://example.edu/issuers/565049#z6Mk…`).
 */
export function httpsVerificationMethodOf(issuerId: string, publicKeyMultibase: string): string {
  const url = new URL(issuerId);
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
  ) {
    throw new KeyFormatError('An issuer profile hosted by the tool must have an https URL.');
  }
  if (url.hash) throw new KeyFormatError('The issuer profile URL must not have a fragment.');
  decodeEd25519PublicKeyMultibase(publicKeyMultibase);
  return `${issuerId}#${publicKeyMultibase}`;
}

/** A Multikey verification method document (Controlled Identifiers 1.0 §2.2.2), as the tool serves it. */
export interface MultikeyDocument {
  '@context'?: string | string[];
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

/**
 * An Ed25519 issuer key pair. The secret key stays in a private node:crypto KeyObject: JSON, string
 * and console renderings show only the public key, and the secret leaves only through the explicitly
 * named {@link IssuerKey.exportSecretKeyMultibase} (for sealing, see key-sealing.ts).
 */
export class IssuerKey {
  readonly #secret: KeyObject;
  /** The 32 raw public key bytes. */
  readonly publicKey: Uint8Array;
  /** The Multikey `publicKeyMultibase` (z6Mk…). */
  readonly publicKeyMultibase: string;

  private constructor(secret: KeyObject, publicKey: Uint8Array) {
    this.#secret = secret;
    this.publicKey = publicKey;
    this.publicKeyMultibase = encodeEd25519PublicKeyMultibase(publicKey);
  }

  /** A fresh random key pair for a district. */
  static generate(): IssuerKey {
    const { privateKey } = generateKeyPairSync('ed25519');
    return IssuerKey.#fromKeyObject(privateKey);
  }

  /**
   * A key from its 32-byte Ed25519 seed, or the 64-byte seed‖public form many libraries (and the
   * 1EdTech vector's "Private key (hex)") use; the public half is checked against the seed.
   */
  static fromSecretKeyBytes(bytes: Uint8Array): IssuerKey {
    if (bytes.length !== 32 && bytes.length !== 64)
      throw new KeyFormatError('An Ed25519 secret key has 32 bytes (or 64 with the public key appended).');
    const pkcs8 = Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(bytes.slice(0, 32))]);
    const secret = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const key = IssuerKey.#fromKeyObject(secret);
    if (bytes.length === 64 && !Buffer.from(bytes.slice(32)).equals(Buffer.from(key.publicKey))) {
      throw new KeyFormatError('The public half of the 64-byte secret key does not belong to its seed.');
    }
    return key;
  }

  /** A key from a Multikey `secretKeyMultibase` (ed25519-priv header + 32-byte seed, or the older 64-byte form). */
  static fromSecretKeyMultibase(secretKeyMultibase: string): IssuerKey {
    const bytes = decodeBase58btcMultibase(secretKeyMultibase);
    if (!hasHeader(bytes, ED25519_PRIV_HEADER))
      throw new KeyFormatError('The secretKeyMultibase is not an Ed25519 secret key.');
    return IssuerKey.fromSecretKeyBytes(bytes.slice(2));
  }

  static #fromKeyObject(secret: KeyObject): IssuerKey {
    const jwk = createPublicKey(secret).export({ format: 'jwk' });
    return new IssuerKey(secret, new Uint8Array(Buffer.from(String(jwk.x), 'base64url')));
  }

  /** The Multikey `secretKeyMultibase` (ed25519-priv + 32-byte seed). Only for sealing or a deliberate export. */
  exportSecretKeyMultibase(): string {
    const jwk = this.#secret.export({ format: 'jwk' });
    return encodeBase58btcMultibase(withHeader(ED25519_PRIV_HEADER, Buffer.from(String(jwk.d), 'base64url')));
  }

  /** An Ed25519 signature (64 bytes) over `data`. */
  sign(data: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, data, this.#secret));
  }

  /** `did:key:z6Mk…` for this key. */
  get did(): string {
    return didKeyOf(this.publicKeyMultibase);
  }

  /** The Multikey document describing this key, for the tool to serve at `id`. */
  multikeyDocument(id: string, controller: string): MultikeyDocument {
    return {
      '@context': 'https://w3id.org/security/multikey/v1',
      id,
      type: 'Multikey',
      controller,
      publicKeyMultibase: this.publicKeyMultibase,
    };
  }

  /** JSON shows the public key only. */
  toJSON(): { type: 'Multikey'; publicKeyMultibase: string } {
    return { type: 'Multikey', publicKeyMultibase: this.publicKeyMultibase };
  }

  /** Strings show the public key only. */
  toString(): string {
    return `IssuerKey(${this.publicKeyMultibase})`;
  }

  /** console.log and util.inspect show the public key only. */
  [inspect.custom](): string {
    return this.toString();
  }
}
