/**
 * The OIDC authorization endpoint of the platform (LTI 1.3 Core 5.1.1.2-5.1.1.5, OIDC Core 3.1.2 and
 * 3.2.2.5 with response_mode=form_post). It does the checks a real platform does before it signs an
 * id_token: a registered client_id and an exact registered redirect_uri (otherwise it shows an error page
 * and never redirects), the OIDC parameters LTI fixes, the lti_message_hint it issued for that client,
 * a login_hint naming that launch's user, and a signed-in platform session for the same user.
 * Tamper knobs of the launch apply here, when the token is built and signed.
 */
import express, { type Request, type Response, type Router } from 'express';
import { SignJWT, UnsecuredJWT } from 'jose';
import { buildIdTokenClaims } from './claims.js';
import { autoPostForm, html, page } from './html.js';
import type { PlatformState } from './state.js';
import type { Tamper } from './types.js';

/** Name of the platform's session cookie (port-specific: cookies ignore ports, platforms must not clash). */
export function sessionCookieName(state: PlatformState): string {
  const url = new URL(state.url);
  return `lms_session_${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

/** `Set-Cookie` value for a platform session; SameSite=None where the browser allows Secure cookies. */
export function sessionCookie(state: PlatformState, sessionId: string): string {
  const url = new URL(state.url);
  const trustworthy = url.protocol === 'https:' || url.hostname === 'localhost' || /^127\./.test(url.hostname);
  const sameSite = trustworthy ? 'SameSite=None; Secure' : 'SameSite=Lax';
  return `${sessionCookieName(state)}=${sessionId}; Path=/; HttpOnly; ${sameSite}`;
}

/** The signed-in user of a request, from the platform session cookie. */
export function sessionUser(state: PlatformState, req: Request): string | undefined {
  const name = sessionCookieName(state);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name && v) return state.sessions.get(v);
  }
  return undefined;
}

/** Signs id_token claims with the platform key, or as a tamper knob asks. */
export async function signIdToken(
  state: PlatformState,
  claims: Record<string, unknown>,
  signWith?: Tamper['signWith'],
): Promise<string> {
  if (signWith === 'none') return new UnsecuredJWT(claims).encode();
  const { current, unknown, wrong } = state.keys;
  const key = signWith === 'unknown-kid' ? unknown : signWith === 'wrong-key' ? wrong : current;
  const kid = signWith === 'unknown-kid' ? unknown.kid : current.kid;
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key.privateKey);
}

function errorPage(state: PlatformState, res: Response, status: number, message: string): void {
  res
    .status(status)
    .type('html')
    .send(
      page({
        title: 'Launch refused',
        platformName: state.name,
        body: html`<main class="narrow">
          <h1>The launch could not start</h1>
          <p role="alert">${message}</p>
          <p><a href="/">Back to the dashboard</a></p>
        </main>`,
      }),
    );
}

/** Routes of the authorization endpoint. */
export function authorizationRoutes(state: PlatformState): Router {
  const router = express.Router();
  const handler = async (req: Request, res: Response): Promise<void> => {
    const p = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown>;
    const str = (k: string) => (typeof p[k] === 'string' ? p[k] : '');
    const tool = state.tools.get(str('client_id'));
    if (!tool) return errorPage(state, res, 400, 'The tool is not registered on this platform (unknown client_id).');
    const redirectUri = str('redirect_uri');
    if (!tool.redirectUris.includes(redirectUri)) {
      return errorPage(
        state,
        res,
        400,
        'The tool asked to send the launch to an address it did not register (redirect_uri).',
      );
    }
    const stateParam = str('state');
    // From here on errors go back to the tool (OIDC Core 3.1.2.6) as a form_post.
    const fail = (error: string, description: string) => {
      res
        .status(200)
        .type('html')
        .send(
          autoPostForm(
            redirectUri,
            { error, error_description: description, ...(stateParam ? { state: stateParam } : {}) },
            'Returning to the tool…',
          ),
        );
    };
    if (str('response_type') !== 'id_token') return fail('unsupported_response_type', 'response_type must be id_token');
    if (!str('scope').split(' ').includes('openid')) return fail('invalid_scope', 'scope must include openid');
    if (str('response_mode') !== 'form_post') return fail('invalid_request', 'response_mode must be form_post');
    if (str('prompt') !== 'none') return fail('invalid_request', 'prompt must be none');
    const nonce = str('nonce');
    if (!nonce) return fail('invalid_request', 'nonce is required');
    const launch = state.pendingLaunch(str('lti_message_hint'));
    if (!launch || launch.clientId !== tool.clientId)
      return fail('invalid_request', 'lti_message_hint was not issued by this platform for this tool, or has expired');
    if (str('login_hint') !== launch.user) return fail('invalid_request', 'login_hint does not match the launch');
    if (str('lti_deployment_id') && str('lti_deployment_id') !== launch.deploymentId)
      return fail('invalid_request', 'lti_deployment_id does not match the launch');
    const signedIn = sessionUser(state, req);
    if (!signedIn) return fail('login_required', 'no platform session: sign in to the platform first');
    if (signedIn !== launch.user)
      return fail('login_required', 'the signed-in platform user is not the one the launch is for');

    let claims = buildIdTokenClaims(state, launch, nonce);
    if (launch.tamper?.claims) claims = launch.tamper.claims(structuredClone(claims));
    const idToken = await signIdToken(state, claims, launch.tamper?.signWith);
    const fields: Record<string, string> = { id_token: idToken };
    if (stateParam) fields.state = stateParam;
    if (launch.storageTarget) fields.lti_storage_target = launch.storageTarget;
    res
      .status(200)
      .type('html')
      .send(autoPostForm(redirectUri, fields, `Opening ${tool.name ?? 'the tool'}…`));
  };
  router.get('/api/lti/authorize_redirect', handler);
  router.post('/api/lti/authorize_redirect', express.urlencoded({ extended: false, limit: '64kb' }), handler);
  return router;
}
