import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtensionTokens } from '../../src/services/extension-tokens.js';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch, type TestLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { call, pair } from './helpers.js';

const CHROME_ID = 'abcdefghijklmnopabcdefghijklmnop';

for (const kind of databaseKinds()) {
  describe(`pairing a browser on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: TestLaunch;
    let anaAccount: TestLaunch;
    let ben: TestLaunch;
    /** The tool's pairing clock: real time unless a test fixes it. */
    let fixedNow: number | undefined;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(
        db,
        { MARGINS_EXTENSION_IDS: CHROME_ID, PAIRING_RATE_LIMIT_PER_MINUTE: '1000' },
        { now: () => fixedNow ?? Date.now() },
      );
      ana = await testLaunch(tool, {
        sub: 'ana',
        name: 'Ana Lima',
        course: { contextId: 'math-7', title: 'Grade 7 Math' },
      });
      anaAccount = await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course: null });
      ben = await testLaunch(tool, {
        sub: 'ben',
        name: 'Ben Okafor',
        course: { contextId: 'math-7', title: 'Grade 7 Math' },
      });
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it('makes a short code that works once and binds the browser to the person and the course of the launch', async () => {
      const fixedAt = Date.now() - 61_000; // a minute ago: the expiry must follow the injected clock, not the wall clock
      fixedNow = fixedAt;
      const created = await call(tool, ana.token, 'POST', '/api/v1/pairing/codes').finally(
        () => (fixedNow = undefined),
      );
      expect(created.status).toBe(201);
      expect(created.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(created.body.code).not.toMatch(/[01OIL]/);
      expect(created.body).toMatchObject({ toolUrl: tool.url, extensionIds: [CHROME_ID] });
      // Five minutes (PAIRING_CODE_SECONDS' default) from the moment the code was made, to the millisecond.
      expect(created.body.expiresAt).toBe(new Date(fixedAt + 5 * 60_000).toISOString());

      // Typed in lower case with a space instead of the dash: still the code.
      const typed = created.body.code.toLowerCase().replace('-', ' ');
      const ex = await call(tool, null, 'POST', '/api/v1/pairing/exchange', {
        code: typed,
        deviceName: 'Chrome on Chromebook',
      });
      expect(ex.status).toBe(200);
      expect(ex.body).toMatchObject({
        user: { id: ana.ctx.user.id, name: 'Ana Lima' },
        tenant: { id: ana.ctx.tenant.id, name: 'Test District' },
        course: { id: ana.ctx.course!.id, title: 'Grade 7 Math' },
      });
      expect(ex.body.accessToken).toMatch(/^mga1\./);
      expect(ex.body.refreshToken).toMatch(/^mgr1\./);
      expect(ex.body.expiresIn).toBe(600);
      expect((await call(tool, ex.body.accessToken, 'GET', '/api/v1/sync/pull')).status).toBe(200);

      const replay = await call(tool, null, 'POST', '/api/v1/pairing/exchange', {
        code: created.body.code,
        deviceName: 'Another',
      });
      expect(replay.status).toBe(400);
      expect(replay.body.error).toMatchObject({
        code: 'pairing_code_invalid',
        message: expect.stringContaining('already used'),
      });
      // Only a keyed hash of the code is stored.
      const rows = await tool.services.db.knex('pairing_codes').select('code_hash');
      expect(JSON.stringify(rows)).not.toContain(created.body.code.replace('-', ''));
    });

    it('says who a code would connect before it is spent, and the code still works afterwards', async () => {
      const created = await call(tool, ana.token, 'POST', '/api/v1/pairing/codes');
      const preview = await call(tool, null, 'POST', '/api/v1/pairing/preview', { code: created.body.code });
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({
        tenant: { name: 'Test District' },
        user: { name: 'Ana Lima' },
        course: { title: 'Grade 7 Math' },
        expiresAt: created.body.expiresAt,
      });
      expect(
        (await call(tool, null, 'POST', '/api/v1/pairing/exchange', { code: created.body.code, deviceName: 'Chrome' }))
          .status,
      ).toBe(200);
      const spent = await call(tool, null, 'POST', '/api/v1/pairing/preview', { code: created.body.code });
      expect(spent.body.error).toMatchObject({
        code: 'pairing_code_invalid',
        message: expect.stringContaining('already used'),
      });
      expect((await call(tool, null, 'POST', '/api/v1/pairing/preview', { code: 'KQ7M-2XPD' })).body.error.code).toBe(
        'pairing_code_invalid',
      );
    });

    it('lets the extension disconnect itself', async () => {
      const p = await pair(tool, ana, 'Chrome to forget');
      expect((await call(tool, p.accessToken, 'POST', '/api/v1/auth/disconnect')).body).toEqual({ revoked: true });
      expect((await call(tool, p.accessToken, 'GET', '/api/v1/sync/pull')).body.error.code).toBe('token_revoked');
      expect(
        (await call(tool, null, 'POST', '/api/v1/auth/refresh', { refreshToken: p.refreshToken })).body.error.code,
      ).toBe('token_revoked');
      expect(
        (await call(tool, ana.token, 'GET', '/api/v1/devices')).body.devices.some(
          (d: { id: string }) => d.id === p.deviceId,
        ),
      ).toBe(false);
      // A launch session cannot use it.
      expect((await call(tool, ana.token, 'POST', '/api/v1/auth/disconnect')).status).toBe(401);
    });

    it('binds no course when the teacher paired from the account level', async () => {
      const p = await pair(tool, anaAccount);
      expect(p.course).toBeNull();
    });

    it('refuses wrong, malformed and expired codes with pairing_code_invalid', async () => {
      const wrong = await call(tool, null, 'POST', '/api/v1/pairing/exchange', { code: 'KQ7M-2XPD', deviceName: 'x' });
      expect(wrong.body.error.code).toBe('pairing_code_invalid');
      const malformed = await call(tool, null, 'POST', '/api/v1/pairing/exchange', { code: 'abc', deviceName: 'x' });
      expect(malformed.body.error).toMatchObject({
        code: 'pairing_code_invalid',
        message: expect.stringContaining('8 letters and digits'),
      });
      const created = await call(tool, ben.token, 'POST', '/api/v1/pairing/codes');
      await tool.services.db
        .knex('pairing_codes')
        .where('expires_at', created.body.expiresAt)
        .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      const expired = await call(tool, null, 'POST', '/api/v1/pairing/exchange', {
        code: created.body.code,
        deviceName: 'x',
      });
      expect(expired.body.error).toMatchObject({
        code: 'pairing_code_invalid',
        message: expect.stringContaining('expired'),
      });
      const noName = await call(tool, null, 'POST', '/api/v1/pairing/exchange', {
        code: 'KQ7M-2XPD',
        deviceName: '<script>alert(1)</script>',
      });
      expect(noName.body.error.code).toBe('validation_failed');
    });

    it('retires the previous code when a new one is made, and limits codes per person', async () => {
      const chloe = await testLaunch(tool, { sub: 'chloe', course: { contextId: 'ela', title: 'ELA PLC' } });
      const first = await call(tool, chloe.token, 'POST', '/api/v1/pairing/codes');
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await call(tool, chloe.token, 'POST', '/api/v1/pairing/codes')).status);
      expect(statuses).toEqual([201, 201, 201, 201, 429]);
      const old = await call(tool, null, 'POST', '/api/v1/pairing/exchange', {
        code: first.body.code,
        deviceName: 'x',
      });
      expect(old.body.error.code).toBe('pairing_code_invalid');
    });

    it('limits code exchanges per address', async () => {
      const db2 = await kind.create();
      const strict = await startTestTool(db2, { PAIRING_RATE_LIMIT_PER_MINUTE: '3' });
      try {
        const statuses = [];
        for (let i = 0; i < 4; i++)
          statuses.push(
            (await call(strict, null, 'POST', '/api/v1/pairing/exchange', { code: 'KQ7M-2XPD', deviceName: 'x' }))
              .status,
          );
        expect(statuses).toEqual([400, 400, 400, 429]);
        const limited = await call(strict, null, 'POST', '/api/v1/pairing/exchange', {
          code: 'KQ7M-2XPD',
          deviceName: 'x',
        });
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await strict.stop();
        await db2.drop();
      }
    });

    it('rotates refresh tokens, tolerates a quick retry, and disconnects the browser when an old one comes back later', async () => {
      const p = await pair(tool, ben);
      const r1 = await call(tool, null, 'POST', '/api/v1/auth/refresh', { refreshToken: p.refreshToken });
      expect(r1.status).toBe(200);
      expect(r1.body.refreshToken).not.toBe(p.refreshToken);
      expect(r1.body.deviceId).toBe(p.deviceId);
      // The answer was lost: the same token again within seconds gets a fresh pair; r1's refresh token is retired.
      const retry = await call(tool, null, 'POST', '/api/v1/auth/refresh', { refreshToken: p.refreshToken });
      expect(retry.status).toBe(200);
      const r2 = await call(tool, null, 'POST', '/api/v1/auth/refresh', { refreshToken: retry.body.refreshToken });
      expect(r2.status).toBe(200);
      expect((await call(tool, r2.body.accessToken, 'GET', '/api/v1/sync/pull')).status).toBe(200);

      // Much later, the first token shows up again: someone copied it. The browser is disconnected.
      await tool.services.db
        .knex('refresh_tokens')
        .whereNotNull('rotated_at')
        .update({ rotated_at: new Date(Date.now() - 120_000).toISOString() });
      const stolen = await call(tool, null, 'POST', '/api/v1/auth/refresh', { refreshToken: p.refreshToken });
      expect(stolen.status).toBe(401);
      expect(stolen.body.error).toMatchObject({
        code: 'token_revoked',
        message: expect.stringContaining('used from two places'),
      });
      const after = await call(tool, r2.body.accessToken, 'GET', '/api/v1/sync/pull');
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('token_revoked');
      expect(
        (await call(tool, null, 'POST', '/api/v1/auth/refresh', { refreshToken: r2.body.refreshToken })).body.error
          .code,
      ).toBe('token_revoked');
      expect(
        (await call(tool, null, 'POST', '/api/v1/auth/refresh', { refreshToken: 'mgr1.nothing' })).body.error.code,
      ).toBe('unauthenticated');
    });

    it('lists connected browsers and disconnects one at once, access token included', async () => {
      const p = await pair(tool, ana, 'Chrome on the classroom PC');
      const list = await call(tool, ana.token, 'GET', '/api/v1/devices');
      const mine = list.body.devices.find((d: { id: string }) => d.id === p.deviceId);
      expect(mine).toMatchObject({
        name: 'Chrome on the classroom PC',
        course: 'Grade 7 Math',
        createdAt: expect.any(String),
        lastSeenAt: expect.any(String),
      });
      // Ben cannot see or disconnect Ana's browser.
      expect(
        (await call(tool, ben.token, 'GET', '/api/v1/devices')).body.devices.some(
          (d: { id: string }) => d.id === p.deviceId,
        ),
      ).toBe(false);
      expect((await call(tool, ben.token, 'DELETE', `/api/v1/devices/${p.deviceId}`)).status).toBe(404);

      expect((await call(tool, p.accessToken, 'GET', '/api/v1/sync/pull')).status).toBe(200);
      expect((await call(tool, ana.token, 'DELETE', `/api/v1/devices/${p.deviceId}`)).body).toEqual({ revoked: true });
      const res = await call(tool, p.accessToken, 'GET', '/api/v1/sync/pull');
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({
        code: 'token_revoked',
        message: expect.stringContaining('Connect it again'),
      });
      expect(
        (await call(tool, null, 'POST', '/api/v1/auth/refresh', { refreshToken: p.refreshToken })).body.error.code,
      ).toBe('token_revoked');
      expect(
        (await call(tool, ana.token, 'GET', '/api/v1/devices')).body.devices.some(
          (d: { id: string }) => d.id === p.deviceId,
        ),
      ).toBe(false);
    });

    it.skipIf(kind.name !== 'postgres')(
      'refuses a browser disconnected through another tool process at its next request, before that process’s notice arrives',
      async () => {
        const other = await startTestTool(db, { MARGINS_EXTENSION_IDS: CHROME_ID });
        try {
          const noor = await testLaunch(tool, {
            sub: 'noor',
            name: 'Noor Haddad',
            course: { contextId: 'math-7', title: 'Grade 7 Math' },
          });
          const p = await pair(tool, noor, 'Chrome in the library');
          // The other process has checked the browser (and holds it in its cache).
          expect((await call(other, p.accessToken, 'GET', '/api/v1/sync/pull')).status).toBe(200);
          // Its change bus hears nothing more, as when a notice is late.
          await other.services.bus.close();
          expect((await call(tool, noor.token, 'DELETE', `/api/v1/devices/${p.deviceId}`)).body).toEqual({
            revoked: true,
          });
          const next = await call(other, p.accessToken, 'GET', '/api/v1/sync/pull');
          expect(next.status).toBe(401);
          expect(next.body.error.code).toBe('token_revoked');
        } finally {
          await other.stop();
        }
      },
    );

    it('answers an expired access token with token_expired and a forged one with unauthenticated', async () => {
      const erin = await testLaunch(tool, { sub: 'erin', name: 'Erin', course: null });
      const p = await pair(tool, erin);
      const tokens = new ExtensionTokens(tool.config.secret, 600);
      const old = tokens.issueAccess(p.deviceId, Math.floor(Date.now() / 1000) - 3600).token;
      expect((await call(tool, old, 'GET', '/api/v1/sync/pull')).body.error.code).toBe('token_expired');
      const forged = new ExtensionTokens('another-secret-another-secret-000000', 600).issueAccess(p.deviceId).token;
      expect((await call(tool, forged, 'GET', '/api/v1/sync/pull')).body.error.code).toBe('unauthenticated');
      // A launch session is not an extension credential.
      expect((await call(tool, ana.token, 'GET', '/api/v1/sync/pull')).body.error.code).toBe('unauthenticated');
    });

    it('answers CORS only for the configured extension origins', async () => {
      const preflight = (origin: string) =>
        fetch(`${tool.url}/api/v1/sync/push`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        });
      const ok = await preflight(`chrome-extension://${CHROME_ID}`);
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(`chrome-extension://${CHROME_ID}`);
      expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
      const firefox = await preflight('moz-extension://0b7c5e0e-51f4-4b8c-9d1e-5f2b8e0c9a11');
      expect(firefox.headers.get('access-control-allow-origin')).toBe(
        'moz-extension://0b7c5e0e-51f4-4b8c-9d1e-5f2b8e0c9a11',
      );
      for (const origin of ['https://evil.example', 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba', 'null']) {
        const no = await preflight(origin);
        expect(no.status).toBe(403);
        expect(no.headers.get('access-control-allow-origin')).toBeNull();
      }
      // A real request from a web page is refused before anything happens.
      const p = await pair(tool, await testLaunch(tool, { sub: 'finn', name: 'Finn', course: null }));
      const evil = await fetch(`${tool.url}/api/v1/sync/pull`, {
        headers: { origin: 'https://evil.example', authorization: `Bearer ${p.accessToken}` },
      });
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
}
