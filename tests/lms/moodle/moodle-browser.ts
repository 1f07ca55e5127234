import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { LaunchSessionSchema, type LaunchSession } from '@margins/shared';

/**
 * Driving Moodle 5.1's own pages in Chromium for the real-Moodle suite: signing in, adding the tool
 * on Site administration > Plugins > Activity modules > External tool > Manage tools, and finding
 * Margins in the frame Moodle shows it in. Waits are on what the pages show (Moodle's elements, the
 * LMS UI's `data-ready`), never fixed sleeps: a loaded two-core machine is slower, not different.
 */

/** Moodle pages are slow on a busy two-core machine (PHP's built-in server): the longest single wait. */
export const MOODLE_WAIT = 90_000;

/** A browser context of its own for one Moodle user, signed in through Moodle's login form. */
export async function loginAs(
  browser: Browser,
  moodleUrl: string,
  username: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(MOODLE_WAIT);
  let refused = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.goto(`${moodleUrl}/login/index.php`);
    // Submitting while the login page's own scripts still talk to Moodle can race them for the
    // session that holds the form's login token ("Invalid login"): wait until the page is settled.
    await moodleReady(page);
    await page.fill('#username', username);
    await page.fill('#password', password);
    // The dashboard Moodle then renders is its slowest page and not what any step needs: the session
    // cookie is set by the login POST's answer, so the step ends when the browser leaves /login/, or
    // when Moodle sends it back to the form with an error (?loginredirect=1).
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login/') || u.searchParams.has('loginredirect'), {
        waitUntil: 'commit',
      }),
      page.click('#loginbtn'),
    ]);
    if (!page.url().includes('loginredirect')) return { context, page };
    await page.waitForLoadState('domcontentloaded');
    refused = (await page.locator('.alert-danger, #loginerrormessage').allInnerTexts()).join(' ').trim();
  }
  throw new Error(`Moodle refused ${username}'s login three times: ${refused || '(no message)'}`);
}

/**
 * Adds the tool by dynamic registration ("Tool URL…", "Add LTI Advantage") and activates the pending
 * card that registration created. Returns once Moodle lists it as active.
 */
export async function registerInMoodle(
  page: Page,
  moodleUrl: string,
  registrationUrl: string,
  opts: { asNew?: boolean } = {},
): Promise<void> {
  await page.goto(`${moodleUrl}/mod/lti/toolconfigure.php`);
  await moodleReady(page);
  // Every earlier Margins card is active, so the one pending card is the one this registration created.
  const pending = page.locator('.tool-card', { hasText: 'Margins' }).filter({ has: page.locator('a.activate') });
  await page.getByPlaceholder('Tool URL...').fill(registrationUrl);
  await page.getByRole('button', { name: 'Add LTI Advantage' }).click();
  if (opts.asNew) {
    // A tool on the same domain exists: Moodle asks whether to update it or register a new one.
    const asNew = await inSomeFrame(page, (f) => f.getByRole('button', { name: 'Register as a new external tool' }));
    await asNew.click();
  }
  // The tool's page in Moodle's registration frame posts the close message; Moodle then lists the tool, pending.
  await waitForCount(pending, 1);
  await pending.locator('a.activate').click();
  const yes = pending.locator('.capabilities-container button.yes');
  if (await yes.isVisible().catch(() => false)) await yes.click();
  await waitForCount(pending, 0);
}

/** The first of the page's frames where `find` matches something, once one does. */
async function inSomeFrame(page: Page, find: (f: Frame) => Locator): Promise<Locator> {
  const deadline = Date.now() + MOODLE_WAIT;
  for (;;) {
    for (const f of page.frames()) {
      const l = find(f);
      if ((await l.count().catch(() => 0)) > 0) return l.first();
    }
    if (Date.now() > deadline) throw new Error(`not found in any frame: ${find(page.mainFrame()).toString()}`);
    await page.waitForTimeout(250);
  }
}

/**
 * Moodle's own "page is ready" signal (what its Behat steps wait for): the page has loaded and no
 * JavaScript module has work pending (`M.util.pending_js`), so buttons have their handlers.
 */
export async function moodleReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const m = (window as unknown as { M?: { util?: { pending_js?: unknown[] } } }).M;
      return document.readyState === 'complete' && m?.util?.pending_js?.length === 0;
    },
    undefined,
    { timeout: MOODLE_WAIT },
  );
}

async function waitForCount(locator: Locator, n: number): Promise<void> {
  const deadline = Date.now() + MOODLE_WAIT;
  while ((await locator.count()) !== n) {
    if (Date.now() > deadline) {
      const page = locator.page();
      const frames = await Promise.all(
        page.frames().map(
          async (f) =>
            `${f.url()}: ${(
              await f
                .locator('body')
                .innerText()
                .catch(() => '')
            ).slice(0, 300)}`,
        ),
      );
      throw new Error(
        `expected ${n} of ${locator.toString()}, found ${await locator.count()}; the page:\n${frames.join('\n')}`,
      );
    }
    await locator.page().waitForTimeout(250);
  }
}

/**
 * The frame Moodle shows the tool in, once the launch has landed there and the page matches
 * `selector` (the LMS UI's `#margins-session`, or a heading of one of the tool's own pages).
 */
export async function toolFrame(page: Page, toolUrl: string, selector = '#margins-session'): Promise<Frame> {
  const deadline = Date.now() + MOODLE_WAIT;
  for (;;) {
    for (const f of page.frames()) {
      if (!f.url().startsWith(toolUrl) || f.url().includes('/lti/login')) continue;
      if (
        (await f
          .locator(selector)
          .count()
          .catch(() => 0)) > 0
      )
        return f;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Margins never showed ${selector} in Moodle's page: ${page
          .frames()
          .map((f) => f.url())
          .join(', ')}`,
      );
    await page.waitForTimeout(200);
  }
}

/** Waits for the LMS UI's own ready signal (lti-tool/src/ui/use-load.ts: `<html data-ready="true">`). */
export async function lmsReady(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, {
    timeout: MOODLE_WAIT,
  });
}

/** The launch session as the LMS UI in `frame` sees it (GET /api/v1/session with its own credential). */
export async function sessionOf(frame: Frame): Promise<{ session: LaunchSession; token: string }> {
  const { body, token } = await frame.evaluate(async () => {
    const text = document.querySelector('#margins-session')?.textContent ?? '{}';
    const { token } = JSON.parse(text) as { token: string };
    const res = await fetch('/api/v1/session', { headers: { authorization: `Bearer ${token}` } });
    return { body: (await res.json()) as unknown, token };
  });
  return { session: LaunchSessionSchema.parse(body), token };
}

/** Opens a Margins activity (mod/lti/view.php, embedded) and returns the LMS UI's frame, ready, with its session. */
export async function openActivity(
  page: Page,
  moodleUrl: string,
  toolUrl: string,
  cmid: number,
): Promise<{ frame: Frame; session: LaunchSession; token: string }> {
  await page.goto(`${moodleUrl}/mod/lti/view.php?id=${cmid}`, { waitUntil: 'domcontentloaded' });
  const frame = await toolFrame(page, toolUrl);
  await lmsReady(frame);
  return { frame, ...(await sessionOf(frame)) };
}

/** A call to the tool's API with a launch session's credential (what the LMS UI does). */
export async function callTool(
  toolUrl: string,
  token: string,
  path: string,
  method = 'GET',
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${toolUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
