import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { startTestTool, type TestTool } from '../src/testing/tool.js';

for (const kind of databaseKinds()) {
  describe(`the tool's public endpoints on ${kind.name}`, () => {
    let db: TestDatabase;
    let tool: TestTool;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it('reports health with the database up', async () => {
      const res = await fetch(`${tool.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
    });

    it('serves the Canvas developer-key JSON with all four placements and name-only privacy', async () => {
      const res = await fetch(`${tool.url}/lti/canvas.json`);
      const json = (await res.json()) as {
        oidc_initiation_url: string;
        extensions: {
          privacy_level: string;
          settings: { placements: { placement: string; message_type: string }[] };
        }[];
      };
      expect(json.oidc_initiation_url).toBe(`${tool.url}/lti/login`);
      const ext = json.extensions[0]!;
      expect(ext.privacy_level).toBe('name_only');
      expect(ext.settings.placements.map((p) => `${p.placement}:${p.message_type}`)).toEqual([
        'course_navigation:LtiResourceLinkRequest',
        'account_navigation:LtiResourceLinkRequest',
        'editor_button:LtiDeepLinkingRequest',
        'link_selection:LtiDeepLinkingRequest',
      ]);
    });

    it('serves an empty keyset before any platform is registered, and no CORS headers', async () => {
      const res = await fetch(`${tool.url}/lti/keys`, { headers: { origin: 'https://evil.example' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ keys: [] });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers API calls without a bearer credential with 401 JSON, even with cookies', async () => {
      const res = await fetch(`${tool.url}/api/v1/library`, { headers: { cookie: 'session=anything' } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    });

    it('answers unknown paths with 404 JSON carrying a request id', async () => {
      const res = await fetch(`${tool.url}/nope`);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe('not_found');
      expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    });
  });
}
