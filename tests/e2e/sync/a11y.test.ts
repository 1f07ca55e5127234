import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectText } from '../../support/annotator-ui.js';
import { chromiumAvailable } from '../../support/chromium.js';
import { chromiumPage } from '../../support/chromium-driver.js';
import { axeOn, axePath, blocking } from '../../support/extension-harness.js';
import { startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

/** The sharing UI with axe-core and the keyboard: pair page, Sharing view, the privacy guard, a colleague's note and its dialog. */
describe.skipIf(!chromiumAvailable())('accessibility of sharing in Chromium', { timeout: 180_000 }, () => {
  let world: SyncWorld;
  let ana: TeacherBrowser;
  let ben: TeacherBrowser;
  beforeAll(async () => {
    world = await startWorld();
    [ana, ben] = await Promise.all([world.browser(), world.browser()]);
  }, 180_000);
  afterAll(async () => world?.stop());

  it('has no serious or critical violations on the pair page (typed form, question, result) and focuses the question', async () => {
    const code = await world.code('ana');
    const pair = await ana.ext.context.newPage();
    await pair.goto(`chrome-extension://${ana.ext.extensionId}/pair.html`);
    await pair.getByLabel('Margins address').waitFor();
    expect(blocking(await axeOn(chromiumPage(pair)))).toEqual([]);
    await pair.getByLabel('Margins address').fill(code.toolUrl);
    await pair.getByLabel('Connection code').fill(code.code);
    await pair.keyboard.press('Enter');
    await pair.getByRole('heading', { name: /^Connect this browser to/ }).waitFor();
    expect(await pair.evaluate(() => document.activeElement?.id)).toBe('connect-question');
    expect(blocking(await axeOn(chromiumPage(pair)))).toEqual([]);
    await pair.getByRole('button', { name: 'Connect', exact: true }).click();
    await pair.getByRole('heading', { name: /^Connected to/ }).waitFor();
    expect(await pair.evaluate(() => document.activeElement?.id)).toBe('pair-result');
    expect(blocking(await axeOn(chromiumPage(pair)))).toEqual([]);
    await pair.close();
  });

  it("has no serious or critical violations in the form's sharing choices and privacy guard, and focuses the guard", async () => {
    const { page, ui, tabId } = await ana.open(world.lessonUrl);
    await ana.enableSite(tabId);
    await page.addScriptTag({ path: axePath });
    await selectText(page, '#p-models', 'unlike denominators');
    await ui.click('.adapt-button');
    await ui.click('input[name="kinds"][value="pacing"]');
    await ui.type('#mg-body', 'Pair my student Maria Lopez with a partner.');
    await ui.click('input[name="visibility"][value="district"]');
    await ui.click('button[type="submit"]');
    await ui.waitFor('.privacy');
    expect(await ui.activeElement()).toBe('div.privacy');
    expect(blocking(await ui.axe())).toEqual([]);
    await ui.click('.privacy button.link');
    expect(await ui.activeElement()).toBe('textarea#mg-body');
    await ui.click('.privacy .actions button');
    await ui.waitFor('[role="dialog"]', { hidden: true });
    await page.close();
  });

  it('reaches a colleague\'s note and its "I tried this" dialog from the keyboard, without serious violations', async () => {
    const code = await world.code('ben');
    await (await ben.pairTyped(code.toolUrl, code.code)).close();
    const { page, ui, tabId } = await ben.open(world.lessonUrl);
    await ben.enableSite(tabId);
    await page.reload();
    await ui.waitFor('.marker.colleague', { timeout: 30_000 });
    await page.addScriptTag({ path: axePath });
    await ui.run(`function() { this.querySelector('.marker.colleague').focus(); }`);
    await ui.waitFor('.note.colleague');
    expect(
      await ui.run<string>(`function() { return this.querySelector('.marker.colleague').getAttribute('aria-label'); }`),
    ).toBe("A colleague's adaptation: Pacing (By Ana Lima)");
    expect(blocking(await ui.axe())).toEqual([]);
    await page.keyboard.press('Tab'); // into the note: "I tried this"
    await page.keyboard.press('Enter');
    await ui.waitFor('[role="dialog"]');
    expect(await ui.activeElement()).toBe('h2#mg-respond-title');
    expect(blocking(await ui.axe())).toEqual([]);
    await page.keyboard.press('Escape');
    await ui.waitFor('[role="dialog"]', { hidden: true });
    await page.close();
  });

  it("has no serious or critical violations in the side panel's Sharing view with a conflict, and the popup", async () => {
    // The conflict itself is made by the fault tests; here one is put in place to look at.
    const [row] = await ana.readStore<{
      id: string;
      pageUrl: string;
      adaptation: Record<string, unknown> & { body: string; version: number };
    }>('adaptations');
    const control = await ana.ext.context.newPage();
    await control.goto(`chrome-extension://${ana.ext.extensionId}/popup.html`);
    await control.evaluate(
      (r) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('margins');
          open.onsuccess = () => {
            const tx = open.result.transaction('conflicts', 'readwrite');
            tx.objectStore('conflicts').put({
              adaptationId: r.id,
              pageUrl: r.pageUrl,
              mine: r.adaptation,
              theirs: { ...r.adaptation, body: 'Changed in another browser.', version: r.adaptation.version + 1 },
              message: 'This adaptation was changed on another browser since you edited it.',
              detectedAt: new Date().toISOString(),
            });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error ?? new Error('IndexedDB request failed'));
          };
        }),
      row!,
    );
    await control.close();
    const panel = await ana.ext.context.newPage();
    await panel.goto(`chrome-extension://${ana.ext.extensionId}/sidepanel.html?view=sharing`);
    await panel.getByRole('heading', { name: 'Conflicts to review' }).waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Merge by editing' }).click();
    expect(blocking(await axeOn(chromiumPage(panel)))).toEqual([]);
    const popup = await ana.ext.context.newPage();
    await popup.goto(`chrome-extension://${ana.ext.extensionId}/popup.html`);
    await popup.getByText('1 conflict to review', { exact: false }).waitFor();
    expect(blocking(await axeOn(chromiumPage(popup)))).toEqual([]);
  });
});
