import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../../support/chromium.js';
import { selectText } from '../../support/annotator-ui.js';
import { adaptViaUi, axeOnPage, axePath, blocking, startHarness, type Harness } from './fixtures.js';

describe.skipIf(!chromiumAvailable())(
  'accessibility in Chromium (axe-core and the keyboard)',
  { timeout: 60_000 },
  () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    }, 120_000);
    afterAll(async () => h?.close());

    it('has no serious or critical axe violations in the form, and moves focus in on open and back on close', async () => {
      const { page, ui, tabId } = await h.openLesson();
      await h.enableSite(tabId);
      await page.addScriptTag({ path: axePath });
      await page.evaluate(() => {
        const link = document.createElement('a');
        link.href = '#practice';
        link.id = 'before-form';
        link.textContent = 'Practice';
        document.querySelector('h1')!.after(link);
      });
      await page.focus('#before-form');
      await selectText(page, '#p-models', 'unlike denominators');
      // What the keyboard shortcut and the context menu do (headless Chromium has no browser UI to press them in).
      await h.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'openAdaptForm' }), tabId);
      await ui.waitFor('[role="dialog"]');
      expect(await ui.activeElement()).toBe('h2#mg-form-title');
      await ui.click('button[type="submit"]');
      await ui.waitFor('.errors');
      expect(await ui.text('.errors')).toContain('Choose at least one kind of adaptation.');
      expect(await ui.text('.errors')).toContain('Write the adaptation.');
      expect(blocking(await ui.axe())).toEqual([]);

      // Tab stays inside the dialog.
      for (let i = 0; i < 45; i++) await page.keyboard.press('Tab');
      expect(
        await ui.run<boolean>(
          `function() { return !!this.activeElement && !!this.activeElement.closest('[role="dialog"]'); }`,
        ),
      ).toBe(true);
      await page.keyboard.press('Escape');
      await ui.waitFor('[role="dialog"]', { hidden: true });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('before-form');
      await page.close();
    });

    it("has no serious or critical axe violations in a note, the side panel's three views and the popup", async () => {
      const { page, ui, tabId } = await h.openLesson();
      await adaptViaUi(page, ui, {
        selector: '#p-models',
        text: 'unlike denominators',
        kind: 'scaffolding',
        body: 'Fraction strips first.',
      });
      await page.addScriptTag({ path: axePath });
      await ui.click('.marker');
      await ui.waitFor('.note');
      expect(blocking(await ui.axe())).toEqual([]);
      // The check can fail: an unlabelled button inside the shadow root is reported.
      await ui.run(
        `function() { const b = document.createElement('button'); b.id = 'axe-probe'; this.querySelector('.note').append(b); }`,
      );
      expect(blocking(await ui.axe()).map((v) => v.id)).toContain('button-name');
      await ui.run(`function() { this.querySelector('#axe-probe').remove(); }`);

      const panel = await h.openPanel(tabId);
      await panel.getByText('1 adaptation on this page.').waitFor();
      expect(blocking(await axeOnPage(panel))).toEqual([]);
      for (const view of ['All my adaptations', 'Export and import']) {
        await panel.getByRole('tab', { name: view }).click();
        await panel.getByRole('tabpanel').waitFor();
        expect(blocking(await axeOnPage(panel)), view).toEqual([]);
      }
      // The tabs follow the arrow keys.
      await panel.getByRole('tab', { name: 'Export and import' }).focus();
      await panel.keyboard.press('ArrowRight');
      expect(await panel.getByRole('tab', { name: 'This page' }).getAttribute('aria-selected')).toBe('true');

      const popup = await h.ext.context.newPage();
      await popup.goto(`chrome-extension://${h.ext.extensionId}/popup.html?tabId=${tabId}`);
      await popup.getByText(/Margins is on for/).waitFor();
      expect(blocking(await axeOnPage(popup))).toEqual([]);
      await Promise.all([popup.close(), panel.close(), page.close()]);
    });
  },
);
