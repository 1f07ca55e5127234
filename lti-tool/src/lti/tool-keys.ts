import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint } from 'jose';
import { AppError } from '@margins/shared';
import { KeyEncryptionKey, KeySealingError, sealBytes, unsealBytes } from '../badges/key-sealing.js';
import type { PlatformsRepo, ToolKeyRow } from '../data/platforms-repo.js';
import { deriveKey } from '../services/signed-token.js';

/**
 * The tool's own RSA signing keys (LTI 1.3 Core 6, IMS Security Framework 6): one key pair per
 * platform registration, published together at the keyset URL, used for Deep Linking responses and
 * the client assertions of the AGS token requests.
 *
 * Why one key per platform and not one rotating tool key: installed districts already have their
 * platform's kid (ltijs made one per platform) and our keyset URL cached in their LMS; keeping one key
 * per platform lets the upgrade carry each kid over unchanged, and lets a district's key be replaced
 * or dropped on its own without touching anyone else's LMS. (It is not a security boundary: every
 * platform reads the same keyset, so the `iss`/`sub` = client_id claim, not the key, says who signed.)
 *
 * New keys are RSA 2048 (RS256 needs at least 2048 bits; that is what Canvas and Moodle use for their
 * own keys); imported ltijs keys stay 4096. kid = the RFC 7638 thumbprint of the public key. Private
 * keys are stored only sealed with AES-256-GCM (badges/key-sealing.ts) under a key derived from
 * MARGINS_SECRET, bound to tenant and kid, and are never logged (a KeyObject prints no key material).
 */

/** Modulus size of new tool keys. */
export const TOOL_KEY_BITS = 2048;

/** A tool key ready to sign with. */
export interface ToolSigningKey {
  kid: string;
  key: KeyObject;
}

/** One entry of the tool's public keyset (RFC 7517 4, 7518 6.3.1): public members only. */
export interface ToolPublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

const generateRsa = promisify(generateKeyPair);

/** Makes, seals, opens and publishes the tool's keys. */
export class ToolKeys {
  /** Opened private keys by kid (a kid's key never changes). */
  private readonly opened = new Map<string, KeyObject>();

  constructor(private readonly deps: { repo: PlatformsRepo; kek: KeyEncryptionKey }) {}

  /** The key-encryption key for tool keys, derived from the root secret (MARGINS_SECRET). */
  static kekFromSecret(secret: string): KeyEncryptionKey {
    return KeyEncryptionKey.fromBytes(deriveKey(secret, 'lti-tool-keys'));
  }

  /** Seals a private key (PKCS#8 PEM) for storage, bound to its tenant and kid. */
  seal(tenantId: string, kid: string, privateKeyPem: string): string {
    return sealBytes(Buffer.from(privateKeyPem, 'utf8'), this.deps.kek, aad(tenantId, kid));
  }

  /** The tenant's signing key, made (and stored) on first need. */
  async signingKey(tenantId: string): Promise<ToolSigningKey> {
    const row = (await this.deps.repo.currentKey(tenantId)) ?? (await this.create(tenantId));
    return { kid: row.kid, key: this.open(row) };
  }

  /** Makes sure the tenant has a key (at registration, so the keyset lists it before the LMS asks). */
  async ensure(tenantId: string): Promise<string> {
    return (await this.signingKey(tenantId)).kid;
  }

  /** The public keyset served at /lti/keys. */
  async keyset(): Promise<{ keys: ToolPublicJwk[] }> {
    const rows = await this.deps.repo.publicKeys();
    return {
      keys: rows.map((r) => ({
        kty: 'RSA',
        n: r.public_jwk.n,
        e: r.public_jwk.e,
        kid: r.kid,
        alg: 'RS256',
        use: 'sig',
      })),
    };
  }

  private async create(tenantId: string): Promise<ToolKeyRow> {
    const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: TOOL_KEY_BITS });
    const { n, e } = publicKey.export({ format: 'jwk' });
    if (!n || !e) throw new Error('the generated RSA key has no modulus or exponent');
    const publicJwk = { kty: 'RSA' as const, n, e };
    const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return this.deps.repo.adoptKey({
      kid,
      tenantId,
      publicJwk,
      privateKeySealed: this.seal(tenantId, kid, pem),
      createdAt: new Date().toISOString(),
    });
  }

  private open(row: ToolKeyRow): KeyObject {
    let key = this.opened.get(row.kid);
    if (!key) {
      let pem: Buffer;
      try {
        pem = Buffer.from(unsealBytes(row.private_key_sealed, this.deps.kek, aad(row.tenant_id, row.kid)));
      } catch (e) {
        if (!(e instanceof KeySealingError)) throw e;
        throw new AppError(
          'unavailable',
          `Margins cannot sign messages for this learning platform: its key (${row.kid}) was sealed under another MARGINS_SECRET. Ask your district admin to start Margins with the secret it was installed with.`,
        );
      }
      key = createPrivateKey(pem.toString('utf8'));
      pem.fill(0);
      this.opened.set(row.kid, key);
    }
    return key;
  }
}

function aad(tenantId: string, kid: string): string {
  return `lti-tool-key|${tenantId}|${kid}`;
}
