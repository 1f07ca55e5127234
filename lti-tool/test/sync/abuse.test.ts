import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { MAX_PUSH_BYTES, type TokenPairSchema } from '@margins/shared';
import { redact } from '../../src/http/logger.js';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { call, fresh, pair, push, upsert } from './helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;

const SCRIPT = '<script>alert("x")</script>';
const IMG = '<img src=x onerror=alert(1)>';

/** Known-bad input for the extension API (STYLE: a suite of known-bad inputs beside every parser). */
for (const kind of databaseKinds()) {
  describe(`the extension API against bad input on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: Pair;
    let ben: Pair;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db, { EXTENSION_RATE_LIMIT_PER_MINUTE: '40' });
      const course = { contextId: 'math-7', title: 'Grade 7 Math' };
      ana = await pair(tool, await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course }));
      ben = await pair(tool, await testLaunch(tool, { sub: 'ben', name: 'Ben Okafor', course }));
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it('answers oversized bodies with 413 payload_too_large', async () => {
      const huge = JSON.stringify({
        changes: [upsert(fresh({ body: 'x'.repeat(9_000) }), null)],
        padding: 'y'.repeat(MAX_PUSH_BYTES),
      });
      const res = await call(tool, ana.accessToken, 'POST', '/api/v1/sync/push', huge);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
      const note = await call(tool, ben.accessToken, 'PUT', `/api/v1/adaptations/${randomUUID()}/endorsement`, {
        outcome: 'mixed',
        note: 'n'.repeat(70_000),
      });
      expect(note.status).toBe(413);
      const field = await push(tool, ana.accessToken, [upsert({ ...fresh(), body: 'b'.repeat(10_001) }, null)]);
      expect(field[0]).toMatchObject({
        status: 'rejected',
        error: {
          issues: [expect.objectContaining({ path: 'adaptation.body', message: expect.stringContaining('too long') })],
        },
      });
    });

    it('answers malformed requests with validation_failed and stores nothing', async () => {
      const before = await tool.services.db.knex('adaptations').count({ n: '*' }).first();
      for (const body of [
        'not json',
        '[]',
        '{"changes": "all"}',
        '{"changes": [null]}',
        '{"changes": [{"op": "upsert", "idempotencyKey": 5}]}',
        'null',
      ]) {
        const res = await call(tool, ana.accessToken, 'POST', '/api/v1/sync/push', body);
        expect(res.status, body).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
      expect(await tool.services.db.knex('adaptations').count({ n: '*' }).first()).toEqual(before);
      expect((await call(tool, ana.accessToken, 'GET', '/api/v1/pages/adaptations')).status).toBe(400);
      for (const url of ['javascript:alert(1)', 'not a url', 'file:///etc/passwd']) {
        const res = await call(
          tool,
          ana.accessToken,
          'GET',
          `/api/v1/pages/adaptations?url=${encodeURIComponent(url)}`,
        );
        expect(res.status, url).toBe(400);
        expect(res.body.error.code).toBe('invalid_url');
      }
      expect(
        (await call(tool, ben.accessToken, 'PUT', '/api/v1/adaptations/not-a-uuid/endorsement', { outcome: 'mixed' }))
          .status,
      ).toBe(400);
      expect(
        (
          await call(tool, ben.accessToken, 'PUT', `/api/v1/adaptations/${randomUUID()}/endorsement`, {
            outcome: 'mixed',
          })
        ).status,
      ).toBe(404);
      const visibility = await push(tool, ana.accessToken, [
        upsert({ ...fresh(), visibility: 'public' as never }, null),
      ]);
      expect(visibility[0]).toMatchObject({
        status: 'rejected',
        error: {
          issues: [
            expect.objectContaining({
              path: 'adaptation.visibility',
              message: expect.stringContaining('Unknown visibility'),
            }),
          ],
        },
      });
    });

    it('refuses script in every field a person types, per change, with the field named', async () => {
      const base = fresh({ evidence: { outcome: 'improved', note: 'ok' } });
      const fields: [string, object][] = [
        ['adaptation.body', { body: SCRIPT }],
        ['adaptation.rationale', { rationale: IMG }],
        [
          'adaptation.evidence.note',
          { evidence: { outcome: 'improved', note: `<iframe src="https://evil.example">` } },
        ],
      ];
      const results = await push(
        tool,
        ana.accessToken,
        fields.map(([, o]) => upsert({ ...base, id: randomUUID(), ...o }, null)),
      );
      results.forEach((r, i) =>
        expect(r, fields[i]![0]).toMatchObject({
          status: 'rejected',
          error: {
            issues: [
              expect.objectContaining({
                path: fields[i]![0],
                message: expect.stringContaining('script or other active HTML'),
              }),
            ],
          },
        }),
      );
      const a = fresh({ visibility: 'district' });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      for (const [path, body] of [
        [`/api/v1/adaptations/${a.id}/feedback`, { type: 'question', text: SCRIPT }],
        [`/api/v1/adaptations/${a.id}/remix`, { id: randomUUID(), body: IMG }],
      ] as const) {
        const res = await call(tool, ben.accessToken, 'POST', path, body);
        expect(res.status, path).toBe(400);
      }
      expect(
        (
          await call(tool, ben.accessToken, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
            outcome: 'mixed',
            note: SCRIPT,
          })
        ).status,
      ).toBe(400);
    });

    it('keeps markup quoted from a page as inert text and serves it as JSON', async () => {
      const a = fresh({
        visibility: 'district',
        page: { url: 'https://curriculum.example.org/html-lesson', title: `Lesson: the ${SCRIPT} tag` },
        target: {
          quote: {
            type: 'TextQuoteSelector',
            exact: `Write ${IMG} to show an image`,
            prefix: '</p><p>',
            suffix: '<b>',
          },
        },
        kinds: ['scaffolding'],
        body: 'Show what 3 < 5 and 5 > 3 mean with a number line & blocks.',
      });
      expect((await push(tool, ana.accessToken, [upsert(a, null)]))[0].status).toBe('applied');
      const res = await fetch(`${tool.url}/api/v1/pages/adaptations?url=${encodeURIComponent(a.page.url)}`, {
        headers: { authorization: `Bearer ${ben.accessToken}` },
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const [got] = ((await res.json()) as { adaptations: any[] }).adaptations;
      expect(got.page.title).toBe(`Lesson: the ${SCRIPT} tag`);
      expect(got.target.quote.exact).toBe(`Write ${IMG} to show an image`);
      expect(got.body).toBe('Show what 3 < 5 and 5 > 3 mean with a number line & blocks.');
    });

    it('limits requests per paired browser, leaving other browsers alone', async () => {
      const noisy = await pair(tool, await testLaunch(tool, { sub: 'noisy', name: 'Noisy', course: null }));
      const statuses: number[] = [];
      for (let i = 0; i < 42; i++)
        statuses.push((await call(tool, noisy.accessToken, 'GET', '/api/v1/sync/pull')).status);
      expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(40)).toEqual([429, 429]);
      const limited = await call(tool, noisy.accessToken, 'GET', '/api/v1/sync/pull');
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await call(tool, ben.accessToken, 'GET', '/api/v1/sync/pull')).status).toBe(200);
    });

    it('never logs extension tokens', () => {
      const line = JSON.stringify(
        redact({
          msg: `Bearer ${ana.accessToken}`,
          note: `refresh ${ana.refreshToken} and ${ana.accessToken}`,
          refreshToken: ana.refreshToken,
        }),
      );
      expect(line).not.toContain(ana.accessToken.split('.')[1]);
      expect(line).not.toContain(ana.refreshToken.slice(5));
    });
  });
}
