import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyDataExportSchema, fromWebAnnotationDocument } from '@margins/shared';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import { callApi, databaseKinds, registerWithEachOther, sessionToken } from '../support/lti-stack.js';
import { ext, offlineAdaptation, pairWithLaunch, upsertChange } from '../support/sync-client.js';

/**
 * Issue 16, "teachers own their data" (first part): the "My data" download holds everything the
 * district keeps about the person asking (adaptations also as W3C annotations that read back, signed
 * credentials that verify, what they said, their browsers, the record about them), and nothing of
 * anyone else's.
 */
for (const kind of databaseKinds()) {
  describe(`"My data" download on ${kind.name}`, { timeout: 90_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let platform: TestPlatform;
    let clientId: string;
    const launch = async (user: string, course: string) => {
      const res = await platform.launch({ clientId, user, course });
      if (res.status !== 200) throw new Error(`launch failed ${res.status}`);
      return sessionToken(res.body);
    };

    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db);
      platform = await startTestPlatform({ roster: 'riverside' });
      clientId = (await registerWithEachOther(tool, platform)).clientId;
    }, 120_000);
    afterAll(async () => {
      await platform?.close();
      await tool?.stop();
      await db?.drop();
    });

    it('gives Ana all of hers and none of Chloé\u2019s', async () => {
      const ana = await launch('ana', 'ela-plc');
      const chloe = await launch('chloe', 'ela-plc');
      const anaBrowser = await pairWithLaunch(tool, ana, 'Chrome at school');
      const chloeBrowser = await pairWithLaunch(tool, chloe);
      const mine = offlineAdaptation({
        visibility: 'district',
        page: { url: 'https://curriculum.example.org/a', title: 'A' },
      });
      const hers = offlineAdaptation({
        visibility: 'district',
        page: { url: 'https://curriculum.example.org/b', title: 'B' },
      });
      for (const [pair, a] of [
        [anaBrowser, mine],
        [chloeBrowser, hers],
      ] as const)
        expect(
          (
            await ext(tool, pair, '/api/v1/sync/push', {
              method: 'POST',
              body: JSON.stringify({ changes: [upsertChange(a, null)] }),
            })
          ).status,
        ).toBe(200);
      const endorsed = await ext(tool, anaBrowser, `/api/v1/adaptations/${hers.id}/endorsement`, {
        method: 'PUT',
        body: JSON.stringify({ outcome: 'worked-well', note: 'The frames helped the whole table.' }),
      });
      expect(endorsed.status).toBe(200);
      const fed = await ext(tool, chloeBrowser, `/api/v1/adaptations/${mine.id}/feedback`, {
        method: 'POST',
        body: JSON.stringify({ type: 'what-worked', text: 'Used it in period 2 and it worked.' }),
      });
      expect(fed.status).toBe(201);

      // A coach's award to Ana: its signed credential is hers to download.
      const benSession = await launch('ben', 'ela-plc');
      const me = (await callApi(tool, benSession, '/api/v1/session')).body;
      await tool.services.tenancy.grant(me.tenant.id, me.user.id, 'coach', null);
      const coach = await launch('ben', 'ela-plc');
      const anaId = (await callApi(tool, ana, '/api/v1/session')).body.user.id;
      const award = {
        recipientId: anaId,
        title: 'Argument writing',
        citation: 'Led the PLC through three lesson studies.',
      };
      const preview = await callApi(tool, coach, '/api/v1/coach/recognition/preview', {
        method: 'POST',
        body: JSON.stringify(award),
      });
      const awarded = await callApi(tool, coach, '/api/v1/coach/recognition', {
        method: 'POST',
        body: JSON.stringify({ ...award, confirmedPreview: preview.body.confirmation }),
      });
      expect(awarded.status).toBe(201);

      const res = await callApi(tool, ana, '/api/v1/me/data');
      expect(res.status).toBe(200);
      const data = MyDataExportSchema.parse(res.body);
      expect(data.me).toMatchObject({ name: 'Ana Lima', lmsUserId: 'ana' });
      expect(data.adaptations.map((a) => a.id)).toEqual([mine.id]);
      expect(fromWebAnnotationDocument(data.annotations).adaptations.map((a) => a.id)).toEqual([mine.id]);
      expect(data.endorsements).toEqual([
        expect.objectContaining({
          adaptationId: hers.id,
          outcome: 'worked-well',
          note: 'The frames helped the whole table.',
        }),
      ]);
      expect(data.feedback).toEqual([]); // Chloé's feedback on Ana's practice is Chloé's
      expect(data.devices.map((d) => d.name)).toEqual(['Chrome at school']);
      expect(data.contributions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'shared', role: 'actor', adaptationId: mine.id }),
          expect.objectContaining({ type: 'feedback-given', role: 'beneficiary', adaptationId: mine.id }),
        ]),
      );
      expect(data.credentials).toHaveLength(1);
      expect(data.credentials[0]!.status).toBe('active');
      const verified = await fetch(`${tool.url}/badges/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(data.credentials[0]!.credential),
      });
      expect(((await verified.json()) as { valid: boolean }).valid).toBe(true);
      const all = JSON.stringify(data);
      expect(all).not.toContain(hers.body);
      expect(all).not.toContain('Chloé');
      expect((await fetch(`${tool.url}/api/v1/me/data`)).status).toBe(401);
    });
  });
}
