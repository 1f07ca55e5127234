/**
 * The browser-less launch driver: plays the user's browser through the whole LTI 1.3 OIDC launch
 * (login initiation to the tool, the tool's authentication request to the platform, the id_token
 * form_post back to the tool) with a cookie jar, and applies the driver-side tamper knobs (replay, a
 * nonce from another login, a state the tool never issued). Also runs Dynamic Registration the way an
 * admin's browser would. Keys are never made here: signing uses the platform's pre-computed keys.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { CookieJar } from './cookie-jar.js';
import { parseForm } from './html.js';
import { jarFetch, postForm, request, submitFirstForm } from './http-client.js';
import { sessionCookie } from './oidc.js';
import { issueRegistrationToken } from './registration.js';
import type { PendingLaunch, PlatformState } from './state.js';
import type {
  DriverResponse,
  DynamicRegistrationResult,
  LaunchOptions,
  LaunchResult,
  PlatformProduct,
} from './types.js';

/** The tool's OIDC authentication request, as the browser would send it to the platform. */
interface AuthRequest {
  method: 'GET' | 'POST';
  url: URL;
  fields: Record<string, string>;
}

/**
 * Sends the login initiation to the tool and follows it until the tool sends the browser to the
 * platform's authorization endpoint (by redirect or by auto-submit form). Returns that request, or the
 * tool's response when it stopped the flow (e.g. it refused the login).
 */
async function initiateLogin(
  state: PlatformState,
  jar: CookieJar,
  launch: PendingLaunch,
): Promise<AuthRequest | DriverResponse> {
  const tool = state.tool(launch.clientId);
  const auth = new URL(state.endpoints.authorization);
  const isAuth = (u: URL) => u.origin === auth.origin && u.pathname === auth.pathname;
  const res = await request(
    jar,
    tool.oidcLoginUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(state.loginInitiation(launch)).toString(),
    },
    isAuth,
  );
  if (res.stoppedAt) {
    const url = new URL(res.stoppedAt);
    return { method: 'GET', url, fields: Object.fromEntries(url.searchParams) };
  }
  const form = res.status === 200 ? parseForm(res.body, res.finalUrl) : undefined;
  if (form && isAuth(new URL(form.action))) {
    return { method: form.method === 'POST' ? 'POST' : 'GET', url: new URL(form.action), fields: form.fields };
  }
  return res;
}

function isAuthRequest(x: AuthRequest | DriverResponse): x is AuthRequest {
  return 'fields' in x;
}

/** Sends the authentication request to the platform; returns its form_post (action + fields). */
async function authenticate(
  jar: CookieJar,
  req: AuthRequest,
): Promise<{ response: DriverResponse; form?: ReturnType<typeof parseForm> }> {
  let response: DriverResponse;
  if (req.method === 'POST') response = await postForm(jar, `${req.url.origin}${req.url.pathname}`, req.fields);
  else {
    const url = new URL(`${req.url.origin}${req.url.pathname}`);
    for (const [k, v] of Object.entries(req.fields)) url.searchParams.set(k, v);
    response = await request(jar, url.toString());
  }
  return { response, form: response.status === 200 ? parseForm(response.body, response.finalUrl) : undefined };
}

function result(jar: CookieJar, res: DriverResponse, extra: Partial<LaunchResult> = {}): LaunchResult {
  return {
    ...res,
    cookies: jar,
    idToken: '',
    state: '',
    fetch: jarFetch(jar),
    submitForm: (html?: string, baseUrl?: string) => submitFirstForm(jar, html ?? res.body, baseUrl ?? res.finalUrl),
    ...extra,
  };
}

/** Runs one browser-less launch; see {@link LaunchOptions} and the tamper knobs. */
export async function runLaunch(state: PlatformState, opts: LaunchOptions): Promise<LaunchResult> {
  const jar = opts.cookies ?? new CookieJar();
  const launch = state.prepareLaunch(opts);
  // The user is signed in to the LMS before they click the tool's link.
  jar.set(state.url, sessionCookie(state, state.createSession(launch.user)));

  const login = await initiateLogin(state, jar, launch);
  if (!isAuthRequest(login)) return result(jar, login);
  if (opts.tamper?.nonceFromOtherLogin) {
    // A second login of the same user and tool: its token will carry the first login's nonce.
    const second = await initiateLogin(state, jar, launch);
    if (!isAuthRequest(second)) return result(jar, second);
    const asSent = { ...second.fields };
    second.fields.nonce = login.fields.nonce ?? '';
    return finishLaunch(jar, second, opts, asSent);
  }
  return finishLaunch(jar, login, opts);
}

async function finishLaunch(
  jar: CookieJar,
  login: AuthRequest,
  opts: LaunchOptions,
  asSent = { ...login.fields },
): Promise<LaunchResult> {
  const { response, form } = await authenticate(jar, login);
  if (!form) return result(jar, response, { authRequest: asSent });
  const fields = { ...form.fields };
  if (opts.tamper?.stateMismatch) fields.state = randomBytes(16).toString('hex');
  const idToken = fields.id_token ?? '';
  const captured = opts.tamper?.replay ? jar.clone() : undefined;
  const first = await postForm(jar, form.action, fields);
  if (!captured) return result(jar, first, { idToken, state: fields.state ?? '', authRequest: asSent });
  // Replay: the same captured request (body and cookies) sent again.
  jar.restore(captured);
  const second = await postForm(jar, form.action, fields);
  return result(jar, second, { idToken, state: fields.state ?? '', authRequest: asSent, firstResponse: first });
}

/** Raised when a tool's registration page finished without registering. */
export class DynamicRegistrationError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
    readonly finalUrl: string,
  ) {
    super(message);
    this.name = 'DynamicRegistrationError';
  }
}

/** Options of {@link runDynamicRegistration}. */
export interface DynamicRegistrationOptions {
  product?: PlatformProduct;
  /** Hand the tool another openid_configuration URL (to test that a tool refuses bad ones). */
  openidConfigurationUrl?: string;
  /** How many confirmation forms of the tool's install page to submit, like an admin clicking "Install"; 2 by default. */
  maxFormSteps?: number;
}

/**
 * LTI Dynamic Registration 1.0 section 3.3: opens the tool's initiation URL with `openid_configuration` and
 * `registration_token` added to its query (keeping its own parameters, e.g. an install code).
 */
export async function runDynamicRegistration(
  state: PlatformState,
  toolInitiationUrl: string,
  opts: DynamicRegistrationOptions = {},
): Promise<DynamicRegistrationResult> {
  const product = opts.product ?? state.product;
  const token = await issueRegistrationToken(state, product);
  const jti = String(decodeJwt(token).jti);
  const url = new URL(toolInitiationUrl);
  url.searchParams.set(
    'openid_configuration',
    opts.openidConfigurationUrl ?? `${state.endpoints.openidConfiguration}?product=${product}`,
  );
  url.searchParams.set('registration_token', token);
  const jar = new CookieJar();
  let res = await request(jar, url.toString());
  const registered = () => state.registrationTokens.get(jti)?.clientId;
  for (
    let step = 0;
    step < (opts.maxFormSteps ?? 2) && !registered() && res.status === 200 && parseForm(res.body, res.finalUrl);
    step++
  ) {
    res = await submitFirstForm(jar, res.body, res.finalUrl);
  }
  const clientId = registered();
  if (!clientId)
    throw new DynamicRegistrationError(
      `The tool did not register (HTTP ${res.status} from ${new URL(res.finalUrl).pathname}).`,
      res.status,
      res.body,
      res.finalUrl,
    );
  const tool = state.tool(clientId);
  const record = state.registrations.get(clientId)!;
  return {
    clientId,
    deploymentId: tool.deploymentIds[0]!,
    tool,
    request: record.request,
    response: record.response,
    platformConfig: state.platformConfig(clientId, tool.deploymentIds[0]!),
    toolResponse: res,
    closed: res.body.includes('org.imsglobal.lti.close'),
  };
}
