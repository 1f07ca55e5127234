import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { SCOPES, startTestPlatform, type PlatformConfig, type TestPlatform } from '../index.js';
import { startToolKeys } from './helpers.js';

let platform: TestPlatform;
let keys: Awaited<ReturnType<typeof startToolKeys>>;
let config: PlatformConfig;

beforeAll(async () => {
  [platform, keys] = await Promise.all([startTestPlatform(), startToolKeys()]);
  config = platform.registerTool({
    deploymentIds: ['dep-1'],
    oidcLoginUrl: 'http://127.0.0.1:9/login',
    targetLinkUri: 'http://127.0.0.1:9/launch',
    redirectUris: ['http://127.0.0.1:9/launch'],
    jwksUrl: keys.jwksUrl,
    scopes: [SCOPES.membership, SCOPES.score],
  });
});

afterAll(async () => {
  await Promise.all([keys?.close(), platform?.close()]);
});

async function token(fields: Record<string, string>) {
  const res = await fetch(platform.endpoints.token, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const grant = async (assertion: string, scope: string = SCOPES.membership) =>
  token({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    scope,
  });

describe('token endpoint (client_credentials with a JWT client assertion)', () => {
  it('grants the requested scopes the tool is allowed, and the token opens NRPS', async () => {
    const res = await grant(
      await keys.assertion(config.clientId, platform.endpoints.token),
      `${SCOPES.membership} ${SCOPES.lineItem}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPES.membership });
    const nrps = await fetch(platform.endpoints.memberships('math-7'), {
      headers: { authorization: `Bearer ${res.body.access_token}` },
    });
    expect(nrps.status).toBe(200);
    expect(nrps.headers.get('content-type')).toContain('application/vnd.ims.lti-nrps.v2.membershipcontainer+json');
    const ags = await fetch(platform.endpoints.lineItems('math-7'), {
      headers: { authorization: `Bearer ${res.body.access_token}` },
    });
    expect(ags.status).toBe(403); // no line-item scope was granted
  });

  it('refuses a client assertion used twice (jti)', async () => {
    const assertion = await keys.assertion(config.clientId, platform.endpoints.token, { jti: 'once' });
    expect((await grant(assertion)).status).toBe(200);
    const again = await grant(assertion);
    expect(again).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(again.body.error_description).toContain('jti');
  });

  it('refuses an assertion for another audience', async () => {
    const res = await grant(await keys.assertion(config.clientId, 'https://other-lms.example/token'));
    expect(res).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('refuses an assertion signed with a key the tool did not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const res = await grant(await keys.assertion(config.clientId, platform.endpoints.token, { key: privateKey }));
    expect(res).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('refuses unknown clients, other grant types and scopes it cannot grant', async () => {
    expect((await grant(await keys.assertion('nobody', platform.endpoints.token))).body.error).toBe('invalid_client');
    expect((await token({ grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
    expect(
      (await grant(await keys.assertion(config.clientId, platform.endpoints.token), 'https://example.org/admin')).body
        .error,
    ).toBe('invalid_scope');
  });

  it('pages NRPS members with a Link header', async () => {
    const { body } = await grant(await keys.assertion(config.clientId, platform.endpoints.token));
    const headers = { authorization: `Bearer ${body.access_token}` };
    const first = await fetch(`${platform.endpoints.memberships('math-7')}?limit=3`, { headers });
    const next = /<([^>]+)>;\s*rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toBeTruthy();
    const second = (await (await fetch(next!, { headers })).json()) as { members: unknown[] };
    expect(((await first.json()) as { members: unknown[] }).members.length + second.members.length).toBe(4);
  });
});
