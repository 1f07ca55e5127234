import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/prng.js';
import { chromiumAvailable } from '../../support/chromium.js';
import { selectText } from '../../support/annotator-ui.js';
import { buildUnitPage, renderPage, type UnitPage } from '../../support/templated-lessons.js';
import {
  adaptViaUi,
  axeOnPage,
  axePath,
  blocking,
  eventually,
  highlightedTexts,
  startHarness,
  type Harness,
} from './fixtures.js';

/**
 * Issue 18 in the real extension: on a templated curriculum page (public-domain texts laid out as
 * lessons), an adaptation whose passage the publisher edited is drawn where it is now and marked
 * "This passage changed; check it", on its note and in the side panel, with one action to confirm
 * it there (exact from then on) or re-attach it to the selected text; by keyboard as well.
 */

const { page: unit } = buildUnitPage(mulberry32(18001));
const lesson = unit.lessons[2]!;
const reading = lesson.items.flatMap((x) => ('items' in x ? x.items : [x])).find((b) => b.reading)!;
const [firstWord] = reading.text.split(' ');
const quote = reading.text.split(' ').slice(0, 8).join(' ');

/** The unit page with `change` applied to the reading of lesson 3. */
function edited(change: (text: string) => string): string {
  const copy: UnitPage = structuredClone(unit);
  const block = copy.lessons[2]!.items.flatMap((x) => ('items' in x ? x.items : [x])).find(
    (b) => b.pid === reading.pid,
  )!;
  block.text = change(block.text);
  return renderPage(copy);
}

describe.skipIf(!chromiumAvailable())('a passage the publisher changed, in Chromium', { timeout: 90_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pages: { '/unit-3': renderPage(unit) } });
  }, 120_000);
  afterAll(async () => h?.close());

  it('marks the note of an adaptation found approximately, and Confirm (from the keyboard) makes it exact again', async () => {
    const { page, ui, tabId } = await h.openLesson('/unit-3');
    await h.enableSite(tabId);
    await adaptViaUi(page, ui, {
      selector: `[data-pid="${reading.pid}"]`,
      text: quote,
      kind: 'scaffolding',
      body: 'Read the first sentence aloud twice.',
    });
    expect(await ui.count('.marker.changed')).toBe(0);

    // The publisher inserts a word near the start of the passage.
    const changedText = quote.replace(firstWord!, `${firstWord} indeed`);
    h.server.setPage(
      '/unit-3',
      edited((t) => t.replace(quote, changedText)),
    );
    await page.reload();
    await ui.waitFor('.marker.changed');
    expect(await highlightedTexts(page)).toEqual([changedText]);

    await eventually(async () => {
      await page.keyboard.press('Tab');
      return (await ui.activeElement())?.includes('marker');
    }, 'the marker to take keyboard focus');
    await ui.waitFor('.changed-notice');
    expect(await ui.text('.changed-notice')).toContain('This passage changed; check it.');
    expect(
      await ui.run<string>(`function() { return this.querySelector('.marker').getAttribute('aria-label'); }`),
    ).toBe('Adaptation, passage changed: Scaffolding');
    await page.addScriptTag({ path: axePath });
    expect(blocking(await ui.axe())).toEqual([]);

    await page.keyboard.press('Tab');
    expect(await ui.activeElement()).toBe('button.primary');
    await page.keyboard.press('Enter');
    await ui.waitFor('.marker.changed', { hidden: true });
    expect(await ui.text('[role="status"]')).toContain('Passage confirmed. Margins will find it exactly next time.');
    const rows = await h.readStore<{ adaptation: { target: { quote: { exact: string } } } }>('adaptations');
    expect(rows.map((r) => r.adaptation.target.quote.exact)).toEqual([changedText]);

    await page.reload();
    await ui.waitFor('.marker');
    expect(await ui.count('.marker.changed')).toBe(0);
    await page.close();
  });

  it('lists the changed passage in the side panel, and re-attaches it to the text selected on the page', async () => {
    // Another edit: a word of the passage replaced by another (the confirmed text is the quote now).
    const current = (await h.readStore<{ adaptation: { target: { quote: { exact: string } } } }>('adaptations'))[0]!
      .adaptation.target.quote.exact;
    const words = current.split(' ');
    words[Math.floor(words.length / 2)] = 'rule';
    h.server.setPage(
      '/unit-3',
      edited((t) => t.replace(quote, words.join(' '))),
    );
    const { page, ui, tabId } = await h.openLesson('/unit-3');
    await ui.waitFor('.marker.changed');
    const panel = await h.openPanel(tabId);
    const card = panel.locator('ul.cards > li').filter({ hasText: 'This passage changed; check it.' });
    await card.waitFor();
    expect(await card.getByRole('button', { name: 'Confirm this passage' }).isVisible()).toBe(true);
    expect(blocking(await axeOnPage(panel))).toEqual([]);

    const target = lesson.items.flatMap((x) => ('items' in x ? x.items : [x])).find((b) => b.pid.endsWith('-goal'))!;
    const newText = target.text.split(' ').slice(0, 6).join(' ');
    await selectText(page, `[data-pid="${target.pid}"]`, newText);
    await card.getByRole('button', { name: 'Re-attach to selected text' }).click();
    await eventually(
      async () => (await highlightedTexts(page)).join() === newText,
      'the adaptation on the new passage',
    );
    await card.waitFor({ state: 'detached' });
    await ui.waitFor('.marker.changed', { hidden: true });
    await panel.close();
    await page.close();
  });

  it('re-attaches from the note on the page, keeping the selection while the marker is clicked', async () => {
    // The publisher rewrote the goal a little: the adaptation is found approximately again.
    const goal = lesson.items.flatMap((x) => ('items' in x ? x.items : [x])).find((b) => b.pid.endsWith('-goal'))!;
    const copy: UnitPage = structuredClone(unit);
    const g = copy.lessons[2]!.items.flatMap((x) => ('items' in x ? x.items : [x])).find((b) => b.pid === goal.pid)!;
    g.text = g.text.replace('Students will', 'Students will now');
    h.server.setPage('/unit-3', renderPage(copy));
    const { page, ui } = await h.openLesson('/unit-3');
    await ui.waitFor('.marker.changed');
    await selectText(page, `[data-pid="${reading.pid}"]`, quote);
    await ui.click('.marker.changed');
    await ui.waitFor('.changed-notice');
    await ui.click('.changed-notice button:not(.primary)');
    await eventually(async () => (await highlightedTexts(page)).join() === quote, 'the adaptation back on the reading');
    expect(await ui.count('.marker.changed')).toBe(0);
    expect(await ui.text('[role="status"]')).toContain('Adaptation moved to the selected passage.');
    await page.close();
  });

  it('confirms the changed passage from the side panel', async () => {
    const reread = quote.replace(firstWord!, `${firstWord} again`);
    h.server.setPage(
      '/unit-3',
      edited((t) => t.replace(quote, reread)),
    );
    const { page, ui, tabId } = await h.openLesson('/unit-3');
    await ui.waitFor('.marker.changed');
    const panel = await h.openPanel(tabId);
    const card = panel.locator('ul.cards > li').filter({ hasText: 'This passage changed; check it.' });
    await card.getByRole('button', { name: 'Confirm this passage' }).click();
    await panel.getByText('Passage confirmed. Margins will find it exactly next time.').waitFor();
    await card.waitFor({ state: 'detached' });
    await ui.waitFor('.marker.changed', { hidden: true });
    const rows = await h.readStore<{ adaptation: { target: { quote: { exact: string } } } }>('adaptations');
    expect(rows.map((r) => r.adaptation.target.quote.exact)).toEqual([reread]);
    await panel.close();
    await page.close();
  });
});
