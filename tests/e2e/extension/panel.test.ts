import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../../support/chromium.js';
import { lessonPage } from '../../support/curriculum-server.js';
import { selectText } from '../../support/annotator-ui.js';
import { adaptViaUi, eventually, highlightedTexts, startHarness, type Harness } from './fixtures.js';

describe.skipIf(!chromiumAvailable())('the side panel in Chromium', { timeout: 60_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => h?.close());

  it("lists the page's adaptations, filters them by kind and shows one on the page", async () => {
    const { page, ui, tabId } = await h.openLesson();
    await h.enableSite(tabId);
    await adaptViaUi(page, ui, {
      selector: '#p-models',
      text: 'unlike denominators',
      kind: 'scaffolding',
      body: 'Fraction strips first.',
    });
    await adaptViaUi(page, ui, {
      selector: 'ul',
      text: 'an area model',
      kind: 'formative-assessment',
      body: 'Ask for a drawing and one sentence.',
    });
    const panel = await h.openPanel(tabId);
    await panel.getByText('2 adaptations on this page.').waitFor();
    expect(await panel.getByText('Margins is on for 127.0.0.1. It opens on every page of this site.').isVisible()).toBe(
      true,
    );
    await panel.getByLabel('Filter by kind').selectOption('formative-assessment');
    await eventually(async () => (await panel.locator('ul.cards > li').count()) === 1, 'the filter to apply');
    expect(await panel.locator('ul.cards').innerText()).toContain('Ask for a drawing and one sentence.');
    await panel.getByRole('button', { name: 'Show on page' }).click();
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
    expect(await highlightedTexts(page)).toEqual(['an area model']);
    const panel = await h.openPanel(tabId);
    const orphans = panel.getByRole('region', { name: 'Not found on this page' });
    await orphans.waitFor();
    expect(await orphans.innerText()).toContain('The passage is no longer on this page.');
    expect(await orphans.innerText()).toContain('Fraction strips first.');

    await orphans.getByRole('button', { name: 'Re-attach to selected text' }).click();
    await panel.getByText('Select the new passage on the page first.').waitFor();

    await selectText(page, '#p-models', 'adding fractions on a number line');
    await orphans.getByRole('button', { name: 'Re-attach to selected text' }).click();
    await eventually(async () => (await ui.count('.marker')) === 2, 'the re-attached adaptation to be drawn');
    expect(await highlightedTexts(page)).toEqual(['adding fractions on a number line', 'an area model']);
    await orphans.waitFor({ state: 'detached' });
    await page.reload();
    await eventually(async () => (await ui.count('.marker')) === 2, 'both adaptations after a reload');
    await panel.close();
    await page.close();
  });

  it('searches all my adaptations across pages', async () => {
    h.server.setPage('/lesson-4', lessonPage({ title: 'Lesson 4: Subtracting fractions' }));
    const { page, ui } = await h.openLesson('/lesson-4');
    await adaptViaUi(page, ui, {
      selector: '#p-models',
      text: 'area models',
      kind: 'pacing',
      body: 'Give two extra minutes for the area model.',
    });
    const panel = await h.openPanel(0);
    await panel.getByRole('tab', { name: 'All my adaptations' }).click();
    await panel.getByText('3 adaptations.').waitFor();
    await panel.getByLabel('Search my adaptations').fill('extra minutes');
    await panel.getByText('1 adaptation.').waitFor();
    expect(await panel.getByRole('link', { name: 'Lesson 4: Subtracting fractions' }).getAttribute('href')).toBe(
      `${h.server.origin}/lesson-4`,
    );
    await panel.getByLabel('Search my adaptations').fill('no such words anywhere');
    await panel.getByText('No adaptations found.').waitFor();
    await panel.close();
    await page.close();
  });
});
