import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { chromiumAvailable } from '../support/chromium.js';
import {
  type LmsInChromium,
  lmsReady,
  seriousViolations,
  startLmsInChromium,
  toolFrame,
} from '../support/lms-frame.js';

/**
 * Nothing typed is lost (issue 15 item 3), in Chromium inside the platform's frame: a coach's
 * curation note saves itself (and says so when it cannot, keeping the text); leaving a view with an
 * unsaved form asks first, and staying keeps every word.
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('unsaved text in the LMS UI', { timeout: 180_000 }, () => {
  let stack: LmsInChromium;
  const NOTE_LABEL = 'Curation note for “[Demo] Grade 8 ELA Unit 2: Writing an argument”';

  beforeAll(async () => {
    stack = await startLmsInChromium({ demo: true });
  }, 120_000);
  afterAll(async () => stack?.stop());

  /** Ben (coach) with the demo collection "[Demo] Talk before writing" open in the editor. */
  async function openCollection(page: Page): Promise<Frame> {
    await page.goto(stack.platform.launchPageUrl({ clientId: stack.clientId, user: 'ben', course: 'ela-plc' }));
    const frame = await toolFrame(page, stack.tool.url);
    await lmsReady(frame);
    await frame.getByRole('button', { name: 'Collections', exact: true }).click();
    await frame
      .getByRole('button', { name: /Talk before writing/ })
      .first()
      .click();
    await frame.getByLabel(NOTE_LABEL).waitFor();
    return frame;
  }

  const noteState = async (frame: Frame) =>
    frame.locator(`#${await frame.getByLabel(NOTE_LABEL).getAttribute('aria-describedby')}`);

  it('saves a curation note by itself, and keeps the text with a retry when the save fails', async () => {
    const context = await stack.browser.newContext();
    const page = await context.newPage();
    const frame = await openCollection(page);

    // While the network drops every save, the note stays and the status says so.
    let failing = true;
    await context.route('**/api/v1/coach/collections/*/items/*', async (route) =>
      failing && route.request().method() === 'PATCH' ? route.abort('connectionreset') : route.continue(),
    );
    await frame.getByLabel(NOTE_LABEL).fill('Pair it with the sentence frames.');
    const state = await noteState(frame);
    await state.locator('text=Not saved. Your text is kept here.').waitFor();
    expect(await frame.getByLabel(NOTE_LABEL).inputValue()).toBe('Pair it with the sentence frames.');
    // A failed note counts as unsaved: leaving asks.
    await frame.getByRole('button', { name: 'Focus areas', exact: true }).click();
    await frame.getByRole('dialog', { name: 'Leave without saving?' }).waitFor();
    expect(await frame.getByRole('dialog').innerText()).toContain('the curation note for');
    await page.keyboard.press('Escape');
    await frame.getByRole('dialog').waitFor({ state: 'hidden' });
    // Back online, "Try saving again" saves it.
    failing = false;
    await state.getByRole('button', { name: 'Try saving again' }).click();
    await frame.locator(`#${await frame.getByLabel(NOTE_LABEL).getAttribute('aria-describedby')}.saved`).waitFor();

    // A new launch finds the note on the server.
    const again = await openCollection(await context.newPage());
    expect(await again.getByLabel(NOTE_LABEL).inputValue()).toBe('Pair it with the sentence frames.');
    await context.close();
  });

  it('asks before leaving unsaved collection details; staying keeps them, leaving goes', async () => {
    const context = await stack.browser.newContext();
    const page = await context.newPage();
    const frame = await openCollection(page);
    await frame.getByLabel('What this collection is for (shown to teachers)').fill('For the argument unit, week 2.');

    await frame.getByRole('button', { name: 'Focus areas', exact: true }).click();
    const dialog = frame.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain("the collection's details");
    // "Stay" is focused first, so Enter never discards.
    expect(await frame.evaluate(() => document.activeElement?.textContent)).toBe('Stay and save');
    expect(await seriousViolations(frame)).toEqual([]);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await frame.getByLabel('What this collection is for (shown to teachers)').inputValue()).toBe(
      'For the argument unit, week 2.',
    );

    // The Back button asks too; this time the coach leaves.
    await frame.getByRole('button', { name: '← All collections' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await frame.getByRole('heading', { level: 2, name: 'Collections' }).waitFor();

    // Saved details never ask.
    await frame
      .getByRole('button', { name: /Talk before writing/ })
      .first()
      .click();
    await frame.getByLabel('What this collection is for (shown to teachers)').fill('For the argument unit.');
    await frame.getByRole('button', { name: 'Save details' }).click();
    await frame.getByText('Saved the details.').waitFor();
    await frame.getByRole('button', { name: 'Focus areas', exact: true }).click();
    await frame.locator('#fa-heading').waitFor();
    expect(await dialog.isVisible()).toBe(false);
    await context.close();
  });
});
