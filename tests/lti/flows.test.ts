import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { DynamicRegistrationError, LIS } from '../platform/index.js';
import {
  callApi,
  databaseKinds,
  launchToken,
  sessionToken,
  startLtiStack,
  type LtiStack,
} from '../support/lti-stack.js';

for (const kind of databaseKinds()) {
  describe(`LMS flows on ${kind.name}`, { timeout: 60_000 }, () => {
    let s: LtiStack;
    beforeAll(async () => {
      s = await startLtiStack(kind);
    }, 120_000);
    afterAll(async () => s?.stop());

    it('lets a district admin launched from the account make a teacher a coach, who then launches as a coach', async () => {
      const admin = await launchToken(s, { user: 'dana', placement: 'account_navigation' });
      expect((await callApi(s.tool, admin, '/api/v1/session')).body).toMatchObject({
        roles: ['district-admin'],
        placement: 'account_navigation',
        course: null,
      });
      await launchToken(s, { user: 'ben', course: 'ela-plc' }); // Ben has opened Margins once, so the admin can find him.
      const people = await callApi(s.tool, admin, '/api/v1/admin/people?q=ben');
      expect(people.body.people).toHaveLength(1);
      const granted = await callApi(s.tool, admin, '/api/v1/admin/coaches', {
        method: 'POST',
        body: JSON.stringify({ userId: people.body.people[0].userId }),
      });
      expect(granted.status).toBe(201);
      const coach = await launchToken(s, { user: 'ben', course: 'ela-plc' });
      expect((await callApi(s.tool, coach, '/api/v1/session')).body.roles).toEqual(['teacher', 'coach']);
      expect(
        (await callApi(s.tool, admin, '/api/v1/admin/coaches')).body.coaches.map((c: { name: string }) => c.name),
      ).toEqual(['Ben Okafor']);
    });

    it('keeps district-admin powers for the root account: a sub-account admin is not a district admin (Canvas)', async () => {
      s.platform.addUser({
        sub: 'sol',
        name: 'Sol Reyes',
        roles: [LIS.InstitutionAdministrator, LIS.InstitutionStaff],
        subAccountAdmin: true,
      });
      const sub = await launchToken(s, { user: 'sol', placement: 'account_navigation' });
      // No Margins role at all: the route table refuses the session everywhere (403), district views included.
      expect((await callApi(s.tool, sub, '/api/v1/session')).status).toBe(403);
      expect((await callApi(s.tool, sub, '/api/v1/admin/coaches')).status).toBe(403);
      const root = await launchToken(s, { user: 'dana', placement: 'account_navigation' });
      expect((await callApi(s.tool, root, '/api/v1/session')).body).toMatchObject({
        roles: ['district-admin'],
        course: null,
        placement: 'account_navigation',
      });
      // Canvas's account launch carries an Account context: it never becomes a course (or a school) in Margins.
      const courses = await s.tool.services.db.knex('course_contexts').where('context_id', 'like', 'account-%');
      expect(courses).toEqual([]);
    });

    it('refuses admin powers to a teacher and to an administrator launched from a course', async () => {
      const teacher = await launchToken(s, { user: 'ana', course: 'math-7' });
      expect((await callApi(s.tool, teacher, '/api/v1/admin/coaches')).status).toBe(403);
      const adminInCourse = await launchToken(s, { user: 'dana', course: 'math-7' });
      expect((await callApi(s.tool, adminInCourse, '/api/v1/admin/coaches')).status).toBe(403);
    });

    it('runs a deep-linking launch from the editor and returns a signed link the platform accepts', async () => {
      const author = await launchToken(s, { user: 'ana', course: 'math-7' });
      const me = (await callApi(s.tool, author, '/api/v1/session')).body;
      const tenantId = me.tenant.id;
      const id = randomUUID();
      await s.tool.services.adaptations.put(makeAdaptation({ id, visibility: 'district' }), {
        tenantId,
        authorUserId: me.user.id,
        authorName: me.user.name,
        contextPk: me.course.id,
      });
      const res = await s.launch({ user: 'ana', course: 'math-7', placement: 'editor_button' });
      expect(res.status).toBe(200);
      const token = sessionToken(res.body);
      expect((await callApi(s.tool, token, '/api/v1/session')).body).toMatchObject({
        deepLinking: true,
        placement: 'editor_button',
      });
      const dl = await callApi(s.tool, token, '/api/v1/deep-linking/response', {
        method: 'POST',
        body: JSON.stringify({ adaptationIds: [id] }),
      });
      expect(dl.status, JSON.stringify(dl.body)).toBe(200);
      const before = s.platform.received.deepLinks.length;
      const back = await res.fetch(dl.body.returnUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ JWT: dl.body.jwt }),
      });
      expect(back.status).toBeLessThan(400);
      const received = s.platform.received.deepLinks[before]!;
      expect(received.contentItems).toEqual([
        expect.objectContaining({
          type: 'ltiResourceLink',
          title: 'Lesson 3: Adding fractions',
          custom: { margins_adaptation: id },
        }),
      ]);
      // A colleague following that link in the course lands on the adaptation.
      const follow = await launchToken(s, { user: 'ben', course: 'math-7', custom: { margins_adaptation: id } });
      expect((await callApi(s.tool, follow, '/api/v1/session')).body.openAdaptationId).toBe(id);
    });

    it('refuses a deep-linking response from a plain course launch', async () => {
      const token = await launchToken(s, { user: 'ana', course: 'math-7' });
      const dl = await callApi(s.tool, token, '/api/v1/deep-linking/response', {
        method: 'POST',
        body: JSON.stringify({ adaptationIds: [randomUUID()] }),
      });
      expect(dl.status).toBe(403);
      expect(dl.body.error.code).toBe('forbidden');
    });

    it('lets twenty concurrent launches by the same person all succeed, as one user', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => s.launch({ user: 'chloe', course: 'ela-plc' })),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const users = await s.tool.services.db.knex('users').where({ sub: 'chloe' });
      expect(users).toHaveLength(1);
    });

    describe('dynamic registration with an install code', () => {
      it('registers a Canvas platform, sends placements and privacy level, records its deployment on the first launch', async () => {
        const { code } = await s.tool.services.install.create('Riverside Canvas');
        const reg = await s.platform.dynamicRegistration(
          `${s.tool.url}/lti/register?install_code=${encodeURIComponent(code)}`,
          { product: 'canvas' },
        );
        expect(reg.closed).toBe(true);
        expect(reg.toolResponse.body).toContain('Teachers find Margins in their course navigation');
        const toolConfig = reg.request['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<
          string,
          unknown
        >;
        expect(toolConfig['https://canvas.instructure.com/lti/privacy_level']).toBe('name_only');
        const placements = (toolConfig.messages as { placements?: string[] }[]).flatMap((m) => m.placements ?? []);
        expect(placements.sort()).toEqual([
          'account_navigation',
          'course_navigation',
          'editor_button',
          'link_selection',
        ]);
        const tenant = await s.tool.services.tenancy.findTenant(s.platform.issuer, reg.clientId);
        expect(tenant).toMatchObject({ product: 'canvas', name: 'Riverside Canvas' });
        // Canvas's registration names no deployment: it is recorded on its first verified launch (below).
        expect(await s.tool.services.tenancy.findDeployment(tenant!.id, reg.deploymentId)).toBeNull();
        // The platform's endpoints and a tool key of its own were stored, and the keyset publishes the key.
        const stored = await s.tool.services.db
          .knex('tenants')
          .where({ id: tenant!.id })
          .first('auth_endpoint', 'token_endpoint', 'jwks_url', 'tool_kid');
        expect(stored).toMatchObject({
          auth_endpoint: s.platform.endpoints.authorization,
          token_endpoint: s.platform.endpoints.token,
          jwks_url: s.platform.endpoints.jwks,
          tool_kid: expect.any(String),
        });
        const keyset = (await (await fetch(s.tool.services.urls.keys)).json()) as { keys: { kid: string }[] };
        expect(keyset.keys.map((k) => k.kid)).toContain(stored.tool_kid);
        const token = await launchToken(s, { clientId: reg.clientId, user: 'ana', course: 'math-7' });
        expect((await callApi(s.tool, token, '/api/v1/session')).body.roles).toEqual(['teacher']);
        expect(await s.tool.services.tenancy.findDeployment(tenant!.id, reg.deploymentId)).toMatchObject({
          deployment_id: reg.deploymentId,
        });
      });

      it('registers a Moodle platform without Canvas extensions', async () => {
        const { code } = await s.tool.services.install.create('Riverside Moodle');
        const reg = await s.platform.dynamicRegistration(`${s.tool.url}/lti/register?install_code=${code}`, {
          product: 'moodle',
        });
        const toolConfig = reg.request['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<
          string,
          unknown
        >;
        expect(toolConfig['https://canvas.instructure.com/lti/privacy_level']).toBeUndefined();
        expect((await s.tool.services.tenancy.findTenant(s.platform.issuer, reg.clientId))?.product).toBe('moodle');
        // Moodle's words: the tool is activated in Manage tools and added from the activity chooser.
        expect(reg.toolResponse.body).toContain(
          'Site administration &#62; Plugins &#62; Activity modules &#62; External tool &#62; Manage tools',
        );
        expect(reg.toolResponse.body).toContain('activity chooser');
        expect(reg.toolResponse.body).not.toContain('course navigation');
      });

      async function rejected(
        url: string,
        opts: Parameters<typeof s.platform.dynamicRegistration>[1] = {},
      ): Promise<DynamicRegistrationError> {
        const e = await s.platform.dynamicRegistration(url, opts).then(
          () => null,
          (err: unknown) => err,
        );
        expect(e).toBeInstanceOf(DynamicRegistrationError);
        return e as DynamicRegistrationError;
      }

      it('refuses a registration without an install code, offering a form to type one', async () => {
        const e = await rejected(`${s.tool.url}/lti/register`);
        expect(e.status).toBe(403);
        expect(e.body).toContain('install_code_invalid');
        expect(e.body).toContain('<label for="install_code">');
      });

      it('refuses a registration with an install code that was already used', async () => {
        const { code } = await s.tool.services.install.create('once');
        await s.platform.dynamicRegistration(`${s.tool.url}/lti/register?install_code=${code}`);
        const e = await rejected(`${s.tool.url}/lti/register?install_code=${code}`);
        expect(e.status).toBe(403);
      });

      it('refuses a registration pointing at a non-loopback address without contacting it, and keeps the code usable', async () => {
        const { code } = await s.tool.services.install.create('retry');
        const e = await rejected(`${s.tool.url}/lti/register?install_code=${code}`, {
          openidConfigurationUrl: 'http://10.0.0.7/.well-known/openid-configuration',
        });
        expect(e.status).toBe(400);
        expect(e.body).toMatch(/loopback/);
        const ok = await s.platform.dynamicRegistration(`${s.tool.url}/lti/register?install_code=${code}`);
        expect(ok.closed).toBe(true);
      });

      it('refuses a registration pointing at an invalid address', async () => {
        const { code } = await s.tool.services.install.create('bad url');
        const e = await rejected(`${s.tool.url}/lti/register?install_code=${code}`, {
          openidConfigurationUrl: 'not a url at all',
        });
        expect(e.status).toBe(400);
        expect(e.body).toContain('validation_failed');
      });
    });
  });
}
