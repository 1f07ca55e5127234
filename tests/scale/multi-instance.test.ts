import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { testLaunch, type TestLaunch } from '@margins/lti-tool/testing/launch-session';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import { startTestPlatform } from '../platform/index.js';
import { databaseKinds, sessionToken } from '../support/lti-stack.js';
import { nginxAvailable, startNginx, type ReverseProxy } from '../support/nginx.js';
import { freePort, spawnTool, type ToolProcess } from '../support/tool-process.js';

const SECRET = 'multi-instance-secret-multi-instance-0123';
const CHROME_ID = 'abcdefghijklmnopabcdefghijklmnop';
const HEALTH_PER_MINUTE = 6;
const postgres = databaseKinds().find((k) => k.name === 'postgres');

// Outside CI the suite skips when a part is missing; in CI (.ci/run installs nginx and starts
// PostgreSQL) a missing part fails instead of hiding the test.
const missing = [!postgres && 'PostgreSQL (TEST_DATABASE_URL)', !nginxAvailable() && 'nginx'].filter(Boolean);
if (missing.length && !process.env.CI)
  console.warn(`tests/scale/multi-instance: skipped, ${missing.join(' and ')} not available here`);

interface Answer {
  status: number;
  body: any;
  upstream: string | null;
}

async function call(base: string, token: string | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  // The proxy's own error pages (502 while an instance is gone) are HTML.
  const json = res.headers.get('content-type')?.includes('json') ?? false;
  return { status: res.status, body: json && text ? JSON.parse(text) : text, upstream: res.headers.get('x-upstream') };
}

/**
 * Three tool processes behind nginx on loopback, on one PostgreSQL database (issue 17, item 5): the
 * tool behaves as one whichever instance a request lands on. Each process is started the way
 * production starts it (`node dist/server.js`), with PUBLIC_URL the proxy's address.
 */
describe.skipIf(missing.length > 0 && !process.env.CI)('three tool instances behind nginx', { timeout: 90_000 }, () => {
  let db: TestDatabase;
  let setup: TestTool;
  let proxy: ReverseProxy;
  const tools: ToolProcess[] = [];
  let teacher: TestLaunch;
  let coach: TestLaunch;
  let admin: TestLaunch;

  beforeAll(async () => {
    db = await postgres!.create();
    const proxyPort = await freePort();
    const env = {
      MARGINS_SECRET: SECRET,
      MARGINS_BADGE_KEK: randomBytes(32).toString('base64'),
      DATA_DIR: db.dataDir,
      DATABASE_URL: (db.target as { url: string }).url,
      PUBLIC_URL: `http://127.0.0.1:${proxyPort}`,
      TRUST_PROXY: 'true',
      MARGINS_EXTENSION_IDS: CHROME_ID,
      HEALTH_RATE_LIMIT_PER_MINUTE: String(HEALTH_PER_MINUTE),
    };
    // Started together on the empty database: one migrates, the others wait for its lock.
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    tools.push(...(await Promise.all(ports.map((p) => spawnTool({ ...env, PORT: String(p) })))));
    proxy = await startNginx(
      ports.map((p) => `127.0.0.1:${p}`),
      proxyPort,
    );
    // An in-process tool on the same database signs people in (the launch itself is tested elsewhere).
    setup = await startTestTool(db, { MARGINS_SECRET: SECRET, MARGINS_BADGE_KEK: env.MARGINS_BADGE_KEK });
    const course = { contextId: 'math-7', title: 'Grade 7 Math' };
    teacher = await testLaunch(setup, { sub: 'ana', name: 'Ana Lima', course });
    coach = await testLaunch(setup, { sub: 'ben', name: 'Ben Okafor', course, roles: ['teacher', 'coach'] });
    admin = await testLaunch(setup, { sub: 'dana', name: 'Dana Ruiz', course: null, roles: ['district-admin'] });
  }, 90_000);

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all(tools.map((t) => t.kill()));
    await setup?.stop();
    await db?.drop();
  });

  async function pairThroughProxy(): Promise<{ accessToken: string; deviceId: string }> {
    const code = await call(proxy.url, teacher.token, 'POST', '/api/v1/pairing/codes');
    expect(code.status).toBe(201);
    const ex = await call(proxy.url, null, 'POST', '/api/v1/pairing/exchange', {
      code: code.body.code,
      deviceName: 'Chrome on a Chromebook',
    });
    expect(ex.status).toBe(200);
    return ex.body;
  }

  it('spreads API calls over every instance', async () => {
    const served = new Set<string>();
    for (let i = 0; i < 9; i++) {
      const res = await call(proxy.url, teacher.token, 'GET', '/api/v1/session');
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(teacher.ctx.user.id);
      served.add(res.upstream!);
    }
    expect(served.size).toBe(3);
  });

  it('launches through the proxy, whichever instances the login and the launch land on', async () => {
    // Registered through the setup process: the running instances learn of the platform from the database.
    const platform = await startTestPlatform();
    try {
      const reg = platform.registerTool({
        deploymentIds: ['dep-1'],
        oidcLoginUrl: `${proxy.url}/lti/login`,
        targetLinkUri: `${proxy.url}/lti/launch`,
        redirectUris: [`${proxy.url}/lti/launch`],
        jwksUrl: `${proxy.url}/lti/keys`,
      });
      await setup.services.platforms.register({
        issuer: reg.issuer,
        clientId: reg.clientId,
        authEndpoint: reg.authorizationEndpoint,
        tokenEndpoint: reg.tokenEndpoint,
        jwksUrl: reg.jwksUrl,
        deploymentIds: ['dep-1'],
        name: platform.name,
        product: 'canvas',
      });
      // Round robin over three instances: each launch's login and its launch post land on different ones.
      const people = new Set<string>();
      for (let i = 0; i < 4; i++) {
        const res = await platform.launch({ clientId: reg.clientId, user: 'ana', course: 'math-7' });
        expect(res.status, res.body.slice(0, 400)).toBe(200);
        const token = sessionToken(res.body);
        // The launch session works on every instance, not only on the one that answered the launch.
        for (const t of tools) {
          const session = await call(t.url, token, 'GET', '/api/v1/session');
          expect(session.status).toBe(200);
          people.add(session.body.user.id);
        }
      }
      expect(people.size).toBe(1);
    } finally {
      await platform.close();
    }
  });

  it('issues a recognition once when every instance evaluates the district at the same moment', async () => {
    const device = await pairThroughProxy();
    const pushed = await call(proxy.url, device.accessToken, 'POST', '/api/v1/sync/push', {
      changes: [
        {
          op: 'upsert',
          idempotencyKey: randomUUID(),
          baseVersion: null,
          adaptation: makeAdaptation({ id: randomUUID(), version: 1, visibility: 'district' }),
        },
      ],
    });
    expect(pushed.status).toBe(200);
    // Each instance's view evaluates the district's rules before answering.
    const views = await Promise.all(tools.map((t) => call(t.url, teacher.token, 'GET', '/api/v1/recognition/mine')));
    for (const v of views) expect(v.status).toBe(200);
    const k = setup.services.db.knex;
    const until = Date.now() + 10_000;
    let rows: { id: string }[] = [];
    while (Date.now() < until) {
      rows = await k('recognitions').where({
        recipient_user_id: teacher.ctx.user.id,
        rule_id: 'first-shared-adaptation',
      });
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toHaveLength(1);
    // Every instance agrees, and the ledger says it once.
    const again = await Promise.all(tools.map((t) => call(t.url, teacher.token, 'GET', '/api/v1/recognition/mine')));
    for (const v of again)
      expect(
        v.body.recognitions.filter((r: { ruleId: string }) => r.ruleId === 'first-shared-adaptation'),
      ).toHaveLength(1);
    const recognised = await k('contribution_events').where({
      type: 'recognised',
      beneficiary_user_id: teacher.ctx.user.id,
    });
    expect(recognised).toHaveLength(1);
  });

  it('refuses a browser disconnected through one instance on the others at their next request', async () => {
    const device = await pairThroughProxy();
    // Every instance has checked (and cached) the browser.
    for (const t of tools) expect((await call(t.url, device.accessToken, 'GET', '/api/v1/sync/pull')).status).toBe(200);
    const revoked = await call(tools[0]!.url, teacher.token, 'DELETE', `/api/v1/devices/${device.deviceId}`);
    expect(revoked.status).toBe(200);
    for (const t of tools.slice(1)) {
      const next = await call(t.url, device.accessToken, 'GET', '/api/v1/sync/pull');
      expect(next.status).toBe(401);
      expect(next.body.error.code).toBe('token_revoked');
    }
  });

  it('takes a revoked coach’s powers away on every instance', async () => {
    for (const t of tools)
      expect((await call(t.url, coach.token, 'GET', '/api/v1/coach/focus-areas')).status).toBe(200);
    const revoked = await call(proxy.url, admin.token, 'DELETE', `/api/v1/admin/coaches/${coach.ctx.user.id}`);
    expect(revoked.status).toBe(200);
    for (const t of tools)
      expect((await call(t.url, coach.token, 'GET', '/api/v1/coach/focus-areas')).status).toBe(403);
  });

  it('holds one rate limit across the instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < HEALTH_PER_MINUTE + 3; i++)
      statuses.push((await call(proxy.url, null, 'GET', '/health')).status);
    // Each instance alone would have let all of them through (three each, under its limit of six).
    expect(statuses).toEqual([...Array<number>(HEALTH_PER_MINUTE).fill(200), 429, 429, 429]);
  });
  it('loses and duplicates nothing when an instance is killed in the middle of a push', async () => {
    const device = await pairThroughProxy();
    const changes = Array.from({ length: 100 }, () => ({
      op: 'upsert',
      idempotencyKey: randomUUID(),
      baseVersion: null,
      adaptation: makeAdaptation({ id: randomUUID(), version: 1, visibility: 'district', body: 'words '.repeat(300) }),
    }));
    const victim = tools[2]!;
    const sent = call(victim.url, device.accessToken, 'POST', '/api/v1/sync/push', { changes }).catch(() => null);
    await new Promise((r) => setTimeout(r, 30));
    await victim.kill();
    await sent;
    // The extension sends the same batch again (same idempotency keys) until it is answered: nginx does
    // not pass a POST on to another instance once it was sent on a kept-alive connection to the dead one (502).
    let retry = await call(proxy.url, device.accessToken, 'POST', '/api/v1/sync/push', { changes });
    for (let i = 0; i < 5 && retry.status === 502; i++)
      retry = await call(proxy.url, device.accessToken, 'POST', '/api/v1/sync/push', { changes });
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(
      retry.body.results.every((r: { status: string }) => r.status === 'applied' || r.status === 'duplicate'),
    ).toBe(true);
    const ids = changes.map((c) => c.adaptation.id);
    const stored = await setup.services.db.knex('adaptations').whereIn('id', ids).count({ n: '*' }).first();
    expect(Number(stored!.n)).toBe(100);
  });
});
