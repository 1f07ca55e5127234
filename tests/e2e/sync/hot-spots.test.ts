import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdaptationKind } from '@margins/shared';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { databaseKinds } from '../../support/lti-stack.js';
import {
  axePath,
  blocking,
  startBrowserHarness,
  testedBrowsers,
  type BrowserHarness,
} from '../../support/extension-harness.js';
import { click, count, fill, textOf, waitFor } from '../../support/page-queries.js';
import { eventually, startWorld, type SyncWorld } from './world.js';

/** Markup a colleague may write (the tool refuses active markup): it must reach the panel as text. */
const HOSTILE = '<b>Fraction strips</b> first, <img src=x alt="strips"> then the area model';
const NOTE = 'District hot spot: adapted by 6 teachers in 3 schools, mostly language support';

/**
 * Issue 20, item 5: on a curriculum page, a teacher sees that a passage is a district hot spot and
 * opens the colleagues' shared adaptations of it in the side panel, in Chromium and in Firefox ESR.
 *
 * The district (Riverside): six colleagues (c1..c6) in schools North, South and East shared
 * adaptations of "unlike denominators" on the lesson (language support x5, scaffolding x1; c6's body
 * is hostile markup), and a seventh (c7) has a PRIVATE one there, never counted: 6 teachers in 3
 * schools. They are written through the tool's repository (as the sync push stores them); the
 * teacher's browser is connected by typing a code into pair.html, as in firefox-sharing.test.ts.
 * What is simulated: the panel is opened as a tab for the lesson's tab (no protocol clicks the
 * toolbar), after the note's button asked the background to open it.
 */
const kind = databaseKinds()[0]!;
describe('district hot spots in the extension', { timeout: 300_000 }, () => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startWorld({ kind });
    await world.session('ana');
    const k = world.tool.services.db.knex;
    const row: unknown = await k('users').where({ sub: 'ana' }).first('tenant_id', 'deployment_pk');
    const ana = row as {
      tenant_id: string;
      deployment_pk: string;
    };
    const schools = ['North', 'North', 'South', 'South', 'East', 'East', 'North'];
    for (let i = 1; i <= 7; i++) {
      const id = randomUUID();
      await k('users').insert({
        id,
        tenant_id: ana.tenant_id,
        deployment_pk: ana.deployment_pk,
        sub: `c${i}`,
        name: `Colleague ${i}`,
        email: null,
        created_at: new Date().toISOString(),
        last_launch_at: new Date().toISOString(),
        school_id: schools[i - 1],
      });
      const kinds: AdaptationKind[] = i === 2 ? ['scaffolding'] : ['language-support'];
      const at = new Date(Date.UTC(2026, 9, 1, 9, i)).toISOString();
      await world.tool.services.adaptations.put(
        makeAdaptation({
          id: randomUUID(),
          page: { url: world.lessonUrl, title: 'Lesson 3: Adding fractions' },
          kinds,
          body: i === 6 ? HOSTILE : `Colleague ${i}: say the denominators aloud first.`,
          visibility: i === 7 ? 'private' : 'district',
          createdAt: at,
          updatedAt: at,
          target: {
            quote: {
              type: 'TextQuoteSelector',
              exact: 'unlike denominators',
              prefix: 'Students add fractions with ',
              suffix: ' using area models',
            },
            position: { type: 'TextPositionSelector', start: 200 + i, end: 219 + i },
          },
        }),
        { tenantId: ana.tenant_id, authorUserId: id, contextPk: null },
      );
    }
  }, 240_000);
  afterAll(async () => world?.stop());

  for (const { browser, available } of testedBrowsers())
    describe.skipIf(!available)(`in ${browser}`, () => {
      let h: BrowserHarness;
      beforeAll(async () => {
        h = await startBrowserHarness(browser, { server: world.curriculum });
      }, 180_000);
      afterAll(async () => h?.close());

      it("marks the passage, says why in words, and opens the colleagues' adaptations of it in the panel", async () => {
        const { code, toolUrl } = await world.code(browser === 'firefox' ? 'ana' : 'ben');
        const pair = await h.driver.newPage(`${h.driver.extensionOrigin}pair.html`);
        await fill(pair, { label: 'Margins address' }, toolUrl);
        await fill(pair, { label: 'Connection code' }, code);
        await click(pair, { role: 'button', name: 'Continue' });
        await click(pair, { role: 'button', name: 'Connect' });
        await waitFor(pair, { role: 'heading', name: /^Connected to / });
        await pair.close();

        const { page, ui, tabId } = await h.openLesson();
        await h.enableSite(tabId);
        // The first visit looks the page up; the annotator redraws when the answer changed something.
        await eventually(
          async () => {
            if ((await ui.count('.marker.hotspot')) > 0) return true;
            await page.reload();
            await ui.waitFor('.marker.colleague', { timeout: 15_000 });
            return (await ui.count('.marker.hotspot')) > 0;
          },
          'the hot spot marker',
          90_000,
        );
        expect(await ui.count('.marker.hotspot')).toBe(1);
        expect(
          await ui.run<string>(
            'function () { return this.querySelector(".marker.hotspot").getAttribute("aria-label"); }',
          ),
        ).toBe(NOTE);

        // Keyboard: the marker is a button in the tab order; focus opens its note, Enter pins it.
        await ui.run('function () { this.querySelector(".marker.hotspot").focus(); }');
        await page.keyboard.press('Enter');
        await ui.waitFor('.note.hotspot');
        const note = (await ui.text('.note.hotspot'))!;
        expect(note).toContain(NOTE);
        expect(note).toContain('6 of their adaptations are shared with you.');
        expect(note).toContain('Shown where 5 or more teachers of your district shared adaptations of a passage.');
        expect(note).not.toContain('Colleague');
        await page.addScript(axePath);
        expect(blocking(await ui.axe())).toEqual([]);

        await ui.click('.note.hotspot button.primary');
        await ui.waitFor('.toast');
        expect(await ui.text('.toast')).toMatch(
          /^(Colleagues' adaptations of this passage are in the Margins side panel\.|Open the Margins side panel to see colleagues' adaptations of this passage\.)/,
        );
        const panel = await h.openPanel(tabId);
        await waitFor(panel, { role: 'heading', name: "Colleagues' adaptations of this passage" }, { timeout: 30_000 });
        const section = await textOf(panel, { css: 'section.passage' });
        expect(section).toContain(NOTE);
        for (let i = 1; i <= 5; i++) expect(section).toContain(`Colleague ${i}: say the denominators aloud first.`);
        expect(section).toContain(HOSTILE);
        expect(section).not.toContain('Colleague 7');
        expect(
          await panel.evaluate(() => document.querySelectorAll('section.passage b, section.passage img').length),
        ).toBe(0);
        await click(panel, { role: 'button', name: 'Show the whole page' });
        await eventually(async () => (await count(panel, { css: 'section.passage' })) === 0, 'the whole page again');
        await waitFor(panel, { role: 'heading', name: 'From colleagues (6)' });
        await panel.close();
        await page.close();
      });
    });
});
