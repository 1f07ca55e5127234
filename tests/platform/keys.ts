/**
 * The platform's signing keys and its JWKS (LTI 1.3 Core 6.3 / Security Framework 6.3: platforms publish
 * their public keys as a JWK Set). Keys are made once per platform start, never per launch, so the launch
 * driver stays light under load. Two extra keys exist only for the known-bad launch suite: one whose kid
 * is not in the JWKS, one that signs under the published kid with the wrong private key.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** One RSA key pair with its kid. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** The platform's key material. */
export interface PlatformKeys {
  /** The key the platform signs id_tokens and registration tokens with (published). */
  current: SigningKey;
  /** Not published: tokens signed with it carry a kid the JWKS does not know. */
  unknown: SigningKey;
  /** Signs under `current.kid`, so a verifier finds the key but the signature fails. */
  wrong: SigningKey;
  /** The public JWK Set served at /.well-known/jwks.json. */
  jwks(): { keys: JWK[] };
}

async function makeKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } };
}

/** Makes the three key pairs of one platform instance (in parallel; about 100 ms on this machine). */
export async function createPlatformKeys(): Promise<PlatformKeys> {
  const [current, unknown, wrong] = await Promise.all([makeKey(), makeKey(), makeKey()]);
  return {
    current,
    unknown,
    wrong,
    jwks: () => ({ keys: [current.publicJwk] }),
  };
}
