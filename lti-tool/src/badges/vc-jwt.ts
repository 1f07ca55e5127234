import { decodeEd25519PublicKeyMultibase, verifyEd25519, type IssuerKey } from './issuer-key.js';
import {
  verifyParsedCredential,
  type ProofMechanismCheck,
  type VerificationResult,
  type VerifyOptions,
} from './verify.js';

/**
 * The second proof format of OB 3.0 §8.2 "JSON Web Token Proof Format" (VC-JWT): the credential
 * is the JWT payload, with iss/jti/nbf/sub/exp claims mirroring its fields, signed as a compact JWS.
 * Margins signs with the district's Ed25519 key (`alg: EdDSA`); OB 3.0 requires RS256 support of
 * verifiers but permits other algorithms, so some verifiers may not accept EdDSA: the embedded
 * eddsa-rdfc-2022 proof stays the primary format, and it is kept inside the payload when present.
 */

const CLAIMS = ['iss', 'jti', 'nbf', 'sub', 'exp', 'iat'] as const;

const b64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const seconds = (iso: unknown) =>
  typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? Math.floor(Date.parse(iso) / 1000) : undefined;

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Signs a credential as a VC-JWT (compact JWS) with header `{ alg: 'EdDSA', kid, typ: 'JWT' }`. */
export function signCredentialJwt(credential: Record<string, unknown>, key: IssuerKey, opts: { kid: string }): string {
  const header = { alg: 'EdDSA', kid: opts.kid, typ: 'JWT' };
  const iss = idOf(credential.issuer);
  const jti = credential.id;
  const nbf = seconds(credential.validFrom);
  if (!iss || typeof jti !== 'string' || nbf === undefined)
    throw new Error('A VC-JWT needs the credential issuer, id and validFrom.');
  const sub = idOf(credential.credentialSubject);
  const exp = seconds(credential.validUntil);
  const payload = { ...credential, iss, jti, nbf, ...(sub ? { sub } : {}), ...(exp !== undefined ? { exp } : {}) };
  const signingInput = `${b64urlJson(header)}.${b64urlJson(payload)}`;
  return `${signingInput}.${Buffer.from(key.sign(Buffer.from(signingInput, 'ascii'))).toString('base64url')}`;
}

type Problems = {
  problems: {
    code: 'malformed' | 'unsupported_proof' | 'unknown_key' | 'key_not_authorized' | 'bad_signature' | 'tampered';
    message: string;
  }[];
};
const fail = (code: Problems['problems'][number]['code'], message: string): Problems => ({
  problems: [{ code, message }],
});

function parseJwt(jwt: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
} | null {
  const parts = jwt.trim().split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object' || Array.isArray(payload))
      return null;
    return {
      header: header as Record<string, unknown>,
      payload: payload as Record<string, unknown>,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, 'base64url'),
    };
  } catch {
    return null;
  }
}

/**
 * Verifies a VC-JWT (§8.2 "Verify a Credential"): EdDSA signature by a `kid` of the issuer, claims
 * equal to the credential's fields, then the same schema, validity and status checks as an embedded
 * proof. Never throws.
 */
export async function verifyCredentialJwt(jwt: string, options: VerifyOptions = {}): Promise<VerificationResult> {
  const parsed = typeof jwt === 'string' ? parseJwt(jwt) : null;
  const now = options.now ?? new Date();
  if (!parsed) {
    return {
      valid: false,
      problems: [
        {
          code: 'malformed',
          message: 'This is not a compact JWS (three base64url parts with JSON header and payload).',
        },
      ],
      credentialId: null,
      issuerId: null,
      verificationMethod: null,
      status: 'unchecked',
      checkedAt: now.toISOString(),
    };
  }
  const { header, payload, signingInput, signature } = parsed;
  const credential = Object.fromEntries(
    Object.entries(payload).filter(([k]) => !(CLAIMS as readonly string[]).includes(k)),
  );

  const securedBy: ProofMechanismCheck = async (doc, issuerId, resolve) => {
    if (header.alg !== 'EdDSA')
      return fail(
        'unsupported_proof',
        `The JWT algorithm ${JSON.stringify(header.alg)} is not supported; Margins checks EdDSA (Ed25519).`,
      );
    if (typeof header.kid !== 'string')
      return fail(
        'unknown_key',
        'The JWT header names no key (kid); a key embedded in the header cannot show who the issuer is.',
      );
    let method;
    try {
      method = await resolve(header.kid);
    } catch {
      method = null;
    }
    if (!method)
      return fail(
        'unknown_key',
        `The key ${JSON.stringify(header.kid.slice(0, 200))} could not be resolved to a known public key.`,
      );
    if (method.controller !== issuerId)
      return fail(
        'key_not_authorized',
        `The signing key belongs to ${JSON.stringify(method.controller)}, not to the issuer ${JSON.stringify(issuerId)}.`,
      );
    let publicKey: Uint8Array;
    try {
      publicKey = decodeEd25519PublicKeyMultibase(method.publicKeyMultibase);
    } catch {
      return fail('unknown_key', 'The key is not an Ed25519 key.');
    }
    if (signature.length !== 64) return fail('bad_signature', 'The JWT signature is not an Ed25519 signature.');
    if (!verifyEd25519(publicKey, Buffer.from(signingInput, 'ascii'), signature)) {
      return fail(
        'tampered',
        'The JWT signature does not match its content: it was changed after signing, or not signed by this key.',
      );
    }
    const mismatches: string[] = [];
    if (payload.iss !== issuerId) mismatches.push('iss');
    if (payload.jti !== doc.id) mismatches.push('jti');
    if (payload.nbf !== seconds(doc.validFrom)) mismatches.push('nbf');
    if (payload.sub !== idOf(doc.credentialSubject)) mismatches.push('sub');
    if (payload.exp !== seconds(doc.validUntil)) mismatches.push('exp');
    if (mismatches.length)
      return fail('tampered', `The JWT claims ${mismatches.join(', ')} do not match the credential.`);
    return { verificationMethod: header.kid };
  };
  return verifyParsedCredential(credential, options, securedBy);
}
