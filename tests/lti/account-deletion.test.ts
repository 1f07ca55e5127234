import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyDataExportSchema } from '@margins/shared';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import { callApi, databaseKinds, registerWithEachOther, sessionToken } from '../support/lti-stack.js';
import {
  ext,
  offlineAdaptation,
  pageIds,
  pairWithLaunch,
  pullAll,
  upsertChange,
  type TokenPair,
} from '../support/sync-client.js';
import { districtTotals, failLastStatement, snapshot } from '../support/deletion-probes.js';

/**
 * Issue 16, item 4: "delete my account from the district". Ana deletes hers from her connected
 * browser; her practices leave colleagues' views (library, page lookups, sync), Chloé's remix credits
 * "a former colleague", the district's ledger and metrics keep their totals, her browser is refused,
 * her recognitions are revoked on the status list, and a new launch starts an empty account. A
 * district admin deletes a teacher who left; nobody else can; and a deletion that fails on its last
 * statement changes nothing at all.
 */
for (const kind of databaseKinds()) {
  describe(`deleting an account on ${kind.name}`, { timeout: 120_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let riverside: TestPlatform;
    let lakeside: TestPlatform;
    let rClient: string;
    let lClient: string;
    const launch = async (
      p: TestPlatform,
      clientId: string,
      user: string,
      extra: { course?: string; placement?: 'account_navigation' } = { course: 'ela-plc' },
    ) => {
      const res = await p.launch({ clientId, user, ...extra });
      if (res.status !== 200) throw new Error(`launch failed ${res.status}`);
      return sessionToken(res.body);
    };
    const r = (user: string, extra?: { course?: string; placement?: 'account_navigation' }) =>
      launch(riverside, rClient, user, extra);
    const push = async (pair: TokenPair, a: ReturnType<typeof offlineAdaptation>) => {
      const res = await ext(tool, pair, '/api/v1/sync/push', {
        method: 'POST',
        body: JSON.stringify({ changes: [upsertChange(a, null)] }),
      });
      expect(res.status).toBe(200);
    };
    const del = (token: string, body: unknown, path = '/api/v1/me/deletion') =>
      callApi(tool, token, path, { method: 'POST', body: JSON.stringify(body) });
    const idOf = async (token: string) => (await callApi(tool, token, '/api/v1/session')).body.user.id as string;
    const award = async (recipientId: string, title: string) => {
      const coach = await r('ben');
      const input = { recipientId, title, citation: 'Led the PLC through three lesson studies.' };
      const preview = await callApi(tool, coach, '/api/v1/coach/recognition/preview', {
        method: 'POST',
        body: JSON.stringify(input),
      });
      const res = await callApi(tool, coach, '/api/v1/coach/recognition', {
        method: 'POST',
        body: JSON.stringify({ ...input, confirmedPreview: preview.body.confirmation }),
      });
      expect(res.status).toBe(201);
    };
    const verify = async (credential: unknown) =>
      (await (
        await fetch(`${tool.url}/badges/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(credential),
        })
      ).json()) as { valid: boolean };

    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      [riverside, lakeside] = await Promise.all([
        startTestPlatform({ roster: 'riverside' }),
        startTestPlatform({ roster: 'lakeside' }),
      ]);
      rClient = (await registerWithEachOther(tool, riverside)).clientId;
      lClient = (await registerWithEachOther(tool, lakeside)).clientId;
      const ben = await r('ben');
      const me = (await callApi(tool, ben, '/api/v1/session')).body;
      await tool.services.tenancy.grant(me.tenant.id, me.user.id, 'coach', null);
    }, 120_000);
    afterAll(async () => {
      await Promise.all([riverside?.close(), lakeside?.close()]);
      await tool?.stop();
      await db?.drop();
    });

    it('withdraws her practices, credits a former colleague, keeps the totals and refuses her browser', async () => {
      const ana = await r('ana');
      const chloe = await r('chloe');
      const anaId = await idOf(ana);
      const anaBrowser = await pairWithLaunch(tool, ana, 'Chrome at school');
      const chloeBrowser = await pairWithLaunch(tool, chloe);
      const page = { url: 'https://curriculum.example.org/unit-3', title: 'Unit 3' };
      const mine = offlineAdaptation({ visibility: 'district', page, body: 'Ana: sentence frames for claims.' });
      const secret = offlineAdaptation({ visibility: 'private', page, body: 'Ana: only for me.' });
      const hers = offlineAdaptation({ visibility: 'district', page, body: 'Chloé: think-pair-share.' });
      await push(anaBrowser, mine);
      await push(anaBrowser, secret);
      await push(chloeBrowser, hers);
      const remixId = randomUUID();
      const remix = await ext(tool, chloeBrowser, `/api/v1/adaptations/${mine.id}/remix`, {
        method: 'POST',
        body: JSON.stringify({ id: remixId, body: 'Chloé: frames, with a word bank.' }),
      });
      expect(remix.status).toBe(201);
      expect(remix.body.provenance.originalAuthor).toMatchObject({ id: anaId, name: 'Ana Lima' });
      for (const [pair, id, text] of [
        [chloeBrowser, mine.id, 'Chloé liked the frames.'],
        [anaBrowser, hers.id, 'Ana says it worked in period 2.'],
      ] as const)
        expect(
          (
            await ext(tool, pair, `/api/v1/adaptations/${id}/feedback`, {
              method: 'POST',
              body: JSON.stringify({ type: 'what-worked', text }),
            })
          ).status,
        ).toBe(201);
      expect(
        (
          await ext(tool, anaBrowser, `/api/v1/adaptations/${hers.id}/endorsement`, {
            method: 'PUT',
            body: JSON.stringify({ outcome: 'worked-well', note: 'Ana: the whole table joined in.' }),
          })
        ).status,
      ).toBe(200);
      await award(anaId, 'Argument writing');
      const tenantId = (await callApi(tool, ana, '/api/v1/session')).body.tenant.id as string;
      await tool.services.tenancy.grant(tenantId, anaId, 'curriculum-lead', null);
      // The coach's award, and the badges the district's rules gave her for sharing (pass run now).
      await tool.services.recognition.evaluate((await callApi(tool, ana, '/api/v1/session')).body.tenant.id);
      const held = MyDataExportSchema.parse((await callApi(tool, ana, '/api/v1/me/data')).body).credentials;
      const credential = held[0]!.credential;
      expect((await verify(credential)).valid).toBe(true);
      expect(await pageIds(tool, chloeBrowser, page.url)).toEqual(expect.arrayContaining([mine.id, remixId]));
      const { cursor } = await pullAll(tool, chloeBrowser);
      const before = await districtTotals(tool.services.db.knex, tenantId);

      // Bad input is refused with the reason, and nothing happens.
      const noConfirm = await del(anaBrowser.accessToken, { recognitions: 'revoke' });
      expect(noConfirm.status).toBe(400);
      expect(noConfirm.body.error.message).toContain('confirm');
      const badChoice = await del(anaBrowser.accessToken, { confirm: 'delete', recognitions: 'maybe' });
      expect(badChoice.status).toBe(400);
      expect(badChoice.body.error.message).toMatch(/revoke.*keep/);
      expect((await del(anaBrowser.accessToken, { confirm: 'yes', recognitions: 'keep' })).status).toBe(400);
      expect(await pageIds(tool, chloeBrowser, page.url)).toContain(mine.id);

      // From her connected browser (the extension's "Delete my account").
      const res = await del(anaBrowser.accessToken, { confirm: 'delete', recognitions: 'revoke' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        deleted: true,
        adaptationsWithdrawn: 2,
        remixesCredited: 1,
        devicesDisconnected: 1,
        recognitionsRevoked: held.length,
        recognitionsKept: 0,
        feedbackRemoved: 1,
      });

      // Colleagues' views: page lookup, sync, LMS library.
      expect(await pageIds(tool, chloeBrowser, page.url)).toEqual(expect.not.arrayContaining([mine.id]));
      const pulled = await pullAll(tool, chloeBrowser, cursor);
      expect(pulled.changes).toEqual(expect.arrayContaining([expect.objectContaining({ op: 'remove', id: mine.id })]));
      const chloeRemix = pulled.changes.find((c) => c.adaptation?.id === remixId);
      expect(chloeRemix.adaptation.provenance.originalAuthor).toEqual({ id: 'former-colleague' });
      const library = await callApi(tool, chloe, '/api/v1/library?scope=district');
      const listed = (library.body.items as { id: string }[]).map((i) => i.id);
      expect(listed).toContain(hers.id);
      expect(listed).not.toContain(mine.id);
      const everything = JSON.stringify([library.body, pulled.changes, await pullAll(tool, chloeBrowser)]);
      expect(everything).not.toContain('Ana');

      // Her browser and her LMS session are refused.
      const refused = await ext(tool, anaBrowser, '/api/v1/sync/pull');
      expect(refused.status).toBe(401);
      expect(refused.body.error).toMatchObject({ code: 'token_revoked', message: expect.stringContaining('deleted') });
      expect((await callApi(tool, ana, '/api/v1/session')).status).toBe(401);

      // District totals (ledger, participation and spread metrics) are unchanged; her row is a pseudonym.
      expect(await districtTotals(tool.services.db.knex, tenantId)).toEqual(before);
      const k = tool.services.db.knex;
      const row = await k('users').where({ id: anaId }).first();
      expect(row).toMatchObject({ name: '', email: null });
      expect(row.sub).toMatch(/^deleted:[0-9a-f-]{36}$/);
      expect(await k('role_grants').where({ user_id: anaId })).toEqual([]);
      const tombstones = await k('adaptations').whereIn('id', [mine.id, secret.id]);
      for (const t of tombstones) {
        expect(t).toMatchObject({ search_text: '', page_title: '', canonical_url: '' });
        expect(JSON.parse(t.json)).toEqual({ id: t.id, version: 2, deleted: true, updatedAt: t.updated_at });
      }
      const leftovers = JSON.stringify(
        await Promise.all(
          ['adaptations', 'feedback', 'endorsements', 'passage_members', 'users', 'recognitions'].map((t) => k(t)),
        ),
      );
      for (const text of [
        'sentence frames',
        'only for me',
        'Chloé liked',
        'period 2',
        'whole table',
        'Ana Lima',
        'three lesson',
      ])
        expect(leftovers).not.toContain(text);

      // Her recognition is revoked on the status list: the copy she downloaded no longer verifies.
      expect((await verify(credential)).valid).toBe(false);

      // The same LMS user launching again starts a new, empty account.
      const again = await r('ana');
      expect(await idOf(again)).not.toBe(anaId);
      const fresh = MyDataExportSchema.parse((await callApi(tool, again, '/api/v1/me/data')).body);
      expect([fresh.adaptations, fresh.credentials, fresh.feedback, fresh.devices]).toEqual([[], [], [], []]);
    });

    it('lets a district admin delete a teacher who left, and no one else', async () => {
      // Ana came back after the first test (a new account) and has now left the district.
      const sam = await r('ana');
      const samId = await idOf(sam);
      await award(samId, 'Mentoring');
      const credential = MyDataExportSchema.parse((await callApi(tool, sam, '/api/v1/me/data')).body).credentials[0]!
        .credential;
      const path = `/api/v1/admin/people/${samId}/deletion`;
      const body = { confirm: 'delete', recognitions: 'keep' };
      // A teacher, a coach without the admin role, another district's admin: refused.
      const teacher = await del(await r('chloe'), body, path);
      expect(teacher.status).toBe(403);
      expect(teacher.body.error.code).toBe('forbidden');
      expect((await del(await r('ben'), body, path)).status).toBe(403);
      const lakesideAdmin = await launch(lakeside, lClient, 'dana', { placement: 'account_navigation' });
      const elsewhere = await del(lakesideAdmin, body, path);
      expect(elsewhere.status).toBe(404);
      const admin = await r('dana', { placement: 'account_navigation' });
      expect((await del(admin, body, `/api/v1/admin/people/${randomUUID()}/deletion`)).status).toBe(404);
      expect((await del(admin, { ...body, recognitions: undefined }, path)).status).toBe(400);
      expect((await del(admin, { ...body, extra: 1 }, path)).status).toBe(400);
      expect((await callApi(tool, sam, '/api/v1/session')).status).toBe(200);

      const done = await del(admin, body, path);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ deleted: true, recognitionsKept: 1, recognitionsRevoked: 0 });
      // Kept: the copy Sam holds still verifies; the district no longer shows it or keeps its text.
      expect((await verify(credential)).valid).toBe(true);
      expect((await callApi(tool, sam, '/api/v1/session')).status).toBe(401);
      const people = await callApi(tool, admin, '/api/v1/admin/people?q=');
      expect((people.body.people as { userId: string }[]).map((p) => p.userId)).not.toContain(samId);
      expect((await del(admin, body, path)).body.error.message).toContain('already deleted');
    });

    it('changes nothing when the deletion fails on its last statement', async () => {
      const chloe = await r('chloe');
      const chloeId = await idOf(chloe);
      const browser = await pairWithLaunch(tool, chloe);
      await push(browser, offlineAdaptation({ visibility: 'district', body: 'Chloé: exit tickets.' }));
      await award(chloeId, 'Feedback');
      const k = tool.services.db.knex;
      const before = await snapshot(k);
      const undo = await failLastStatement(k, tool.services.db.kind);
      try {
        const res = await del(browser.accessToken, { confirm: 'delete', recognitions: 'revoke' });
        expect(res.status).toBe(500);
      } finally {
        await undo();
      }
      expect(await snapshot(k)).toEqual(before);
      expect((await ext(tool, browser, '/api/v1/sync/pull')).status).toBe(200);
      // With the failure gone, the same request deletes the account.
      expect((await del(browser.accessToken, { confirm: 'delete', recognitions: 'revoke' })).status).toBe(200);
      expect(await snapshot(k)).not.toEqual(before);
    });
  });
}
