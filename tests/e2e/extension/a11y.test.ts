import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectText } from '../../support/annotator-ui.js';
import { eventually } from '../../support/eventually.js';
import {
  adaptWith,
  axeOn,
  axePath,
  blocking,
  startBrowserHarness,
  testedBrowsers,
  type BrowserHarness,
} from '../../support/extension-harness.js';
import { attribute, click, waitFor } from '../../support/page-queries.js';

/**
 * Accessibility with axe-core and the keyboard. Simulated in both browsers: the keyboard shortcut
 * and the context menu are the `openAdaptForm` message they send (no protocol presses browser UI),
 * the popup and side panel (Firefox: the sidebar) are opened as tabs for the lesson's tab, and
 * 127.0.0.1 is granted at install (e2e build).
 */
describe.each(testedBrowsers())('accessibility in $browser (axe-core and the keyboard)', ({ browser, available }) => {
  describe.skipIf(!available)('', { timeout: 90_000 }, () => {
    let h: BrowserHarness;
    beforeAll(async () => {
      h = await startBrowserHarness(browser);
    }, 180_000);
    afterAll(async () => h?.close());

    it('has no serious or critical axe violations in the form, and moves focus in on open and back on close', async () => {
      const { page, ui, tabId } = await h.openLesson();
      await h.enableSite(tabId);
      await page.addScript(axePath);
      await page.evaluate(() => {
        const link = document.createElement('a');
        link.href = '#practice';
        link.id = 'before-form';
        link.textContent = 'Practice';
        document.querySelector('h1')!.after(link);
        link.focus();
      });
      await selectText(page, '#p-models', 'unlike denominators');
      await h.driver.extension((id) => chrome.tabs.sendMessage(id, { type: 'openAdaptForm' }), tabId);
      await page.bringToFront();
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
      // Focus goes back after the close has rendered (a frame later), so wait for it rather than read it at once.
      await eventually(
        () => page.evaluate(() => document.activeElement?.id === 'before-form'),
        'focus back on what opened the form',
        10_000,
      ).catch(() => undefined);
      expect(await page.evaluate(() => document.activeElement?.id ?? null)).toBe('before-form');
      await page.close();
    });

    it("has no serious or critical axe violations in a note, the side panel's three views and the popup", async () => {
      const { page, ui, tabId } = await h.openLesson();
      await adaptWith(page, ui, {
        selector: '#p-models',
        text: 'unlike denominators',
        kind: 'scaffolding',
        body: 'Fraction strips first.',
      });
      await page.addScript(axePath);
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
      await waitFor(panel, { text: '1 adaptation on this page.' });
      expect(blocking(await axeOn(panel))).toEqual([]);
      for (const view of ['All my adaptations', 'Export and import']) {
        await click(panel, { role: 'tab', name: view });
        await waitFor(panel, { css: '[role="tabpanel"]' });
        expect(blocking(await axeOn(panel)), view).toEqual([]);
      }
      // The tabs follow the arrow keys (the click above left focus on "Export and import").
      expect(await panel.evaluate(() => document.activeElement?.textContent ?? null)).toBe('Export and import');
      await panel.keyboard.press('ArrowRight');
      expect(await attribute(panel, { role: 'tab', name: 'This page' }, 'aria-selected')).toBe('true');

      const popup = await h.openPopup(tabId);
      await waitFor(popup, { text: /Margins is on for/ });
      expect(blocking(await axeOn(popup))).toEqual([]);
      await popup.close();
      await panel.close();
      await page.close();
    });
  });
});
