import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
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
 * One real-Chromium run of the whole LMS path: the platform's page (on localhost) frames the tool (on
 * 127.0.0.1, another site) with third-party cookies blocked, so the launch must go through LTI
 * client-side postMessage storage. axe-core checks the library and detail views.
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('the LMS UI in Chromium with third-party cookies blocked', { timeout: 90_000 }, () => {
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

  it('launches from the platform page through postMessage storage and reaches an accessible library and detail view', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const launchPosts: { body: string; cookie: string | undefined }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/lti/launch')
        launchPosts.push({ body: r.postData() ?? '', cookie: r.headers().cookie });
    });
    await page.goto(platform.launchPageUrl({ clientId, user: 'ana', course: 'math-7' }));
    const frame = await toolFrame(page, tool.url);
    await lmsReady(frame);
    await frame.getByRole('heading', { name: 'Practice library' }).waitFor();
    await frame.getByText('6 practices found').waitFor();

    // The browser never sent our state cookie: the launch was confirmed through the platform's storage.
    expect(launchPosts).toHaveLength(2);
    expect(launchPosts.every((p) => !p.cookie?.includes('margins_state_'))).toBe(true);
    expect(launchPosts[1]!.body).toContain('lti_storage_binding=');
    expect(page.url()).not.toMatch(/mgl1|ltik/);

    expect(await seriousViolations(frame)).toEqual([]);

    // Keyboard: filter by kind, search, and open a result.
    await frame.getByLabel('Kind of adaptation').selectOption('culturally-responsive');
    await frame.getByLabel('Search').press('Enter');
    await frame.getByText('1 practice found').waitFor();
    // A card is named by the adaptation itself; the page's title is its context.
    const open = frame.getByRole('button', { name: /^Replace the savanna example/ });
    await frame.locator('li.card', { hasText: 'On “[Demo] Grade 5 Science: Food webs”' }).waitFor();
    await open.focus();
    await open.press('Enter');
    await frame.getByRole('heading', { level: 1, name: /^Replace the savanna example/ }).waitFor();
    expect(await frame.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await frame.getByText('The passage').waitFor();
    expect(await seriousViolations(frame)).toEqual([]);

    // Back keeps the filters and returns focus to the item that was opened.
    await frame.getByRole('button', { name: /Back to the library/ }).click();
    await frame.getByText('1 practice found').waitFor();
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe(await open.getAttribute('id'));
    await context.close();
  });

  it('explains what to do when neither cookies nor platform storage can finish the sign-in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(
      platform.launchPageUrl({ clientId, user: 'ana', course: 'math-7', storageTarget: 'no_such_frame' }),
    );
    const frame = await toolFrame(page, tool.url);
    const alert = frame.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(
      /blocked the cookie.*open Margins in a new tab.*launch_storage_unavailable/s,
    );
    await context.close();
  });
});
