import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import { databaseKinds, sessionToken } from '../support/lti-stack.js';
import { ensureToolServerBuilt, toolAdminEntry, toolServerEntry } from '../support/tool-build.js';
import { freePort, spawnTool, type ToolProcess } from '../support/tool-process.js';

const SECRET = 'production-build-secret-production-0123';

/** Runs the built admin command line (`pnpm --filter @margins/lti-tool admin`) with `env`. */
function admin(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [toolAdminEntry, ...args], {
    env: { ...process.env, NODE_ENV: 'test', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/**
 * What production runs: `node lti-tool/dist/server.js` and `node lti-tool/dist/admin.js`, bundled by
 * lti-tool/scripts/build-server.mjs, with no TypeScript loader. A bundling mistake (a file the
 * bundle cannot find, a dependency left out, the LMS UI looked for in the wrong folder) shows here.
 */
describe('the built tool (node lti-tool/dist/server.js)', () => {
  beforeAll(() => ensureToolServerBuilt(), 120_000);

  // A Node.js process start: seconds on a loaded machine, like the spawns below.
  it(
    'refuses to start in production without PUBLIC_URL and MARGINS_SECRET, one line per problem',
    { timeout: 60_000 },
    () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'margins-build-'));
      try {
        const run = spawnSync(process.execPath, [toolServerEntry], {
          env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0' },
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(run.status, run.stderr).toBe(2);
        expect(run.stderr).toContain('PUBLIC_URL is required in production');
        expect(run.stderr).toContain('MARGINS_SECRET is required in production');
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  for (const kind of databaseKinds()) {
    describe(`on ${kind.name}`, { timeout: 120_000 }, () => {
      let db: Awaited<ReturnType<typeof kind.create>>;
      let platform: TestPlatform;
      let proc: ToolProcess | null = null;
      beforeAll(async () => {
        db = await kind.create();
        platform = await startTestPlatform();
      }, 60_000);
      afterAll(async () => {
        await proc?.kill();
        await platform?.close();
        await db?.drop();
      });

      it('registers a platform with the built admin command, then answers /health and launches a teacher into the LMS interface', async () => {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        const env = {
          MARGINS_SECRET: SECRET,
          DATA_DIR: db.dataDir,
          PORT: String(port),
          PUBLIC_URL: url,
          ...(db.target.kind === 'postgres' ? { DATABASE_URL: db.target.url } : {}),
        };
        const reg = platform.registerTool({
          deploymentIds: ['dep-1'],
          oidcLoginUrl: `${url}/lti/login`,
          targetLinkUri: `${url}/lti/launch`,
          redirectUris: [`${url}/lti/launch`],
          jwksUrl: `${url}/lti/keys`,
        });
        const registered = admin(
          [
            'platform',
            'register',
            ...['--issuer', reg.issuer, '--client-id', reg.clientId, '--deployment-id', 'dep-1'],
            ...['--auth-endpoint', reg.authorizationEndpoint, '--token-endpoint', reg.tokenEndpoint],
            ...['--jwks-url', reg.jwksUrl, '--product', 'canvas'],
          ],
          env,
        );
        expect(registered.status, registered.stderr).toBe(0);

        proc = await spawnTool(env);
        expect(proc.url).toBe(url);
        const health = await fetch(`${url}/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });

        const res = await platform.launch({ clientId: reg.clientId, user: 'ana', course: 'math-7' });
        expect(res.status, res.body.slice(0, 400)).toBe(200);
        expect(sessionToken(res.body)).toMatch(/\S{20,}/);
        // The page loads the LMS interface that vite built beside the server (dist/ui).
        const script = res.body.match(/<script[^>]+src="(\/ui\/[^"]+\.js)"/)?.[1];
        expect(script, res.body.slice(0, 600)).toBeDefined();
        const asset = await fetch(new URL(script!, url));
        expect(asset.status).toBe(200);
        expect(asset.headers.get('content-type')).toContain('javascript');
      });
    });
  }
});
