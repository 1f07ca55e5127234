import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectText } from '../../support/annotator-ui.js';
import { firefoxAvailable } from '../../support/firefox.js';
import { chromiumAvailable } from '../../support/chromium.js';
import { databaseKinds } from '../../support/lti-stack.js';
import { startBrowserHarness, type BrowserHarness } from '../../support/extension-harness.js';
import { click, waitFor } from '../../support/page-queries.js';
import { connectByCode } from './connect-by-code.js';
import { eventually, startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

const BODY = 'Fraction strips first, then the area model.';

/**
 * Issue 13: sharing across browsers. Ana connects Margins in Firefox ESR to her district, writes an
 * adaptation shared with her course, it reaches the tool, and Ben (Chromium, same course) sees it on
 * the same page in the colleague style; Ben's "I tried this" comes back to Ana's note in Firefox.
 *
 * What is simulated: in Firefox, Ana types the connection code into the extension's own pair page, as
 * a Firefox teacher must. The LMS's one-click connect finds the extension by its pinned
 * `chrome-extension://` id and hands the code to pair.html by postMessage; a Firefox add-on's
 * `moz-extension://` address is random per profile, so no web page can open it. The code itself is
 * made by the tool's API as the LMS page makes it (the LMS page is driven in pairing.test.ts). In both
 * browsers the popup and panel pages are opened as tabs for the lesson's tab and 127.0.0.1 is
 * granted at install (e2e builds), as in the other browser tests.
 */
for (const kind of databaseKinds())
  describe.skipIf(!firefoxAvailable() || !chromiumAvailable())(
    `sharing from Firefox to a colleague in Chromium, the tool on ${kind.name}`,
    { timeout: 240_000 },
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

      it('connects Firefox by typing the code, and shares an adaptation that reaches the tool', async () => {
        await connectByCode(ana, world, { user: 'ana', name: 'Ana Lima' });

        const { page, ui, tabId } = await ana.openLesson();
        await ana.enableSite(tabId);
        await selectText(page, '#p-models', 'unlike denominators');
        await ui.click('.adapt-button');
        await ui.waitFor('[role="dialog"]');
        await ui.click('input[name="kinds"][value="scaffolding"]');
        await ui.type('#mg-body', BODY);
        expect(await ui.text('fieldset.sharing')).toContain('My course: Grade 7');
        await ui.click('input[name="visibility"][value="course"]');
        await ui.click('button[type="submit"]');
        await ui.waitFor('[role="dialog"]', { hidden: true });
        // The extension's own word that the change went out (a failed attempt retries with back-off).
        const status = () =>
          ana.driver.extension(() => chrome.runtime.sendMessage({ type: 'getSyncStatus' })) as Promise<{
            ok: boolean;
            value: { state: string; pending: number; error: unknown };
          }>;
        await eventually(
          async () => {
            const s = await status();
            if (s.ok && s.value.state === 'synced' && s.value.pending === 0) return true;
            throw new Error(JSON.stringify(s));
          },
          'Firefox to say it synced',
          90_000,
        );
        const stored = await world.tool.services.db.knex('adaptations').select('visibility', 'version');
        expect(stored).toEqual([expect.objectContaining({ visibility: 'course', version: 1 })]);
        expect(await ana.readStore('outbox')).toEqual([]);
        await page.close();
      });

      it('shows it to a colleague in Chromium, whose "I tried this" comes back to Firefox', async () => {
        const code = await world.code('ben');
        await (await ben.pairTyped(code.toolUrl, code.code)).close();
        const { page, ui, tabId } = await ben.open(world.lessonUrl);
        await ben.enableSite(tabId);
        await page.reload();
        await ui.waitFor('.marker.colleague', { timeout: 30_000 });
        await ui.click('.marker.colleague');
        const note = (await ui.text('.note.colleague'))!;
        expect(note).toContain('By Ana Lima');
        expect(note).toContain(BODY);
        await ui.click('.note.colleague button.primary');
        await ui.waitFor('[role="dialog"]');
        await ui.click('input[name="mg-respond-choice"][value="worked-well"]');
        await ui.click('footer button.primary');
        await ui.waitFor('[role="dialog"]', { hidden: true });
        expect(await ui.text('.toast')).toContain('Colleagues now see that you tried it.');
        await page.close();

        // Ana, in Firefox, asks for the news ("Sync now") and sees Ben's endorsement on her note.
        const lesson = await ana.openLesson();
        const panel = await ana.openPanel(lesson.tabId);
        await click(panel, { role: 'tab', name: 'Sharing' });
        await click(panel, { role: 'button', name: 'Sync now' });
        await click(panel, { role: 'tab', name: 'This page' });
        await waitFor(panel, { text: '1 teacher tried it: Worked well 1' }, { timeout: 30_000 });
        await lesson.page.bringToFront();
        await lesson.ui.click('.marker');
        await eventually(
          async () => (await lesson.ui.text('.note'))?.includes('1 teacher tried it: Worked well 1'),
          "Ana to see Ben's endorsement on her note",
        );
        await panel.close();
        await lesson.page.close();
      });
    },
  );
