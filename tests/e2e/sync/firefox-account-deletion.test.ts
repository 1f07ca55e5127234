import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectText } from '../../support/annotator-ui.js';
import { chromiumAvailable } from '../../support/chromium.js';
import { districtTotals } from '../../support/deletion-probes.js';
import { startBrowserHarness, type BrowserHarness } from '../../support/extension-harness.js';
import { firefoxAvailable } from '../../support/firefox.js';
import { callApi, databaseKinds } from '../../support/lti-stack.js';
import { click, fill, waitFor } from '../../support/page-queries.js';
import { connectByCode } from './connect-by-code.js';
import { eventually, startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

const BODY = 'Think-pair-share before the written claim.';

/**
 * Issue 16, "delete my account" with the teacher in Firefox ESR: Ana shares from Firefox, Ben
 * (Chromium) has it after a sync; Ana deletes her account from the Firefox panel's My data; Ben's
 * browser drops it at its next sync, the LMS library no longer lists it, the district's totals stay,
 * and Ana's Firefox is disconnected with her adaptation still in it.
 */
for (const kind of databaseKinds())
  describe.skipIf(!firefoxAvailable() || !chromiumAvailable())(
    `deleting an account from Firefox, the tool on ${kind.name}`,
    { timeout: 300_000 },
    () => {
      let world: SyncWorld;
      let ana: BrowserHarness;
      let ben: TeacherBrowser;
      beforeAll(async () => {
        world = await startWorld({ kind });
        ana = await startBrowserHarness('firefox', { server: world.curriculum });
        ben = await world.browser();
      }, 240_000);
      afterAll(async () => {
        await ana?.close();
        await world?.stop();
      });

      it('withdraws what she shared from a colleague in Chromium and keeps it in her Firefox', async () => {
        await connectByCode(ana, world, { user: 'ana', name: 'Ana Lima' });
        const lesson = await ana.openLesson();
        await ana.enableSite(lesson.tabId);
        await selectText(lesson.page, '#p-models', 'unlike denominators');
        await lesson.ui.click('.adapt-button');
        await lesson.ui.waitFor('[role="dialog"]');
        await lesson.ui.click('input[name="kinds"][value="scaffolding"]');
        await lesson.ui.type('#mg-body', BODY);
        await lesson.ui.click('input[name="visibility"][value="district"]');
        await lesson.ui.click('button[type="submit"]');
        await lesson.ui.waitFor('[role="dialog"]', { hidden: true });
        const [row] = await eventually(
          async () => {
            const rows: { id: string }[] = await world.tool.services.db.knex('adaptations').select('id');
            return rows.length ? rows : null;
          },
          'her adaptation to reach the tool',
          90_000,
        ).catch(async (e: unknown) => {
          // Say what her browser thinks of its sync (a refusal, a backoff), not only that it timed out.
          const status = await ana.driver.extension(() => chrome.runtime.sendMessage({ type: 'getSyncStatus' }));
          throw new Error(`${(e as Error).message}; her sync status: ${JSON.stringify(status)}`);
        });
        const id = row!.id;
        const benCode = await world.code('ben');
        await (await ben.pairTyped(benCode.toolUrl, benCode.code)).close();
        expect((await ben.command({ type: 'syncNow' })).ok).toBe(true);
        await eventually(
          async () => (await ben.readStore<{ id: string }>('shared')).some((r) => r.id === id),
          "Ben's pull",
        );
        const me = (await callApi(world.tool, await world.session('ana'), '/api/v1/session')).body;
        // What sharing earned is issued first (its pass is debounced), so the totals compare deletion alone.
        await world.tool.services.recognition.evaluate(me.tenant.id);
        const before = await districtTotals(world.tool.services.db.knex, me.tenant.id);

        const panel = await ana.openPanel(lesson.tabId);
        await click(panel, { role: 'tab', name: 'Export and import' });
        await click(panel, { role: 'button', name: 'Delete my account…' });
        await waitFor(panel, { role: 'heading', name: 'Delete your account from Riverside Unified School District?' });
        await click(panel, { label: 'Keep them valid (the district keeps no copy)' });
        await fill(panel, { label: 'Type DELETE to confirm' }, 'BORRAR');
        await click(panel, { role: 'button', name: 'Delete my account' });
        await waitFor(panel, { text: 'Type DELETE in the box to confirm.' });
        await fill(panel, { label: 'Type DELETE to confirm' }, 'DELETE');
        await click(panel, { role: 'button', name: 'Delete my account' });
        await waitFor(
          panel,
          { text: /^Your account was deleted from the district \(1 adaptations withdrawn\)/ },
          { timeout: 30_000 },
        );
        await panel.close();

        const status = (await ana.driver.extension(() => chrome.runtime.sendMessage({ type: 'getSyncStatus' }))) as {
          value: { connection: { state: string } };
        };
        expect(status.value.connection.state).toBe('disconnected');
        expect(JSON.stringify(await ana.readStore('adaptations'))).toContain(BODY);

        expect((await ben.command({ type: 'syncNow' })).ok).toBe(true);
        await eventually(
          async () => !(await ben.readStore<{ id: string }>('shared')).some((r) => r.id === id),
          "Ben's browser to drop it",
        );
        const library = await callApi(world.tool, await world.session('ben'), '/api/v1/library?scope=district');
        expect((library.body.items as { id: string }[]).map((i) => i.id)).not.toContain(id);
        expect(await districtTotals(world.tool.services.db.knex, me.tenant.id)).toEqual(before);
      });
    },
  );
