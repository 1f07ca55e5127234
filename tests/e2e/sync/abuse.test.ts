import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectText } from '../../support/annotator-ui.js';
import { testLaunch } from '@margins/lti-tool/testing/launch-session';
import { chromiumAvailable } from '../../support/chromium.js';
import { eventually, startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

const TARGET = {
  quote: {
    type: 'TextQuoteSelector' as const,
    exact: 'unlike denominators',
    prefix: 'Students add fractions with ',
    suffix: ' using area models',
  },
};
const content = (body: string, visibility: string) => ({
  kinds: ['pacing'],
  body,
  rationale: '',
  audience: { gradeBands: [], subjects: [], learnerNeeds: [] },
  visibility,
});

/**
 * Abuse from the extension's side, against the real tool: a visibility the teacher may not set, a
 * change to another teacher's adaptation, script typed into the form, and the privacy guard before
 * anything leaves the browser. The district refuses on its own; the extension says why and keeps
 * the teacher's text.
 */
describe.skipIf(!chromiumAvailable())(
  'what the district refuses, as the extension shows it',
  { timeout: 240_000 },
  () => {
    let world: SyncWorld;
    let chloe: TeacherBrowser;
    beforeAll(async () => {
      world = await startWorld();
      chloe = await world.browser();
      // Connected outside a course (a launch without a course context): "My course" is not hers to choose.
      const launch = await testLaunch(world.tool, {
        issuer: world.platform.issuer,
        clientId: world.clientId,
        deploymentId: 'dep-1',
        sub: 'chloe',
        name: 'Chloé Martin',
        course: null,
      });
      const code = await world.tool.services.pairing.createCode(launch.ctx);
      await (await chloe.pairTyped(code.toolUrl, code.code)).close();
    }, 180_000);
    afterAll(async () => world?.stop());

    it('offers no "My course" without a course, and shows the district\'s refusal of one forced anyway', async () => {
      const { page, ui, tabId } = await chloe.open(world.lessonUrl);
      await chloe.enableSite(tabId);
      await selectText(page, '#p-models', 'unlike denominators');
      await ui.click('.adapt-button');
      await ui.waitFor('[role="dialog"]');
      expect(await ui.count('input[name="visibility"]')).toBe(3);
      expect(await ui.count('input[name="visibility"][value="course"]')).toBe(0);
      await ui.click('button[aria-label="Close the form"]');

      const forced = await chloe.command<{ id: string }>({
        type: 'saveAdaptation',
        pageUrl: world.lessonUrl,
        pageTitle: 'Lesson 3',
        target: TARGET,
        content: content('For a course I did not connect from.', 'course'),
      });
      expect(forced.ok).toBe(true);
      await eventually(async () => {
        const s = await chloe.command<{ problems: number; pending: number }>({ type: 'getSyncStatus' });
        return s.ok && s.value.problems === 1 && s.value.pending === 0;
      }, 'the refusal to be recorded');
      const panel = await chloe.ext.context.newPage();
      await panel.goto(`chrome-extension://${chloe.ext.extensionId}/sidepanel.html?view=sharing`);
      await panel.getByRole('heading', { name: 'Not shared' }).waitFor();
      await panel.getByText(/Sharing with a course needs a browser connected from that course/).waitFor();
      await panel.getByText('1 adaptation not shared').first().waitFor();
      await panel.close();
      await page.reload();
      await ui.click('.marker');
      expect(await ui.text('.note')).toContain('Not shared. The side panel (Sharing) says why.');
      expect(
        await world.tool.services.db
          .knex('adaptations')
          .where({ id: forced.ok ? forced.value.id : '' })
          .count({ n: '*' })
          .first(),
      ).toMatchObject({ n: 0 });
      await page.close();
    });

    it("refuses a change to another teacher's adaptation, leaving theirs untouched", async () => {
      const ana = await world.browser();
      const code = await world.code('ana');
      await (await ana.pairTyped(code.toolUrl, code.code)).close();
      const theirs = await ana.command<{ id: string }>({
        type: 'saveAdaptation',
        pageUrl: world.lessonUrl,
        pageTitle: 'Lesson 3',
        target: TARGET,
        content: content("Ana's own words.", 'district'),
      });
      if (!theirs.ok) throw new Error(theirs.error.message);
      await eventually(async () => (await ana.readStore('outbox')).length === 0, "Ana's adaptation to sync");
      // Chloé's browser is tampered with: a row claiming Ana's id, queued as Chloé's change.
      const stolen = {
        ...(await ana.readStore<{ id: string; adaptation: Record<string, unknown> }>('adaptations')).find(
          (r) => r.id === theirs.value.id,
        )!,
      };
      stolen.adaptation = { ...stolen.adaptation, body: 'Overwritten by someone else.' };
      const control = await chloe.ext.context.newPage();
      await control.goto(`chrome-extension://${chloe.ext.extensionId}/popup.html`);
      await control.evaluate(
        (row) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('margins');
            open.onsuccess = () => {
              const tx = open.result.transaction(['adaptations', 'outbox'], 'readwrite');
              tx.objectStore('adaptations').put({ ...row, syncedVersion: 1 });
              tx.objectStore('outbox').add({
                op: 'upsert',
                idempotencyKey: crypto.randomUUID(),
                baseVersion: 1,
                adaptation: row.adaptation,
                adaptationId: row.id,
                attempts: 0,
                nextAttemptAt: 0,
                createdAt: new Date().toISOString(),
                lastError: null,
                sentAt: null,
              });
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error ?? new Error('IndexedDB request failed'));
            };
          }),
        stolen,
      );
      await control.close();
      const after = await chloe.command<{ problems: number }>({ type: 'syncNow' });
      expect(after).toMatchObject({ ok: true, value: { pending: 0 } });
      const problems = await chloe.command<{ problems: { adaptationId: string; message: string }[] }>({
        type: 'listSyncProblems',
      });
      expect(problems).toMatchObject({
        ok: true,
        value: {
          problems: expect.arrayContaining([
            expect.objectContaining({
              adaptationId: theirs.value.id,
              message: expect.stringContaining('belongs to someone else'),
            }),
          ]),
        },
      });
      const [row] = await world.tool.services.db
        .knex('adaptations')
        .where({ id: theirs.value.id })
        .select('json', 'version');
      expect(JSON.parse(row.json).body).toBe("Ana's own words.");
      expect(Number(row.version)).toBe(1);
      await ana.close();
    });

    it("refuses script typed into the form with a sentence, and warns before a student's name leaves the browser", async () => {
      const { page, ui } = await chloe.open(world.lessonUrl);
      await selectText(page, '#p-exit', 'exit ticket');
      await ui.click('.adapt-button');
      await ui.waitFor('[role="dialog"]');
      await ui.click('input[name="kinds"][value="formative-assessment"]');
      await ui.type('#mg-body', 'Add <script>alert(1)</script> to the exit ticket.');
      await ui.click('input[name="visibility"][value="district"]');
      await ui.click('button[type="submit"]');
      await ui.waitFor('.errors');
      expect(await ui.text('.errors')).toMatch(/contains script or other active HTML/);
      const outboxBefore = (await chloe.readStore('outbox')).length;

      await ui.run(
        `function() { const t = this.querySelector('#mg-body'); t.value = ''; t.dispatchEvent(new Event('input', { bubbles: true })); }`,
      );
      await ui.type('#mg-body', 'Ask my student Jayden Smith to model it; email his dad at dad@example.org.');
      await ui.click('button[type="submit"]');
      await ui.waitFor('.privacy');
      const guard = (await ui.text('.privacy'))!;
      expect(guard).toContain('Check before sharing');
      expect(guard).toContain('It may name a student.');
      expect(guard).toContain('It looks like an email address.');
      expect(
        await ui.run<string[]>(
          `function() { return [...this.querySelectorAll('.privacy mark')].map((m) => m.textContent); }`,
        ),
      ).toEqual(['Jayden Smith', 'dad@example.org']);
      expect((await chloe.readStore('outbox')).length).toBe(outboxBefore);
      // Editing the text makes the warning go away as the words go.
      await ui.run(
        `function() { const t = this.querySelector('#mg-body'); t.value = ''; t.dispatchEvent(new Event('input', { bubbles: true })); }`,
      );
      await ui.type('#mg-body', 'Ask a volunteer to model it at the board.');
      await ui.waitFor('.privacy', { hidden: true });
      await ui.click('button[type="submit"]');
      await ui.waitFor('[role="dialog"]', { hidden: true });
      await page.close();
    });
  },
);
