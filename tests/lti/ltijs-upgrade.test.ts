import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { openDb } from '@margins/lti-tool/data/db';
import { AGS_SCOPES } from '@margins/lti-tool/lti/ags-client';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import { installLtijsEra, type LtijsEraInstall } from '../support/ltijs-era-install.js';
import { callApi, databaseKinds, sessionToken } from '../support/lti-stack.js';

const SECRET = 'ltijs-era-secret-ltijs-era-secret-0123';
const CLIENT_ID = 'ltijs-era-client';

/**
 * The upgrade from the versions that kept the platform registry in ltijs: real ltijs 5.9.9 +
 * ltijs-sequelize 2.4.4 make their tables and a key pair on the database, then this version starts on
 * it. The platform, which cached the keyset ltijs served, must keep accepting what the tool signs
 * (deep-linking responses, AGS client assertions) and the district's teachers must keep launching.
 */
for (const kind of databaseKinds()) {
  describe(`upgrading an ltijs-era install on ${kind.name}`, { timeout: 180_000 }, () => {
    let db: TestDatabase;
    let platform: TestPlatform;
    let era: LtijsEraInstall;
    let tool: TestTool | undefined;
    const assertions: string[] = [];
    /** The platform's fetch, recording the client assertions the tool sends to the token endpoint. */
    const recordingFetch: typeof fetch = async (url, init) => {
      const assertion = new URLSearchParams(
        init?.body instanceof URLSearchParams || typeof init?.body === 'string' ? init.body : '',
      ).get('client_assertion');
      if (assertion) assertions.push(assertion);
      return fetch(url, init);
    };

    beforeAll(async () => {
      db = await kind.create();
      platform = await startTestPlatform();
      era = await installLtijsEra(db.target, SECRET, [
        {
          issuer: platform.issuer,
          clientId: CLIENT_ID,
          name: 'Riverside Canvas',
          authEndpoint: platform.endpoints.authorization,
          tokenEndpoint: platform.endpoints.token,
          jwksUrl: platform.endpoints.jwks,
          deploymentIds: ['dep-1'],
        },
      ]);
    }, 120_000);
    afterAll(async () => {
      await tool?.stop();
      await platform?.close();
      await db?.drop();
    });

    it('refuses to start with another MARGINS_SECRET, imports nothing, then imports with the right one', async () => {
      await expect(startTestTool(db, { MARGINS_SECRET: 'not-the-secret-it-was-installed-with-42' })).rejects.toThrow(
        /could not be opened with the key derived from MARGINS_SECRET/,
      );
      const look = openDb(db.target);
      try {
        expect(await look.knex('margins_migrations').where('version', 54).first()).toBeUndefined();
        expect(await look.knex('lti_tool_keys').select('kid')).toEqual([]);
      } finally {
        await look.close();
      }
      // The next start with the right secret imports; ltijs' own tables stay as they were.
      tool = await startTestTool(db, { MARGINS_SECRET: SECRET }, { fetch: recordingFetch });
      const k = tool.services.db.knex;
      expect(await k('margins_migrations').where('version', 54).first()).toBeDefined();
      expect((await k('privatekeys').select('kid')).map((r) => r.kid)).toEqual([era.kids[CLIENT_ID]]);
      expect(await k('tenants').where({ client_id: CLIENT_ID }).first('tool_kid')).toEqual({
        tool_kid: era.kids[CLIENT_ID],
      });
    });

    it('publishes the key ltijs made, with the same kid and modulus', async () => {
      expect(era.keyset.keys).toHaveLength(1);
      const old = era.keyset.keys[0]!;
      expect(old.kid).toBe(era.kids[CLIENT_ID]);
      const res = await fetch(`${tool!.url}/lti/keys`);
      const now = (await res.json()) as { keys: Array<Record<string, unknown>> };
      expect(now.keys).toEqual([{ kty: 'RSA', n: old.n, e: old.e, kid: old.kid, alg: 'RS256', use: 'sig' }]);
    });

    it("launches the district's teachers and signs deep-linking responses the platform's cached keyset verifies", async () => {
      const urls = tool!.services.urls;
      platform.registerTool({
        clientId: CLIENT_ID,
        deploymentIds: ['dep-1'],
        oidcLoginUrl: urls.login,
        targetLinkUri: urls.launch,
        redirectUris: [urls.launch],
        jwksUrl: urls.keys,
      });
      const launched = await platform.launch({ clientId: CLIENT_ID, user: 'ana', course: 'math-7' });
      expect(launched.status, launched.body.slice(0, 300)).toBe(200);
      const me = (await callApi(tool!, sessionToken(launched.body), '/api/v1/session')).body;
      expect(me.tenant).toMatchObject({ name: 'Riverside Canvas' });

      const id = randomUUID();
      await tool!.services.adaptations.put(makeAdaptation({ id, visibility: 'district' }), {
        tenantId: me.tenant.id,
        authorUserId: me.user.id,
        authorName: me.user.name,
        contextPk: null,
      });
      const dl = await platform.launch({
        clientId: CLIENT_ID,
        user: 'ana',
        course: 'math-7',
        placement: 'editor_button',
      });
      expect(dl.status).toBe(200);
      const answer = await callApi(tool!, sessionToken(dl.body), '/api/v1/deep-linking/response', {
        method: 'POST',
        body: JSON.stringify({ adaptationIds: [id] }),
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      // An LMS that cached the ltijs-era keyset verifies the new response without fetching again.
      const { protectedHeader } = await jwtVerify(answer.body.jwt, createLocalJWKSet(era.keyset), {
        issuer: CLIENT_ID,
        audience: platform.issuer,
        algorithms: ['RS256'],
      });
      expect(protectedHeader.kid).toBe(era.kids[CLIENT_ID]);
      // And the platform itself, verifying against the tool's keyset URL, places the link.
      const before = platform.received.deepLinks.length;
      const back = await dl.fetch(answer.body.returnUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ JWT: answer.body.jwt }),
      });
      expect(back.status).toBe(200);
      expect(platform.received.deepLinks[before]?.contentItems[0]).toMatchObject({
        type: 'ltiResourceLink',
        custom: { margins_adaptation: id },
      });
    });

    it('gets a grade-service token with a client assertion signed by the ltijs-era key', async () => {
      const token = await tool!.services.ags.accessToken({ issuer: platform.issuer, clientId: CLIENT_ID }, [
        AGS_SCOPES.score,
      ]);
      expect(token).toEqual(expect.any(String));
      const assertion = assertions.at(-1)!;
      expect(decodeProtectedHeader(assertion).kid).toBe(era.kids[CLIENT_ID]);
      await jwtVerify(assertion, createLocalJWKSet(era.keyset), {
        issuer: CLIENT_ID,
        subject: CLIENT_ID,
        audience: platform.endpoints.token,
      });
    });

    it('keeps the imported key over a restart, and does not import twice', async () => {
      await tool!.stop();
      tool = await startTestTool(db, { MARGINS_SECRET: SECRET }, { fetch: recordingFetch });
      const rows = await tool.services.db.knex('lti_tool_keys').select('kid');
      expect(rows.map((r) => r.kid)).toEqual([era.kids[CLIENT_ID]]);
      // The restarted test tool listens on another port; a real one keeps its address.
      const urls = tool.services.urls;
      platform.registerTool({
        clientId: CLIENT_ID,
        deploymentIds: ['dep-1'],
        oidcLoginUrl: urls.login,
        targetLinkUri: urls.launch,
        redirectUris: [urls.launch],
        jwksUrl: urls.keys,
      });
      const launched = await platform.launch({ clientId: CLIENT_ID, user: 'ben', course: 'math-7' });
      expect(launched.status).toBe(200);
    });
  });
}
