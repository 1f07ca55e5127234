import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Frame } from 'playwright-core';
import type { TestTool } from '@margins/lti-tool/testing/tool';
import type { TestPlatform } from '../platform/index.js';
import { chromiumAvailable } from '../support/chromium.js';
import {
  type LmsInChromium,
  seriousViolations,
  startLmsInChromium,
  lmsReady,
  toolFrame,
} from '../support/lms-frame.js';

/**
 * The coach workspace in real Chromium, framed by the platform's pages on another site: a coach
 * curates a collection with the keyboard, embeds it with the editor button, and a teacher opens the
 * embedded link and reads the collection. axe-core checks each view; the views are checked for
 * reflow at 200% zoom (half the width).
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('the coach workspace in Chromium', { timeout: 180_000 }, () => {
  let stack: LmsInChromium;
  let tool: TestTool;
  let platform: TestPlatform;
  let browser: Browser;
  let clientId: string;

  beforeAll(async () => {
    stack = await startLmsInChromium({ demo: true });
    ({ tool, platform, browser, clientId } = stack);
  }, 120_000);
  afterAll(async () => stack?.stop());

  /** Nothing overflows sideways in the tool's frame (WCAG 1.4.10 reflow). */
  async function reflows(frame: Frame): Promise<boolean> {
    return frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);
  }

  /** Waits until focus is on an element with this id, tag or text (focus moves in an effect after the render). */
  async function focusIs(frame: Frame, what: { id?: string; tag?: string; text?: string }): Promise<void> {
    await frame
      .waitForFunction(
        (w) => {
          const el = document.activeElement;
          if (!el) return false;
          const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
          return (!w.id || el.id === w.id) && (!w.tag || el.tagName === w.tag) && (!w.text || text === w.text);
        },
        what,
        { timeout: 10_000 },
      )
      .catch(async () => {
        const now = await frame.evaluate(
          () =>
            `${document.activeElement?.tagName}#${document.activeElement?.id}: ${(document.activeElement?.textContent ?? '').slice(0, 80)}`,
        );
        throw new Error(`focus is not on ${JSON.stringify(what)} but on ${now}`);
      });
  }

  it('lets a coach curate a collection with the keyboard, embed it, and a teacher open it from the course', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(platform.launchPageUrl({ clientId, user: 'ben', course: 'ela-plc' }));
    const frame = await toolFrame(page, tool.url);
    await lmsReady(frame);
    await frame.getByRole('heading', { name: 'Practice library' }).waitFor();

    // The coach workspace, keyboard only.
    const coachTab = frame.getByRole('button', { name: 'Collections', exact: true });
    await coachTab.focus();
    await coachTab.press('Enter');
    await frame.getByRole('heading', { level: 2, name: 'Collections' }).waitFor();
    await focusIs(frame, { id: 'cc-heading' });
    await frame.getByText('[Demo] Talk before writing').waitFor();
    expect(await seriousViolations(frame)).toEqual([]);

    await frame.getByLabel('New collection title').fill('Counterclaims, step by step');
    await frame.getByLabel('New collection title').press('Enter');
    await frame.getByRole('heading', { level: 2, name: 'Counterclaims, step by step' }).waitFor();
    await focusIs(frame, { id: 'ce-heading' });
    await frame.getByText('No practices yet. Find some below.').waitFor();

    // Find practices and add two.
    await frame.getByLabel('Find practices').fill('Demo');
    await frame.getByLabel('Find practices').press('Enter');
    await frame
      .getByRole('region', { name: 'Add practices' })
      .getByText(/practices found/)
      .waitFor();
    await frame
      .getByRole('button', { name: 'Add “[Demo] Grade 8 ELA Unit 2: Writing an argument” to the collection' })
      .first()
      .press('Enter');
    await frame.getByText(/as practice 1\./).waitFor();
    await frame
      .getByRole('button', { name: 'Add “[Demo] Grade 7 Ratios, Lesson 4: Unit rates” to the collection' })
      .press('Enter');
    await frame.getByText(/as practice 2\./).waitFor();
    expect(await seriousViolations(frame)).toEqual([]);

    // Move the second one up with the keyboard: the order changes, focus stays on the moved practice, and it is announced.
    const entries = frame.locator('ol.entries > li .row-title');
    expect(await entries.allInnerTexts()).toEqual([
      '[Demo] Grade 8 ELA Unit 2: Writing an argument',
      '[Demo] Grade 7 Ratios, Lesson 4: Unit rates',
    ]);
    const up = frame.getByRole('button', { name: 'Move up “[Demo] Grade 7 Ratios, Lesson 4: Unit rates”' });
    await up.focus();
    await up.press('Enter');
    await frame.getByText('Moved “[Demo] Grade 7 Ratios, Lesson 4: Unit rates” to position 1 of 2.').waitFor();
    expect(await entries.allInnerTexts()).toEqual([
      '[Demo] Grade 7 Ratios, Lesson 4: Unit rates',
      '[Demo] Grade 8 ELA Unit 2: Writing an argument',
    ]);
    await focusIs(frame, { text: 'Move down “[Demo] Grade 7 Ratios, Lesson 4: Unit rates”' });

    // A curation note (it saves itself once typing pauses), then publish.
    const note = frame.getByLabel('Curation note for “[Demo] Grade 7 Ratios, Lesson 4: Unit rates”');
    await note.fill('Start here: it shows talk before writing.');
    await frame.locator(`#${await note.getAttribute('aria-describedby')}.saved`).waitFor();
    await frame.getByRole('button', { name: 'Publish' }).press('Enter');
    await frame.getByText(/Published “Counterclaims, step by step”/).waitFor();
    expect(await seriousViolations(frame)).toEqual([]);

    // The other sections, each accessible and readable at 200% zoom.
    await page.setViewportSize({ width: 640, height: 900 });
    // At 200% zoom the navigation folds behind its menu button, opened with the keyboard.
    const menu = async () => {
      const toggle = frame.getByRole('button', { name: /^Menu:/ });
      if (await toggle.isVisible()) await toggle.press('Enter');
    };
    for (const [tab, heading] of [
      ['Focus areas', 'Focus areas'],
      ['Sharing approvals', 'Sharing with other districts'],
      ['Featured practices', 'Featured practices'],
      ['Mentoring', 'Mentoring'],
      ['Collections', 'Collections'],
    ] as const) {
      await menu();
      await frame.getByRole('button', { name: tab, exact: true }).press('Enter');
      await frame.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor();
      await focusIs(frame, { tag: 'H2' });
      expect(await seriousViolations(frame), tab).toEqual([]);
      expect(await reflows(frame), tab).toBe(true);
    }
    await menu();
    await frame.getByRole('button', { name: 'Sharing approvals', exact: true }).press('Enter');
    await frame.getByRole('button', { name: 'Approve “[Demo] Algebra 1 Unit 3: Systems of equations”' }).waitFor();
    await page.setViewportSize({ width: 1280, height: 900 });
    await context.close();

    // Embed it from the editor of Grade 7 Mathematics.
    const dlContext = await browser.newContext();
    const dlPage = await dlContext.newPage();
    await dlPage.goto(platform.launchPageUrl({ clientId, user: 'ben', course: 'math-7', placement: 'editor_button' }));
    const picker = await toolFrame(dlPage, tool.url);
    await lmsReady(picker);
    await picker.getByRole('heading', { name: 'Choose practices to add to your course' }).waitFor();
    await picker.getByLabel('Add the collection “Counterclaims, step by step” to the course').check();
    await picker.getByText('1 collection selected').waitFor();
    expect(await seriousViolations(picker)).toEqual([]);
    await picker.getByRole('button', { name: 'Add to course' }).click();
    await dlPage
      .frameLocator('#tool_frame')
      .getByRole('heading', { name: /added 1 item to Grade 7 Mathematics/ })
      .waitFor({ timeout: 30_000 });
    const placed = platform.placedContent('math-7').find((c) => c.item.title === 'Counterclaims, step by step')!;
    expect(placed.item.custom).toEqual({ margins_collection: expect.any(String) });
    await dlContext.close();

    // Ana opens the link in her course: the collection, in the coach's order, with the note.
    const anaContext = await browser.newContext();
    const anaPage = await anaContext.newPage();
    await anaPage.goto(
      platform.launchPageUrl({ clientId, user: 'ana', course: 'math-7', resourceLinkId: placed.resourceLinkId! }),
    );
    const view = await toolFrame(anaPage, tool.url);
    await lmsReady(view);
    await view.getByRole('heading', { level: 1, name: 'Counterclaims, step by step' }).waitFor();
    await focusIs(view, { id: 'cv-heading' });
    expect(await view.locator('ol.entries .card-title').allInnerTexts()).toEqual([
      '[Demo] Grade 7 Ratios, Lesson 4: Unit rates',
      '[Demo] Grade 8 ELA Unit 2: Writing an argument',
    ]);
    await view.getByText('Start here: it shows talk before writing.').waitFor();
    expect(await seriousViolations(view)).toEqual([]);
    // Opening a practice and coming back keeps her place.
    const openIt = view.getByRole('button', { name: '[Demo] Grade 8 ELA Unit 2: Writing an argument' });
    await openIt.press('Enter');
    await view
      .locator('article .card-context', { hasText: '[Demo] Grade 8 ELA Unit 2: Writing an argument' })
      .waitFor();
    await view.locator('#detail-heading').waitFor();
    await view.getByRole('button', { name: /Back to the collection/ }).press('Enter');
    await view.getByRole('heading', { level: 1, name: 'Counterclaims, step by step' }).waitFor();
    await focusIs(view, { text: '[Demo] Grade 8 ELA Unit 2: Writing an argument' });
    // Her library shows "From my mentor" (Chloé mentors her in the demo).
    await view.getByRole('button', { name: 'Practice library' }).press('Enter');
    await view.getByRole('heading', { level: 2, name: 'From my mentor' }).waitFor();
    expect(await seriousViolations(view)).toEqual([]);
    // And her participation page.
    await view.getByRole('button', { name: 'Participation grade' }).press('Enter');
    await view.getByRole('heading', { level: 1, name: 'Participation grade' }).waitFor();
    await view.getByText(/The participation grade is/).waitFor();
    expect(await seriousViolations(view)).toEqual([]);
    await anaContext.close();
  });

  it('tells a teacher that a linked practice is not available to them, instead of showing it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // "Percent increase" is shared with Grade 7 Mathematics only; Chloé is not in that course.
    await page.goto(
      platform.launchPageUrl({
        clientId,
        user: 'chloe',
        course: 'ela-plc',
        custom: { margins_adaptation: 'd0000000-0000-4000-8000-000000000002' },
      }),
    );
    const frame = await toolFrame(page, tool.url);
    await frame
      .getByRole('heading', { level: 1, name: 'This practice is not available to you' })
      .waitFor({ timeout: 30_000 });
    await frame.getByText(/shared only with another course/).waitFor();
    expect(await frame.getByText('Split the lesson over two days').count()).toBe(0);
    expect(await seriousViolations(frame)).toEqual([]);
    await context.close();
  });
});
