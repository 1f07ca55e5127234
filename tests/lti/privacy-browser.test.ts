import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Frame } from 'playwright-core';
import { LIS } from '../platform/index.js';
import { chromiumAvailable } from '../support/chromium.js';
import { type LmsInChromium, launchTool, seriousViolations, startLmsInChromium } from '../support/lms-frame.js';
import { callApi, sessionToken } from '../support/lti-stack.js';

/**
 * Issue 16, done means: the badge citation "helped Maria Lopez and her classmates write their first
 * argument" and its variants are refused in the LMS UI in Chromium, before anything is signed, with
 * the words marked; Maria is a learner of the coach's course, known to the tool only through the
 * stand-in platform's roster (NRPS) as salted hashes. A clean citation is previewed as the exact
 * public text and signed only after the coach confirms it, in English and in Spanish.
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('the privacy guard refuses a student name in a badge citation (Chromium)', { timeout: 180_000 }, () => {
  let stack: LmsInChromium;
  const issued = async () => {
    const rows: { n: number | string }[] = await stack.tool.services.db.knex('recognitions').count({ n: '*' });
    return Number(rows[0]!.n);
  };

  beforeAll(async () => {
    stack = await startLmsInChromium({ demo: true });
    // Two learners in the coach's course, as the platform lists them (the tool reads them through NRPS).
    stack.platform.addUser({ sub: 'maria', name: 'Maria Lopez', roles: [LIS.Learner, LIS.InstitutionStudent] });
    stack.platform.addUser({ sub: 'thandiwe', name: 'Thandiwe Quispe', roles: [LIS.Learner, LIS.InstitutionStudent] });
    const plc = stack.platform.courses.find((c) => c.id === 'ela-plc')!;
    stack.platform.addCourse({ ...plc, members: [...plc.members, 'maria', 'thandiwe'] });
    // Ana has opened Margins, so the coach can find her.
    expect((await stack.platform.launch({ clientId: stack.clientId, user: 'ana', course: 'ela-plc' })).status).toBe(
      200,
    );
  }, 120_000);
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await stack?.stop();
  });

  async function openAward(locale?: string): Promise<Frame> {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    const frame = await launchTool(
      page,
      stack.platform.launchPageUrl({
        clientId: stack.clientId,
        user: 'ben',
        course: 'ela-plc',
        ...(locale ? { locale } : {}),
      }),
      stack.tool.url,
    );
    await frame
      .getByRole('button', { name: locale ? 'Otorgar reconocimientos' : 'Award recognition', exact: true })
      .click();
    await frame.locator('#cr-recipient-q').fill('Ana');
    await frame.locator('#cr-recipient-q').press('Enter');
    // The person picker speaks the launch's language too.
    await frame.getByRole('button', { name: locale ? /^Elegir a Ana Lima/ : /^Choose Ana Lima/ }).click();
    return frame;
  }

  it('marks the learner\u2019s name in each variant and signs nothing', async () => {
    const frame = await openAward();
    const before = await issued();
    await frame.locator('#cr-title').fill('Argument writing');
    const variants: [string, string][] = [
      ['helped Maria Lopez and her classmates write their first argument', 'Maria Lopez'],
      ['helped maria lopez and her classmates write their first argument', 'maria lopez'],
      ['Helped Lopez and the classmates write their first argument.', 'Lopez'],
      ['Her scaffold let Maria and two classmates write a first argument.', 'Maria'],
      ['Ayudó a María López y a sus compañeros a escribir su primer argumento.', 'María López'],
      // No list knows this name and nothing capitalises it: only the roster can tell.
      ['coached thandiwe and her classmates through their first argument', 'thandiwe'],
    ];
    for (const [citation, name] of variants) {
      await frame.locator('#cr-citation').fill(citation);
      await frame.getByRole('button', { name: 'Preview the public text for Ana Lima' }).click();
      const alert = frame.locator('.privacy-marks[role=alert]');
      await alert.waitFor();
      expect(await alert.locator('mark').allTextContents()).toEqual([name]);
      expect(await frame.locator('#cr-citation').getAttribute('aria-invalid')).toBe('true');
      expect(await frame.locator('.award-preview').count()).toBe(0);
      expect(await frame.getByRole('button', { name: /^Sign and award/ }).count()).toBe(0);
    }
    expect(await seriousViolations(frame)).toEqual([]);
    expect(await issued()).toBe(before);
  });

  it('shows the exact public text first and signs only when the coach confirms it (also in Spanish)', async () => {
    for (const locale of [undefined, 'es-MX']) {
      const frame = await openAward(locale);
      const before = await issued();
      const citation = `Led the PLC\u2019s lesson study on argument writing, drawing on Vygotsky (${locale ?? 'en'}).`;
      await frame.locator('#cr-title').fill('Lesson study lead');
      await frame.locator('#cr-citation').fill(citation);
      await frame
        .getByRole('button', {
          name: locale ? 'Ver el texto público para Ana Lima' : 'Preview the public text for Ana Lima',
        })
        .click();
      const preview = frame.locator('.award-preview');
      await preview.waitFor();
      expect(await preview.locator('dd.citation').textContent()).toBe(citation);
      expect(await preview.getByRole('heading').textContent()).toBe(
        locale ? 'Lo que será público' : 'What will be public',
      );
      expect(await seriousViolations(frame)).toEqual([]);
      expect(await issued()).toBe(before); // previewed, not signed
      await frame
        .getByRole('button', { name: locale ? 'Firmar y otorgar a Ana Lima' : 'Sign and award to Ana Lima' })
        .click();
      await frame
        .getByText(
          locale ? /^«Lesson study lead» otorgado a Ana Lima\.$/ : /^Awarded “Lesson study lead” to Ana Lima\.$/,
        )
        .waitFor();
      expect(await issued()).toBe(before + 1);
      const row: { credential_json: string } = await stack.tool.services.db
        .knex('recognitions')
        .orderBy('issued_at', 'desc')
        .first('credential_json');
      expect((JSON.parse(row.credential_json) as { evidence: { narrative: string }[] }).evidence[0]!.narrative).toBe(
        citation,
      );
    }
  });
  it('warns with the learner’s name marked before an "I tried this" note leaves for colleagues', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const frame = await launchTool(
      page,
      stack.platform.launchPageUrl({ clientId: stack.clientId, user: 'ana', course: 'ela-plc' }),
      stack.tool.url,
    );
    await frame.locator('ul.results button.link').first().click();
    await frame.locator('#tried-note').waitFor();
    await frame.locator('input[name=tried-outcome]').first().check();
    await frame.locator('#tried-note').fill('worked really well for thandiwe and her table group');
    await frame.locator('form.respond button[type=submit]').first().click();
    const warning = frame.locator('form.respond .state.warning[role=alert]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('“thandiwe”: This is the name of a learner in your courses');
    expect(await frame.locator('form.respond button[type=submit]').first().textContent()).toBe('Share anyway');
    await context.close();
  });
  it('shows the public text of a rule’s badges before the rule is turned on', async () => {
    const frame = await openAward();
    const rule = frame.getByRole('checkbox', { name: 'Mentor', exact: true });
    await rule.uncheck();
    await frame.getByText('Mentor is off.').waitFor();
    await rule.click();
    const preview = frame.locator('.award-preview');
    await preview.waitFor();
    expect(await rule.isChecked()).toBe(false); // not on until confirmed
    expect(await preview.locator('dd').allTextContents()).toEqual(
      expect.arrayContaining(['Mentor', expect.stringMatching(/^What counted: /)]),
    );
    expect(await seriousViolations(frame)).toEqual([]);
    await frame.getByRole('button', { name: 'Turn on “Mentor” and sign its badges' }).click();
    await frame.getByText('Mentor is on.').waitFor();
    expect(await rule.isChecked()).toBe(true);
  });
  it('warns before a collection whose texts name a learner is published, and publishes only when told to', async () => {
    const launched = await stack.platform.launch({ clientId: stack.clientId, user: 'ben', course: 'ela-plc' });
    const created = await callApi(stack.tool, sessionToken(launched.body), '/api/v1/coach/collections', {
      method: 'POST',
      body: JSON.stringify({
        title: 'Argument writing starters',
        description: 'The frames that got Thandiwe Quispe writing, for every grade-7 class.',
        focusAreaId: null,
      }),
    });
    expect(created.status).toBe(201);
    const practice = (await callApi(stack.tool, sessionToken(launched.body), '/api/v1/library')).body.items[0].id;
    const added = await callApi(
      stack.tool,
      sessionToken(launched.body),
      `/api/v1/coach/collections/${created.body.id}/items`,
      {
        method: 'POST',
        body: JSON.stringify({ adaptationId: practice, note: 'Start with the sentence frames.' }),
      },
    );
    expect(added.status).toBe(201);
    const frame = await openAward();
    await frame.getByRole('button', { name: 'Collections', exact: true }).click();
    await frame.locator(`#cc-open-${created.body.id}`).click();
    await frame.locator('#ce-publish').click();
    const warning = frame.locator('#ce-privacy');
    await warning.waitFor();
    expect(await warning.locator('mark').allTextContents()).toEqual(['Thandiwe Quispe']);
    expect(await frame.locator('#ce-unpublish').count()).toBe(0); // still a draft
    expect(await seriousViolations(frame)).toEqual([]);
    await warning.getByRole('button', { name: 'Publish anyway' }).click();
    await frame.locator('#ce-unpublish').waitFor();
  });
  it('lets a teacher download everything the district keeps about her ("My data")', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    const frame = await launchTool(
      page,
      stack.platform.launchPageUrl({ clientId: stack.clientId, user: 'ana', course: 'ela-plc', locale: 'es-MX' }),
      stack.tool.url,
    );
    await frame.getByRole('button', { name: 'Mis datos', exact: true }).click();
    await frame.locator('#md-heading').waitFor();
    expect(await seriousViolations(frame)).toEqual([]);
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Descargar mis datos (JSON)' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('margins-my-data.json');
    const text = await readFile(await file.path(), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'margins-my-data/1', me: { name: 'Ana Lima' } });
    await frame.getByText('Se descargó margins-my-data.json.').waitFor();
  });
});
