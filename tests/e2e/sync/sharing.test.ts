import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { selectText, type AnnotatorUi } from '../../support/annotator-ui.js';
import { chromiumAvailable } from '../../support/chromium.js';
import { databaseKinds } from '../../support/lti-stack.js';
import { eventually, startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

/** Markup in every field a teacher types: it must reach colleagues as text, never as HTML. */
const BODY = 'Use <b>fraction strips</b> & <img src=x> before the area model.';
const RATIONALE = '<i>Multilingual</i> learners <u>needed</u> concrete models first.';
const EVIDENCE = 'Exit tickets: <em>18 of 24</em> correct <br> after two days.';
const NOTE = 'Worked in <b>two</b> periods <img src=y>.';

/**
 * Issue 6, end to end in Chromium: Ana writes an adaptation while her district's Margins cannot be
 * reached, it syncs when it can, Ben (same course, his own browser profile) sees it on the same page
 * in the colleague style and says "I tried this", Ana sees his endorsement; a teacher of another
 * district sees nothing. Markup typed anywhere is shown as text.
 */
for (const kind of databaseKinds())
  describe.skipIf(!chromiumAvailable())(
    `sharing between two teachers through the extension and the tool on ${kind.name}`,
    { timeout: 240_000 },
    () => {
      let world: SyncWorld;
      let ana: TeacherBrowser;
      let ben: TeacherBrowser;
      let anaPage: { page: Page; ui: AnnotatorUi; tabId: number };
      beforeAll(async () => {
        world = await startWorld({ kind });
        [ana, ben] = await Promise.all([world.browser(), world.browser()]);
        const code = await world.code('ana');
        await (await ana.pairTyped(code.toolUrl, code.code)).close();
      }, 180_000);
      afterAll(async () => world?.stop());

      it('keeps an adaptation written while the district is unreachable, and syncs it when it answers again', async () => {
        anaPage = await ana.open(world.lessonUrl);
        await ana.enableSite(anaPage.tabId);
        await world.toolDown();
        const { page, ui } = anaPage;
        await selectText(page, '#p-models', 'unlike denominators');
        await ui.click('.adapt-button');
        await ui.waitFor('[role="dialog"]');
        await ui.click('input[name="kinds"][value="scaffolding"]');
        await ui.type('#mg-body', BODY);
        await ui.type('#mg-rationale', RATIONALE);
        await ui.run(
          `function() { const s = this.querySelector('#mg-outcome'); s.value = 'improved'; s.dispatchEvent(new Event('change', { bubbles: true })); }`,
        );
        await ui.type('#mg-evidence', EVIDENCE);
        // Sharing: the course she connected from is offered by name; network says it waits for a coach.
        expect(await ui.text('fieldset.sharing')).toMatch(
          /Only me.*My course: Grade 7.*My district: Riverside Unified School District.*Other districts too.*after a coach approves/s,
        );
        await ui.click('input[name="visibility"][value="course"]');
        await ui.click('button[type="submit"]');
        await ui.waitFor('[role="dialog"]', { hidden: true });
        expect(await ui.text('.toast')).toContain('It is shared as soon as Margins can reach your district.');

        const offline = await eventually(async () => {
          const s = await ana.command<{ state: string; pending: number; error: { message: string } | null }>({
            type: 'getSyncStatus',
          });
          return s.ok && s.value.state === 'offline' ? s.value : null;
        }, 'the status to say offline');
        expect(offline).toMatchObject({
          pending: 1,
          error: { message: expect.stringContaining('Cannot reach Margins at 127.0.0.1') },
        });
        const popup = await ana.ext.context.newPage();
        await popup.goto(`chrome-extension://${ana.ext.extensionId}/popup.html`);
        await popup.getByText('Offline. 1 change is kept and syncs when Margins can reach your district.').waitFor();
        await ui.click('.marker');
        expect(await ui.text('.note')).toContain('Waiting to be shared.');

        // Back: the retry alarm (back-off with jitter) delivers it without anyone doing anything.
        await world.toolUp();
        await popup.getByText(/^Synced/).waitFor({ timeout: 60_000 });
        const stored = await world.tool.services.db.knex('adaptations').select('id', 'visibility', 'version');
        expect(stored).toEqual([expect.objectContaining({ visibility: 'course', version: 1 })]);
        expect(await ana.readStore('outbox')).toEqual([]);
        await popup.close();
      });

      it('shows it to a colleague of the same course on the same page, in the colleague style, as text', async () => {
        const code = await world.code('ben');
        await (await ben.pairTyped(code.toolUrl, code.code)).close();
        const { page, ui, tabId } = await ben.open(world.lessonUrl);
        await ben.enableSite(tabId);
        await page.reload();
        await ui.waitFor('.marker.colleague', { timeout: 30_000 });
        const highlights = await page.evaluate(() => [...CSS.highlights.keys()]);
        expect(highlights.some((k) => k.includes('colleague'))).toBe(true);
        await ui.click('.marker.colleague');
        const note = (await ui.text('.note.colleague'))!;
        expect(note).toContain('By Ana Lima');
        expect(note).toContain('Scaffolding');
        expect(note).toContain(BODY);
        expect(note).toContain(RATIONALE);
        expect(note).toContain(EVIDENCE.replace(/\s+/g, ' ').slice(0, 20));
        expect(note).toContain('No one has said they tried it yet.');
        expect(await ui.count('.note img, .note b, .note i, .note u, .note em, .note br')).toBe(0);

        // I tried this, with a note (markup again shown as text).
        await ui.click('.note.colleague button.primary');
        await ui.waitFor('[role="dialog"]');
        await ui.click('input[name="mg-respond-choice"][value="worked-well"]');
        await ui.type('#mg-respond-text', NOTE);
        await ui.click('footer button.primary');
        await ui.waitFor('[role="dialog"]', { hidden: true });
        expect(await ui.text('.toast')).toContain('Colleagues now see that you tried it.');
        await ui.click('.marker.colleague');
        expect(await ui.text('.note.colleague')).toMatch(
          /1 teacher tried it: Worked well 1.*You tried it: Worked well/s,
        );
        await ui.click('.note.colleague .link');
        await eventually(async () => (await ui.text('.responses'))?.includes(NOTE), 'the list of who tried it');
        expect(await ui.count('.responses img, .responses b')).toBe(0);

        // The side panel lists it under "From colleagues", as text too.
        const panel = await ben.ext.context.newPage();
        await panel.goto(`chrome-extension://${ben.ext.extensionId}/sidepanel.html?tabId=${tabId}`);
        await panel.getByRole('heading', { name: 'From colleagues (1)' }).waitFor();
        await panel.getByText(BODY, { exact: true }).waitFor();
        expect(await panel.locator('.card img, .card b, .card i').count()).toBe(0);
        await panel.close();
        await page.close();
      });

      it('brings the endorsement back to the author', async () => {
        const { ui, tabId } = anaPage;
        const panel = await ana.ext.context.newPage();
        await panel.goto(`chrome-extension://${ana.ext.extensionId}/sidepanel.html?tabId=${tabId}&view=sharing`);
        await panel.getByRole('button', { name: 'Sync now' }).click();
        await eventually(
          async () =>
            (
              await ui.run<string>(
                `function() { this.querySelector('.marker')?.click(); return this.querySelector('.note')?.textContent ?? ''; }`,
              )
            )?.includes('1 teacher tried it: Worked well 1'),
          'Ana to see the endorsement on her note',
        );
        await panel.getByRole('tab', { name: 'This page' }).click();
        await panel.getByText('1 teacher tried it: Worked well 1').waitFor();
        await panel.close();
      });

      it('shows a teacher of another district nothing, on the page or in the store', async () => {
        const other = await world.browser();
        const code = await world.otherDistrictCode('ana');
        const pair = await other.pairTyped(code.toolUrl, code.code);
        await pair.getByRole('heading', { name: 'Connected to Lakeside County Schools as Ana Petrova.' }).waitFor();
        await eventually(async () => {
          const s = await other.command<{ state: string }>({ type: 'getSyncStatus' });
          return s.ok && s.value.state === 'synced';
        }, 'the first pull');
        const { page, ui, tabId } = await other.open(world.lessonUrl);
        await other.enableSite(tabId);
        await page.reload();
        const list = await other.command<{ colleagues: unknown[] }>({
          type: 'listPageAdaptations',
          pageUrl: world.lessonUrl,
        });
        expect(list).toMatchObject({ ok: true, value: { colleagues: [], adaptations: [] } });
        expect(await other.readStore('shared')).toEqual([]);
        expect(await ui.count('.marker')).toBe(0);
        await other.close();
      });
    },
  );
