import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../../support/chromium.js';
import { selectText } from '../../support/annotator-ui.js';
import { adaptViaUi, eventually, highlightedTexts, startHarness, type Harness } from './fixtures.js';

describe.skipIf(!chromiumAvailable())('annotating a curriculum page in Chromium', { timeout: 60_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => h?.close());

  it('runs once on a page with "Use on this page only", without turning Margins on for the site', async () => {
    const { page, ui, tabId } = await h.openLesson();
    const popup = await h.ext.context.newPage();
    await popup.goto(`chrome-extension://${h.ext.extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByText('Margins is off for 127.0.0.1.').waitFor();
    await popup.getByRole('button', { name: 'Use on this page only' }).click();
    await popup.getByText('Margins is running on this page until you leave it.').waitFor();
    await popup.close();
    await selectText(page, '#p-models', 'unlike denominators');
    await ui.waitFor('.adapt-button');
    await page.reload();
    const ping = await h.worker.evaluate(
      (id) => chrome.tabs.sendMessage(id, { type: 'ping' }).catch(() => null),
      tabId,
    );
    expect(ping).toBeNull();
    expect(await h.readStore('sites')).toEqual([]);
    await page.close();
  });

  it('creates an adaptation from a selection and shows it re-anchored after a reload', async () => {
    const { page, ui, tabId } = await h.openLesson();
    await h.enableSite(tabId);
    // A page with nothing to show runs only the small loader: no UI in the page, no full annotator.
    await page.reload();
    const ping = await eventually(
      () => h.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'ping' }).catch(() => null), tabId),
      'the loader to answer',
    );
    expect(ping).toMatchObject({ ok: true, value: { full: false } });
    expect(await page.evaluate(() => document.querySelector('margins-annotator'))).toBeNull();
    // Selecting text brings the full annotator, which offers Adapt for that selection.
    await selectText(page, '#p-models', 'unlike denominators');
    await ui.click('.adapt-button');
    await ui.waitFor('[role="dialog"]');
    expect(await ui.activeElement()).toBe('h2#mg-form-title');
    expect(await ui.text('blockquote')).toBe('unlike denominators');
    // The selection is gone once focus is in the form, so the passage stays highlighted meanwhile.
    expect(await highlightedTexts(page)).toEqual(['unlike denominators']);
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
    expect(await highlightedTexts(page)).toEqual(['unlike denominators']);

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
    expect(await highlightedTexts(page)).toEqual(['unlike denominators']);
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
    await page.keyboard.press('Control+A');
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
    expect(await highlightedTexts(page)).toEqual([]);
    await ui.click('.toast button:nth-of-type(1)');
    await ui.waitFor('.marker');
    expect(await highlightedTexts(page)).toEqual(['unlike denominators']);
    // Not connected, so nothing was sent: each step replaced the one before (issue 6's outbox).
    expect((await h.readStore<{ op: string }>('outbox')).map((r) => r.op)).toEqual(['upsert']);

    await ui.click('.marker');
    await ui.click('.note button.danger');
    await eventually(async () => (await h.readStore('adaptations')).length === 0, 'the adaptation to be deleted');
    expect(await h.readStore('trash')).toHaveLength(1);
    await page.reload();
    await adaptViaUi(page, ui, {
      selector: '#p-exit',
      text: 'exit ticket',
      kind: 'formative-assessment',
      body: 'Ask for a drawing and a sentence.',
    });
    expect(await ui.count('.marker')).toBe(1);
    await page.close();
  });
});
