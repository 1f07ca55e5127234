import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { chromiumAvailable } from '../support/chromium.js';
import {
  type LmsInChromium,
  lmsReady,
  seriousViolations,
  startLmsInChromium,
  toolFrame,
} from '../support/lms-frame.js';
import { belowFirstViewport, noHorizontalScroll } from '../support/lms-views.js';
import { sessionToken } from '../support/lti-stack.js';

/**
 * Issue 15, item 2: Ana edits her own practice in the LMS at 800x600. The form is checked by the
 * shared schema, warns about a possible student detail before sharing, asks before leaving with
 * changes, and when her extension saved the practice meanwhile it shows the saved version and keeps
 * her text; her save then reaches the extension through the sync feed. axe finds nothing serious.
 */
const PRACTICE = 'd0000000-0000-4000-8000-000000000001';
const run = chromiumAvailable() ? describe : describe.skip;
run('a teacher edits her own practice in the LMS (Chromium, 800x600)', { timeout: 180_000 }, () => {
  let stack: LmsInChromium;
  let context: BrowserContext;
  let page: Page;
  let frame: Frame;
  /** A paired browser of Ana's (her extension), through the tool's own API. */
  let extension: string;
  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.tool.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json: any = await res.json();
    return { status: res.status, body: json };
  };

  beforeAll(async () => {
    stack = await startLmsInChromium({ demo: true });
    const launch = await stack.platform.launch({ clientId: stack.clientId, user: 'ana', course: 'math-7' });
    const code = await api(sessionToken(launch.body), 'POST', '/api/v1/pairing/codes');
    const pair = await fetch(`${stack.tool.url}/api/v1/pairing/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.body.code, deviceName: 'Chrome at school' }),
    });
    extension = ((await pair.json()) as { accessToken: string }).accessToken;
    context = await stack.browser.newContext({ viewport: { width: 800, height: 600 } });
    page = await context.newPage();
    await page.goto(stack.platform.launchPageUrl({ clientId: stack.clientId, user: 'ana', course: 'math-7' }));
    frame = await toolFrame(page, stack.tool.url);
    await lmsReady(frame);
  }, 120_000);
  afterAll(async () => {
    await context?.close().catch(() => {});
    await stack?.stop();
  });

  it('opens the edit form from her card, validates, warns, guards and resolves a conflict without losing text', async () => {
    const { cursor } = (await api(extension, 'GET', '/api/v1/sync/pull?limit=1000')).body as { cursor: string };
    let feed = cursor;
    for (let more = true; more;) {
      const p = (await api(extension, 'GET', `/api/v1/sync/pull?limit=1000&cursor=${feed}`)).body;
      feed = p.cursor;
      more = p.hasMore;
    }

    await frame.getByLabel('Search').fill('grocery flyers');
    await frame.getByLabel('Search').press('Enter');
    await frame.getByText('1 practice found').waitFor();
    // Only her own practices offer Edit; the button names the practice for screen readers.
    await frame.getByRole('button', { name: /^Edit “Before the tables/ }).click();
    await frame.getByRole('heading', { name: 'Edit your practice' }).waitFor();
    expect(await belowFirstViewport(page, frame, '#detail-heading')).toBe(0);
    expect(await noHorizontalScroll(page, frame)).toBe(true);
    expect(await seriousViolations(frame)).toEqual([]);

    // The shared schema refuses an empty text and no kind before anything is sent.
    const body = frame.getByLabel('The adaptation', { exact: true });
    await body.fill('');
    await frame.getByRole('checkbox', { name: 'Scaffolding' }).uncheck();
    await frame.getByRole('checkbox', { name: 'Language support' }).uncheck();
    await frame.getByRole('button', { name: 'Save changes' }).click();
    await frame.getByText('Check these before saving:').waitFor();
    expect(await body.getAttribute('aria-invalid')).toBe('true');
    await frame.getByText('Choose at least one kind of adaptation.').first().waitFor();

    // Leaving with changes asks first; staying keeps them.
    await frame.getByRole('button', { name: /Back to the library/ }).click();
    const guard = frame.getByRole('dialog', { name: 'Leave without saving?' });
    await guard.waitFor();
    await guard.getByRole('button', { name: 'Stay and save' }).click();
    await guard.waitFor({ state: 'hidden' });

    // A text shared with colleagues that holds a student's e-mail is marked before it is saved.
    const mine = 'Act out a shopping scene with flyers first.\nPost the frame "For every ___, there are ___."';
    await body.fill(`${mine}\nSend questions to maria.lopez@students.example.org.`);
    await frame.getByRole('checkbox', { name: 'Pacing' }).check();
    await frame.getByRole('button', { name: 'Save changes' }).click();
    await frame.locator('.privacy-marks mark', { hasText: 'maria.lopez@students.example.org' }).waitFor();
    expect(await seriousViolations(frame)).toEqual([]);
    await body.fill(mine);

    // Meanwhile her extension saves the practice: the form shows that version and keeps her text.
    const now = (await api(extension, 'GET', `/api/v1/adaptations/${PRACTICE}`)).body.adaptation;
    const pushed = await api(extension, 'POST', '/api/v1/sync/push', {
      changes: [
        {
          op: 'upsert',
          idempotencyKey: crypto.randomUUID(),
          baseVersion: now.version,
          adaptation: { ...now, body: 'Edited in the extension on the bus.' },
        },
      ],
    });
    expect(pushed.body.results[0].status).toBe('applied');
    await frame.getByRole('button', { name: 'Save changes' }).click();
    await frame.getByText(/changed in your extension since you opened it/).waitFor();
    await frame.getByText('Edited in the extension on the bus.').waitFor();
    expect(await body.inputValue()).toBe(mine);
    expect(await seriousViolations(frame)).toEqual([]);
    await frame.getByRole('button', { name: 'Save my version over it' }).click();

    // Saved: the detail shows her text under its first line, and her extension pulls it.
    await frame.getByRole('heading', { level: 1, name: 'Act out a shopping scene with flyers first.' }).waitFor();
    await frame.getByText('Your changes are saved.', { exact: false }).waitFor();
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('pe-open');
    const pulled = (await api(extension, 'GET', `/api/v1/sync/pull?limit=1000&cursor=${feed}`)).body;
    const change = pulled.changes.find((c: any) => c.op === 'upsert' && c.adaptation.id === PRACTICE);
    expect(change.adaptation).toMatchObject({ body: mine, version: now.version + 2 });
    expect(change.adaptation.kinds).toEqual(['pacing']);
    expect(await seriousViolations(frame)).toEqual([]);
  });
});
