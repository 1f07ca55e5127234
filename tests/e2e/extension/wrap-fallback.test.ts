import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adaptWith,
  highlighted,
  startBrowserHarness,
  testedBrowsers,
  type BrowserHarness,
} from '../../support/extension-harness.js';
import { eventually } from '../../support/eventually.js';

/**
 * Issue 13: where the CSS Custom Highlight API is missing (Firefox before 140, older Chromium) the
 * annotator wraps the passage's text in `<margins-highlight>` elements. The API is removed from the
 * content scripts' world after the small loader ran and before the full annotator starts (it starts
 * on the first selection): that removal is the simulated step. Chromium: script in the extension's
 * isolated world through the DevTools protocol. Firefox: WebDriver BiDi cannot run script in a
 * content-script sandbox and page script does not reach it (Xray wrappers), so a frame script
 * loaded from chrome scope (`--remote-allow-system-access`) shadows `CSS` and `Highlight` on the
 * window as the sandbox sees it. The popup is opened as a tab and 127.0.0.1 granted at install, as
 * in the other browser tests.
 */
describe.each(testedBrowsers())(
  'highlighting without the CSS Custom Highlight API in $browser',
  ({ browser, available }) => {
    describe.skipIf(!available)('', { timeout: 90_000 }, () => {
      let h: BrowserHarness;
      beforeAll(async () => {
        h = await startBrowserHarness(browser);
      }, 180_000);
      afterAll(async () => h?.close());

      it('wraps the passage, shows its note on hover and unwraps it cleanly on delete', async () => {
        const { page, ui, tabId } = await h.openLesson();
        await h.enableSite(tabId);
        await page.reload();
        await eventually(() => h.ping(tabId), 'the loader to answer');
        expect(await page.removeHighlightApiForContentScripts()).toBe(true);
        const before = await page.evaluate(() => document.getElementById('p-models')!.textContent);
        await adaptWith(page, ui, {
          selector: '#p-models',
          text: 'unlike denominators',
          kind: 'scaffolding',
          body: 'Fraction strips first.',
        });
        expect(await page.evaluate(() => document.querySelectorAll('margins-highlight').length)).toBeGreaterThan(0);
        expect(await highlighted(page)).toEqual(['unlike denominators']);

        const box = await page.evaluate(() => {
          const rect = document.querySelector('margins-highlight')!.getClientRects()[0]!;
          return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        });
        await page.mouse.move(5, 600);
        await page.mouse.move(box.x, box.y);
        await ui.waitFor('.note');
        expect(await ui.text('.note')).toContain('Fraction strips first.');

        await ui.click('.marker');
        await ui.click('.note button.danger');
        await ui.waitFor('.toast button');
        // The toast and the unwrapping are separate steps of the delete: wait for the page to be unwrapped.
        await expect.poll(() => highlighted(page)).toEqual([]);
        // The page's text is as it was: the wrappers are gone and the split text nodes merged again.
        expect(await page.evaluate(() => document.getElementById('p-models')!.textContent)).toBe(before);
        expect(await page.evaluate(() => document.getElementById('p-models')!.childNodes.length)).toBe(1);
        await page.close();
      });
    });
  },
);
