/**
 * The OAuth 2.0 token endpoint (LTI Security Framework 4.1: client_credentials grant authenticated by a
 * JWT client assertion, RFC 6749 4.4 + RFC 7523 2.2) and the bearer-token check the AGS and NRPS
 * endpoints use. The assertion must be signed by a key in the tool's registered JWKS, name the tool as
 * iss and sub, be addressed to this token endpoint, unexpired, and carry a jti never seen before.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import { newId, type PlatformState } from './state.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ACCESS_TOKEN_LIFETIME_S = 3600;

const remoteKeySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** The tool's JWKS, fetched on demand and cached by jose (refetched when an unknown kid shows up). */
export function toolKeySet(jwksUrl: string): ReturnType<typeof createRemoteJWKSet> {
  let set = remoteKeySets.get(jwksUrl);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000, cooldownDuration: 0 });
    remoteKeySets.set(jwksUrl, set);
  }
  return set;
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
}

/** Routes of the token endpoint. */
export function tokenRoutes(state: PlatformState): Router {
  const router = express.Router();
  router.post('/login/oauth2/token', express.urlencoded({ extended: false, limit: '32kb' }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== 'client_credentials')
      return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    if (body.client_assertion_type !== ASSERTION_TYPE)
      return oauthError(res, 400, 'invalid_request', `client_assertion_type must be ${ASSERTION_TYPE}`);
    const assertion = typeof body.client_assertion === 'string' ? body.client_assertion : '';
    let clientId: string;
    try {
      const unverified = decodeJwt(assertion);
      clientId = String(unverified.sub ?? '');
    } catch {
      return oauthError(res, 400, 'invalid_request', 'client_assertion is not a JWT');
    }
    const tool = state.tools.get(clientId);
    if (!tool) return oauthError(res, 401, 'invalid_client', 'unknown client (sub of the client assertion)');
    let jti: string;
    let exp: number;
    try {
      const { payload } = await jwtVerify(assertion, toolKeySet(tool.jwksUrl), {
        issuer: clientId,
        subject: clientId,
        audience: [state.endpoints.token, state.issuer],
        algorithms: ['RS256', 'RS384', 'RS512', 'ES256'],
        requiredClaims: ['exp', 'jti'],
        clockTolerance: 5,
      });
      jti = String(payload.jti);
      exp = Number(payload.exp);
    } catch (err) {
      const reason = err instanceof errors.JOSEError ? `${err.code}: ${err.message}` : String(err);
      return oauthError(res, 401, 'invalid_client', `client assertion rejected (${reason})`);
    }
    const jtiKey = `${clientId}:${jti}`;
    if (state.assertionIds.has(jtiKey))
      return oauthError(res, 401, 'invalid_client', 'client assertion jti was already used');
    state.assertionIds.set(jtiKey, exp * 1000 + 5000);

    const requested = (typeof body.scope === 'string' ? body.scope : '').split(/\s+/).filter(Boolean);
    const allowed = new Set(tool.scopes);
    const granted = requested.filter((s) => allowed.has(s));
    if (!requested.length || !granted.length)
      return oauthError(res, 400, 'invalid_scope', 'none of the requested scopes can be granted to this tool');
    const accessToken = newId(32);
    state.accessTokens.set(accessToken, {
      clientId,
      scopes: granted,
      expires: Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000,
    });
    res.set('Cache-Control', 'no-store').json({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      scope: granted.join(' '),
    });
  });
  return router;
}

/**
 * Express middleware: a valid bearer access token holding one of `scopes`, issued to a tool deployed on
 * this platform. Puts the tool's client id in `res.locals.clientId`.
 */
export function requireScope(state: PlatformState, scopes: string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const token = m ? state.accessTokens.get(m[1]!) : undefined;
    if (!token || token.expires <= Date.now()) {
      res
        .set('WWW-Authenticate', 'Bearer error="invalid_token"')
        .status(401)
        .json({ error: 'invalid_token', error_description: 'missing, unknown or expired access token' });
      return;
    }
    if (!scopes.some((s) => token.scopes.includes(s))) {
      res
        .set('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${scopes.join(' ')}"`)
        .status(403)
        .json({ error: 'insufficient_scope', error_description: `needs one of: ${scopes.join(' ')}` });
      return;
    }
    if (!state.tools.has(token.clientId)) {
      res.status(401).json({ error: 'invalid_token', error_description: 'the tool is no longer registered' });
      return;
    }
    res.locals.clientId = token.clientId;
    next();
  };
}
