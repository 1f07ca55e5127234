import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumAvailable, chromiumPath } from '../../support/chromium.js';
import { startTestPlatform, type PlatformConfig, type TestPlatform } from '../index.js';
import { startCookielessTool } from './cookieless-tool.js';

/**
 * Real Chromium with third-party cookies blocked. The platform is addressed as `localhost` and the tool
 * as `127.0.0.1`, so they are different sites and the tool's cookies inside the platform's iframe are
 * third-party; the tool must keep its state in the platform's storage frame.
 */
describe.skipIf(!chromiumAvailable())('launches in a browser that blocks third-party cookies', () => {
  let platform: TestPlatform;
  let tool: Awaited<ReturnType<typeof startCookielessTool>>;
  let config: PlatformConfig;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startTestPlatform({ publicHost: 'localhost' });
    tool = await startCookielessTool({
      issuer: platform.issuer,
      authorizationEndpoint: platform.endpoints.authorization,
      jwksUrl: platform.endpoints.jwks,
    });
    config = platform.registerTool({
      name: 'Margins',
      deploymentIds: ['dep-1'],
      oidcLoginUrl: tool.loginUrl,
      targetLinkUri: tool.launchUrl,
      redirectUris: [tool.launchUrl],
      jwksUrl: tool.jwksUrl,
    });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumArgs, '--test-third-party-cookie-phaseout'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([tool?.close(), platform?.close()]);
  });

  async function toolResult(page: Page): Promise<{ result: string; cookieSeen: string | null }> {
    const body = page.frameLocator('#tool_frame').locator('body[data-result]');
    await body.waitFor({ timeout: 20_000 });
    return {
      result: (await body.getAttribute('data-result')) ?? '',
      cookieSeen: await body.getAttribute('data-cookie-seen'),
    };
  }

  it('launches through the platform storage frame when the tool cannot keep a cookie', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(platform.launchPageUrl({ clientId: config.clientId, user: 'ana', course: 'math-7' }));
      const { result, cookieSeen } = await toolResult(page);
      expect(cookieSeen).toBe('no'); // the browser really blocked the tool's cookie
      expect(result).toBe('verified Ana Lima');
      await expect(page.title()).resolves.toContain('Margins');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('launches with the launch page itself as the storage when lti_storage_target is _parent', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(
        platform.launchPageUrl({ clientId: config.clientId, user: 'ben', course: 'ela-plc', storageTarget: '_parent' }),
      );
      expect((await toolResult(page)).result).toBe('verified Ben Okafor');
      expect(await page.locator('iframe[name="post_message_forwarding"]').count()).toBe(0);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('answers malformed storage messages with errors and keeps each tool origin to its own data', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(platform.launchPageUrl({ clientId: config.clientId, user: 'ana', course: 'math-7' }));
      await toolResult(page);
      const toolFrame = page.frame({ name: 'tool_frame' })!;
      const answers = await toolFrame.evaluate(async (platformOrigin) => {
        const storage = window.parent.frames['post_message_forwarding' as unknown as number]!;
        const ask = (msg: Record<string, unknown>) =>
          new Promise<Record<string, unknown>>((resolve) => {
            const onMessage = (e: MessageEvent) => {
              if (e.data?.message_id !== msg.message_id) return;
              window.removeEventListener('message', onMessage);
              resolve(e.data);
            };
            window.addEventListener('message', onMessage);
            storage.postMessage(msg, platformOrigin);
          });
        return {
          noKey: await ask({ subject: 'lti.put_data', message_id: 'a', value: 'x' }),
          missing: await ask({ subject: 'lti.get_data', message_id: 'b', key: 'never-stored' }),
          put: await ask({ subject: 'lti.put_data', message_id: 'c', key: 'k', value: 'v' }),
          get: await ask({ subject: 'lti.get_data', message_id: 'd', key: 'k' }),
        };
      }, new URL(platform.url).origin);
      expect(answers.noKey).toMatchObject({
        subject: 'lti.put_data.response',
        message_id: 'a',
        error: { code: 'bad_request' },
      });
      expect(answers.missing).toMatchObject({ subject: 'lti.get_data.response', key: 'never-stored', value: null });
      expect(answers.put).toMatchObject({ subject: 'lti.put_data.response', key: 'k', value: 'v' });
      expect(answers.get).toMatchObject({ subject: 'lti.get_data.response', key: 'k', value: 'v' });
      const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith('|k')));
      expect(stored).toEqual([`lti-platform-storage|${new URL(tool.url).origin}|k`]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('launches from the demo dashboard button as the district admin at account level', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(platform.url);
      expect(await page.locator('h1').textContent()).toBe('Riverside Unified School District');
      await page.getByRole('button', { name: 'Launch Margins as Dana (district admin, account level)' }).click();
      const { result } = await toolResult(page);
      expect(result).toBe('verified Dana Whitfield');
      expect(await page.locator('header.lms').textContent()).toContain(
        'Signed in as Dana Whitfield (District administrator)',
      );
    } finally {
      await page.close();
    }
  }, 60_000);

  it('installs a tool by dynamic registration from the dashboard', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(platform.url);
      await page.getByLabel("The tool's registration address").fill(tool.registerUrl);
      await page.getByLabel('Behave like').selectOption('moodle');
      await page.getByRole('button', { name: 'Start installation' }).click();
      await page.waitForURL(/\/admin\/register\/done/, { timeout: 20_000 });
      expect(await page.locator('h1').textContent()).toBe('Cookieless tool is installed');
      expect(await page.locator('[role=status]').textContent()).toMatch(/Client ID \d+, deployment \S+/);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('offers every demo launch as a labelled, keyboard-reachable button', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(platform.url);
      for (const name of [
        'Launch Margins as Ana (teacher)',
        'Launch Margins as Ben (coach)',
        'Launch Margins as Dana (district admin, account level)',
        'Add Margins to a course (editor button)',
      ]) {
        await expect(page.getByRole('button', { name }).count()).resolves.toBe(1);
      }
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    } finally {
      await page.close();
    }
  }, 60_000);
});
