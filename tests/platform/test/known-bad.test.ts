import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  CLAIM,
  startTestPlatform,
  type LaunchOptions,
  type LaunchResult,
  type PlatformConfig,
  type Tamper,
  type TestPlatform,
} from '../index.js';
import { verifyAsTool } from './reference-verifier.js';
import { startStandInTool, type StandInTool } from './stand-in-tool.js';

let platform: TestPlatform;
let tool: StandInTool;
let config: PlatformConfig;

beforeAll(async () => {
  [platform, tool] = await Promise.all([startTestPlatform(), startStandInTool()]);
  config = platform.registerTool({
    deploymentIds: ['dep-1'],
    oidcLoginUrl: tool.loginUrl,
    targetLinkUri: tool.launchUrl,
    redirectUris: [tool.launchUrl],
    jwksUrl: tool.jwksUrl,
  });
  await tool.registerPlatform(config);
}, 60_000);

afterAll(async () => {
  await Promise.all([tool?.close(), platform?.close()]);
});

const now = () => Math.floor(Date.now() / 1000);

/**
 * Each knob, what plain ltijs 5.9.9 says when it rejects it (null where ltijs lets it pass: the gaps
 * Margins closes), and the check a correct tool fails (the reference verifier).
 */
const cases: Array<{ name: string; tamper: Tamper; ltijs: string | null; reference: string }> = [
  {
    name: 'bad signature',
    tamper: { signWith: 'wrong-key' },
    ltijs: 'invalid signature',
    reference: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  },
  {
    name: 'unknown kid',
    tamper: { signWith: 'unknown-kid' },
    ltijs: 'KEY_NOT_FOUND',
    reference: 'ERR_JWKS_NO_MATCHING_KEY',
  },
  {
    name: 'unsigned (alg none)',
    tamper: { signWith: 'none' },
    ltijs: 'KID_NOT_FOUND',
    reference: 'ERR_JOSE_ALG_NOT_ALLOWED',
  },
  {
    name: 'wrong iss',
    tamper: { claims: (c) => ({ ...c, iss: 'https://lms.attacker.example' }) },
    ltijs: 'ISS_CLAIM_DOES_NOT_MATCH',
    reference: 'claim:iss',
  },
  {
    name: 'wrong aud',
    tamper: { claims: (c) => ({ ...c, aud: 'another-tool', azp: 'another-tool' }) },
    ltijs: 'UNREGISTERED_PLATFORM',
    reference: 'claim:aud',
  },
  {
    name: 'azp mismatch',
    tamper: { claims: (c) => ({ ...c, aud: [c.aud, 'another-tool'], azp: 'another-tool' }) },
    ltijs: 'AZP_DOES_NOT_MATCH_CLIENTID',
    reference: 'claim:azp',
  },
  {
    name: 'expired',
    tamper: { claims: (c) => ({ ...c, iat: now() - 400, exp: now() - 100 }) },
    ltijs: 'jwt expired',
    reference: 'ERR_JWT_EXPIRED',
  },
  {
    name: 'iat in the future beyond skew',
    tamper: { claims: (c) => ({ ...c, iat: now() + 600, exp: now() + 900 }) },
    ltijs: null,
    reference: 'claim:iat',
  },
  {
    name: 'unknown deployment',
    tamper: { claims: (c) => ({ ...c, [CLAIM.deploymentId]: 'dep-unknown' }) },
    ltijs: null,
    reference: 'claim:deployment_id',
  },
  {
    name: 'wrong message type',
    tamper: { claims: (c) => ({ ...c, [CLAIM.messageType]: 'LtiSubmissionReviewRequest' }) },
    ltijs: 'NO_MESSAGE_TYPE_CLAIM',
    reference: 'claim:message_type',
  },
  {
    name: 'wrong version',
    tamper: { claims: (c) => ({ ...c, [CLAIM.version]: '1.1.0' }) },
    ltijs: 'WRONG_LTI_VERSION_CLAIM',
    reference: 'claim:version',
  },
  {
    name: 'missing roles claim',
    tamper: {
      claims: (c) => {
        const { [CLAIM.roles]: _roles, ...rest } = c;
        return rest;
      },
    },
    ltijs: 'NO_ROLES_CLAIM',
    reference: 'claim:roles',
  },
  {
    name: 'nonce not from this login',
    tamper: { nonceFromOtherLogin: true },
    ltijs: null,
    reference: 'nonce:not-from-this-login',
  },
];

function ltijsReason(res: LaunchResult): string {
  try {
    return String((JSON.parse(res.body) as { details?: { message?: string } }).details?.message ?? '');
  } catch {
    return res.body.slice(0, 200);
  }
}

async function launchWith(tamper: Tamper, extra: Partial<LaunchOptions> = {}): Promise<LaunchResult> {
  return platform.launch({ clientId: config.clientId, user: 'ana', course: 'math-7', tamper, ...extra });
}

describe('known-bad launches', () => {
  it.each(cases)('produces a token a tool rejects for $name', async ({ tamper, ltijs, reference }) => {
    const res = await launchWith(tamper);
    expect(res.idToken).not.toBe('');
    if (ltijs) {
      expect(res.status).toBe(401);
      expect(ltijsReason(res)).toContain(ltijs);
    }
    const verdict = await verifyAsTool(res.idToken, {
      jwksUrl: platform.endpoints.jwks,
      issuer: platform.issuer,
      clientId: config.clientId,
      deploymentIds: ['dep-1'],
      nonce: res.authRequest!.nonce!,
      usedNonces: new Set(),
    });
    expect(verdict).toBe(reference);
  });

  it('signs wrong-key tokens under the published kid and unknown-kid tokens under another', async () => {
    const wrong = await launchWith({ signWith: 'wrong-key' });
    const unknown = await launchWith({ signWith: 'unknown-kid' });
    const good = await launchWith({});
    expect(decodeProtectedHeader(wrong.idToken).kid).toBe(decodeProtectedHeader(good.idToken).kid);
    expect(decodeProtectedHeader(unknown.idToken).kid).not.toBe(decodeProtectedHeader(good.idToken).kid);
    expect(decodeProtectedHeader((await launchWith({ signWith: 'none' })).idToken).alg).toBe('none');
  });

  it('replays the same id_token and state with the captured cookies, and the nonce check stops it', async () => {
    const res = await launchWith({ replay: true });
    expect(res.firstResponse?.status).toBe(200);
    expect(res.status).toBe(401);
    expect(ltijsReason(res)).toContain('NONCE_ALREADY_RECEIVED');
    const expectations = {
      jwksUrl: platform.endpoints.jwks,
      issuer: platform.issuer,
      clientId: config.clientId,
      deploymentIds: ['dep-1'],
      nonce: res.authRequest!.nonce!,
      usedNonces: new Set<string>(),
    };
    expect(await verifyAsTool(res.idToken, expectations)).toBe('ok');
    expect(await verifyAsTool(res.idToken, expectations)).toBe('nonce:replayed');
  });

  it('posts a state the tool never issued', async () => {
    const res = await launchWith({ stateMismatch: true });
    expect(res.state).not.toBe(res.authRequest?.state);
    expect(res.status).toBe(401);
    expect(ltijsReason(res)).toContain('MISSING_VALIDATION_COOKIE');
  });

  it('carries the nonce of the first login when asked for a nonce from another login', async () => {
    const res = await launchWith({ nonceFromOtherLogin: true });
    expect(decodeJwt(res.idToken).nonce).not.toBe(res.authRequest?.nonce);
    expect(res.state).toBe(res.authRequest?.state);
  });

  it('leaves an untampered launch valid for the reference verifier', async () => {
    const res = await launchWith({});
    expect(res.status).toBe(200);
    const verdict = await verifyAsTool(res.idToken, {
      jwksUrl: platform.endpoints.jwks,
      issuer: platform.issuer,
      clientId: config.clientId,
      deploymentIds: ['dep-1'],
      nonce: res.authRequest!.nonce!,
      usedNonces: new Set(),
    });
    expect(verdict).toBe('ok');
  });
});

describe('the platform refuses bad authentication requests', () => {
  async function authRequest(overrides: Record<string, string>) {
    const good = await launchWith({});
    const params = { ...good.authRequest!, ...overrides };
    const url = new URL(platform.endpoints.authorization);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return { res: await good.fetch(url), good };
  }

  it('posts an OIDC error back when the login_hint is not the launch user', async () => {
    const { res } = await authRequest({ login_hint: 'ben' });
    const body = await res.text();
    expect(body).toContain('name="error" value="invalid_request"');
    expect(body).toContain('login_hint');
  });

  it('posts an OIDC error back when the lti_message_hint was not issued by the platform', async () => {
    const { res } = await authRequest({ lti_message_hint: 'forged' });
    expect(await res.text()).toContain('lti_message_hint');
  });

  it('requires prompt=none, response_mode=form_post and a nonce', async () => {
    expect(await (await authRequest({ prompt: 'login' })).res.text()).toContain('prompt must be none');
    expect(await (await authRequest({ response_mode: 'query' })).res.text()).toContain('form_post');
    expect(await (await authRequest({ nonce: '' })).res.text()).toContain('nonce is required');
  });

  it('requires a platform session for the launch user', async () => {
    const good = await launchWith({});
    const url = new URL(platform.endpoints.authorization);
    for (const [k, v] of Object.entries(good.authRequest!)) url.searchParams.set(k, v);
    const res = await fetch(url); // no cookies: not signed in to the platform
    expect(await res.text()).toContain('login_required');
  });

  it('shows an error page and never redirects for an unknown client_id', async () => {
    const { res } = await authRequest({ client_id: 'unknown' });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('<form');
  });
});
