import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonPage } from '../../support/curriculum-server.js';
import { selectText } from '../../support/annotator-ui.js';
import {
  adaptWith,
  highlighted,
  startBrowserHarness,
  testedBrowsers,
  type BrowserHarness,
} from '../../support/extension-harness.js';
import {
  attribute,
  click,
  count,
  fill,
  selectOption,
  textOf,
  waitFor,
  type Query,
} from '../../support/page-queries.js';
import { eventually } from '../../support/eventually.js';

/**
 * The side panel (Chromium) / sidebar (Firefox): this page's adaptations, orphans, and the search of
 * all of them. Simulated in both browsers: the panel's page is opened in a tab for the lesson's tab
 * (`?tabId=`), since neither protocol opens the browser's panel; the popup likewise, and 127.0.0.1
 * is granted at install (e2e build). The lesson tab is brought to the front after acting in the
 * panel, as it is beside the panel for a teacher (Firefox draws nothing in a background tab).
 */
describe.each(testedBrowsers())('the side panel in $browser', ({ browser, available }) => {
  describe.skipIf(!available)('', { timeout: 90_000 }, () => {
    let h: BrowserHarness;
    beforeAll(async () => {
      h = await startBrowserHarness(browser);
    }, 180_000);
    afterAll(async () => h?.close());

    const cards: Query = { css: 'ul.cards > li' };
    const orphans: Query = { role: 'region', name: 'Not found on this page' };

    it("lists the page's adaptations, filters them by kind and shows one on the page", async () => {
      const { page, ui, tabId } = await h.openLesson();
      await h.enableSite(tabId);
      await adaptWith(page, ui, {
        selector: '#p-models',
        text: 'unlike denominators',
        kind: 'scaffolding',
        body: 'Fraction strips first.',
      });
      await adaptWith(page, ui, {
        selector: 'ul',
        text: 'an area model',
        kind: 'formative-assessment',
        body: 'Ask for a drawing and one sentence.',
      });
      const panel = await h.openPanel(tabId);
      await waitFor(panel, { text: '2 adaptations on this page.' });
      expect(await count(panel, { text: 'Margins is on for 127.0.0.1. It opens on every page of this site.' })).toBe(1);
      await selectOption(panel, { label: 'Filter by kind' }, 'formative-assessment');
      await eventually(async () => (await count(panel, cards)) === 1, 'the filter to apply');
      expect(await textOf(panel, { css: 'ul.cards' })).toContain('Ask for a drawing and one sentence.');
      await click(panel, { role: 'button', name: 'Show on page' });
      await page.bringToFront();
      await ui.waitFor('.note');
      expect(await ui.text('.note')).toContain('Ask for a drawing and one sentence.');
      await panel.close();
      await page.close();
    });

    it('lists an orphan with its reason after the passage is removed, and re-attaches it to a new selection', async () => {
      h.server.setPage('/lesson-3', lessonPage({ withoutPassage: true }));
      const { page, ui, tabId } = await h.openLesson();
      await ui.waitFor('.marker');
      expect(await ui.count('.marker')).toBe(1);
      expect(await highlighted(page)).toEqual(['an area model']);
      const panel = await h.openPanel(tabId);
      const region = await textOf(panel, orphans);
      expect(region).toContain('The passage is no longer on this page.');
      expect(region).toContain('Fraction strips first.');

      await click(panel, { role: 'button', name: 'Re-attach to selected text', within: orphans });
      await waitFor(panel, { text: 'Select the new passage on the page first.' });

      await selectText(page, '#p-models', 'adding fractions on a number line');
      await click(panel, { role: 'button', name: 'Re-attach to selected text', within: orphans });
      // The background's answer first, then the page redraws and reports back, and the panel follows it.
      await waitFor(panel, { text: 'Adaptation moved to the selected passage.' });
      await page.bringToFront();
      await eventually(async () => (await ui.count('.marker')) === 2, 'the re-attached adaptation to be drawn', 30_000);
      expect(await highlighted(page)).toEqual(['adding fractions on a number line', 'an area model']);
      await waitFor(panel, orphans, { hidden: true, timeout: 30_000 });
      await page.reload();
      await eventually(async () => (await ui.count('.marker')) === 2, 'both adaptations after a reload');
      await panel.close();
      await page.close();
    });

    it('searches all my adaptations across pages', async () => {
      h.server.setPage('/lesson-4', lessonPage({ title: 'Lesson 4: Subtracting fractions' }));
      const { page, ui } = await h.openLesson('/lesson-4');
      await adaptWith(page, ui, {
        selector: '#p-models',
        text: 'area models',
        kind: 'pacing',
        body: 'Give two extra minutes for the area model.',
      });
      const panel = await h.openPanel(0);
      await click(panel, { role: 'tab', name: 'All my adaptations' });
      await waitFor(panel, { text: '3 adaptations.' });
      await fill(panel, { label: 'Search my adaptations' }, 'extra minutes');
      await waitFor(panel, { text: '1 adaptation.' });
      expect(await attribute(panel, { role: 'link', name: 'Lesson 4: Subtracting fractions' }, 'href')).toBe(
        `${h.server.origin}/lesson-4`,
      );
      await fill(panel, { label: 'Search my adaptations' }, 'no such words anywhere');
      await waitFor(panel, { text: 'No adaptations found.' });
      await panel.close();
      await page.close();
    });
  });
});
