import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/chromium.js';
import { startLmsInChromium, type LmsInChromium } from '../support/lms-frame.js';

/**
 * Dynamic registration in Chromium, framed as Canvas frames it: the admin's page on the district's host
 * (localhost here) and the OpenID configuration on another one (127.0.0.1, as canvas.instructure.com).
 * The tool's "close" message must reach the frame's parent whatever its origin, or the admin is left
 * on the tool's page; it carries nothing but its subject.
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('registering Margins from a Canvas-like admin page in Chromium', { timeout: 90_000 }, () => {
  let stack: LmsInChromium;
  beforeAll(async () => {
    stack = await startLmsInChromium();
  }, 120_000);
  afterAll(async () => stack?.stop());

  it("closes the platform's registration frame on another host than the OpenID configuration's", async () => {
    const { tool, platform, browser } = stack;
    const { code } = await tool.services.install.create('Riverside Canvas');
    const page = await browser.newPage();
    const messages: unknown[] = [];
    await page.exposeFunction('noteMessage', (m: unknown) => messages.push(m));
    await page.addInitScript(() =>
      window.addEventListener('message', (e) => {
        if (window.top === window) (window as unknown as { noteMessage(m: unknown): void }).noteMessage(e.data);
      }),
    );
    try {
      await page.goto(platform.url);
      expect(new URL(page.url()).hostname).toBe('localhost');
      await page.getByLabel("The tool's registration address").fill(`${tool.url}/lti/register?install_code=${code}`);
      await page.getByLabel('Behave like').selectOption('canvas');
      await page.getByRole('button', { name: 'Start installation' }).click();
      const frame = page.frameLocator('#tool_frame');
      await page.waitForURL(/\/admin\/register\/done/, { timeout: 30_000 }).catch(async (e: unknown) => {
        throw new Error(`${String(e)}; the tool's page said: ${await frame.locator('body').innerText()}`);
      });
      expect(await page.locator('h1').textContent()).toBe('Margins is installed');
      // What reached the platform's page: the close message and nothing else of the tool's.
      expect(messages).toEqual([{ subject: 'org.imsglobal.lti.close' }]);
    } finally {
      await page.close();
    }
  });
});
