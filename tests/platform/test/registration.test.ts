import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamicRegistrationError, startTestPlatform, type TestPlatform } from '../index.js';
import { startRecorder } from './helpers.js';
import { startStandInTool, type StandInTool } from './stand-in-tool.js';

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

let riverside: TestPlatform;
let lakeside: TestPlatform;
let tool: StandInTool;

beforeAll(async () => {
  [riverside, lakeside, tool] = await Promise.all([
    startTestPlatform(),
    startTestPlatform({ roster: 'lakeside', product: 'moodle' }),
    startStandInTool(),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([tool?.close(), riverside?.close(), lakeside?.close()]);
});

/** Captures a registration token by letting the platform open a recorder as the "tool". */
async function registrationToken(platform: TestPlatform): Promise<string> {
  const recorder = await startRecorder();
  try {
    await platform.dynamicRegistration(`${recorder.url}/register`).catch(() => undefined);
    return recorder.seen[0]!.searchParams.get('registration_token')!;
  } finally {
    await recorder.close();
  }
}

function metadata(toolUrl: string): Record<string, unknown> {
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${toolUrl}/login`,
    redirect_uris: [`${toolUrl}/launch`],
    client_name: 'Margins',
    jwks_uri: `${toolUrl}/keys`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    [TOOL_CONFIG]: {
      domain: new URL(toolUrl).host,
      target_link_uri: `${toolUrl}/launch`,
      messages: [
        {
          type: 'LtiResourceLinkRequest',
          target_link_uri: `${toolUrl}/launch`,
          placements: ['course_navigation', 'account_navigation'],
        },
        {
          type: 'LtiDeepLinkingRequest',
          target_link_uri: `${toolUrl}/deep-link`,
          placements: ['editor_button', 'link_selection'],
        },
      ],
    },
  };
}

describe('dynamic registration', () => {
  it('registers plain ltijs the way Moodle 5.1 does, and the new registration launches', async () => {
    const reg = await lakeside.dynamicRegistration(tool.registerUrl, { product: 'moodle' });
    expect(reg.closed).toBe(true);
    expect(reg.request).toMatchObject({
      client_name: 'Stand-in tool',
      initiate_login_uri: tool.loginUrl,
      jwks_uri: tool.jwksUrl,
    });
    expect(reg.response).toMatchObject({ client_id: reg.clientId, [TOOL_CONFIG]: { deployment_id: reg.deploymentId } });
    expect(reg.platformConfig).toMatchObject({
      issuer: lakeside.issuer,
      clientId: reg.clientId,
      tokenEndpoint: lakeside.endpoints.token,
    });
    const res = await lakeside.launch({ clientId: reg.clientId, user: 'ana', course: 'sci-8' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      user: 'ana',
      name: 'Ana Petrova',
      iss: lakeside.issuer,
      deploymentId: reg.deploymentId,
    });
  });

  it('registers ltijs the way Canvas does, alongside another district with the same subs', async () => {
    const reg = await riverside.dynamicRegistration(tool.registerUrl, { product: 'canvas' });
    const res = await riverside.launch({ clientId: reg.clientId, user: 'ana', course: 'math-7' });
    expect(JSON.parse(res.body)).toMatchObject({ user: 'ana', name: 'Ana Lima', iss: riverside.issuer });
  });

  it('keeps the tool URL query (an install code) and adds openid_configuration and registration_token', async () => {
    const recorder = await startRecorder();
    try {
      const err = await riverside
        .dynamicRegistration(`${recorder.url}/lti/register?code=INSTALL-123`, { product: 'moodle' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DynamicRegistrationError);
      expect((err as DynamicRegistrationError).status).toBe(200);
      const seen = recorder.seen[0]!;
      expect(seen.searchParams.get('code')).toBe('INSTALL-123');
      expect(seen.searchParams.get('openid_configuration')).toBe(
        `${riverside.endpoints.openidConfiguration}?product=moodle`,
      );
      expect(seen.searchParams.get('registration_token')).toMatch(/^ey/);
    } finally {
      await recorder.close();
    }
  });

  it('can hand the tool another openid_configuration URL, for tools that must refuse it', async () => {
    const recorder = await startRecorder();
    try {
      await riverside
        .dynamicRegistration(`${recorder.url}/register`, { openidConfigurationUrl: 'http://10.0.0.1/evil' })
        .catch(() => undefined);
      expect(recorder.seen[0]!.searchParams.get('openid_configuration')).toBe('http://10.0.0.1/evil');
    } finally {
      await recorder.close();
    }
  });
});

describe('openid configuration', () => {
  it('looks like Canvas, with Canvas placements and account details', async () => {
    const doc = (await (await fetch(`${riverside.endpoints.openidConfiguration}?product=canvas`)).json()) as Record<
      string,
      Record<string, unknown>
    >;
    expect(doc.issuer).toBe(riverside.issuer);
    expect(doc.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt']);
    expect(doc[PLATFORM_CONFIG]).toMatchObject({
      product_family_code: 'canvas',
      'https://canvas.instructure.com/lti/account_name': 'Riverside Unified School District',
    });
    expect(JSON.stringify(doc[PLATFORM_CONFIG]!.messages_supported)).toContain('account_navigation');
  });

  it('looks like Moodle 5.1', async () => {
    const doc = (await (await fetch(`${riverside.endpoints.openidConfiguration}?product=moodle`)).json()) as Record<
      string,
      Record<string, unknown>
    >;
    expect(doc[PLATFORM_CONFIG]).toMatchObject({
      product_family_code: 'moodle',
      messages_supported: [
        { type: 'LtiResourceLinkRequest' },
        { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] },
      ],
    });
    expect(doc.registration_endpoint).toBe(riverside.endpoints.registration);
  });
});

describe('registration endpoint', () => {
  const post = (body: unknown, token?: string) =>
    fetch(riverside.endpoints.registration, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('records Canvas-style placements and the deep-linking target, and answers with client_id and no deployment_id, as Canvas does', async () => {
    const res = await post(metadata('http://127.0.0.1:4999'), await registrationToken(riverside));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown> & { [TOOL_CONFIG]: { deployment_id?: string } };
    // instructure/canvas-lms:doc/api/registration.md, "Registration Response": the registration and its client_id.
    expect(body[TOOL_CONFIG]).not.toHaveProperty('deployment_id');
    const registered = riverside.tool(String(body.client_id))!;
    expect(registered.placements).toEqual([
      'course_navigation',
      'account_navigation',
      'editor_button',
      'link_selection',
    ]);
    expect(registered.deepLinkingUrl).toBe('http://127.0.0.1:4999/deep-link');
    // The tool is installed (one deployment launches), only the answer does not say so.
    expect(registered.deploymentIds).toHaveLength(1);
    expect(body.scope).toBe('https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly');
  });

  it('refuses a registration without a valid token, and a token used twice', async () => {
    expect((await post(metadata('http://127.0.0.1:4999'))).status).toBe(401);
    expect((await post(metadata('http://127.0.0.1:4999'), 'forged.token.value')).status).toBe(401);
    const token = await registrationToken(riverside);
    expect((await post(metadata('http://127.0.0.1:4999'), token)).status).toBe(200);
    expect((await post(metadata('http://127.0.0.1:4999'), token)).status).toBe(401);
  });

  it.each([
    [
      'a redirect_uri outside the tool domain',
      (m: Record<string, unknown>) => ({ ...m, redirect_uris: ['http://other.example/launch'] }),
      'not in the tool',
    ],
    ['no jwks_uri', (m: Record<string, unknown>) => ({ ...m, jwks_uri: undefined }), 'jwks_uri'],
    [
      'a secret-based auth method',
      (m: Record<string, unknown>) => ({ ...m, token_endpoint_auth_method: 'client_secret_basic' }),
      'private_key_jwt',
    ],
    ['no tool configuration', (m: Record<string, unknown>) => ({ ...m, [TOOL_CONFIG]: undefined }), TOOL_CONFIG],
    [
      'a javascript: login URL',
      (m: Record<string, unknown>) => ({ ...m, initiate_login_uri: 'javascript:alert(1)' }),
      'initiate_login_uri',
    ],
  ])('refuses client metadata with %s', async (_name, change, message) => {
    const res = await post(change(metadata('http://127.0.0.1:4999')), await registrationToken(riverside));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client_metadata');
    expect(body.error_description).toContain(message);
  });
});
