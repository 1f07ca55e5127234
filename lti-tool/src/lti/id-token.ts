import { timingSafeEqual } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { AppError, toFieldIssues } from '@margins/shared';
import type { LoginStateRow } from '../data/launch-repo.js';
import { CLAIM, LtiClaimsSchema, type LtiClaims } from './claims.js';
import type { JwksCache } from './jwks-cache.js';
import type { PlatformRegistry } from './platform-registry.js';

/**
 * The id_token's own checks for a launch whose login state was consumed (steps 3-6 of LaunchService.complete):
 * header, issuer and audience before any key is fetched, then signature, times, nonce and LTI claims. Kept
 * apart from launch.ts, which binds the browser to the login and builds the LaunchContext from the claims.
 */

/** A launch refused as unauthenticated (401 launch_invalid), with the reason shown to the person. */
export const invalid = (message: string) => new AppError('launch_invalid', message);

/** Verifies `idToken` against the consumed `login` and returns its LTI claims, or throws the AppError that says why. */
export async function verifyIdToken(
  idToken: string,
  login: LoginStateRow,
  deps: { registry: PlatformRegistry; jwks: JwksCache; clockSkewSeconds: number },
): Promise<LtiClaims> {
  // 3. Cheap checks before any key is fetched.
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(idToken);
    unverified = decodeJwt(idToken);
  } catch {
    throw invalid('The launch token is not a valid JWT.');
  }
  if (header.alg !== 'RS256')
    throw invalid(`The launch token is signed with ${String(header.alg)}; LTI requires RS256.`);
  if (!header.kid) throw invalid('The launch token does not name its signing key (no kid).');
  if (unverified.iss !== login.issuer)
    throw invalid('The launch token comes from a different platform than the sign-in (wrong iss).');
  const aud = Array.isArray(unverified.aud) ? unverified.aud : [unverified.aud];
  if (!aud.includes(login.client_id)) throw invalid('The launch token is addressed to another tool (wrong aud).');
  const azp = (unverified as { azp?: unknown }).azp;
  if ((aud.length > 1 || azp !== undefined) && azp !== login.client_id)
    throw invalid('The launch token names another tool as its authorized party (azp mismatch).');

  // 4. Signature, expiry, issuer and audience, with our clock-skew tolerance.
  const platform = await deps.registry.platform(login.issuer, login.client_id);
  if (!platform) throw invalid('This learning platform is no longer registered with Margins.');
  if (!platform.jwksUrl) throw invalid('This platform registration has no key set URL; register it again.');
  const key = await deps.jwks.key(platform.jwksUrl, header.kid);
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(idToken, key, {
      algorithms: ['RS256'],
      issuer: login.issuer,
      audience: login.client_id,
      clockTolerance: deps.clockSkewSeconds,
      requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
    }));
  } catch (e) {
    throw invalid(describeJoseError(e));
  }
  const now = Date.now() / 1000;
  if (typeof payload.iat !== 'number' || payload.iat > now + deps.clockSkewSeconds)
    throw invalid("The launch token was issued in the future; the platform's clock may be wrong.");

  // 5. The nonce must be the one sent with this login (and, being stored with the single-use state, is used once).
  if (typeof payload.nonce !== 'string' || !safeEqual(payload.nonce, login.nonce))
    throw invalid('The launch token was not issued for this sign-in (nonce mismatch).');

  // 6. LTI claims.
  const parsed = LtiClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error);
    throw new AppError('launch_malformed', issues.map((i) => i.message).join(' '), issues);
  }
  const claims = parsed.data;
  const target = claims[CLAIM.targetLinkUri];
  if (target !== undefined && !sameTarget(target, login.target_link_uri))
    throw new AppError(
      'launch_malformed',
      'The launch opens a different address than the sign-in asked for (target_link_uri mismatch).',
    );
  return claims;
}

function sameTarget(claim: string, asked: string): boolean {
  try {
    const a = new URL(claim);
    const b = new URL(asked);
    return a.origin === b.origin && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** Constant-time string equality (nonce, storage binding). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function describeJoseError(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'The launch token has expired. Start Margins again from your course.';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'The launch token signature is not valid (bad signature).';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'iss') return 'The launch token comes from a different platform (wrong iss).';
    if (e.claim === 'aud') return 'The launch token is addressed to another tool (wrong aud).';
    if (e.claim === 'nbf') return "The launch token is not valid yet; the platform's clock may be wrong.";
    if (e.claim === 'iat') return "The launch token was issued in the future; the platform's clock may be wrong.";
    return `The launch token is missing or has an invalid ${e.claim} claim.`;
  }
  return 'The launch token could not be verified.';
}
