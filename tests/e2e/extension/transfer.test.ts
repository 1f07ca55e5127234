import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adaptWith,
  startBrowserHarness,
  testedBrowsers,
  type BrowserHarness,
} from '../../support/extension-harness.js';
import { click, textOf, waitFor } from '../../support/page-queries.js';

/**
 * Export and import through the side panel's "Export and import" view, from one browser profile to
 * another of the same browser. Simulated in both browsers: the side panel (Firefox: the sidebar) and
 * the popup are opened as tabs for the lesson's tab (`?tabId=`), since neither protocol opens the
 * browser's panel or clicks the toolbar button; 127.0.0.1 is granted at install (e2e build); the
 * file chooser is answered by the protocol (a file set on the input), as no protocol drives the
 * operating system's dialog. The download is the browser's own (Chromium: Playwright's download
 * event; Firefox: the file its download manager writes to a test folder).
 */
describe.each(testedBrowsers())('export and import in $browser', ({ browser, available }) => {
  describe.skipIf(!available)('', { timeout: 120_000 }, () => {
    let source: BrowserHarness;
    let target: BrowserHarness;
    beforeAll(async () => {
      source = await startBrowserHarness(browser);
      target = await startBrowserHarness(browser);
    }, 240_000);
    afterAll(async () => {
      await source?.close();
      await target?.close();
    });

    it('exports my adaptations as a W3C Web Annotation file and imports them into another browser, skipping duplicates', async () => {
      const { page, ui, tabId } = await source.openLesson();
      await source.enableSite(tabId);
      await adaptWith(page, ui, {
        selector: '#p-models',
        text: 'unlike denominators',
        kind: 'scaffolding',
        body: 'Fraction strips first.',
        rationale: 'Concrete before abstract.',
      });
      await adaptWith(page, ui, {
        selector: '#p-exit',
        text: 'exit ticket',
        kind: 'formative-assessment',
        body: 'Ask for a drawing.',
      });

      const panel = await source.openPanel(tabId);
      await click(panel, { role: 'tab', name: 'Export and import' });
      const download = await panel.download(() => click(panel, { role: 'button', name: 'Export my adaptations' }));
      expect(download.filename).toMatch(/^margins-adaptations-\d{4}-\d{2}-\d{2}\.json$/);
      const json = JSON.parse(download.text);
      expect(json).toMatchObject({ type: 'AnnotationCollection', total: 2 });
      expect(
        json.first.items.map((a: { target: { selector: { exact?: string }[] } }) => a.target.selector[0]!.exact).sort(),
      ).toEqual(['exit ticket', 'unlike denominators']);
      await waitFor(panel, { text: 'Exported 2 adaptations.' });

      // The same lesson, served by the second browser's own server (another port, same site).
      const other = await target.openLesson();
      await target.enableSite(other.tabId);
      const targetPanel = await target.openPanel(other.tabId);
      await click(targetPanel, { role: 'tab', name: 'Export and import' });
      const text = download.text.replaceAll(source.server.origin, target.server.origin);
      const upload = { name: 'margins.json', mimeType: 'application/json', buffer: Buffer.from(text) };
      await targetPanel.setInputFiles('#import-file', upload);
      await waitFor(targetPanel, { text: 'Imported: 2. Skipped (already here): 0. Rejected: 0.' });
      await other.page.bringToFront();
      await other.ui.waitFor('.marker');
      expect(await other.ui.count('.marker')).toBe(2);

      await targetPanel.setInputFiles('#import-file', { ...upload, name: 'again.json' });
      await waitFor(targetPanel, { text: 'Imported: 0. Skipped (already here): 2. Rejected: 0.' });

      const broken = JSON.stringify([
        json.first.items[0],
        { type: 'Annotation', id: 'urn:x:1', target: 'https://example.org/' },
      ]);
      await targetPanel.setInputFiles('#import-file', { ...upload, name: 'mixed.json', buffer: Buffer.from(broken) });
      await waitFor(targetPanel, { text: 'Imported: 0. Skipped (already here): 1. Rejected: 1.' });
      expect(await textOf(targetPanel, { css: 'ul.rejected' })).toMatch(/^Entry 2: /);

      await targetPanel.setInputFiles('#import-file', {
        ...upload,
        name: 'notes.txt',
        buffer: Buffer.from('these are not annotations'),
      });
      await waitFor(targetPanel, { css: '[role="alert"]', hasText: 'not valid JSON' });
      expect(await target.readStore('adaptations')).toHaveLength(2);
    });
  });
});
