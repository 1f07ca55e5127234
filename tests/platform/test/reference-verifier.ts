/**
 * What a correct tool checks in an id_token (LTI 1.3 Core 5.1.3, Security Framework 5.1.3), written with
 * jose, to show each tamper knob is caught for the reason it exists even where plain ltijs lets it pass.
 * Returns 'ok' or the name of the first failed check.
 */
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { CLAIM } from '../index.js';

/** What the tool knows when a launch arrives. */
export interface ToolExpectations {
  jwksUrl: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  /** The nonce this login sent to the platform. */
  nonce: string;
  /** Nonces already used (a replay reuses one). */
  usedNonces: Set<string>;
}

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** The first check an id_token fails, or 'ok'. */
export async function verifyAsTool(idToken: string, e: ToolExpectations): Promise<string> {
  let keys = keySets.get(e.jwksUrl);
  if (!keys) keySets.set(e.jwksUrl, (keys = createRemoteJWKSet(new URL(e.jwksUrl))));
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(idToken, keys, {
      algorithms: ['RS256'],
      issuer: e.issuer,
      audience: e.clientId,
      maxTokenAge: '5m',
      clockTolerance: 30,
      requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTClaimValidationFailed) return `claim:${err.claim}`;
    if (err instanceof errors.JOSEError) return err.code;
    throw err;
  }
  const aud = claims.aud;
  if ((Array.isArray(aud) && aud.length > 1) || claims.azp !== undefined) {
    if (claims.azp !== e.clientId) return 'claim:azp';
  }
  if (claims.nonce !== e.nonce) return 'nonce:not-from-this-login';
  if (e.usedNonces.has(String(claims.nonce))) return 'nonce:replayed';
  e.usedNonces.add(String(claims.nonce));
  if (!e.deploymentIds.includes(String(claims[CLAIM.deploymentId]))) return 'claim:deployment_id';
  if (!['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'].includes(String(claims[CLAIM.messageType])))
    return 'claim:message_type';
  if (claims[CLAIM.version] !== '1.3.0') return 'claim:version';
  if (!Array.isArray(claims[CLAIM.roles])) return 'claim:roles';
  return 'ok';
}
