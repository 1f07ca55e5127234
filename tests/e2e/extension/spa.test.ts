import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverPage } from '../../support/browser-driver.js';
import { lessonPage } from '../../support/curriculum-server.js';
import { eventually } from '../../support/eventually.js';
import {
  adaptWith,
  highlighted,
  startBrowserHarness,
  testedBrowsers,
  type BrowserHarness,
} from '../../support/extension-harness.js';

/** What a single-page curriculum app does when the teacher opens another lesson: new content, new address, no page load. */
async function navigateInPlace(page: DriverPage, path: string): Promise<void> {
  await page.evaluate(async (to) => {
    const html = await (await fetch(to)).text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    document.querySelector('main')!.replaceWith(next.querySelector('main')!);
    history.pushState({}, '', to);
  }, path);
}

/**
 * Single-page curriculum apps (the address changes by `history.pushState`, no page load). Simulated
 * in both browsers: the popup is opened as a tab for the lesson's tab and 127.0.0.1 is granted at
 * install (e2e build), as in the other browser tests.
 */
describe.each(testedBrowsers())('single-page curriculum apps in $browser', ({ browser, available }) => {
  describe.skipIf(!available)('', { timeout: 90_000 }, () => {
    let h: BrowserHarness;
    beforeAll(async () => {
      h = await startBrowserHarness(browser, {
        pages: {
          '/app/lesson-2': lessonPage({ title: 'Lesson 2', withoutPassage: true }),
          '/app/lesson-3': lessonPage(),
        },
      });
    }, 180_000);
    afterAll(async () => h?.close());

    it('shows the adaptations of the lesson the app moved to, and takes them away when it moves on', async () => {
      const { page, ui, tabId } = await h.openLesson('/app/lesson-3');
      await h.enableSite(tabId);
      await adaptWith(page, ui, {
        selector: '#p-models',
        text: 'unlike denominators',
        kind: 'pacing',
        body: 'Two shorter parts.',
      });

      await page.goto(`${h.server.origin}/app/lesson-2`);
      await eventually(() => h.ping(tabId), 'the loader');
      expect(await page.evaluate(() => document.querySelector('margins-annotator') === null)).toBe(true);

      await navigateInPlace(page, '/app/lesson-3');
      await eventually(async () => (await ui.count('.marker')) === 1, 'the adaptation of the lesson the app moved to');
      expect(await highlighted(page)).toEqual(['unlike denominators']);

      await navigateInPlace(page, '/app/lesson-2');
      await eventually(async () => (await ui.count('.marker')) === 0, "the previous lesson's adaptation to go");
      expect(await highlighted(page)).toEqual([]);
      await page.close();
    });
  });
});
