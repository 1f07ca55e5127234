import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { databaseKinds, type TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import { LIS, riverside, startTestPlatform, type TestPlatform } from '../platform/index.js';
import { chromiumAvailable, launchWithExtension, type ExtensionBrowser } from '../support/chromium.js';
import { lmsReady, seriousViolations } from '../support/lms-frame.js';
import { registerWithEachOther, sessionToken } from '../support/lti-stack.js';
import { ext, offlineAdaptation, pairWithLaunch, upsertChange } from '../support/sync-client.js';

const fixtureExtension = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'pair-extension');
const MARKUP_NAME = 'Tom <img src=x onerror="window.__xss=1">';

/**
 * The LMS UI of issue 6 in real Chromium, launched from the test platform's page: connecting the
 * extension (typed code and one click into the extension's pair.html, which asks this page for the code), the connected-browsers list
 * with disconnect, "I tried this" and structured feedback with the privacy guard, and text with
 * markup in every field rendered as text.
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('the LMS UI for sharing in Chromium', { timeout: 180_000 }, () => {
  let browser: ExtensionBrowser;
  let db: TestDatabase;
  let tool: TestTool;
  let platform: TestPlatform;
  let clientId: string;

  beforeAll(async () => {
    browser = await launchWithExtension(fixtureExtension);
    db = await databaseKinds()[0]!.create();
    tool = await startTestTool(db, { MARGINS_EXTENSION_IDS: browser.extensionId });
    platform = await startTestPlatform({ host: '127.0.0.1', publicHost: 'localhost' });
    platform.addUser({
      sub: 'tom',
      name: MARKUP_NAME,
      email: 'tom@riverside.example.org',
      roles: [LIS.Instructor, LIS.InstitutionFaculty],
    });
    const math = riverside.courses.find((c) => c.id === 'math-7')!;
    platform.addCourse({ ...math, members: [...math.members, 'tom'] });
    ({ clientId } = await registerWithEachOther(tool, platform));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await tool?.stop();
    await db?.drop();
  });

  async function open(user: string): Promise<{ page: Page; frame: Frame }> {
    const page = await browser.context.newPage();
    await page.goto(platform.launchPageUrl({ clientId, user, course: 'math-7' }));
    const origin = new URL(tool.url).origin;
    for (let i = 0; i < 200; i++) {
      const frame = page.frames().find((f) => f.url().startsWith(origin));
      if (frame) {
        await lmsReady(frame);
        await frame.getByRole('heading', { name: 'Practice library' }).waitFor();
        return { page, frame };
      }
      await page.waitForEvent('framenavigated', { timeout: 15_000 });
    }
    throw new Error('the tool frame never appeared');
  }

  it('connects this browser in one click, lists it, and disconnects it', async () => {
    const { page, frame } = await open('ana');
    await frame.getByRole('button', { name: 'Connect the extension' }).click();
    await frame.getByRole('heading', { name: 'Connect the Margins extension' }).waitFor();
    await frame.getByText('No browsers are connected yet.').waitFor();
    await frame.getByRole('button', { name: 'Get a connection code' }).click();
    const code = (await frame.locator('.code').textContent())!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await frame.getByText(tool.url, { exact: true }).waitFor();
    expect(await seriousViolations(frame)).toEqual([]);

    // The fixture extension is installed here, so the page offers one click; pair.html asks this page for the code.
    const popup = browser.context.waitForEvent('page');
    await frame.getByRole('button', { name: 'Connect this browser' }).click();
    const pairPage = await popup;
    const opened = new URL(pairPage.url());
    expect(opened.href).toBe(`chrome-extension://${browser.extensionId}/pair.html`);
    await pairPage.locator('#handover').filter({ hasText: 'margins:pair-code' }).waitFor();
    const handover = JSON.parse((await pairPage.locator('#handover').textContent())!) as Record<string, string>;
    // From the tool's own origin (what the real extension checks), never in a URL.
    expect(handover).toEqual({ origin: new URL(tool.url).origin, type: 'margins:pair-code', toolUrl: tool.url, code });
    const fragment = new URLSearchParams({ tool: handover.toolUrl!, code: handover.code! });

    // What the extension does with it; the LMS page notices the new browser by itself.
    const deviceName = 'Chromium <b>at school</b> & "lab"';
    const res = await fetch(`${fragment.get('tool')}/api/v1/pairing/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `chrome-extension://${browser.extensionId}` },
      body: JSON.stringify({ code: fragment.get('code'), deviceName }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(`chrome-extension://${browser.extensionId}`);
    const pair = (await res.json()) as { accessToken: string };
    await frame.getByText(`${deviceName} is connected`).waitFor({ timeout: 20_000 });
    const row = frame.getByRole('row', { name: new RegExp('Chromium <b>at school</b>') });
    await row.waitFor();
    expect(await row.textContent()).toContain('Grade 7 Mathematics');
    expect(await frame.locator('.devices b').count()).toBe(0);

    await frame.getByRole('button', { name: `Disconnect ${deviceName}` }).click();
    const yes = frame.getByRole('button', { name: `Yes, disconnect ${deviceName}` });
    await expect.poll(() => yes.evaluate((el) => el === document.activeElement)).toBe(true);
    await yes.click();
    await frame.getByText(`${deviceName} was disconnected`).waitFor();
    await frame.getByText('No browsers are connected yet.').waitFor();
    const after = await fetch(`${tool.url}/api/v1/sync/pull`, {
      headers: { authorization: `Bearer ${pair.accessToken}` },
    });
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('token_revoked');
    await pairPage.close();
    await page.close();
  });

  it('lets a colleague say "I tried this" and give feedback, warning before a student\'s name leaves, with markup shown as text', async () => {
    // Ana shares, from her paired browser, an adaptation whose page title and quote carry markup.
    const anaLaunch = await platform.launch({ clientId, user: 'ana', course: 'math-7' });
    const ana = await pairWithLaunch(tool, sessionToken(anaLaunch.body));
    const title = 'Lesson 9 <img src=x onerror="window.__xss=1"> & ratios';
    const a = offlineAdaptation({
      visibility: 'district',
      page: { url: 'https://curriculum.example.org/ratios/9', title },
      target: {
        quote: {
          type: 'TextQuoteSelector',
          exact: 'Write <script>window.__xss=2</script> in the box',
          prefix: '',
          suffix: '',
        },
      },
    });
    expect(
      (
        await ext(tool, ana, '/api/v1/sync/push', {
          method: 'POST',
          body: JSON.stringify({ changes: [upsertChange(a, null)] }),
        })
      ).body.results[0].status,
    ).toBe('applied');

    const { page, frame } = await open('tom');
    await frame.getByText(`Signed in as ${MARKUP_NAME}`).waitFor();
    // Cards are named by the adaptation; the page title (markup and all, as text) is the context.
    await frame.locator('li.card', { hasText: title }).locator('h2 button').click();
    await frame.locator('article .card-context', { hasText: title }).waitFor();
    await frame.locator('article .passage', { hasText: 'Write <script>window.__xss=2</script> in the box' }).waitFor();
    expect(
      await frame.evaluate(() => ({
        xss: (window as unknown as { __xss?: number }).__xss ?? null,
        imgs: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('main script').length,
      })),
    ).toEqual({ xss: null, imgs: 0, scripts: 0 });

    // I tried this.
    await frame.getByRole('radio', { name: 'Worked well' }).check();
    await frame.getByLabel('What happened (optional)').fill('Two periods, and the exit tickets improved.');
    await frame.getByRole('button', { name: 'Save' }).click();
    await frame.getByText('colleagues now see that you tried it').waitFor();
    await frame.getByRole('heading', { name: 'Colleagues who tried it (1)' }).waitFor();
    await frame.getByText('Two periods, and the exit tickets improved.', { exact: false }).first().waitFor();

    // Feedback naming a student: warned first, sent only on a second, deliberate click.
    await frame.getByRole('radio', { name: 'Question' }).check();
    const box = frame.getByLabel('Your feedback');
    await box.fill('Did my student Maria Lopez need the visual too?');
    await frame.getByRole('button', { name: 'Send feedback' }).click();
    await frame.getByText('it may identify a student').waitFor();
    expect(await frame.getByRole('heading', { name: 'Feedback (0)' }).count()).toBe(1);
    expect(await seriousViolations(frame)).toEqual([]);
    await box.fill('Did the learners who needed it use the visual too?');
    await frame.getByRole('button', { name: 'Send feedback' }).click();
    await frame.getByRole('heading', { name: 'Feedback (1)' }).waitFor();
    await frame.getByText('Your feedback was sent to the author.').waitFor();

    // Script typed into feedback is refused by the server, said in plain words, and nothing runs.
    await box.fill('<script>window.__xss=3</script>');
    await frame.getByRole('button', { name: 'Send feedback' }).click();
    await frame.getByText('contains script or other active HTML').first().waitFor();
    expect(await frame.getByRole('heading', { name: 'Feedback (1)' }).count()).toBe(1);
    expect(await frame.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)).toBeNull();

    // Ana sees Tom's endorsement and feedback in her detail view; his name is not plain text, so he is "a colleague".
    const detail = await ext(tool, ana, `/api/v1/pages/adaptations?url=${encodeURIComponent(a.page.url)}`);
    expect(detail.body.adaptations[0]).toMatchObject({
      endorsementCount: 1,
      feedbackCount: 1,
      outcomes: { 'worked-well': 1 },
    });
    await page.close();
  });
});
