import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { selectText, type AnnotatorUi } from '../../support/annotator-ui.js';
import { chromiumAvailable } from '../../support/chromium.js';
import { districtTotals } from '../../support/deletion-probes.js';
import { callApi, databaseKinds } from '../../support/lti-stack.js';
import { eventually, startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

const SHARED = 'Sentence frames for the claim, shared with the course.';
const MINE = 'Only for me: start with the table group by the window.';

/**
 * Issue 16, "delete my account" end to end in Chromium: Ana shares an adaptation from her extension
 * (and keeps one only in her browser), Ben sees hers on the lesson page and in the LMS library. Ana
 * downloads her browser's data, then deletes her account from the extension's My data (keyboard and
 * typed confirmation). Ben's view (library and extension after a sync) no longer shows it, the
 * district's totals are the same, Ana's old token is refused, and her browser is disconnected with
 * both of her adaptations still in it.
 */
for (const kind of databaseKinds())
  describe.skipIf(!chromiumAvailable())(
    `deleting an account from the extension on ${kind.name}`,
    { timeout: 300_000 },
    () => {
      let world: SyncWorld;
      let ana: TeacherBrowser;
      let ben: TeacherBrowser;
      let lesson: { page: Page; ui: AnnotatorUi; tabId: number };
      let sharedId: string;

      const write = async (passage: string, body: string, visibility: 'district' | 'private') => {
        const { page, ui } = lesson;
        await selectText(page, '#p-models', passage);
        await ui.click('.adapt-button');
        await ui.waitFor('[role="dialog"]');
        await ui.click('input[name="kinds"][value="scaffolding"]');
        await ui.type('#mg-body', body);
        await ui.click(`input[name="visibility"][value="${visibility}"]`);
        await ui.click('button[type="submit"]');
        await ui.waitFor('[role="dialog"]', { hidden: true });
      };
      const libraryIds = async (user: string) => {
        const res = await callApi(world.tool, await world.session(user), '/api/v1/library?scope=district');
        return (res.body.items as { id: string }[]).map((i) => i.id);
      };

      beforeAll(async () => {
        world = await startWorld({ kind });
        [ana, ben] = await Promise.all([world.browser(), world.browser()]);
        for (const [b, who] of [
          [ana, 'ana'],
          [ben, 'ben'],
        ] as const) {
          const code = await world.code(who);
          await (await b.pairTyped(code.toolUrl, code.code)).close();
        }
      }, 240_000);
      afterAll(async () => world?.stop());

      it('shares from the extension, and a colleague sees it', async () => {
        lesson = await ana.open(world.lessonUrl);
        await ana.enableSite(lesson.tabId);
        await write('unlike denominators', SHARED, 'district');
        await write('area model', MINE, 'private');
        const stored = await eventually(
          async () => {
            const rows = await world.tool.services.db.knex('adaptations').select('id');
            return rows.length === 1 ? rows : null;
          },
          'the shared adaptation to reach the tool',
          60_000,
        );
        sharedId = stored[0].id;
        expect(await libraryIds('ben')).toContain(sharedId);
        // Ben connected before she wrote it: his browser pulls it now (as its next scheduled sync would).
        expect((await ben.command({ type: 'syncNow' })).ok).toBe(true);
        await eventually(
          async () => (await ben.readStore<{ id: string }>('shared')).some((r) => r.id === sharedId),
          "Ben's pull",
        );
        const { page, ui, tabId } = await ben.open(world.lessonUrl);
        await ben.enableSite(tabId);
        await page.reload();
        await ui.waitFor('.marker.colleague', { timeout: 30_000 });
        await page.close();
      });

      it('deletes her account from the extension; the colleague no longer sees it and the totals stay', async () => {
        expect(sharedId).toMatch(/^[0-9a-f-]{36}$/); // the first test shared it
        const k = world.tool.services.db.knex;
        const me = (await callApi(world.tool, await world.session('ana'), '/api/v1/session')).body;
        // What sharing earned is issued first (its pass is debounced), so the totals compare deletion alone.
        await world.tool.services.recognition.evaluate(me.tenant.id);
        const before = await districtTotals(k, me.tenant.id);
        const token = ((await ana.readStore<{ key: string; value: any }>('settings')).find((s) => s.value?.accessToken)
          ?.value.accessToken ?? '') as string;
        expect(token).not.toBe('');

        const panel = await ana.ext.context.newPage();
        await panel.goto(`chrome-extension://${ana.ext.extensionId}/sidepanel.html?view=transfer`);
        // Download my data: the browser's own data, her adaptations as W3C annotations included.
        const [download] = await Promise.all([
          panel.waitForEvent('download'),
          panel.getByRole('button', { name: 'Download my data (JSON)' }).click(),
        ]);
        const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
        expect(file.format).toBe('margins-extension-data/1');
        expect(JSON.stringify(file.annotations)).toContain(SHARED);
        expect(JSON.stringify(file.annotations)).toContain(MINE);
        expect(JSON.stringify(file)).not.toContain(token);

        // Delete, by keyboard: open, choose "revoke", type the word, and the submit refuses until both are done.
        // The submit button says why it cannot act yet (aria-disabled, still focusable and announced).
        const submitByKeyboard = async () => {
          await panel.getByRole('button', { name: 'Delete my account', exact: true }).focus();
          await panel.keyboard.press('Enter');
        };
        await panel.getByRole('button', { name: 'Delete my account…' }).focus();
        await panel.keyboard.press('Enter');
        await panel
          .getByRole('heading', { name: 'Delete your account from Riverside Unified School District?' })
          .waitFor();
        await submitByKeyboard();
        await panel.getByText('Choose what happens to your recognition badges first.').waitFor();
        await panel.getByLabel('Revoke them (verifiers will see them as revoked)').focus();
        await panel.keyboard.press('Space');
        await panel.getByLabel('Type DELETE to confirm').fill('DELET');
        await submitByKeyboard();
        await panel.getByText('Type DELETE in the box to confirm.').waitFor();
        expect(await k('users').where({ id: me.user.id }).first('deleted_at')).toEqual({ deleted_at: null });
        await panel.getByLabel('Type DELETE to confirm').fill('DELETE');
        await panel.keyboard.press('Enter');
        await panel.getByText(/Your account was deleted from the district \(1 adaptations withdrawn\)/).waitFor();
        await panel.getByRole('tab', { name: 'Sharing' }).click();
        await panel.getByText('Your Margins account was deleted from this district', { exact: false }).waitFor();
        await panel.close();

        // Her browser keeps both of her adaptations, and is disconnected.
        const local = (await ana.readStore<{ adaptation: { body: string } }>('adaptations')).map(
          (r) => r.adaptation.body,
        );
        expect(local.sort()).toEqual([MINE, SHARED].sort());
        const status = await ana.command<{ connection: { state: string } }>({ type: 'getSyncStatus' });
        expect(status).toMatchObject({ ok: true, value: { connection: { state: 'disconnected' } } });
        // The old token is refused.
        const refused = await callApi(world.tool, token, '/api/v1/sync/pull');
        expect(refused.status).toBe(401);

        // Ben: the LMS library and, after a sync, his extension no longer show it.
        expect(await libraryIds('ben')).not.toContain(sharedId);
        expect((await ben.command({ type: 'syncNow' })).ok).toBe(true);
        await eventually(
          async () => !(await ben.readStore<{ id: string }>('shared')).some((r) => r.id === sharedId),
          "Ben's browser to drop it",
        );
        const list = await ben.command<{ colleagues: unknown[] }>({
          type: 'listPageAdaptations',
          pageUrl: world.lessonUrl,
        });
        expect(list).toMatchObject({ ok: true, value: { colleagues: [] } });
        expect(JSON.stringify(await ben.readStore('shared'))).not.toContain(SHARED);

        // The district's totals are the same.
        expect(await districtTotals(k, me.tenant.id)).toEqual(before);
      });
    },
  );
