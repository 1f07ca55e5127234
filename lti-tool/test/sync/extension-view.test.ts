import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { TokenPairSchema } from '@margins/shared';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch, type TestLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { call, fresh, pair, push, upsert } from './helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;

/**
 * What the extension added to the contract (issue 6, extension side): a preview of who a code
 * connects (shown before the code is spent), the browser disconnecting itself, and one adaptation's
 * endorsements and feedback for the note on the page.
 */
for (const kind of databaseKinds()) {
  describe(
    `the extension's pairing preview, self-disconnect and adaptation detail on ${kind.name}`,
    { timeout: 60_000 },
    () => {
      let db: TestDatabase;
      let tool: TestTool;
      let anaLaunch: TestLaunch;
      let ana: Pair;
      let ben: Pair;
      let lara: Pair;
      beforeAll(async () => {
        db = await kind.create();
        tool = await startTestTool(db, { PAIRING_RATE_LIMIT_PER_MINUTE: '1000' });
        const course = { contextId: 'math-7', title: 'Grade 7 Math' };
        anaLaunch = await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course });
        ana = await pair(tool, anaLaunch);
        ben = await pair(tool, await testLaunch(tool, { sub: 'ben', name: 'Ben Okafor', course }));
        lara = await pair(
          tool,
          await testLaunch(tool, {
            issuer: 'https://lakeside.example',
            clientId: 'l1',
            tenantName: 'Lakeside',
            sub: 'lara',
            name: 'Lara Petrova',
            course: null,
          }),
        );
      }, 60_000);
      afterAll(async () => {
        await tool?.stop();
        await db?.drop();
      });

      it('says who a code would connect without spending it, and why a code cannot be used', async () => {
        const created = await call(tool, anaLaunch.token, 'POST', '/api/v1/pairing/codes');
        const preview = await call(tool, null, 'POST', '/api/v1/pairing/preview', {
          code: created.body.code.toLowerCase(),
        });
        expect(preview.status).toBe(200);
        expect(preview.body).toEqual({
          tenant: { name: 'Test District' },
          user: { name: 'Ana Lima' },
          course: { title: 'Grade 7 Math' },
          expiresAt: created.body.expiresAt,
        });
        expect(JSON.stringify(preview.body)).not.toMatch(/ana"|user-|tenant_id/);
        // Still unspent: the exchange works after the preview.
        expect(
          (
            await call(tool, null, 'POST', '/api/v1/pairing/exchange', {
              code: created.body.code,
              deviceName: 'Chrome',
            })
          ).status,
        ).toBe(200);
        expect(
          (await call(tool, null, 'POST', '/api/v1/pairing/preview', { code: created.body.code })).body.error,
        ).toMatchObject({ code: 'pairing_code_invalid', message: expect.stringContaining('already used') });
        expect(
          (await call(tool, null, 'POST', '/api/v1/pairing/preview', { code: 'ZZZZ-ZZZZ' })).body.error,
        ).toMatchObject({ code: 'pairing_code_invalid' });
        expect((await call(tool, null, 'POST', '/api/v1/pairing/preview', { code: '12' })).body.error).toMatchObject({
          code: 'pairing_code_invalid',
          message: expect.stringContaining('8 letters and digits'),
        });
        const old = await call(tool, anaLaunch.token, 'POST', '/api/v1/pairing/codes');
        await tool.services.db
          .knex('pairing_codes')
          .whereNull('used_at')
          .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
        expect(
          (await call(tool, null, 'POST', '/api/v1/pairing/preview', { code: old.body.code })).body.error,
        ).toMatchObject({ code: 'pairing_code_invalid', message: expect.stringContaining('expired') });
      });

      it('forgets a browser that disconnects itself: its tokens stop working at once', async () => {
        const mine = await pair(tool, anaLaunch, 'Old laptop');
        expect((await call(tool, mine.accessToken, 'POST', '/api/v1/auth/disconnect')).body).toEqual({ revoked: true });
        expect((await call(tool, mine.accessToken, 'GET', '/api/v1/sync/pull')).body.error).toMatchObject({
          code: 'token_revoked',
        });
        expect(
          (await call(tool, null, 'POST', '/api/v1/auth/refresh', { refreshToken: mine.refreshToken })).body.error,
        ).toMatchObject({ code: 'token_revoked' });
        expect((await call(tool, null, 'POST', '/api/v1/auth/disconnect')).status).toBe(401);
        expect(
          (await call(tool, anaLaunch.token, 'GET', '/api/v1/devices')).body.devices.map(
            (d: { name: string }) => d.name,
          ),
        ).not.toContain('Old laptop');
      });

      it('shows the extension one adaptation with who tried it and the feedback, only where the viewer may see it', async () => {
        const a = fresh({ visibility: 'district' });
        const hidden = fresh({ visibility: 'private' });
        await push(tool, ana.accessToken, [upsert(a, null), upsert(hidden, null)]);
        expect(
          (
            await call(tool, ben.accessToken, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
              outcome: 'worked-well',
              note: 'Two periods.',
            })
          ).status,
        ).toBe(200);
        expect(
          (
            await call(tool, ben.accessToken, 'POST', `/api/v1/adaptations/${a.id}/feedback`, {
              type: 'question',
              text: 'Which grade?',
            })
          ).status,
        ).toBe(201);
        const detail = await call(tool, ana.accessToken, 'GET', `/api/v1/adaptations/${a.id}`);
        expect(detail.status).toBe(200);
        expect(detail.body).toMatchObject({
          adaptation: { id: a.id, mine: true, endorsementCount: 1, feedbackCount: 1 },
          endorsements: [{ outcome: 'worked-well', note: 'Two periods.', endorser: { name: 'Ben Okafor' } }],
          feedback: [{ type: 'question', text: 'Which grade?', author: { name: 'Ben Okafor' } }],
        });
        expect((await call(tool, ben.accessToken, 'GET', `/api/v1/adaptations/${hidden.id}`)).status).toBe(404);
        expect((await call(tool, lara.accessToken, 'GET', `/api/v1/adaptations/${a.id}`)).status).toBe(404);
        expect((await call(tool, anaLaunch.token, 'GET', `/api/v1/adaptations/${a.id}`)).status).toBe(401);
        expect((await call(tool, ben.accessToken, 'GET', '/api/v1/adaptations/not-a-uuid')).status).toBe(400);
      });
    },
  );
}
