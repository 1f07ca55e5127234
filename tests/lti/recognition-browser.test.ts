import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Frame, type Page } from 'playwright-core';
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
import { callApi, sessionToken } from '../support/lti-stack.js';

/**
 * Recognition in real Chromium, framed by the platform's course page: a coach awards recognition
 * with a citation full of markup-like text and revokes one, the teacher sees hers, downloads the
 * badge and finds it on the course wall, and anyone verifies the download on the public page (and
 * sees a tampered copy fail). axe-core checks every view; views reflow at 200% zoom.
 */
const HOSTILE =
  'Shared <b>every</b> protocol & "modelled" <i>peer observation</i> for the PLC; see <a href="https://evil.example">this</a>.';

const run = chromiumAvailable() ? describe : describe.skip;
run('recognition in Chromium', { timeout: 180_000 }, () => {
  let stack: LmsInChromium;
  let tool: TestTool;
  let platform: TestPlatform;
  let browser: Browser;
  let clientId: string;

  beforeAll(async () => {
    stack = await startLmsInChromium();
    ({ tool, platform, browser, clientId } = stack);
    // Ben becomes a coach; Chloé has opened Margins once (so the coach can find her).
    for (const user of ['ben', 'chloe']) {
      const res = await platform.launch({ clientId, user, course: 'ela-plc' });
      const me = (await callApi(tool, sessionToken(res.body), '/api/v1/session')).body;
      if (user === 'ben') await tool.services.tenancy.grant(me.tenant.id, me.user.id, 'coach', null);
    }
  }, 120_000);
  afterAll(async () => stack?.stop());

  const reflows = (frame: Frame | Page) =>
    frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);

  async function openAs(user: string) {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(platform.launchPageUrl({ clientId, user, course: 'ela-plc' }));
    const frame = await toolFrame(page, tool.url);
    await lmsReady(frame);
    await frame.getByRole('heading', { name: 'Practice library' }).waitFor();
    return { context, page, frame };
  }

  it('lets a coach award with a citation, refuses personal details, and revoke with a reason, from the keyboard', async () => {
    const { context, page, frame } = await openAs('ben');
    await frame.getByRole('button', { name: 'Award recognition', exact: true }).press('Enter');
    await frame.getByRole('heading', { level: 2, name: 'Award recognition' }).waitFor();
    await frame.getByText('No recognition has been issued in your district yet.').waitFor();
    await frame.getByRole('checkbox', { name: 'Mentor' }).waitFor();
    expect(await seriousViolations(frame)).toEqual([]);

    const award = async (title: string, citation: string) => {
      await frame.getByLabel('Name or email').fill('Chlo');
      await frame.getByLabel('Name or email').press('Enter');
      await frame.getByRole('button', { name: /Choose Chloé Martin/ }).press('Enter');
      await frame.getByLabel('Title of the recognition').fill(title);
      await frame.getByLabel(/^Citation/).fill(citation);
      await frame.getByRole('button', { name: 'Preview the public text for Chloé Martin' }).press('Enter');
    };
    // Nothing is signed before the coach has read the exact public text (issue 16).
    const sign = async () => {
      await frame.locator('.award-preview').waitFor();
      await frame.getByRole('button', { name: 'Sign and award to Chloé Martin' }).press('Enter');
    };
    // A citation naming a student is refused, the form keeps what was typed and focus goes to the citation.
    await award('Tutoring', 'Tutored student Maria Lopez after school every week this term.');
    await frame.locator('#cr-citation-err').waitFor();
    expect(await frame.locator('#cr-citation-err').textContent()).toMatch(/name/i);
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('cr-citation');
    expect(await frame.getByLabel(/^Citation/).inputValue()).toMatch(/Maria Lopez/);
    expect(await seriousViolations(frame)).toEqual([]);
    await frame.getByLabel(/^Citation/).fill(HOSTILE);
    await frame.getByRole('button', { name: 'Preview the public text for Chloé Martin' }).press('Enter');
    await sign();
    await frame.getByText('Awarded “Tutoring” to Chloé Martin.').waitFor();

    await award('PLC protocols', 'Wrote the observation protocol the whole PLC now uses.');
    await sign();
    await frame.getByText('Awarded “PLC protocols” to Chloé Martin.').waitFor();
    await frame.getByRole('button', { name: 'Revoke… “PLC protocols” of Chloé Martin' }).press('Enter');
    await frame.getByLabel(/Why is it revoked\?/).fill('Awarded twice by mistake.');
    await frame.getByRole('button', { name: 'Revoke “PLC protocols” of Chloé Martin' }).press('Enter');
    await frame.getByText(/Revoked “PLC protocols” of Chloé Martin/).waitFor();

    // The hostile citation is text: no element was made from it.
    const quote = frame.locator('blockquote.citation', { hasText: 'every' });
    expect(await quote.textContent()).toBe(HOSTILE);
    expect(await quote.locator('b, i, a').count()).toBe(0);
    expect(await seriousViolations(frame)).toEqual([]);
    await page.setViewportSize({ width: 640, height: 900 });
    expect(await reflows(frame)).toBe(true);
    await context.close();
  });

  it('shows the teacher her recognition and the course wall, and downloads a badge that the public page verifies', async () => {
    const { context, page, frame } = await openAs('chloe');
    await frame.getByRole('button', { name: 'Recognition', exact: true }).press('Enter');
    await frame.getByRole('heading', { level: 1, name: 'Recognition' }).waitFor();
    await frame.getByRole('heading', { level: 2, name: 'My recognition' }).waitFor();
    await frame.getByText('Awarded twice by mistake.', { exact: false }).waitFor();
    const mine = frame.locator('ul[aria-labelledby="rec-mine"] > li');
    expect(await mine.count()).toBe(2);
    expect(
      await frame.locator('ul[aria-labelledby="rec-mine"] blockquote.citation', { hasText: 'every' }).textContent(),
    ).toBe(HOSTILE);
    // The wall shows the active recognition only, as text.
    const wall = frame.locator('ul[aria-labelledby="rec-wall"] > li');
    await wall.first().waitFor();
    expect(await wall.count()).toBe(1);
    expect(await wall.first().textContent()).toContain('Chloé Martin: Tutoring');
    expect(await wall.first().locator('b, i, a').count()).toBe(0);
    expect(await seriousViolations(frame)).toEqual([]);
    await page.setViewportSize({ width: 640, height: 900 });
    expect(await reflows(frame)).toBe(true);

    // Hiding it from the wall, from the keyboard.
    await frame.getByRole('checkbox', { name: /Show on my courses' recognition walls \(“Tutoring”\)/ }).press('Space');
    await frame.getByText("“Tutoring” is hidden from your courses' recognition walls.").waitFor();
    await frame.getByRole('checkbox', { name: /Show on my courses' recognition walls \(“Tutoring”\)/ }).press('Space');
    await frame.getByText("“Tutoring” shows on your courses' recognition walls.").waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download badge “Tutoring”' }).press('Enter'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^margins-recognition-[0-9a-f-]{36}\.json$/);
    const file = join(mkdtempSync(join(tmpdir(), 'margins-badge-')), download.suggestedFilename());
    await download.saveAs(file); // the download itself goes when its context closes
    const credential = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(credential.type).toEqual(['VerifiableCredential', 'AchievementCredential']);
    await context.close();

    // Anyone: the public verification page, no session.
    const publicContext = await browser.newContext();
    const verifier = await publicContext.newPage();
    await verifier.goto(`${tool.url}/badges/verify`);
    await verifier.getByRole('heading', { level: 1, name: 'Verify a Margins badge' }).waitFor();
    expect(await seriousViolations(verifier)).toEqual([]);
    await verifier.getByLabel('Badge file (.json)').setInputFiles(file);
    await verifier.getByRole('heading', { name: 'Valid: this badge is genuine and has not been revoked.' }).waitFor();
    expect(await verifier.locator('.verdict dd').first().textContent()).toBe('Tutoring');
    // The story as issued: how it is earned, the coach's citation as text, the dates and the status.
    const verdict = verifier.locator('.verdict');
    await verdict.getByText('How it is earned').waitFor();
    expect(await verdict.locator('dd', { hasText: 'PLC; see' }).textContent()).toContain('<b>every</b> protocol');
    expect(await verdict.locator('b, i, a').count()).toBe(0);
    await verdict.getByText('Active: not revoked').waitFor();
    // Whose badge: the earner's email checked against the salted hash, in the browser only.
    const chloe: { email: string } = await tool.services.db.knex('users').where({ sub: 'chloe' }).first('email');
    const sent: string[] = [];
    verifier.on('request', (r) => sent.push(`${r.url()} ${r.postData() ?? ''}`));
    await verifier.getByLabel("The earner's email").fill(`  ${chloe.email.toUpperCase()} `);
    await verifier.getByRole('button', { name: 'Check the email' }).press('Enter');
    await verifier.getByText(`Matches: this badge was issued to ${chloe.email.toUpperCase()}.`).waitFor();
    await verifier.getByLabel("The earner's email").fill('someone.else@district.example.org');
    await verifier.getByRole('button', { name: 'Check the email' }).press('Enter');
    await verifier
      .getByText('Does not match: this badge was not issued to someone.else@district.example.org.')
      .waitFor();
    expect(
      sent.filter((r) => r.toLowerCase().includes(chloe.email.toLowerCase()) || r.includes('someone.else')),
    ).toEqual([]);
    expect(await seriousViolations(verifier)).toEqual([]);

    // A tampered copy, pasted: not valid, and what it claims is shown as text.
    const tampered = structuredClone(credential) as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = '<img src=x onerror="window.pwned=1">Teacher of the Year';
    await verifier.getByLabel('Or paste the badge').fill(JSON.stringify(tampered));
    await verifier.getByRole('button', { name: 'Verify' }).press('Enter');
    await verifier.getByRole('heading', { name: 'Not valid.' }).waitFor();
    expect(await verifier.locator('.verdict dd').first().textContent()).toBe(
      '<img src=x onerror="window.pwned=1">Teacher of the Year',
    );
    expect(await verifier.locator('.verdict img').count()).toBe(0);
    expect(await verifier.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await verifier
      .getByText(/changed/i)
      .first()
      .waitFor();
    expect(await seriousViolations(verifier)).toEqual([]);
    await verifier.setViewportSize({ width: 640, height: 900 });
    expect(await reflows(verifier)).toBe(true);

    // Nothing pasted: a clear message, where focus lands.
    await verifier.getByLabel('Or paste the badge').fill('');
    await verifier.getByRole('button', { name: 'Verify' }).press('Enter');
    await verifier.getByText('Paste the badge, or choose its file, first.').waitFor();
    await publicContext.close();
    rmSync(dirname(file), { recursive: true, force: true });
  });
});
