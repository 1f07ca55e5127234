import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { CLAIM, LIS, startTestPlatform, type PlatformConfig, type TestPlatform } from '../index.js';
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
    name: 'Stand-in tool',
  });
  await tool.registerPlatform(config);
}, 60_000);

afterAll(async () => {
  await Promise.all([tool?.close(), platform?.close()]);
});

describe('resource-link launch', () => {
  it('launches a teacher into a course through the whole OIDC flow', async () => {
    const res = await platform.launch({ clientId: config.clientId, user: 'ana', course: 'math-7' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({
      ok: true,
      messageType: 'LtiResourceLinkRequest',
      user: 'ana',
      name: 'Ana Lima',
      iss: platform.issuer,
      deploymentId: 'dep-1',
    });
    expect(body.roles).toContain(LIS.Instructor);
    expect(body.context).toMatchObject({ id: 'math-7', label: 'MATH-7' });
    expect(body.resource.id).toBeTruthy();
    expect(decodeProtectedHeader(res.idToken).kid).toBeTruthy();
  });

  it('builds the id_token with LTI 1.3 core, NRPS and AGS claims', async () => {
    const res = await platform.launch({
      clientId: config.clientId,
      user: 'ben',
      course: 'ela-plc',
      custom: { unit: '3' },
    });
    const claims = decodeJwt(res.idToken);
    expect(claims).toMatchObject({
      iss: platform.issuer,
      aud: config.clientId,
      azp: config.clientId,
      sub: 'ben',
      nonce: res.authRequest?.nonce,
    });
    expect(claims[CLAIM.version]).toBe('1.3.0');
    expect(claims[CLAIM.targetLinkUri]).toBe(tool.launchUrl);
    expect(claims[CLAIM.roles]).toEqual(
      expect.arrayContaining([LIS.Instructor, LIS.ContentDeveloper, LIS.InstitutionFaculty]),
    );
    expect(claims[CLAIM.custom]).toEqual({ unit: '3' });
    expect(claims[CLAIM.launchPresentation]).toMatchObject({
      document_target: 'iframe',
      return_url: `${platform.url}/courses/ela-plc`,
    });
    expect(claims[CLAIM.toolPlatform]).toMatchObject({
      product_family_code: 'canvas',
      name: 'Riverside Unified School District',
    });
    expect(claims[CLAIM.nrps]).toEqual({
      context_memberships_url: platform.endpoints.memberships('ela-plc'),
      service_versions: ['2.0'],
    });
    expect((claims[CLAIM.ags] as { lineitems: string }).lineitems).toBe(platform.endpoints.lineItems('ela-plc'));
    expect(claims[CLAIM.lis]).toMatchObject({ person_sourcedid: 'sis-ben', course_offering_sourcedid: 'sis-ela-plc' });
    expect(claims.exp! - claims.iat!).toBeGreaterThan(0);
  });

  it('launches a district admin at account level with the institution Administrator role in the account context', async () => {
    const res = await platform.launch({ clientId: config.clientId, user: 'dana' });
    expect(res.status).toBe(200);
    const claims = decodeJwt(res.idToken);
    expect(claims[CLAIM.roles]).toEqual([LIS.InstitutionAdministrator, LIS.InstitutionStaff]);
    // Canvas launches account navigation in the account's context, typed by its class name (Account).
    expect(claims[CLAIM.context]).toMatchObject({ type: ['Account'] });
    expect(claims[CLAIM.canvasPlacement]).toBe('account_navigation');
    expect(JSON.parse(res.body).roles).toContain(LIS.InstitutionAdministrator);
  });

  it('lets the user continue in the tool with the returned cookie jar', async () => {
    const res = await platform.launch({ clientId: config.clientId, user: 'ana', course: 'math-7' });
    const { ltik } = JSON.parse(res.body) as { ltik: string };
    const again = await res.fetch(`${tool.url}/launch?ltik=${encodeURIComponent(ltik)}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { user: string }).user).toBe('ana');
    const stranger = await fetch(`${tool.url}/launch?ltik=${encodeURIComponent(ltik)}`);
    expect(stranger.status).toBe(401); // no session cookie: another browser cannot use the ltik
  });

  it('refuses at the platform when the tool asks for an unregistered redirect_uri', async () => {
    const other = platform.registerTool({
      deploymentIds: [],
      oidcLoginUrl: tool.loginUrl,
      targetLinkUri: `${tool.url}/elsewhere`,
      redirectUris: [tool.launchUrl],
      jwksUrl: tool.jwksUrl,
    });
    await tool.registerPlatform({ ...other, name: 'redirect check' });
    const res = await platform.launch({ clientId: other.clientId, user: 'ana', course: 'math-7' });
    expect(res.status).toBe(400);
    expect(res.finalUrl.startsWith(platform.endpoints.authorization)).toBe(true);
    expect(res.body).toContain('redirect_uri');
    expect(res.idToken).toBe('');
  });

  it('refuses to launch someone into a course they are not in', async () => {
    await expect(platform.launch({ clientId: config.clientId, user: 'sam', course: 'ela-plc' })).rejects.toThrow(
      /not in course/,
    );
  });

  it('issues twenty valid launches at once for the same user', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => platform.launch({ clientId: config.clientId, user: 'ana', course: 'math-7' })),
    );
    // ltijs validated every id_token: it answered each post with a redirect carrying a fresh ltik.
    expect(results.every((r) => new URL(r.finalUrl).searchParams.has('ltik'))).toBe(true);
    expect(new Set(results.map((r) => decodeJwt(r.idToken).nonce)).size).toBe(20);
    // Plain ltijs-sequelize may lose the race on its delete-then-insert of the user's token rows (a known
    // ltijs gap that Margins closes); nothing else may fail.
    for (const r of results.filter((x) => x.status !== 200))
      expect(r.body).toMatch(/(IDTOKEN|CONTEXTTOKEN)_NOT_FOUND_DB/);
  }, 60_000);
});

describe('deep linking', () => {
  it('sends LtiDeepLinkingRequest from the editor button and records the verified response', async () => {
    const res = await platform.launch({
      clientId: config.clientId,
      user: 'ana',
      course: 'math-7',
      placement: 'editor_button',
    });
    const body = JSON.parse(res.body);
    expect(body.messageType).toBe('LtiDeepLinkingRequest');
    expect(body.settings).toMatchObject({
      deep_link_return_url: platform.endpoints.deepLinkingReturn,
      accept_multiple: true,
    });
    expect(body.settings.accept_types).toContain('ltiResourceLink');
    const formPage = await res.fetch(`${tool.url}/deeplink/submit?ltik=${encodeURIComponent(body.ltik)}`);
    const returned = await res.submitForm(await formPage.text(), formPage.url);
    expect(returned.status).toBe(200);
    expect(returned.body).toContain('added 2 items');
    const received = platform.received.deepLinks.at(-1)!;
    expect(received).toMatchObject({
      clientId: config.clientId,
      deploymentId: 'dep-1',
      course: 'math-7',
      user: 'ana',
      msg: 'Added 2 items',
    });
    expect(received.contentItems.map((i) => i.title)).toEqual([
      'Sentence frames for ratio talk',
      'Ratio tables explainer',
    ]);
    const course = await fetch(`${platform.url}/courses/math-7`);
    expect(await course.text()).toContain('Sentence frames for ratio talk');
    // The placed resource link launches with its title and custom parameters, like an LMS module item.
    const placed = platform.placedContent('math-7').find((c) => c.item.title === 'Sentence frames for ratio talk')!;
    const opened = await platform.launch({
      clientId: config.clientId,
      user: 'sam',
      course: 'math-7',
      resourceLinkId: placed.resourceLinkId,
    });
    expect(JSON.parse(opened.body)).toMatchObject({
      custom: { collection: 'ratios-1' },
      resource: { id: placed.resourceLinkId, title: 'Sentence frames for ratio talk' },
    });
  });

  it('refuses a deep-linking response posted a second time (its data handle is single-use)', async () => {
    const res = await platform.launch({
      clientId: config.clientId,
      user: 'ana',
      course: 'math-7',
      placement: 'link_selection',
    });
    const formPage = await res.fetch(
      `${tool.url}/deeplink/submit?ltik=${encodeURIComponent(JSON.parse(res.body).ltik)}`,
    );
    const html = await formPage.text();
    expect((await res.submitForm(html, formPage.url)).status).toBe(200);
    const again = await res.submitForm(html, formPage.url);
    expect(again.status).toBe(400);
    expect(again.body).toContain('data claim');
  });

  it('refuses a deep-linking response that is not signed by the tool', async () => {
    const res = await fetch(platform.endpoints.deepLinkingReturn, {
      method: 'POST',
      body: new URLSearchParams({ JWT: 'not.a.jwt' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('not a JWT');
  });
});

describe('services', () => {
  it('answers NRPS membership requests made by ltijs with a client-credentials token', async () => {
    const res = await platform.launch({ clientId: config.clientId, user: 'ana', course: 'math-7' });
    const nrps = await res.fetch(`${tool.url}/nrps?ltik=${encodeURIComponent(JSON.parse(res.body).ltik)}`);
    expect(nrps.status).toBe(200);
    const members = ((await nrps.json()) as { members: Array<{ user_id: string; roles: string[] }> }).members;
    expect(members.map((m) => m.user_id).sort()).toEqual(['ana', 'ben', 'eli', 'sam']);
    expect(members.find((m) => m.user_id === 'sam')!.roles).toEqual([LIS.Learner]);
  });

  it('filters NRPS members by role', async () => {
    const res = await platform.launch({ clientId: config.clientId, user: 'ana', course: 'math-7' });
    const nrps = await res.fetch(`${tool.url}/nrps?role=Learner&ltik=${encodeURIComponent(JSON.parse(res.body).ltik)}`);
    const members = ((await nrps.json()) as { members: Array<{ user_id: string }> }).members;
    expect(members.map((m) => m.user_id)).toEqual(['sam']);
  });

  it('creates line items, accepts scores and returns results for AGS calls made by ltijs', async () => {
    const res = await platform.launch({
      clientId: config.clientId,
      user: 'ana',
      course: 'math-7',
      resourceLinkId: 'pd-reflection',
    });
    const ags = await res.fetch(`${tool.url}/ags?ltik=${encodeURIComponent(JSON.parse(res.body).ltik)}`, {
      method: 'POST',
    });
    const out = (await ags.json()) as {
      ok: boolean;
      created: { id: string };
      listed: unknown;
      scores: unknown;
      error?: string;
    };
    expect(out.error).toBeUndefined();
    expect(ags.status).toBe(200);
    expect(out.created.id.startsWith(platform.endpoints.lineItems('math-7'))).toBe(true);
    expect(platform.received.lineItems.at(-1)).toMatchObject({
      label: 'PD reflection',
      resourceLinkId: 'pd-reflection',
      course: 'math-7',
    });
    expect(platform.received.scores.at(-1)!.score).toMatchObject({ userId: 'sam', scoreGiven: 8, scoreMaximum: 10 });
    expect(JSON.stringify(out.scores)).toContain('"resultScore":8');
    // The next launch of that resource link carries its line item in the AGS claim.
    const next = await platform.launch({
      clientId: config.clientId,
      user: 'ana',
      course: 'math-7',
      resourceLinkId: 'pd-reflection',
    });
    expect((decodeJwt(next.idToken)[CLAIM.ags] as { lineitem?: string }).lineitem).toBe(out.created.id);
  });

  it('rejects service calls without a valid access token', async () => {
    const res = await fetch(platform.endpoints.memberships('math-7'), { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });
});
