import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectText } from '../../support/annotator-ui.js';
import { eventually } from '../../support/eventually.js';
import { startBrowserHarness, testedBrowsers, type BrowserHarness } from '../../support/extension-harness.js';

interface DraftRow {
  key: string;
  fields: { body: string };
}

/**
 * Drafts: what a teacher typed survives a closed tab and a crashed one. Simulated in both browsers:
 * the popup is opened as a tab and 127.0.0.1 granted at install (as in the other browser tests); the
 * crash is CDP's `Page.crash` in Chromium and, in Firefox (BiDi has no crash command), the tab's
 * content process killed by its pid.
 */
describe.each(testedBrowsers())('drafts in $browser: typed text is never lost', ({ browser, available }) => {
  describe.skipIf(!available)('', { timeout: 90_000 }, () => {
    let h: BrowserHarness;
    beforeAll(async () => {
      h = await startBrowserHarness(browser);
    }, 180_000);
    afterAll(async () => h?.close());

    it('offers the unsaved text again after the tab was closed mid-edit, and forgets it once saved', async () => {
      const first = await h.openLesson();
      await h.enableSite(first.tabId);
      await selectText(first.page, '#p-models', 'unlike denominators');
      await first.ui.click('.adapt-button');
      await first.ui.click('input[name="kinds"][value="pacing"]');
      await first.ui.type('#mg-body', 'Split the launch into two shorter parts');
      // The form says the text is safe only once the background has stored it.
      await eventually(
        async () => (await first.ui.text('footer .status')) === 'Draft kept on this computer.',
        'the draft to be confirmed',
      );
      await first.page.close();

      const again = await h.openLesson();
      await again.ui.waitFor('.banner');
      expect(await again.ui.text('.banner')).toContain('You have an unsaved adaptation on this page.');
      expect(await again.ui.text('.banner')).toContain('Split the launch into two shorter parts');
      await again.ui.click('.banner button.primary');
      await again.ui.waitFor('[role="dialog"]');
      expect(await again.ui.run<string>(`function() { return this.querySelector('#mg-body').value; }`)).toBe(
        'Split the launch into two shorter parts',
      );
      expect(
        await again.ui.run<boolean>(`function() { return this.querySelector('input[value="pacing"]').checked; }`),
      ).toBe(true);
      expect(await again.ui.text('.info')).toMatch(/Your unsaved text from .+ was restored\./);
      expect(await again.ui.text('blockquote')).toBe('unlike denominators');
      await again.ui.click('button[type="submit"]');
      await again.ui.waitFor('[role="dialog"]', { hidden: true });
      await eventually(async () => (await h.readStore('drafts')).length === 0, 'the draft to be removed after saving');
      await again.page.reload();
      await again.ui.waitFor('.marker');
      expect(await again.ui.count('.banner')).toBe(0);
      await again.page.close();
    });

    it('loses at most the last second of typing when the page crashes mid-edit', async () => {
      const { page, ui } = await h.openLesson();
      await ui.waitFor('.marker');
      await selectText(page, '#p-exit', 'exit ticket');
      await ui.click('.adapt-button');
      await ui.click('#mg-body');
      const typed = 'Students sketch the common unit before they add anything at all, then explain.';
      const perKeyMs = 40;
      await page.keyboard.type(typed, { delay: perKeyMs });
      await page.crash();
      // The renderer is gone: no pagehide, no last-moment save. Only what was saved while typing survives.
      const [draft] = await eventually(async () => {
        const rows = (await h.readStore<DraftRow>('drafts')).filter((d) => d.fields.body);
        return rows.length ? rows : null;
      }, 'a draft saved while typing');
      expect(typed.startsWith(draft!.fields.body)).toBe(true);
      const lost = typed.length - draft!.fields.body.length;
      // One second of typing at this speed, plus a little for the message to reach the background.
      expect(lost).toBeLessThanOrEqual(Math.ceil(1_000 / perKeyMs) + 8);
      void page.close().catch(() => {});

      const back = await h.openLesson();
      await back.ui.waitFor('.banner');
      await back.ui.click('.banner button.primary');
      await back.ui.waitFor('[role="dialog"]');
      expect(await back.ui.run<string>(`function() { return this.querySelector('#mg-body').value; }`)).toBe(
        draft!.fields.body,
      );
      await back.ui.click('footer button.danger');
      await back.ui.waitFor('[role="dialog"]', { hidden: true });
      await eventually(async () => (await h.readStore('drafts')).length === 0, 'the discarded draft to be removed');
      await back.page.close();
    });
  });
});
