import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  MAX_BODY_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_PUSH_BATCH,
  MAX_PUSH_BYTES,
  type Adaptation,
  type TokenPairSchema,
} from '@margins/shared';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { fresh, pair, push, remove, upsert } from './helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;

/** An adaptation with every text field at its longest (about 31 KB of JSON, like the attack run's). */
function maxSized(i: number): Adaptation {
  return fresh({
    page: {
      url: `https://curriculum.example.org/${String(i).padStart(6, '0')}/${'p'.repeat(3_900)}`,
      title: 't'.repeat(500),
    },
    body: `${i} ${'é'.repeat(MAX_BODY_LENGTH - 8)}`,
    rationale: 'r'.repeat(MAX_NOTE_LENGTH),
    evidence: { outcome: 'improved', note: 'n'.repeat(MAX_NOTE_LENGTH) },
    visibility: 'district',
  });
}

/** Pushes `changes` in batches that fit the push limits; returns every result in order. */
async function pushAll(tool: TestTool, token: string, changes: ReturnType<typeof upsert>[]): Promise<any[]> {
  const out: any[] = [];
  const perBatch = Math.min(MAX_PUSH_BATCH, Math.floor(MAX_PUSH_BYTES / 40_000));
  for (let i = 0; i < changes.length; i += perBatch)
    out.push(...(await push(tool, token, changes.slice(i, i + perBatch))));
  return out;
}

/** What the triggers keep, and what a recount of the live adaptations says (they must agree). */
async function usageAndRecount(tool: TestTool, tenantId: string, userId: string) {
  const k = tool.services.db.knex;
  const kept = await k('storage_usage').where({ tenant_id: tenantId, user_id: userId }).first('adaptations', 'bytes');
  const rows: { json: string }[] = await k('adaptations')
    .where({ tenant_id: tenantId, author_user_id: userId, deleted: false })
    .select('json');
  return {
    kept: { adaptations: Number(kept?.adaptations ?? 0), bytes: Number(kept?.bytes ?? 0) },
    recount: { adaptations: rows.length, bytes: rows.reduce((n, r) => n + Buffer.byteLength(r.json), 0) },
  };
}

for (const kind of databaseKinds()) {
  describe(`storage quotas of the sync API on ${kind.name}`, { timeout: 180_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: Pair;
    beforeAll(async () => {
      db = await kind.create();
      // The default quotas (10 MB per teacher): the attack run's 1,000 maximum-size adaptations.
      tool = await startTestTool(db, { EXTENSION_RATE_LIMIT_PER_MINUTE: '10000' });
      ana = await pair(tool, await testLaunch(tool, { sub: 'ana', name: 'Ana Lima' }));
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it("refuses the adaptations past a teacher's quota with quota_exceeded when one browser pushes 1,000 maximum-size ones", async () => {
      const all = Array.from({ length: 1_000 }, (_, i) => maxSized(i));
      const results = await pushAll(
        tool,
        ana.accessToken,
        all.map((a) => upsert(a, null)),
      );
      const applied = results.filter((r) => r.status === 'applied').length;
      const refused = results.filter((r) => r.status === 'rejected');
      // 10 MB holds about 300 of them; everything after the first refusal is refused too, each with the same clear error.
      expect(applied).toBeGreaterThan(200);
      expect(applied).toBeLessThan(400);
      expect(results.slice(0, applied).every((r) => r.status === 'applied')).toBe(true);
      expect(refused).toHaveLength(1_000 - applied);
      for (const r of refused) {
        expect(r.error.code).toBe('quota_exceeded');
        expect(r.error.message).toMatch(
          /^Your storage for Margins is full \(2,000 adaptations or 10 MB per teacher\)\./,
        );
      }
      const usage = await usageAndRecount(tool, ana.tenant.id, ana.user.id);
      expect(usage.kept).toEqual(usage.recount);
      expect(usage.kept.adaptations).toBe(applied);
      expect(usage.kept.bytes).toBeLessThanOrEqual(10_000_000);
      expect(usage.kept.bytes).toBeGreaterThan(10_000_000 - 40_000);

      // Full to the last kilobyte (small ones fill the rest): an edit that grows is refused, one that shortens is accepted.
      const small = await push(
        tool,
        ana.accessToken,
        Array.from({ length: 30 }, () => upsert(fresh({ visibility: 'district' }), null)),
      );
      const smallApplied = small.filter((r) => r.status === 'applied');
      expect(small.at(-1).error.code).toBe('quota_exceeded');
      const grown = { ...(smallApplied[0]?.current ?? results[0].current), body: 'g'.repeat(5_000) };
      const [longer] = await push(tool, ana.accessToken, [upsert(grown, grown.version)]);
      expect(longer.error?.code).toBe('quota_exceeded');
      const first = results[0].current as Adaptation;
      const [shorter] = await push(tool, ana.accessToken, [upsert({ ...first, body: 'Shorter now.' }, 1)]);
      expect(shorter.status).toBe('applied');
      const retry = upsert(all[applied]!, null);
      expect((await push(tool, ana.accessToken, [retry]))[0].status).toBe('rejected');
      await push(tool, ana.accessToken, [remove(results[1].current.id, 1), remove(results[2].current.id, 1)]);
      // The same change (same idempotency key), retried by the extension's outbox, now fits.
      expect((await push(tool, ana.accessToken, [retry]))[0].status).toBe('applied');
      const after = await usageAndRecount(tool, ana.tenant.id, ana.user.id);
      expect(after.kept).toEqual(after.recount);
    });
  });

  describe(`the district quota on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    beforeAll(async () => {
      db = await kind.create();
    });
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it("refuses a teacher's adaptation when the district is full, with the district's message", async () => {
      tool = await startTestTool(db, { QUOTA_DISTRICT_ADAPTATIONS: '3', QUOTA_TEACHER_ADAPTATIONS: '100' });
      const course = { contextId: 'math-7', title: 'Grade 7 Math' };
      const ana = await pair(tool, await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course }));
      const ben = await pair(tool, await testLaunch(tool, { sub: 'ben', name: 'Ben Okafor', course }));
      const mine = await push(tool, ana.accessToken, [upsert(fresh(), null), upsert(fresh(), null)]);
      expect(mine.map((r) => r.status)).toEqual(['applied', 'applied']);
      const his = await push(tool, ben.accessToken, [upsert(fresh(), null), upsert(fresh(), null)]);
      expect(his.map((r) => r.status)).toEqual(['applied', 'rejected']);
      expect(his[1].error).toEqual({
        code: 'quota_exceeded',
        message:
          "Your district's storage for Margins is full (3 adaptations or 5,000 MB for the whole district). Ask your district admin to make room or raise the limit.",
      });
      const district = await tool.services.db
        .knex('storage_usage')
        .where({ tenant_id: ana.tenant.id, user_id: '' })
        .first('adaptations');
      expect(Number(district.adaptations)).toBe(3);
    });
  });
}
