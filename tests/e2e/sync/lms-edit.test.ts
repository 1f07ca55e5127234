import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../../support/chromium.js';
import { callApi } from '../../support/lti-stack.js';
import { eventually, startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

const TARGET = {
  quote: {
    type: 'TextQuoteSelector' as const,
    exact: 'unlike denominators',
    prefix: 'Students add fractions with ',
    suffix: ' using area models',
  },
};

/**
 * Issue 15, item 2, the extension's side: Ana writes an adaptation in her extension, edits it in the
 * LMS, and the extension's next sync stores the LMS version (the same version number the tool gave
 * it) and shows it on the page; nothing stays queued.
 */
describe.skipIf(!chromiumAvailable())(
  'an edit made in the LMS reaches the extension (Chromium)',
  { timeout: 240_000 },
  () => {
    let world: SyncWorld;
    let ana: TeacherBrowser;
    beforeAll(async () => {
      world = await startWorld();
      ana = await world.browser();
      const code = await world.code('ana');
      await (await ana.pairTyped(code.toolUrl, code.code)).close();
    }, 180_000);
    afterAll(async () => world?.stop());

    it('pulls the LMS edit into the extension store and onto the page', async () => {
      const saved = await ana.command<{ id: string }>({
        type: 'saveAdaptation',
        pageUrl: world.lessonUrl,
        pageTitle: 'Lesson 3',
        target: TARGET,
        content: {
          kinds: ['pacing'],
          body: 'Written in the extension.',
          rationale: '',
          audience: { gradeBands: [], subjects: [], learnerNeeds: [] },
          visibility: 'district',
        },
      });
      if (!saved.ok) throw new Error(saved.error.message);
      const id = saved.value.id;
      await eventually(async () => (await ana.readStore('outbox')).length === 0, 'the adaptation to sync');

      const lms = await callApi(world.tool, await world.session('ana'), `/api/v1/library/${id}`, {
        method: 'PUT',
        body: JSON.stringify({
          baseVersion: 1,
          kinds: ['scaffolding'],
          body: 'Edited in the LMS: model one example first.',
          rationale: 'They needed to see it once.',
          audience: { gradeBands: ['3-5'], subjects: ['math'], learnerNeeds: [] },
          visibility: 'district',
        }),
      });
      expect(lms.status, JSON.stringify(lms.body)).toBe(200);

      const synced = await ana.command({ type: 'syncNow' });
      expect(synced.ok).toBe(true);
      const row = await eventually(async () => {
        const rows = await ana.readStore<{
          id: string;
          adaptation: { body: string; version: number; kinds: string[] };
        }>('adaptations');
        const r = rows.find((x) => x.id === id);
        return r?.adaptation.version === 2 ? r : null;
      }, 'the LMS edit in the extension store');
      expect(row.adaptation).toMatchObject({
        body: 'Edited in the LMS: model one example first.',
        kinds: ['scaffolding'],
        version: 2,
      });
      expect(await ana.readStore('outbox')).toEqual([]);

      const { page, ui, tabId } = await ana.open(world.lessonUrl);
      await ana.enableSite(tabId);
      await page.reload();
      await ui.click('.marker');
      expect(await ui.text('.note')).toContain('Edited in the LMS: model one example first.');
      await page.close();
    });
  },
);
