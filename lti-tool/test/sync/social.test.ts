import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { TokenPairSchema } from '@margins/shared';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch, type TestLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { call, fresh, pair, push, upsert } from './helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;

for (const kind of databaseKinds()) {
  describe(`endorse, feedback, remix and the ledger on ${kind.name}`, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: Pair;
    let ben: Pair;
    let benLaunch: TestLaunch;
    let lara: Pair;
    const events = async (adaptationId: string) =>
      (await tool.services.db.knex('contribution_events').where({ adaptation_id: adaptationId }).orderBy('at')).map(
        (e: Record<string, unknown>) => ({
          type: e.type,
          tenant: e.tenant_id,
          actor: e.actor_user_id,
          beneficiary: e.beneficiary_user_id,
          data: JSON.parse(String(e.data_json)),
        }),
      );
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      const course = { contextId: 'math-7', title: 'Grade 7 Math' };
      ana = await pair(tool, await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course }));
      benLaunch = await testLaunch(tool, { sub: 'ben', name: 'Ben Okafor', course });
      ben = await pair(tool, benLaunch);
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

    it('records "shared" once, when an adaptation first goes beyond private', async () => {
      const a = fresh({ visibility: 'private' });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      expect(await events(a.id)).toEqual([]);
      await push(tool, ana.accessToken, [upsert({ ...a, visibility: 'course' }, 1)]);
      await push(tool, ana.accessToken, [upsert({ ...a, visibility: 'district' }, 2)]);
      expect(await events(a.id)).toEqual([
        {
          type: 'shared',
          tenant: ana.tenant.id,
          actor: ana.user.id,
          beneficiary: null,
          data: { visibility: 'course' },
        },
      ]);
    });

    it("keeps one endorsement per teacher, updated on repeat, never on one's own, recorded once with its outcome", async () => {
      const a = fresh({ visibility: 'course' });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      const first = await call(tool, ben.accessToken, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
        outcome: 'mixed',
        note: 'Half the class',
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        adaptationId: a.id,
        outcome: 'mixed',
        note: 'Half the class',
        endorser: { id: ben.user.id, name: 'Ben Okafor' },
      });
      const again = await call(tool, ben.accessToken, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
        outcome: 'worked-well',
        note: 'Better the second time',
      });
      expect(again.body).toMatchObject({ id: first.body.id, outcome: 'worked-well' });
      // The LMS UI does the same with its launch session.
      const fromLms = await call(tool, benLaunch.token, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
        outcome: 'worked-with-changes',
      });
      expect(fromLms.body).toMatchObject({ id: first.body.id, outcome: 'worked-with-changes' });
      expect(await tool.services.db.knex('endorsements').where({ adaptation_id: a.id })).toHaveLength(1);
      const own = await call(tool, ana.accessToken, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
        outcome: 'worked-well',
      });
      expect(own.status).toBe(403);
      const bad = await call(tool, ben.accessToken, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
        outcome: 'amazing',
      });
      expect(bad.body.error).toMatchObject({
        code: 'validation_failed',
        issues: [{ path: 'outcome', message: expect.stringContaining('Unknown outcome') }],
      });
      const endorsed = (await events(a.id)).filter((e) => e.type === 'endorsed');
      expect(endorsed).toEqual([
        {
          type: 'endorsed',
          tenant: ana.tenant.id,
          actor: ben.user.id,
          beneficiary: ana.user.id,
          data: { outcome: 'mixed' },
        },
      ]);
    });

    it('adds structured feedback, once per idempotency key, crediting the author in the ledger', async () => {
      const a = fresh({ visibility: 'district' });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      const key = randomUUID();
      const f1 = await call(
        tool,
        ben.accessToken,
        'POST',
        `/api/v1/adaptations/${a.id}/feedback`,
        { type: 'what-worked', text: 'The visual warm-up.' },
        { 'idempotency-key': key },
      );
      expect(f1.status).toBe(201);
      expect(f1.body).toMatchObject({
        adaptationId: a.id,
        type: 'what-worked',
        text: 'The visual warm-up.',
        author: { id: ben.user.id, name: 'Ben Okafor' },
      });
      const f2 = await call(
        tool,
        ben.accessToken,
        'POST',
        `/api/v1/adaptations/${a.id}/feedback`,
        { type: 'what-worked', text: 'The visual warm-up.' },
        { 'idempotency-key': key },
      );
      expect(f2.status).toBe(200);
      expect(f2.body.id).toBe(f1.body.id);
      const f3 = await call(tool, benLaunch.token, 'POST', `/api/v1/adaptations/${a.id}/feedback`, {
        type: 'question',
        text: 'Which grade?',
      });
      expect(f3.status).toBe(201);
      expect(
        (await call(tool, ben.accessToken, 'POST', `/api/v1/adaptations/${a.id}/feedback`, { type: 'rant', text: 'x' }))
          .status,
      ).toBe(400);
      expect(
        (
          await call(tool, ben.accessToken, 'POST', `/api/v1/adaptations/${a.id}/feedback`, {
            type: 'question',
            text: '',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await call(tool, ana.accessToken, 'POST', `/api/v1/adaptations/${a.id}/feedback`, {
            type: 'question',
            text: 'Me?',
          })
        ).status,
      ).toBe(403);
      const given = (await events(a.id)).filter((e) => e.type === 'feedback-given');
      expect(given).toEqual([
        {
          type: 'feedback-given',
          tenant: ana.tenant.id,
          actor: ben.user.id,
          beneficiary: ana.user.id,
          data: { feedbackType: 'what-worked' },
        },
        {
          type: 'feedback-given',
          tenant: ana.tenant.id,
          actor: ben.user.id,
          beneficiary: ana.user.id,
          data: { feedbackType: 'question' },
        },
      ]);
    });

    it('remixes into a private copy owned by the caller that credits the original, once per copy id', async () => {
      const a = fresh({
        visibility: 'district',
        body: 'Original body',
        rationale: 'Original why',
        evidence: { outcome: 'improved', note: "Ana's class" },
      });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      const copyId = randomUUID();
      const r = await call(tool, ben.accessToken, 'POST', `/api/v1/adaptations/${a.id}/remix`, {
        id: copyId,
        body: 'My version for 6th grade',
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        id: copyId,
        body: 'My version for 6th grade',
        rationale: 'Original why',
        visibility: 'private',
        version: 1,
        author: { id: ben.user.id },
        page: a.page,
        target: a.target,
        provenance: { remixedFrom: a.id, originalAuthor: { id: ana.user.id, name: 'Ana Lima' } },
      });
      expect(r.body.evidence).toBeUndefined();
      const again = await call(tool, ben.accessToken, 'POST', `/api/v1/adaptations/${a.id}/remix`, {
        id: copyId,
        body: 'Different',
      });
      expect(again.status).toBe(200);
      expect(again.body.body).toBe('My version for 6th grade');
      // The copy is Ben's to change through sync; the original stays Ana's.
      expect(
        (await push(tool, ben.accessToken, [upsert({ ...r.body, body: 'Edited copy', visibility: 'district' }, 1)]))[0]
          .status,
      ).toBe('applied');
      expect((await tool.services.adaptations.get(a.id))!.json?.body).toBe('Original body');
      expect((await events(a.id)).filter((e) => e.type === 'remixed')).toEqual([
        {
          type: 'remixed',
          tenant: ana.tenant.id,
          actor: ben.user.id,
          beneficiary: ana.user.id,
          data: { remix: copyId },
        },
      ]);
      // Someone else's id for the copy, or a copy wider than the original, is refused.
      expect(
        (await call(tool, ben.accessToken, 'POST', `/api/v1/adaptations/${a.id}/remix`, { id: a.id })).status,
      ).toBe(409);
      const wide = await call(tool, ben.accessToken, 'POST', `/api/v1/adaptations/${a.id}/remix`, {
        id: randomUUID(),
        visibility: 'network',
      });
      expect(wide.status).toBe(403);
      expect(wide.body.error.message).toContain('at most as widely');
    });

    it('credits both districts when a teacher endorses network sharing from another district, naming nobody across', async () => {
      const a = fresh({ visibility: 'network' });
      await push(tool, ana.accessToken, [upsert(a, null)]);
      await tool.services.db.knex('adaptations').where({ id: a.id }).update({ network_status: 'approved' });
      const e = await call(tool, lara.accessToken, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
        outcome: 'worked-well',
      });
      expect(e.status).toBe(200);
      const endorsed = (await events(a.id)).filter((x) => x.type === 'endorsed');
      expect(endorsed.map((x) => x.tenant).sort()).toEqual([ana.tenant.id, lara.tenant.id].sort());
      expect(endorsed.every((x) => x.data.crossDistrict === true && x.beneficiary === ana.user.id)).toBe(true);
      const copy = await call(tool, lara.accessToken, 'POST', `/api/v1/adaptations/${a.id}/remix`, {
        id: randomUUID(),
      });
      expect(copy.body.provenance).toEqual({ remixedFrom: a.id, originalAuthor: { id: 'network' } });
      // Ana's library detail shows Lara's endorsement without Lara's name.
      const anaLaunch = await testLaunch(tool, {
        sub: 'ana',
        name: 'Ana Lima',
        course: { contextId: 'math-7', title: 'Grade 7 Math' },
      });
      const detail = await call(tool, anaLaunch.token, 'GET', `/api/v1/library/${a.id}`);
      expect(detail.body.endorsements).toEqual([
        expect.objectContaining({ outcome: 'worked-well', endorser: { id: 'network' } }),
      ]);
      expect(JSON.stringify(detail.body)).not.toContain('Lara');
    });
  });
}
