import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarginsRole } from '../src/lti/launch-context.js';
import { routeList, STAFF, type RouteDef } from '../src/routes/table.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';
import { testLaunch } from '../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../src/testing/tool.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- routes:start (generated from the route table by test/routes.test.ts) -->';
const END = '<!-- routes:end -->';

/** A concrete path for a route pattern (any id: the guard answers before parameters are read). */
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
const methodsOf = (d: RouteDef) => (d.method === 'ALL' ? ['GET', 'POST'] : [d.method]);

/** What the express app itself has mounted: routes (method + path) and middleware by name. */
function mounted(tool: TestTool): { routes: string[]; middleware: string[] } {
  const stack = (tool.app as unknown as { router: { stack: Layer[] } }).router.stack;
  const routes: string[] = [];
  const middleware: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const methods = Object.keys(layer.route.methods);
      // express registers `all` as every method it knows.
      if (methods.length > 10) routes.push(`ALL ${layer.route.path}`);
      else for (const m of methods) routes.push(`${m.toUpperCase()} ${layer.route.path}`);
    } else middleware.push(`${layer.name} ${typeof layer.rawPath === 'string' ? layer.rawPath : ''}`.trim());
  }
  return { routes, middleware };
}
interface Layer {
  name: string;
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
}

for (const kind of databaseKinds()) {
  describe(`the route table on ${kind.name}`, () => {
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

    const call = (method: string, path: string, token?: string) =>
      fetch(`${tool.url}${concrete(path)}`, {
        method,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });

    it('mounts exactly the routes of the table, and nothing else answers requests', async () => {
      const { routes, middleware } = mounted(tool);
      const declared = tool.routes.filter((d) => !d.options.files);
      const expected = [
        ...declared.map((d) => `${d.method} ${d.path}`),
        // The CORS preflights of the extension API's paths, from their routes' `cors` declaration.
        ...new Set(declared.filter((d) => d.options.cors).map((d) => `OPTIONS ${d.path}`)),
      ];
      expect(routes.sort()).toEqual(expected.sort());
      // Middleware: request log and headers for all; the UI's file tree; the 404's address limit; 404 and errors.
      const files = tool.routes.filter((d) => d.options.files).map((d) => d.path);
      expect(files).toEqual(['/ui']);
      expect(middleware).toEqual([
        '<anonymous> /', // request log
        '<anonymous> /', // security headers
        '<anonymous> /ui', // the address limit of the UI's files
        'refuseControlChars /ui',
        'serveStatic /ui',
        '<anonymous> /', // the address limit before the 404
        '<anonymous> /', // 404
        '<anonymous> /', // error handler
      ]);
      // Probing: a method a path does not declare is not answered by anything.
      for (const d of declared) {
        if (d.method === 'ALL') continue;
        const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(
          (m) => !declared.some((x) => x.path === d.path && (x.method === m || x.method === 'ALL')),
        );
        for (const m of others) expect((await call(m, d.path)).status, `${m} ${d.path}`).toBe(404);
      }
      expect((await call('GET', '/api/v1/no-such-endpoint')).status).toBe(404);
    }, 15_000);

    it('declares every contract endpoint with the guard of its `auth`', async () => {
      const shared = await import('@margins/shared');
      const contract = [shared.api, shared.coachApi, shared.recognitionApi, shared.metricsApi].flatMap((group) =>
        Object.values(group),
      );
      for (const e of contract) {
        const def = tool.routes.find((d) => d.path === e.path && d.method === e.method);
        expect(def, `${e.method} ${e.path}`).toBeDefined();
        expect(def!.auth, `${e.method} ${e.path}`).toBe(e.auth);
      }
    });

    it('refuses every non-public route without credentials (401), and answers public ones without', async () => {
      for (const d of tool.routes.filter((x) => !x.options.files))
        for (const m of methodsOf(d)) {
          const res = await call(m, d.path);
          if (d.auth === 'public') {
            expect([401, 403, 500], `${m} ${d.path}`).not.toContain(res.status);
          } else {
            expect(res.status, `${m} ${d.path}`).toBe(401);
            const body = (await res.json()) as { error: { code: string; message: string } };
            expect(body.error.code).toBe('unauthenticated');
          }
        }
    }, 15_000);

    it('refuses every launch route to a session without one of its roles (403, saying who may)', async () => {
      const guarded = tool.routes.filter((d) => d.auth === 'launch' || d.auth === 'launch-or-extension');
      expect(guarded.length).toBeGreaterThan(40);
      let n = 0;
      for (const d of guarded) {
        // The other roles; a route for every role is refused to a session that has none.
        const wrong: MarginsRole[] = STAFF.filter((r) => !d.roles.includes(r));
        const { token } = await testLaunch(tool, { sub: `wrong-${n++}`, roles: wrong });
        for (const m of methodsOf(d)) {
          const res = await call(m, d.path, token);
          expect(res.status, `${m} ${d.path} as ${wrong.join('+') || 'no role'}`).toBe(403);
          const body = (await res.json()) as { error: { code: string; message: string } };
          expect(body.error.code).toBe('forbidden');
          expect(body.error.message).toMatch(/^(Only|Margins is for)/);
        }
      }
    }, 15_000);

    it('keeps launch sessions and extension tokens to their own routes (401 for the other credential)', async () => {
      const { token: launchToken } = await testLaunch(tool, { sub: 'both', roles: [...STAFF] });
      const code = await tool.services.pairing.createCode((await testLaunch(tool, { sub: 'both' })).ctx);
      const pair = await tool.services.pairing.exchange(code.code, 'Test browser');
      for (const d of tool.routes) {
        if (d.auth === 'extension')
          expect((await call(d.method, d.path, launchToken)).status, `${d.method} ${d.path}`).toBe(401);
        if (d.auth === 'launch')
          expect((await call(d.method, d.path, pair.accessToken)).status, `${d.method} ${d.path}`).toBe(401);
      }
    });

    it('lists every route with its guard and roles in lti-tool/README.md', () => {
      const readme = readFileSync(README, 'utf8');
      const list = `${START}\n\n${routeList(tool.routes)}\n\n${END}`;
      const at = readme.indexOf(START);
      const end = readme.indexOf(END);
      if (process.env.MARGINS_UPDATE_README === '1' && at >= 0 && end > at) {
        writeFileSync(README, readme.slice(0, at) + list + readme.slice(end + END.length));
        return;
      }
      expect(at, 'README has the routes markers').toBeGreaterThanOrEqual(0);
      expect(
        readme.slice(at, end + END.length),
        'lti-tool/README.md is stale: run the route tests with MARGINS_UPDATE_README=1',
      ).toBe(list);
    });
  });
}
