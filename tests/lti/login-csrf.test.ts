import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../platform/index.js';
import { parseForm } from '../platform/html.js';
import { request, submitFirstForm } from '../platform/http-client.js';
import { databaseKinds, sessionToken, startLtiStack, type LtiStack } from '../support/lti-stack.js';

/**
 * Issue 12 item 2: login CSRF through the platform-storage path. An attacker starts their own login,
 * reads their binding from the storage page, gets their own id_token and state, and posts all three
 * from another site into a victim's browser (which has no state cookie for them). The tool must take
 * the binding only from its own verification page: a same-origin POST.
 */
for (const kind of databaseKinds()) {
  describe(`the platform-storage sign-in on ${kind.name}`, { timeout: 60_000 }, () => {
    let s: LtiStack;
    beforeAll(async () => {
      s = await startLtiStack(kind);
    }, 120_000);
    afterAll(async () => s?.stop());

    /** The attacker's own login, up to the platform's form_post: id_token, state and the binding the storage page held. */
    async function attackersLogin(): Promise<{ id_token: string; state: string; lti_storage_binding: string }> {
      const jar = new CookieJar();
      const lmsPage = await request(
        jar,
        s.platform.launchPageUrl({ clientId: s.clientId, user: 'ana', course: 'math-7' }),
      );
      const storePage = await submitFirstForm(jar, lmsPage.body, lmsPage.finalUrl);
      const data = JSON.parse(
        /<script type="application\/json" id="lti-data">(.*?)<\/script>/s.exec(storePage.body)![1]!,
      ) as {
        value: string;
        next: string;
      };
      const auth = await request(jar, data.next);
      const post = parseForm(auth.body, auth.finalUrl)!;
      return { id_token: post.fields.id_token!, state: post.fields.state!, lti_storage_binding: data.value };
    }

    const post = (fields: Record<string, string>, headers: Record<string, string>) =>
      fetch(`${s.tool.url}/lti/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });

    it('refuses the binding posted from another site, or with no Origin, and then still accepts it from its own page', async () => {
      const fields = await attackersLogin();
      const attempts: Record<string, string>[] = [
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        { origin: 'null', 'sec-fetch-site': 'cross-site' },
        { origin: s.tool.url, 'sec-fetch-site': 'cross-site' },
        {},
      ];
      for (const headers of attempts) {
        const res = await post(fields, headers);
        expect(res.status, JSON.stringify(headers)).toBe(401);
        const body = await res.text();
        expect(body).toContain('only from its own page');
        expect(body).not.toContain('margins-session');
      }
      // The refused posts consumed nothing: the tool's own verification page (same origin) still finishes it.
      const own = await post(fields, { origin: s.tool.url, 'sec-fetch-site': 'same-origin' });
      expect(own.status).toBe(200);
      expect(sessionToken(await own.text())).toBeTruthy();
    });

    it('serves the verification page with a Referrer-Policy that keeps its Origin', async () => {
      const { id_token, state } = await attackersLogin();
      const res = await post({ id_token, state }, {});
      expect(res.status).toBe(200);
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(await res.text()).toContain('name="lti_storage_binding"');
    });
  });
}
