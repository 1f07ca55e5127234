import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM, startTestPlatform, type LaunchResult, type Tamper } from '../platform/index.js';
import { databaseKinds, registerWithEachOther, startLtiStack, type LtiStack } from '../support/lti-stack.js';

const now = () => Math.floor(Date.now() / 1000);

/** Every known-bad launch, the status it must get and words its page must say. */
const cases: Array<{ name: string; tamper: Tamper; status: number; code: string; says: RegExp }> = [
  {
    name: 'bad signature',
    tamper: { signWith: 'wrong-key' },
    status: 401,
    code: 'launch_invalid',
    says: /bad signature/,
  },
  {
    name: 'unknown kid',
    tamper: { signWith: 'unknown-kid' },
    status: 401,
    code: 'launch_invalid',
    says: /unknown key id/,
  },
  {
    name: 'unsigned token (alg none)',
    tamper: { signWith: 'none' },
    status: 401,
    code: 'launch_invalid',
    says: /RS256/,
  },
  {
    name: 'wrong iss',
    tamper: { claims: (c) => ({ ...c, iss: 'https://lms.attacker.example' }) },
    status: 401,
    code: 'launch_invalid',
    says: /wrong iss/,
  },
  {
    name: 'wrong aud',
    tamper: { claims: (c) => ({ ...c, aud: 'another-tool', azp: 'another-tool' }) },
    status: 401,
    code: 'launch_invalid',
    says: /wrong aud/,
  },
  {
    name: 'azp mismatch',
    tamper: { claims: (c) => ({ ...c, aud: [c.aud, 'another-tool'], azp: 'another-tool' }) },
    status: 401,
    code: 'launch_invalid',
    says: /azp mismatch/,
  },
  {
    name: 'expired',
    tamper: { claims: (c) => ({ ...c, iat: now() - 400, exp: now() - 100 }) },
    status: 401,
    code: 'launch_invalid',
    says: /expired/,
  },
  {
    name: 'iat in the future beyond skew',
    tamper: { claims: (c) => ({ ...c, iat: now() + 600, exp: now() + 900 }) },
    status: 401,
    code: 'launch_invalid',
    says: /issued in the future/,
  },
  { name: 'replayed nonce', tamper: { replay: true }, status: 401, code: 'launch_invalid', says: /already used/ },
  {
    name: 'nonce not from this login',
    tamper: { nonceFromOtherLogin: true },
    status: 401,
    code: 'launch_invalid',
    says: /nonce mismatch/,
  },
  {
    name: 'state mismatch',
    tamper: { stateMismatch: true },
    status: 401,
    code: 'launch_invalid',
    says: /state mismatch/,
  },
  {
    name: 'unknown deployment',
    tamper: { claims: (c) => ({ ...c, [CLAIM.deploymentId]: 'dep-unknown' }) },
    status: 403,
    code: 'deployment_unknown',
    says: /not registered/,
  },
  {
    name: 'wrong message type',
    tamper: { claims: (c) => ({ ...c, [CLAIM.messageType]: 'LtiSubmissionReviewRequest' }) },
    status: 400,
    code: 'launch_malformed',
    says: /LtiSubmissionReviewRequest/,
  },
  {
    name: 'wrong version',
    tamper: { claims: (c) => ({ ...c, [CLAIM.version]: '1.1.0' }) },
    status: 400,
    code: 'launch_malformed',
    says: /LTI 1\.3\.0/,
  },
  {
    name: 'missing roles claim',
    tamper: {
      claims: (c) => {
        const { [CLAIM.roles]: _roles, ...rest } = c;
        return rest;
      },
    },
    status: 400,
    code: 'launch_malformed',
    says: /no roles claim/,
  },
  {
    name: 'target_link_uri not the one the login asked for',
    tamper: { claims: (c) => ({ ...c, [CLAIM.targetLinkUri]: 'https://elsewhere.example/launch' }) },
    status: 400,
    code: 'launch_malformed',
    says: /target_link_uri mismatch/,
  },
  {
    name: 'missing sub',
    tamper: { claims: ({ sub: _sub, ...rest }) => rest },
    status: 401,
    code: 'launch_invalid',
    says: /sub/,
  },
];

/** A rejection must be our own readable page: right status, code, request id, no stack, no ltijs JSON. */
function expectReadableRejection(res: LaunchResult, status: number, code: string, says: RegExp): void {
  expect(res.status, res.body.slice(0, 300)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.body).toContain(`<code>${code}</code>`);
  expect(res.body).toContain(`<code>${res.headers.get('x-request-id')}</code>`);
  expect(res.body).toMatch(says);
  expect(res.body).not.toMatch(/\bat \S+ \(|node_modules|"details"|Error:/);
  expect(res.body).not.toContain('margins-session');
}

for (const kind of databaseKinds()) {
  describe(`known-bad launches on ${kind.name}`, { timeout: 60_000 }, () => {
    let s: LtiStack;
    beforeAll(async () => {
      s = await startLtiStack(kind);
      // A Canvas registration records new deployments on their first verified launch (new-deployments.test.ts);
      // with that policy off, as for every other platform, an unknown deployment is refused.
      await s.tool.services.platforms.setDeploymentsOnLaunch(s.platform.issuer, s.clientId, false);
    }, 120_000);
    afterAll(async () => s?.stop());

    it.each(cases)('rejects $name with $status and a readable page', async ({ tamper, status, code, says }) => {
      const res = await s.launch({ user: 'ana', course: 'math-7', tamper });
      expect(res.idToken).not.toBe('');
      expectReadableRejection(res, status, code, says);
    });

    it('accepts the genuine first post of a replayed launch', async () => {
      const res = await s.launch({ user: 'ana', course: 'math-7', tamper: { replay: true } });
      expect(res.firstResponse?.status).toBe(200);
    });

    it('escapes hostile values on the error page', async () => {
      const hostile = '<script>alert(1)</script>';
      const res = await s.launch({
        user: 'ana',
        course: 'math-7',
        tamper: { claims: (c) => ({ ...c, [CLAIM.deploymentId]: hostile }) },
      });
      expectReadableRejection(res, 403, 'deployment_unknown', /not registered/);
      expect(res.body).not.toContain('<script>alert');
      expect(res.body).toContain('&#60;script&#62;');
    });

    it('shows a learner of an ordinary course a friendly page, without a session and before storing anything about them', async () => {
      const res = await s.launch({ user: 'sam', course: 'math-7' });
      expect(res.status).toBe(200);
      expect(res.body).toContain('Margins is for your teachers');
      expect(res.body).not.toContain('margins-session');
      const rows = await s.tool.services.db.knex('users').where({ sub: 'sam' });
      expect(rows).toEqual([]);
    });

    it('refuses a launch whose state cookie is missing when the platform offered no client-side storage', async () => {
      const res = await s.launch({ user: 'ana', course: 'math-7', tamper: { claims: (c) => c } });
      expect(res.status).toBe(200);
      // Same launch, but the browser lost the cookie (third-party cookies blocked, no lti_storage_target).
      const login = await fetch(s.tool.services.urls.login, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          iss: s.platform.issuer,
          login_hint: 'ana',
          target_link_uri: s.tool.services.urls.launch,
          client_id: s.clientId,
        }),
        redirect: 'manual',
      });
      expect(login.status).toBe(302);
      const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
      const launch = await fetch(s.tool.services.urls.launch, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ id_token: res.idToken, state }),
      });
      expect(launch.status).toBe(401);
      const body = await launch.text();
      expect(body).toContain('launch_storage_unavailable');
      expect(body).toMatch(/new tab/);
    });

    it('offers a Moodle teacher whose browser dropped the cookie to open the same activity in a new window', async () => {
      // Moodle 5.1 sends no lti_storage_target; its message hint names the activity (mod/lti/auth.php).
      const moodle = await startTestPlatform({ product: 'moodle' });
      try {
        const { clientId } = await registerWithEachOther(s.tool, moodle, ['dep-m'], 'moodle');
        const res = await moodle.launch({ clientId, user: 'ana', course: 'math-7' });
        expect(res.status).toBe(200);
        const login = await fetch(s.tool.services.urls.login, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            iss: moodle.issuer,
            login_hint: 'ana',
            lti_message_hint: JSON.stringify({ cmid: 42, launchid: 'ltilaunch7_1' }),
            target_link_uri: s.tool.services.urls.launch,
            client_id: clientId,
          }),
          redirect: 'manual',
        });
        const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
        const launch = await fetch(s.tool.services.urls.launch, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ id_token: res.idToken, state }),
        });
        expect(launch.status).toBe(200);
        const body = await launch.text();
        expect(body).toContain(
          `<a class="button primary" href="${moodle.issuer}/mod/lti/launch.php?id=42" target="_blank" rel="noopener">Open Margins in a new window</a>`,
        );
        expect(body).not.toContain('margins-session');
      } finally {
        await moodle.close();
      }
    });

    it("refuses a login initiation whose target_link_uri is not the tool's launch address", async () => {
      const login = await fetch(s.tool.services.urls.login, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          iss: s.platform.issuer,
          login_hint: 'ana',
          target_link_uri: 'https://attacker.example/steal',
          client_id: s.clientId,
        }),
        redirect: 'manual',
      });
      expect(login.status).toBe(400);
      expect(await login.text()).toContain('launch_malformed');
    });

    it('refuses a login from a platform that is not registered', async () => {
      const login = await fetch(
        `${s.tool.services.urls.login}?${new URLSearchParams({ iss: 'https://unknown-lms.example', login_hint: 'x', target_link_uri: s.tool.services.urls.launch, client_id: 'nope' })}`,
        { redirect: 'manual' },
      );
      expect(login.status).toBe(401);
      expect(await login.text()).toMatch(/not registered/);
    });
  });
}
