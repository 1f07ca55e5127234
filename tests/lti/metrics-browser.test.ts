import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
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

const HOSTILE = '<img src=x onerror="window.__pwned=1">Tiny PLC';

/**
 * Leadership metrics in real Chromium, inside the platform's page: a coach opens them from the
 * workspace with the keyboard, reads the charts and their tables, meets a hidden small group and a
 * hostile course title, and downloads the CSV; a teacher is refused. axe-core checks each state and
 * the view reflows at 200% zoom.
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('leadership metrics in Chromium', { timeout: 180_000 }, () => {
  let stack: LmsInChromium;
  let tool: TestTool;
  let platform: TestPlatform;
  let browser: Browser;
  let clientId: string;

  beforeAll(async () => {
    stack = await startLmsInChromium({ demo: true });
    ({ tool, platform, browser, clientId } = stack);
    const tenant = { id: stack.tenantId };
    const dep = { id: stack.deploymentPk };
    // Six North teachers who each shared a practice this month, two South teachers (a small group).
    const s = tool.services;
    const now = new Date().toISOString();
    const tiny = await s.tenancy.upsertContext({
      tenantId: tenant.id,
      deploymentPk: dep.id,
      contextId: 'tiny-plc',
      title: HOSTILE,
    });
    for (const [i, school] of ['North', 'North', 'North', 'North', 'North', 'North', 'South', 'South'].entries()) {
      const u = await s.tenancy.upsertUser({
        tenantId: tenant.id,
        deploymentPk: dep.id,
        sub: `m${i}`,
        name: `Teacher ${i}`,
        email: null,
      });
      await s.db.knex('users').where({ id: u.id }).update({ school_id: school });
      if (school === 'South') continue;
      const id = randomUUID();
      await s.adaptations.put(
        makeAdaptation({
          id,
          visibility: 'district',
          kinds: i % 2 ? ['pacing'] : ['scaffolding', 'culturally-responsive'],
          page: { url: `https://curriculum.example.org/m/${id}`, title: `Practice ${i}` },
        }),
        { tenantId: tenant.id, authorUserId: u.id, contextPk: tiny.id },
      );
      await s.ledger.append({
        tenantId: tenant.id,
        type: 'shared',
        actorUserId: u.id,
        adaptationId: id,
        contextPk: tiny.id,
        schoolId: school,
        at: now,
        dedupeKey: `shared:${id}`,
      });
    }
  }, 120_000);
  afterAll(async () => stack?.stop());

  it('shows a coach the district’s metrics as charts with tables, hides small groups, keeps titles as text, and exports CSV', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(platform.launchPageUrl({ clientId, user: 'ben', course: 'ela-plc' }));
    const frame = await toolFrame(page, tool.url);
    await lmsReady(frame);
    await frame.getByRole('heading', { name: 'Practice library' }).waitFor();

    // Keyboard only: Coach, then Leadership metrics; focus lands on the section heading.
    await frame.getByRole('button', { name: 'Leadership metrics', exact: true }).press('Enter');
    await frame.getByRole('heading', { level: 2, name: 'Leadership metrics' }).waitFor();
    await frame.waitForFunction(() => document.activeElement?.id === 'lm-heading');

    // The district: 11 members (Ben, Ana, Chloé, 8 new), 6 shared this month.
    const whole = frame.locator('table', { has: frame.locator('caption', { hasText: 'The whole period' }) });
    await lmsReady(frame);
    await whole.waitFor();
    expect(
      await whole
        .getByRole('row', { name: /^Members/ })
        .getByRole('cell')
        .first()
        .innerText(),
    ).toBe('11');
    expect(
      await whole
        .getByRole('row', { name: /^Shared a practice/ })
        .getByRole('cell')
        .first()
        .innerText(),
    ).toBe('55% (6 of 11)');
    const chart = frame.getByRole('img', { name: /Participation by month/ });
    expect(await chart.count()).toBe(1);
    expect(await chart.getAttribute('aria-describedby')).toBe('lm-months');
    expect(await frame.getByRole('table', { name: 'Month by month' }).count()).toBe(1);
    expect(await frame.getByRole('img', { name: /Uses of each adaptation kind/ }).count()).toBe(1);
    // By school: North shown; South (2) and the 3 with no school hidden as small groups.
    const schools = frame.getByRole('table', { name: /By school/ });
    expect(
      await schools
        .getByRole('row', { name: /^North/ })
        .getByRole('cell')
        .first()
        .innerText(),
    ).toBe('6');
    expect(
      await schools
        .getByRole('row', { name: /^South/ })
        .getByRole('cell')
        .first()
        .innerText(),
    ).toBe('fewer than 5');
    expect(
      await schools
        .getByRole('row', { name: /^No school recorded/ })
        .getByRole('cell')
        .first()
        .innerText(),
    ).toBe('fewer than 5');
    expect(await seriousViolations(frame)).toEqual([]);

    // CSV download: UTF-8 with a BOM, a header, and the district's figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download CSV' }).press('Enter'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^margins-metrics-district-\d{4}-\d{2}-to-\d{4}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFscope_type,scope,period,metric,value,numerator,denominator,suppressed,note\r\n')).toBe(
      true,
    );
    expect(csv).toMatch(/school,South,[^,]+,Members,,,,true,fewer than 5 people/);
    await frame.getByText(/^Downloaded margins-metrics-district/).waitFor();

    // A school of two: the figures are hidden, with the reason.
    await frame.getByRole('radio', { name: 'A school' }).check();
    await frame.getByLabel('School', { exact: true }).selectOption('South');
    await frame.getByRole('button', { name: 'Show metrics' }).press('Enter');
    await frame.getByText('Fewer than 5 people: figures hidden').waitFor();
    expect(await seriousViolations(frame)).toEqual([]);

    // A hostile course title is shown as text, never as markup.
    await frame.getByRole('radio', { name: 'A course' }).check();
    await frame.getByLabel('Course', { exact: true }).selectOption({ label: HOSTILE });
    await frame.getByRole('button', { name: 'Show metrics' }).press('Enter');
    await frame.getByRole('heading', { level: 3, name: `Course: ${HOSTILE}, ` }).waitFor();
    expect(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await frame.locator('.metrics img').count()).toBe(0);

    // Back to the district at 200% zoom (half the width): nothing overflows sideways, still accessible.
    await frame.getByRole('radio', { name: /The district/ }).check();
    await frame.getByRole('button', { name: 'Show metrics' }).press('Enter');
    await whole.waitFor();
    await page.setViewportSize({ width: 640, height: 900 });
    expect(
      await frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1),
    ).toBe(true);
    expect(await seriousViolations(frame)).toEqual([]);
    await context.close();
  });

  it('refuses the metrics to a teacher', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(platform.launchPageUrl({ clientId, user: 'ana', course: 'math-7' }));
    const frame = await toolFrame(page, tool.url);
    await lmsReady(frame);
    await frame.getByRole('heading', { name: 'Practice library' }).waitFor();
    expect(await frame.getByRole('button', { name: 'Collections', exact: true }).count()).toBe(0);
    expect(await frame.getByRole('button', { name: 'Leadership metrics' }).count()).toBe(0);
    const status = await frame.evaluate(async () => {
      const boot = JSON.parse(document.getElementById('margins-session')!.textContent) as { token: string };
      const res = await fetch('/api/v1/metrics/report', { headers: { authorization: `Bearer ${boot.token}` } });
      const csv = await fetch('/api/v1/metrics/report.csv', { headers: { authorization: `Bearer ${boot.token}` } });
      return [res.status, csv.status, (await res.json()).error.code];
    });
    expect(status).toEqual([403, 403, 'forbidden']);
    await context.close();
  });
});
