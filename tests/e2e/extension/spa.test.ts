import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../../support/chromium.js';
import { lessonPage } from '../../support/curriculum-server.js';
import { adaptViaUi, eventually, highlightedTexts, startHarness, type Harness } from './fixtures.js';

/** What a single-page curriculum app does when the teacher opens another lesson: new content, new address, no page load. */
async function navigateInPlace(page: import('playwright-core').Page, path: string): Promise<void> {
  await page.evaluate(async (to) => {
    const html = await (await fetch(to)).text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    document.querySelector('main')!.replaceWith(next.querySelector('main')!);
    history.pushState({}, '', to);
  }, path);
}

describe.skipIf(!chromiumAvailable())('single-page curriculum apps in Chromium', { timeout: 60_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      pages: {
        '/app/lesson-2': lessonPage({ title: 'Lesson 2', withoutPassage: true }),
        '/app/lesson-3': lessonPage(),
      },
    });
  }, 120_000);
  afterAll(async () => h?.close());

  it('shows the adaptations of the lesson the app moved to, and takes them away when it moves on', async () => {
    const { page, ui, tabId } = await h.openLesson('/app/lesson-3');
    await h.enableSite(tabId);
    await adaptViaUi(page, ui, {
      selector: '#p-models',
      text: 'unlike denominators',
      kind: 'pacing',
      body: 'Two shorter parts.',
    });

    await page.goto(`${h.server.origin}/app/lesson-2`);
    await eventually(
      () => h.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'ping' }).catch(() => null), tabId),
      'the loader',
    );
    expect(await page.evaluate(() => document.querySelector('margins-annotator'))).toBeNull();

    await navigateInPlace(page, '/app/lesson-3');
    await eventually(async () => (await ui.count('.marker')) === 1, 'the adaptation of the lesson the app moved to');
    expect(await highlightedTexts(page)).toEqual(['unlike denominators']);

    await navigateInPlace(page, '/app/lesson-2');
    await eventually(async () => (await ui.count('.marker')) === 0, "the previous lesson's adaptation to go");
    expect(await highlightedTexts(page)).toEqual([]);
    await page.close();
  });
});
