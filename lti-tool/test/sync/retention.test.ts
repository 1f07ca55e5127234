import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { TokenPairSchema } from '@margins/shared';
import { DbLocks } from '../../src/data/db-locks.js';
import { databaseKinds, type TestDatabase } from '../../src/testing/databases.js';
import { testLaunch, type TestLaunch } from '../../src/testing/launch-session.js';
import { startTestTool, type TestTool } from '../../src/testing/tool.js';
import { applyPulled, call, fresh, pair, pullAll, push, remove, upsert } from './helpers.js';

type Pair = z.infer<typeof TokenPairSchema>;

for (const kind of databaseKinds()) {
  describe(`change-feed compaction on ${kind.name}`, { timeout: 120_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: Pair;
    let ben: Pair;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db, { EXTENSION_RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' });
      const course = { contextId: 'math-7', title: 'Grade 7 Math' };
      ana = await pair(tool, await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course }));
      ben = await pair(tool, await testLaunch(tool, { sub: 'ben', name: 'Ben Okafor', course }));
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    const feedRows = async () =>
      Number(((await tool.services.db.knex('adaptation_changes').count({ n: '*' }).first()) as { n: unknown }).n);

    it('removes feed rows past the horizon and answers an older cursor with resync_required', async () => {
      const [kept, edited, deleted] = [fresh({ visibility: 'district' }), fresh({ visibility: 'district' })].concat(
        fresh({ visibility: 'district' }),
      );
      await push(tool, ana.accessToken, [upsert(kept!, null), upsert(edited!, null), upsert(deleted!, null)]);
      const first = await pullAll(tool, ben.accessToken);
      const bens = applyPulled(new Map(), first.changes);
      expect([...bens.keys()].sort()).toEqual([kept!.id, edited!.id, deleted!.id].sort());

      // Ben's browser goes offline; meanwhile Ana edits one and deletes another.
      await push(tool, ana.accessToken, [upsert({ ...edited!, body: 'second version' }, 1), remove(deleted!.id, 1)]);
      // A week-long horizon keeps everything; a zero one (simulating the browser away past it) removes it all.
      expect((await tool.services.retention.runOnce({ feedHorizonMs: 7 * 86_400_000 }))!.feed.removed).toBe(0);
      const before = await feedRows();
      const pass = await tool.services.retention.runOnce({ feedHorizonMs: 0 });
      expect(pass!.feed.removed).toBe(before);
      expect(await feedRows()).toBe(0);

      const stale = await call(tool, ben.accessToken, 'GET', `/api/v1/sync/pull?cursor=${first.cursor}`);
      expect(stale.status).toBe(410);
      expect(stale.body.error.code).toBe('resync_required');
      expect(stale.body.error.message).toMatch(/without a cursor/);
      // A snapshot cursor pinned before the floor is refused too.
      const snap = await call(tool, ben.accessToken, 'GET', `/api/v1/sync/pull?cursor=t1_`);
      expect(snap.body.error.code).toBe('resync_required');

      // The full resync gives the current state: the deleted one is simply absent, the edit is there.
      const again = await pullAll(tool, ben.accessToken);
      const now = new Map(again.changes.map((c) => [c.adaptation.id as string, c.adaptation]));
      expect([...now.keys()].sort()).toEqual([kept!.id, edited!.id].sort());
      expect(now.get(edited!.id)).toMatchObject({ body: 'second version', version: 2 });

      // The new cursor is past the floor and follows later changes as usual.
      const later = fresh({ visibility: 'district' });
      await push(tool, ana.accessToken, [upsert(later, null)]);
      const next = await pullAll(tool, ben.accessToken, again.cursor);
      expect(next.changes.map((c) => c.adaptation.id)).toEqual([later.id]);
    });

    it('skips the pass while another process holds its lock', async () => {
      await push(tool, ana.accessToken, [upsert(fresh({ visibility: 'district' }), null)]);
      const rows = await feedRows();
      expect(rows).toBeGreaterThan(0);
      const other = new DbLocks(db.target);
      try {
        const during = await other.withLock('retention-pass', () =>
          tool.services.retention.runOnce({ feedHorizonMs: 0 }),
        );
        // PostgreSQL: another process holds the pass, this one skips it. SQLite is one process and just runs.
        if (kind.name === 'postgres') {
          expect(during).toBeNull();
          expect(await feedRows()).toBe(rows);
        } else expect(during!.feed.removed).toBe(rows);
      } finally {
        await other.close();
      }
    });
  });

  describe(`detail retention on ${kind.name}`, { timeout: 120_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let ana: Pair;
    let benLaunch: TestLaunch;
    let dana: TestLaunch;
    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db, { EXTENSION_RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' });
      const course = { contextId: 'math-7', title: 'Grade 7 Math' };
      ana = await pair(tool, await testLaunch(tool, { sub: 'ana', name: 'Ana Lima', course }));
      benLaunch = await testLaunch(tool, { sub: 'ben', name: 'Ben Okafor', course });
      dana = await testLaunch(tool, { sub: 'dana', name: 'Dana Whitfield', course: null, roles: ['district-admin'] });
    }, 60_000);
    afterAll(async () => {
      await tool?.stop();
      await db?.drop();
    });

    it('lets only a district admin set the retention, within its limits', async () => {
      const get = await call(tool, dana.token, 'GET', '/api/v1/admin/retention');
      expect(get.body).toEqual({ detailDays: 730, feedDays: 90 });
      const low = await call(tool, dana.token, 'PUT', '/api/v1/admin/retention', { detailDays: 7 });
      expect(low.status).toBe(400);
      expect(JSON.stringify(low.body.error)).toMatch(/at least 30 days/);
      const text = await call(tool, dana.token, 'PUT', '/api/v1/admin/retention', { detailDays: 'a year' });
      expect(text.status).toBe(400);
      expect(JSON.stringify(text.body.error)).toMatch(/whole number/);
      const high = await call(tool, dana.token, 'PUT', '/api/v1/admin/retention', { detailDays: 5000 });
      expect(JSON.stringify(high.body.error)).toMatch(/at most 3650 days/);
      const teacher = await call(tool, benLaunch.token, 'PUT', '/api/v1/admin/retention', { detailDays: 60 });
      expect(teacher.status).toBe(403);
      const set = await call(tool, dana.token, 'PUT', '/api/v1/admin/retention', { detailDays: 45 });
      expect(set.body).toEqual({ detailDays: 45, feedDays: 90 });
    });

    it('removes feedback text, notes and ledger details past the setting, keeping counts and outcomes', async () => {
      await call(tool, dana.token, 'PUT', '/api/v1/admin/retention', { detailDays: 45 });
      const [oldOne, newOne] = [fresh({ visibility: 'district' }), fresh({ visibility: 'district' })];
      await push(tool, ana.accessToken, [upsert(oldOne, null), upsert(newOne, null)]);
      for (const a of [oldOne, newOne]) {
        const e = await call(tool, benLaunch.token, 'PUT', `/api/v1/adaptations/${a.id}/endorsement`, {
          outcome: 'worked-well',
          note: 'Used it with my second period',
        });
        expect(e.status).toBe(200);
        const f = await call(tool, benLaunch.token, 'POST', `/api/v1/adaptations/${a.id}/feedback`, {
          type: 'suggestion',
          text: 'Try it with a timer.',
        });
        expect(f.status).toBe(201);
      }
      // The first one's feedback and events are 60 days old: past the district's 45 days.
      const k = tool.services.db.knex;
      const old = new Date(Date.now() - 60 * 86_400_000).toISOString();
      await k('feedback').where('adaptation_id', oldOne.id).update({ created_at: old });
      await k('endorsements').where('adaptation_id', oldOne.id).update({ updated_at: old });
      await k('contribution_events').where('adaptation_id', oldOne.id).update({ at: old });
      const ledgerBefore = await k('contribution_events').count({ n: '*' }).first();
      const metrics = async () => {
        const { generatedAt: _at, ...report } = (await call(tool, dana.token, 'GET', '/api/v1/metrics/report')).body;
        return report as unknown;
      };
      const metricsBefore = await metrics();

      const pass = await tool.services.retention.runOnce();
      const mine = pass!.details.find((d) => d.tenantId === dana.ctx.tenant.id)!;
      expect(mine).toMatchObject({ feedbackTexts: 1, endorsementNotes: 1 });
      expect(mine.ledgerDetails).toBeGreaterThan(0);

      const oldDetail = (await call(tool, benLaunch.token, 'GET', `/api/v1/library/${oldOne.id}`)).body;
      expect(oldDetail.feedback).toEqual([
        expect.objectContaining({ text: '', textRemoved: true, type: 'suggestion' }),
      ]);
      expect(oldDetail.endorsements).toEqual([expect.objectContaining({ outcome: 'worked-well', note: '' })]);
      expect(oldDetail.adaptation).toMatchObject({ feedbackCount: 1, endorsementCount: 1 });
      const newDetail = (await call(tool, benLaunch.token, 'GET', `/api/v1/library/${newOne.id}`)).body;
      expect(newDetail.feedback).toEqual([
        expect.objectContaining({ text: 'Try it with a timer.', textRemoved: false }),
      ]);
      expect(newDetail.endorsements[0].note).toBe('Used it with my second period');

      // Ledger: as many events as before; old ones keep only the outcome metrics read.
      expect(await k('contribution_events').count({ n: '*' }).first()).toEqual(ledgerBefore);
      const events: { type: string; data_json: string }[] = await k('contribution_events')
        .where('adaptation_id', oldOne.id)
        .select('type', 'data_json');
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['shared', 'endorsed', 'feedback-given']));
      for (const e of events) {
        const data = JSON.parse(e.data_json) as Record<string, unknown>;
        expect(Object.keys(data).filter((key) => key !== 'outcome')).toEqual([]);
        if (e.type === 'endorsed') expect(data.outcome).toBe('worked-well');
      }
      const fresher: { data_json: string } | undefined = await k('contribution_events')
        .where('adaptation_id', newOne.id)
        .andWhere('type', 'feedback-given')
        .first('data_json');
      expect(JSON.parse(fresher!.data_json)).toEqual({ feedbackType: 'suggestion' });
      expect(await metrics()).toEqual(metricsBefore);

      // A second pass finds nothing more to remove.
      const twice = await tool.services.retention.runOnce();
      expect(twice!.details.find((d) => d.tenantId === dana.ctx.tenant.id)).toBeUndefined();
    });

    it('serves "What Margins keeps about you" in both languages, with the district\u2019s own figures', async () => {
      await call(tool, dana.token, 'PUT', '/api/v1/admin/retention', { detailDays: 45 });
      const plain = await fetch(`${tool.url}/what-margins-keeps`);
      expect(plain.status).toBe(200);
      const en = await plain.text();
      expect(en).toContain('<html lang="en">');
      expect(en).toContain('What Margins keeps about you');
      expect(en).toContain('kept 730 days');
      expect(en).toContain('The periods below are the defaults.');
      expect(en).not.toContain('<script');

      const own = await (await fetch(`${tool.url}/what-margins-keeps?district=${dana.ctx.tenant.id}&lang=es`)).text();
      expect(own).toContain('<html lang="es">');
      expect(own).toContain('Lo que Margins guarda sobre ti');
      expect(own).toContain('se guarda 45 días');
      expect(own).toContain('los que ha fijado tu distrito');

      const accept = await (
        await fetch(`${tool.url}/what-margins-keeps`, { headers: { 'accept-language': 'es-MX,es;q=0.9' } })
      ).text();
      expect(accept).toContain('Lo que Margins guarda sobre ti');
      const bad = await fetch(`${tool.url}/what-margins-keeps?lang=fr`);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('The language (lang) is en or es.');
      expect((await fetch(`${tool.url}/what-margins-keeps?district=not-a-district`)).status).toBe(400);
    });
  });
}
