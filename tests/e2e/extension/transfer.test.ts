import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../../support/chromium.js';
import { adaptViaUi, startHarness, type Harness } from './fixtures.js';

describe.skipIf(!chromiumAvailable())('export and import in Chromium', { timeout: 90_000 }, () => {
  let source: Harness;
  let target: Harness;
  beforeAll(async () => {
    source = await startHarness();
    target = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('exports my adaptations as a W3C Web Annotation file and imports them into another browser, skipping duplicates', async () => {
    const { page, ui, tabId } = await source.openLesson();
    await source.enableSite(tabId);
    await adaptViaUi(page, ui, {
      selector: '#p-models',
      text: 'unlike denominators',
      kind: 'scaffolding',
      body: 'Fraction strips first.',
      rationale: 'Concrete before abstract.',
    });
    await adaptViaUi(page, ui, {
      selector: '#p-exit',
      text: 'exit ticket',
      kind: 'formative-assessment',
      body: 'Ask for a drawing.',
    });

    const panel = await source.openPanel(tabId);
    await panel.getByRole('tab', { name: 'Export and import' }).click();
    const [download] = await Promise.all([
      panel.waitForEvent('download'),
      panel.getByRole('button', { name: 'Export my adaptations' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^margins-adaptations-\d{4}-\d{2}-\d{2}\.json$/);
    const file = await download.path();
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ type: 'AnnotationCollection', total: 2 });
    expect(
      json.first.items.map((a: { target: { selector: { exact?: string }[] } }) => a.target.selector[0]!.exact).sort(),
    ).toEqual(['exit ticket', 'unlike denominators']);
    await panel.getByText('Exported 2 adaptations.').waitFor();

    // The same lesson, served by the second browser's own server (another port, same site).
    const other = await target.openLesson();
    await target.enableSite(other.tabId);
    const targetPanel = await target.openPanel(other.tabId);
    await targetPanel.getByRole('tab', { name: 'Export and import' }).click();
    const text = readFileSync(file, 'utf8').replaceAll(source.server.origin, target.server.origin);
    const upload = { name: 'margins.json', mimeType: 'application/json', buffer: Buffer.from(text) };
    await targetPanel.getByLabel('Choose a file to import').setInputFiles(upload);
    await targetPanel.getByText('Imported: 2. Skipped (already here): 0. Rejected: 0.').waitFor();
    await other.ui.waitFor('.marker');
    expect(await other.ui.count('.marker')).toBe(2);

    await targetPanel.getByLabel('Choose a file to import').setInputFiles({ ...upload, name: 'again.json' });
    await targetPanel.getByText('Imported: 0. Skipped (already here): 2. Rejected: 0.').waitFor();

    const broken = JSON.stringify([
      json.first.items[0],
      { type: 'Annotation', id: 'urn:x:1', target: 'https://example.org/' },
    ]);
    await targetPanel
      .getByLabel('Choose a file to import')
      .setInputFiles({ ...upload, name: 'mixed.json', buffer: Buffer.from(broken) });
    await targetPanel.getByText('Imported: 0. Skipped (already here): 1. Rejected: 1.').waitFor();
    expect(await targetPanel.locator('ul.rejected').innerText()).toMatch(/^Entry 2: /);

    await targetPanel
      .getByLabel('Choose a file to import')
      .setInputFiles({ ...upload, name: 'notes.txt', buffer: Buffer.from('these are not annotations') });
    await targetPanel.getByRole('alert').filter({ hasText: 'not valid JSON' }).waitFor();
    expect(await target.readStore('adaptations')).toHaveLength(2);
  });
});
