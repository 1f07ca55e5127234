import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectText } from '../../support/annotator-ui.js';
import {
  adaptWith,
  highlighted,
  startBrowserHarness,
  testedBrowsers,
  type BrowserHarness,
} from '../../support/extension-harness.js';
import { click, waitFor } from '../../support/page-queries.js';
import { eventually } from '../../support/eventually.js';

/**
 * The core flow in each browser the extension ships for. Simulated in both: the popup is opened as a
 * tab for the lesson's tab (no protocol clicks the toolbar button) and 127.0.0.1 is granted at
 * install (e2e build), since a headless browser shows no permission prompt to answer.
 */
describe.each(testedBrowsers())('annotating a curriculum page in $browser', ({ browser, available }) => {
  describe.skipIf(!available)('', { timeout: 90_000 }, () => {
    let h: BrowserHarness;
    beforeAll(async () => {
      h = await startBrowserHarness(browser);
    }, 180_000);
    afterAll(async () => h?.close());

    it('runs once on a page with "Use on this page only", without turning Margins on for the site', async () => {
      const { page, ui, tabId } = await h.openLesson();
      const popup = await h.openPopup(tabId);
      await waitFor(popup, { text: 'Margins is off for 127.0.0.1.' });
      await click(popup, { role: 'button', name: 'Use on this page only' });
      await waitFor(popup, { text: 'Margins is running on this page until you leave it.' });
      await popup.close();
      await selectText(page, '#p-models', 'unlike denominators');
      await ui.waitFor('.adapt-button');
      await page.reload();
      expect(await h.ping(tabId)).toBeNull();
      expect(await h.readStore('sites')).toEqual([]);
      await page.close();
    });

    it('creates an adaptation from a selection and shows it re-anchored after a reload', async () => {
      const { page, ui, tabId } = await h.openLesson();
      await h.enableSite(tabId);
      // A page with nothing to show runs only the small loader: no UI in the page, no full annotator.
      await page.reload();
      const ping = await eventually(() => h.ping(tabId), 'the loader to answer');
      expect(ping).toMatchObject({ ok: true, value: { full: false } });
      expect(await page.evaluate(() => document.querySelector('margins-annotator'))).toBeNull();
      // Selecting text brings the full annotator, which offers Adapt for that selection.
      await selectText(page, '#p-models', 'unlike denominators');
      await ui.click('.adapt-button');
      await ui.waitFor('[role="dialog"]');
      expect(await ui.activeElement()).toBe('h2#mg-form-title');
      expect(await ui.text('blockquote')).toBe('unlike denominators');
      // The selection is gone once focus is in the form, so the passage stays highlighted meanwhile.
      expect(await highlighted(page)).toEqual(['unlike denominators']);
      await ui.click('input[name="kinds"][value="scaffolding"]');
      await ui.click('input[name="kinds"][value="language-support"]');
      await ui.type('#mg-body', 'Start with fraction strips before the area model.');
      await ui.type('#mg-rationale', 'My multilingual learners needed concrete models first.');
      await ui.click('input[name="learnerNeeds"][value="multilingual-learners"]');
      await ui.click('input[name="gradeBands"][value="3-5"]');
      await ui.click('input[name="subjects"][value="math"]');
      await ui.run(
        `function() { const s = this.querySelector('#mg-outcome'); s.value = 'improved'; s.dispatchEvent(new Event('change', { bubbles: true })); }`,
      );
      await ui.type('#mg-evidence', 'Exit tickets: 18 of 24 correct.');
      await ui.click('button[type="submit"]');
      await ui.waitFor('[role="dialog"]', { hidden: true });
      expect(await ui.text('[role="status"]')).toContain('Adaptation saved.');
      expect(await ui.count('.marker')).toBe(1);
      expect(await highlighted(page)).toEqual(['unlike denominators']);

      const [row] = await h.readStore<{
        pageUrl: string;
        adaptation: { kinds: string[]; evidence: { outcome: string } };
      }>('adaptations');
      expect(row).toMatchObject({
        pageUrl: `${h.server.origin}/lesson-3`,
        adaptation: { kinds: ['scaffolding', 'language-support'], evidence: { outcome: 'improved' } },
      });
      expect((await h.readStore<{ op: string }>('outbox')).map((r) => r.op)).toEqual(['upsert']);

      await page.reload();
      await ui.waitFor('.marker');
      expect(await highlighted(page)).toEqual(['unlike denominators']);
      await page.close();
    });

    it('shows the adaptation when its highlight is hovered or its marker is focused from the keyboard', async () => {
      const { page, ui } = await h.openLesson();
      await ui.waitFor('.marker');
      const box = await page.evaluate(() => {
        const ranges: Range[] = [];
        CSS.highlights.forEach((hl) => hl.forEach((r) => ranges.push(r as Range)));
        const rect = ranges[0]!.getClientRects()[0]!;
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      });
      await page.mouse.move(box.x, box.y);
      await ui.waitFor('.note');
      expect(await ui.text('.note')).toContain('Start with fraction strips before the area model.');
      await page.mouse.move(5, 600);
      await ui.waitFor('.note', { hidden: true });

      await eventually(async () => {
        await page.keyboard.press('Tab');
        return (await ui.activeElement())?.startsWith('button') && (await ui.activeElement())?.includes('marker');
      }, 'the marker to take keyboard focus');
      await ui.waitFor('.note');
      expect(await ui.text('.note')).toContain('My multilingual learners needed concrete models first.');
      await page.keyboard.press('Escape');
      await ui.waitFor('.note', { hidden: true });
      await page.close();
    });

    it('edits an adaptation from its note and keeps it where it was', async () => {
      const { page, ui } = await h.openLesson();
      await ui.click('.marker');
      await ui.click('.note button:nth-child(1)');
      await ui.waitFor('[role="dialog"]');
      expect(await ui.run<string>(`function() { return this.querySelector('#mg-body').value; }`)).toBe(
        'Start with fraction strips before the area model.',
      );
      await ui.click('#mg-body');
      await ui.run(`function() { this.querySelector('#mg-body').select(); }`);
      await page.keyboard.type('Use fraction strips, then the area model, then numbers.');
      await ui.click('button[type="submit"]');
      await ui.waitFor('[role="dialog"]', { hidden: true });
      await ui.click('.marker');
      await ui.waitFor('.note');
      expect(await ui.text('.note')).toContain('Use fraction strips, then the area model, then numbers.');
      const [row] = await h.readStore<{ adaptation: { version: number } }>('adaptations');
      expect(row?.adaptation.version).toBe(2);
      await page.close();
    });

    it('deletes an adaptation, restores it with Undo, and keeps one change waiting to sync', async () => {
      const { page, ui } = await h.openLesson();
      await ui.click('.marker');
      await ui.click('.note button.danger');
      await ui.waitFor('.toast button');
      expect(await ui.text('.toast')).toContain('Adaptation deleted.');
      expect(await ui.run<string>(`function() { return this.activeElement && this.activeElement.textContent; }`)).toBe(
        'Undo',
      );
      expect(await ui.count('.marker')).toBe(0);
      expect(await highlighted(page)).toEqual([]);
      await ui.click('.toast button:nth-of-type(1)');
      await ui.waitFor('.marker');
      expect(await highlighted(page)).toEqual(['unlike denominators']);
      // Not connected, so nothing was sent: each step replaced the one before (issue 6's outbox).
      expect((await h.readStore<{ op: string }>('outbox')).map((r) => r.op)).toEqual(['upsert']);

      await ui.click('.marker');
      await ui.click('.note button.danger');
      await eventually(async () => (await h.readStore('adaptations')).length === 0, 'the adaptation to be deleted');
      expect(await h.readStore('trash')).toHaveLength(1);
      await page.reload();
      await adaptWith(page, ui, {
        selector: '#p-exit',
        text: 'exit ticket',
        kind: 'formative-assessment',
        body: 'Ask for a drawing and a sentence.',
      });
      expect(await ui.count('.marker')).toBe(1);
      await page.close();
    });

    it.each([
      // Room beside the form: the toast covers none of it.
      { width: 800, height: 500, where: 'left of the form', clear: '[role="dialog"]' },
      // The form takes the whole width: the toast covers only part of what scrolls, never Close or Save.
      {
        width: 600,
        height: 500,
        where: "under the form's header",
        clear: '[role="dialog"] header, [role="dialog"] footer',
      },
    ])('keeps the toast off the form on a $width x $height screen ($where)', async ({ width, height, clear }) => {
      const { page, ui } = await h.openLesson();
      await page.setViewport(width, height);
      await adaptWith(page, ui, {
        selector: '#p-models',
        text: 'area models',
        kind: 'pacing',
        body: 'Two extra minutes.',
      });
      // The pointer rests on the toast (which keeps it shown) while the teacher starts the next one.
      const toast = await ui.centre('.toast');
      await page.mouse.move(toast.x, toast.y);
      await selectText(page, '#p-models', 'fraction strips');
      await ui.click('.adapt-button');
      await ui.waitFor('[role="dialog"]');
      const moved = await ui.centre('.toast');
      await page.mouse.move(moved.x, moved.y);
      const layout = await ui.run<{ overlaps: string[]; onSave: string | null }>(
        `function(clear) {
        const t = this.querySelector('.toast').getBoundingClientRect();
        const hit = (el) => { const r = el.getBoundingClientRect();
          return r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom; };
        const parts = [...this.querySelectorAll(clear)];
        const save = this.querySelector('[role="dialog"] button[type="submit"]').getBoundingClientRect();
        const top = this.elementFromPoint(save.left + save.width / 2, save.top + save.height / 2);
        return { overlaps: parts.filter(hit).map((el) => el.tagName.toLowerCase()), onSave: top && top.textContent };
      }`,
        clear,
      );
      expect(layout).toEqual({ overlaps: [], onSave: 'Save' });
      await page.keyboard.press('Escape');
      await ui.waitFor('[role="dialog"]', { hidden: true });
      await page.close();
    });
  });
});
