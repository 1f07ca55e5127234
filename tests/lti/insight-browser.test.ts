import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { vocabularyLabel } from '@margins/shared';
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

const SITE = 'https://insight-curriculum.example';
const PAGE = `${SITE}/unit-2/lesson-5`;
const HOSTILE = 'Sentence frames <b>helped</b> & so did "wait time".';

/**
 * Curriculum insight in real Chromium, inside the platform's page. The district (besides the demo's
 * own practices): on PAGE, six teachers in three schools (North i0 i1, South i2 i3, East i4 i5) adapt
 * overlapping ranges around characters 200-260 (language support; i0's rationale holds markup, shown as text),
 * and two teachers adapt characters 900-920 (a passage of 2: hidden). A coach opens the view with the
 * keyboard, reads the hot spot, opens the page (strip and bars with their tables), and axe checks each
 * state; a teacher is refused until the district admin's grant makes them a curriculum lead.
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('curriculum insight in Chromium', { timeout: 180_000 }, () => {
  let stack: LmsInChromium;
  let tool: TestTool;
  let platform: TestPlatform;
  let browser: Browser;
  let clientId: string;

  beforeAll(async () => {
    stack = await startLmsInChromium({ demo: true });
    ({ tool, platform, browser, clientId } = stack);
    const s = tool.services;
    const schools = ['North', 'North', 'South', 'South', 'East', 'East', 'North', 'South'];
    for (const [i, school] of schools.entries()) {
      const u = await s.tenancy.upsertUser({
        tenantId: stack.tenantId,
        deploymentPk: stack.deploymentPk,
        sub: `i${i}`,
        name: `Teacher i${i}`,
        email: null,
      });
      await s.db.knex('users').where({ id: u.id }).update({ school_id: school });
      const hidden = i >= 6;
      const start = hidden ? 900 + i : 200 + i * 5;
      await s.adaptations.put(
        makeAdaptation({
          id: randomUUID(),
          visibility: 'district',
          kinds: i % 2 ? ['language-support'] : ['language-support', 'scaffolding'],
          rationale: i === 0 ? HOSTILE : '',
          createdAt: `2026-09-0${i + 1}T10:00:00.000Z`,
          updatedAt: `2026-09-0${i + 1}T10:00:00.000Z`,
          page: { url: PAGE, title: 'Lesson 5: Claims and evidence' },
          target: {
            quote: { type: 'TextQuoteSelector', exact: `claim ${i}`, prefix: '', suffix: '' },
            position: { type: 'TextPositionSelector', start, end: start + 30 },
          },
        }),
        { tenantId: stack.tenantId, authorUserId: u.id, contextPk: null },
      );
    }
  }, 120_000);
  afterAll(async () => stack?.stop());

  it('shows a coach the hot spot, the page strip and bars with their tables, hostile text as text', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(platform.launchPageUrl({ clientId, user: 'ben', course: 'ela-plc' }));
    const frame = await toolFrame(page, tool.url);
    await lmsReady(frame);
    await frame.getByRole('heading', { name: 'Practice library' }).waitFor();

    await frame.getByRole('button', { name: 'Curriculum insight', exact: true }).press('Enter');
    await frame.getByRole('heading', { level: 2, name: 'Curriculum insight' }).waitFor();
    await frame.waitForFunction(() => document.activeElement?.id === 'ci-heading');
    await frame.getByLabel('Curriculum site', { exact: true }).selectOption(SITE);
    await frame.getByLabel(/Compare before and since/).fill('2000-01-01');
    await frame.getByRole('button', { name: 'Show the site' }).press('Enter');

    await lmsReady(frame);
    await frame.getByRole('heading', { level: 3, name: SITE }).waitFor();
    const hot = frame.getByRole('table', { name: /Hot spots/ });
    const row = hot.getByRole('row', { name: /claim 0/ });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      'Open Lesson 5: Claims and evidence',
      '6',
      '3',
      '6',
      '0',
      '6',
    ]);
    expect(await hot.getByRole('row').count()).toBe(2);
    await frame.getByText(/1 passages adapted by fewer than 5 teachers are hidden/).waitFor();
    expect(await seriousViolations(frame)).toEqual([]);

    await row.getByRole('button', { name: 'Open Lesson 5: Claims and evidence' }).press('Enter');
    await frame.getByRole('heading', { level: 3, name: 'Lesson 5: Claims and evidence' }).waitFor();
    const strip = frame.getByRole('img', { name: /Where adaptations cluster along the page/ });
    expect(await strip.getAttribute('aria-describedby')).toBe('ci-strip-table');
    const positions = frame.getByRole('table', { name: 'Passages by position on the page' });
    expect(
      await positions
        .getByRole('row', { name: /claim 0/ })
        .getByRole('cell')
        .allInnerTexts(),
    ).toEqual(['200', '255', '6', '3']);
    const kinds = frame.getByRole('table', { name: 'Adaptations by kind' });
    expect(
      await kinds
        .getByRole('row', { name: /Language support/ })
        .getByRole('cell')
        .innerText(),
    ).toBe('6');
    expect(
      await kinds
        .getByRole('row', { name: /Scaffolding/ })
        .getByRole('cell')
        .innerText(),
    ).toBe('3');
    expect(await frame.getByRole('img', { name: /Adaptations by learner group/ }).count()).toBe(1);
    await frame.getByText(HOSTILE).waitFor();
    expect(await frame.locator('.insight b').count()).toBe(0);
    expect(await seriousViolations(frame)).toEqual([]);

    // The passage report as CSV for the publisher: the header, and the hot spot's figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download CSV' }).press('Enter'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^margins-curriculum-insight-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(csv[0]).toMatch(/^page_url,page_title,passage_id,from_char,to_char,quote,teachers,schools,adaptations,/);
    expect(csv[1]).toContain(`${PAGE},Lesson 5: Claims and evidence,`);
    expect(csv[1]).toContain(',200,255,claim 0,6,3,6,');
    await frame.getByText(/^Downloaded margins-curriculum-insight-/).waitFor();

    // 200% zoom: nothing scrolls sideways.
    await page.setViewportSize({ width: 640, height: 900 });
    expect(
      await frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1),
    ).toBe(true);
    await context.close();
  });

  it('speaks Spanish to a coach whose platform asks for it, taxonomy included', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(platform.launchPageUrl({ clientId, user: 'ben', course: 'ela-plc', locale: 'es-MX' }));
    const frame = await toolFrame(page, tool.url);
    await lmsReady(frame);
    await frame.getByRole('heading', { name: 'Biblioteca de prácticas' }).waitFor();
    await frame.getByRole('button', { name: 'Análisis del currículo', exact: true }).press('Enter');
    await frame.getByRole('heading', { level: 2, name: 'Análisis del currículo' }).waitFor();
    await frame.getByLabel('Sitio curricular', { exact: true }).selectOption(SITE);
    await frame.getByRole('button', { name: 'Mostrar el sitio' }).press('Enter');
    await lmsReady(frame);
    await frame.getByRole('heading', { level: 3, name: SITE }).waitFor();
    await frame
      .getByRole('table', { name: /Puntos calientes/ })
      .getByRole('button', { name: 'Abrir Lesson 5: Claims and evidence' })
      .press('Enter');
    const kinds = frame.getByRole('table', { name: 'Adaptaciones por tipo' });
    await kinds.waitFor();
    expect(await kinds.getByRole('row').nth(1).getByRole('rowheader').innerText()).toBe(
      vocabularyLabel('kind', 'language-support', 'es'),
    );
    expect(await seriousViolations(frame)).toEqual([]);
    await context.close();
  });

  it('refuses a teacher, and lets them in once granted the curriculum lead role', async () => {
    const open = async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(platform.launchPageUrl({ clientId, user: 'ana', course: 'math-7' }));
      const frame = await toolFrame(page, tool.url);
      await lmsReady(frame);
      await frame.getByRole('heading', { name: 'Practice library' }).waitFor();
      return { context, frame };
    };
    const status = (frame: Awaited<ReturnType<typeof open>>['frame']) =>
      frame.evaluate(async () => {
        const boot = JSON.parse(document.getElementById('margins-session')!.textContent) as { token: string };
        const res = await fetch('/api/v1/insight/sites', { headers: { authorization: `Bearer ${boot.token}` } });
        return res.status;
      });
    const anaId = async (): Promise<{ id: string } | undefined> =>
      tool.services.db.knex('users').where({ tenant_id: stack.tenantId, sub: 'ana' }).first('id');
    // A retry starts where the first try did, with Ana not (yet) a curriculum lead.
    const known = await anaId();
    if (known) await tool.services.tenancy.revoke(String(known.id), 'curriculum-lead');
    let { context, frame } = await open();
    expect(await frame.getByRole('button', { name: 'Curriculum insight' }).count()).toBe(0);
    expect(await status(frame)).toBe(403);
    await context.close();

    await tool.services.tenancy.grant(stack.tenantId, String((await anaId())!.id), 'curriculum-lead', null);
    ({ context, frame } = await open());
    expect(await status(frame)).toBe(200);
    await frame.getByRole('button', { name: 'Curriculum insight', exact: true }).press('Enter');
    await frame.getByLabel('Curriculum site', { exact: true }).waitFor();
    expect(await seriousViolations(frame)).toEqual([]);
    await context.close();
  });
});
