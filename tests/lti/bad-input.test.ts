import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM } from '../platform/index.js';
import { callApi, databaseKinds, launchToken, startLtiStack, type LtiStack } from '../support/lti-stack.js';

/** The tool's state cookie name for a state (lti-tool/src/lti/login.ts). */
const cookieName = (state: string) => `margins_state_${state.slice(0, 16)}`;

for (const kind of databaseKinds()) {
  describe(`bad input gets a clear 400, never a 500, on ${kind.name}`, { timeout: 60_000 }, () => {
    let s: LtiStack;
    beforeAll(async () => {
      s = await startLtiStack(kind);
    }, 120_000);
    afterAll(async () => s?.stop());

    const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields),
        redirect: 'manual',
      });

    it('refuses NUL bytes and malformed percent-encoding in the state cookie and in state', async () => {
      const { launch } = s.tool.services.urls;
      for (const [state, cookie] of [
        ['abcdefabcdefabcdef', '%E0%A4%A'],
        ['abcdefabcdefabcdef', 'abc%00def'],
        ['abc\u0000def', 'abc%00def'],
        ['%E0%A4%A', '%E0%A4%A'],
      ] as const) {
        // A header cannot carry a NUL: such a state is sent with the cookie name a browser could send.
        const name = encodeURIComponent(cookieName(state));
        const res = await form(launch, { id_token: 'x.y.z', state }, { cookie: `${name}=${cookie}` });
        expect(res.status, `${JSON.stringify(state)} / ${cookie}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${JSON.stringify(state)} / ${cookie}`).toBeLessThan(500);
      }
    });

    it('refuses NUL bytes in the login parameters with 400', async () => {
      const { login } = s.tool.services.urls;
      for (const field of ['client_id', 'iss', 'login_hint', 'lti_message_hint']) {
        const fields: Record<string, string> = {
          iss: s.platform.issuer,
          login_hint: 'ana',
          target_link_uri: s.tool.services.urls.launch,
          client_id: s.clientId,
        };
        fields[field] = `${fields[field] ?? 'x'}\u0000`;
        const res = await form(login, fields);
        expect(res.status, field).toBe(400);
        expect(await res.text()).toMatch(/not valid|cannot contain/i);
      }
      const malformed = await fetch(`${login}?iss=%E0%A4%A&client_id=%ZZ&login_hint=%`, { redirect: 'manual' });
      expect(malformed.status).toBeLessThan(500);
    });

    it('refuses a launch whose sub or course title holds a NUL byte (launch_malformed), storing nothing', async () => {
      for (const claims of [
        (c: Record<string, unknown>) => ({ ...c, sub: 'ana\u0000x' }),
        (c: Record<string, unknown>) => ({
          ...c,
          [CLAIM.context]: { ...(c[CLAIM.context] as object), title: 'Math\u0000 7' },
        }),
      ]) {
        const res = await s.launch({ user: 'ana', course: 'math-7', tamper: { claims } });
        expect(res.status, res.body.slice(0, 300)).toBe(400);
        expect(res.body).toContain('<code>launch_malformed</code>');
      }
      expect(await s.tool.services.db.knex('users').where('sub', 'like', 'ana%x')).toEqual([]);
    });

    it('refuses a deep-linking return address that is not http(s), however disguised (launch_malformed)', async () => {
      for (const url of [
        'javascript:alert(1)',
        'java\tscript:alert(1)',
        'jav&#x61;script:alert(1)',
        'javascript&colon;x',
      ]) {
        const res = await s.launch({
          user: 'ana',
          course: 'math-7',
          placement: 'editor_button',
          tamper: {
            claims: (c) => ({
              ...c,
              [CLAIM.deepLinkingSettings]: {
                ...(c[CLAIM.deepLinkingSettings] as object),
                deep_link_return_url: url,
              },
            }),
          },
        });
        expect(res.status, url).toBe(400);
        expect(res.body).toContain('<code>launch_malformed</code>');
        expect(res.body).toMatch(/http or https address/);
      }
    });

    it('answers a malformed percent-encoded path parameter with 400', async () => {
      const token = await launchToken(s, { user: 'ana', course: 'math-7' });
      const res = await callApi(s.tool, token, '/api/v1/library/%E0%A4%A');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    });

    it('pairs a teacher whose LMS display name contains markup, keeping the name as text', async () => {
      const name = '<b>Ana</b> <img src=x onerror=alert(1)> & "Lima"';
      const token = await launchToken(s, {
        user: 'ana',
        course: 'math-7',
        tamper: { claims: (c) => ({ ...c, name }) },
      });
      const code = await callApi(s.tool, token, '/api/v1/pairing/codes', { method: 'POST' });
      expect(code.status).toBe(201);
      const exchange = await fetch(`${s.tool.url}/api/v1/pairing/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code.body.code, deviceName: 'Chrome on a laptop' }),
      });
      expect(exchange.status, await exchange.clone().text()).toBe(200);
      expect(((await exchange.json()) as { user: { name: string } }).user.name).toBe(name);
    });
  });
}
