import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, databaseKinds, launchToken, startLtiStack, type LtiStack } from '../support/lti-stack.js';

/**
 * Issue 12 item 1 (tenant takeover through dynamic registration) and issue 14 item 4 (registering
 * again must not split a district): a registration may create a new district, or change or join the
 * one its install code was issued for, and nothing else.
 */

/** An attacker's "platform": an OpenID configuration naming `issuer`, whose registration endpoint answers `clientId`. */
async function fakePlatform(issuer: string, clientId: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url?.startsWith('/.well-known/openid-configuration')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${base}/auth`,
          token_endpoint: `${base}/token`,
          jwks_uri: `${base}/jwks`,
          registration_endpoint: `${base}/register`,
        }),
      );
      return;
    }
    if (req.url === '/register') {
      req.resume();
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            client_id: clientId,
            'https://purl.imsglobal.org/spec/lti-tool-configuration': { deployment_id: 'attacker-dep' },
          }),
        ),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/openid-configuration`, server };
}

for (const kind of databaseKinds()) {
  describe(`dynamic registration and existing districts on ${kind.name}`, { timeout: 60_000 }, () => {
    let s: LtiStack;
    const logs: string[] = [];
    beforeAll(async () => {
      s = await startLtiStack(kind, { toolEnv: { LOG_LEVEL: 'warn' }, toolLog: (l) => logs.push(l) });
    }, 120_000);
    afterAll(async () => s?.stop());

    const registration = () =>
      s.tool.services.db
        .knex('tenants')
        .where({ issuer: s.platform.issuer, client_id: s.clientId })
        .first('id', 'auth_endpoint', 'token_endpoint', 'jwks_url');

    it('refuses a registration that names an existing district’s issuer and client_id, changes nothing, and logs a warning', async () => {
      const before = await registration();
      const { code } = await s.tool.services.install.create('attacker');
      const fake = await fakePlatform(s.platform.issuer, s.clientId);
      try {
        const url = new URL(`${s.tool.url}/lti/register`);
        url.searchParams.set('install_code', code);
        url.searchParams.set('openid_configuration', fake.url);
        const res = await fetch(url);
        const body = await res.text();
        expect(res.status).toBe(403);
        expect(body).toContain('already registered with Margins as another district');
      } finally {
        await new Promise<void>((r) => fake.server.close(() => r()));
      }
      expect(await registration()).toEqual(before);
      expect(await s.tool.services.db.knex('deployments').where({ deployment_id: 'attacker-dep' })).toHaveLength(0);
      const warning = logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === 'dynamic registration refused');
      expect(warning).toMatchObject({ level: 'warn', issuer: s.platform.issuer, clientId: s.clientId });
      // The real platform's launches still work.
      await expect(launchToken(s, { user: 'ana', course: 'math-7' })).resolves.toBeTruthy();
    });

    it('refuses a code issued to re-register one district for another platform', async () => {
      const tenant = (await s.tool.services.tenancy.findTenant(s.platform.issuer, s.clientId))!;
      const { code } = await s.tool.services.install.create('re-register', 7, tenant.id);
      const fake = await fakePlatform('https://other-lms.example', 'x-1');
      try {
        const url = new URL(`${s.tool.url}/lti/register`);
        url.searchParams.set('install_code', code);
        url.searchParams.set('openid_configuration', fake.url);
        const res = await fetch(url);
        expect(res.status).toBe(403);
        expect(await res.text()).toContain('was issued to re-register the district');
      } finally {
        await new Promise<void>((r) => fake.server.close(() => r()));
      }
      expect(await s.tool.services.tenancy.tenantsByIssuer('https://other-lms.example')).toEqual([]);
    });

    it('attaches a new registration of the same platform to the district its code was issued for: same people, same data', async () => {
      const tenant = (await s.tool.services.tenancy.findTenant(s.platform.issuer, s.clientId))!;
      const first = await launchToken(s, { user: 'ana', course: 'math-7' });
      const before = (await callApi(s.tool, first, '/api/v1/session')).body;

      const { code } = await s.tool.services.install.create('Riverside again', 7, tenant.id);
      const reg = await s.platform.dynamicRegistration(`${s.tool.url}/lti/register?install_code=${code}`);
      expect(reg.clientId).not.toBe(s.clientId);
      expect((await s.tool.services.tenancy.findTenant(s.platform.issuer, reg.clientId))?.id).toBe(tenant.id);
      expect(await s.tool.services.tenancy.listTenants()).toHaveLength(1);

      const again = await launchToken(s, { clientId: reg.clientId, user: 'ana', course: 'math-7' });
      const after = (await callApi(s.tool, again, '/api/v1/session')).body;
      expect(after.user.id).toBe(before.user.id);
      expect(after.tenant.id).toBe(before.tenant.id);
      expect(await s.tool.services.db.knex('users').where({ sub: 'ana' })).toHaveLength(1);
    });

    it('attaches a manual registration beside the dynamic one afterwards, but never one people already use', async () => {
      const first = (await callApi(s.tool, await launchToken(s, { user: 'ben', course: 'math-7' }), '/api/v1/session'))
        .body;
      const [manual, used] = await Promise.all([registerAgain('dep-manual'), registerAgain('dep-used')]);
      await launchToken(s, { clientId: used, deploymentId: 'dep-used', user: 'ana', course: 'math-7' });
      await expect(s.tool.services.platforms.attach(s.platform.issuer, used, s.clientId)).rejects.toThrow(
        /already has 1 person with data/,
      );
      const attached = await s.tool.services.platforms.attach(s.platform.issuer, manual, s.clientId);
      expect(attached.id).toBe(first.tenant.id);
      const again = (
        await callApi(
          s.tool,
          await launchToken(s, { clientId: manual, deploymentId: 'dep-manual', user: 'ben', course: 'math-7' }),
          '/api/v1/session',
        )
      ).body;
      expect(again.user.id).toBe(first.user.id);
    });

    /** A manual registration of the same platform under a new client_id (a separate district until attached). */
    async function registerAgain(deploymentId: string): Promise<string> {
      const urls = s.tool.services.urls;
      const pc = s.platform.registerTool({
        deploymentIds: [deploymentId],
        oidcLoginUrl: urls.login,
        targetLinkUri: urls.launch,
        redirectUris: [urls.launch],
        jwksUrl: urls.keys,
      });
      await s.tool.services.platforms.register({
        issuer: pc.issuer,
        clientId: pc.clientId,
        authEndpoint: pc.authorizationEndpoint,
        tokenEndpoint: pc.tokenEndpoint,
        jwksUrl: pc.jwksUrl,
        deploymentIds: [deploymentId],
        name: 'Riverside (manual)',
      });
      return pc.clientId;
    }

    it('gives a district admin, and nobody else, a re-registration code for their own district in Margins', async () => {
      const teacher = await launchToken(s, { user: 'ana', course: 'math-7' });
      const refused = await callApi(s.tool, teacher, '/api/v1/admin/reregistration-code', { method: 'POST' });
      expect(refused.status).toBe(403);
      const admin = await launchToken(s, { user: 'dana', placement: 'account_navigation' });
      const made = await callApi(s.tool, admin, '/api/v1/admin/reregistration-code', { method: 'POST' });
      expect(made.status).toBe(201);
      expect(made.body.registrationUrl).toBe(`${s.tool.url}/lti/register?install_code=${made.body.code}`);
      const reg = await s.platform.dynamicRegistration(made.body.registrationUrl as string);
      const district = await s.tool.services.tenancy.findTenant(s.platform.issuer, s.clientId);
      expect((await s.tool.services.tenancy.findTenant(s.platform.issuer, reg.clientId))?.id).toBe(district?.id);
    });

    it('installs a separate district for the same platform with an ordinary code (the admin did not choose to attach)', async () => {
      const { code } = await s.tool.services.install.create('Second install');
      const reg = await s.platform.dynamicRegistration(`${s.tool.url}/lti/register?install_code=${code}`);
      const tenant = await s.tool.services.tenancy.findTenant(s.platform.issuer, reg.clientId);
      const original = await s.tool.services.tenancy.findTenant(s.platform.issuer, s.clientId);
      expect(tenant?.id).not.toBe(original?.id);
    });
  });
}
