import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { databaseKinds, type TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import { chromiumAvailable, launchChromium } from '../../support/chromium.js';
import { MOODLE_ADMIN, moodleAvailable, startMoodle, type MoodleSite } from './moodle-site.js';
import {
  callTool,
  lmsReady,
  loginAs,
  MOODLE_WAIT,
  moodleReady,
  openActivity,
  registerInMoodle,
  toolFrame,
} from './moodle-browser.js';

/**
 * Margins against a real Moodle 5.1 (../shared/lms), driven in Chromium the way a district installs and
 * uses it: the Moodle site admin registers the tool by dynamic registration with an install code and
 * activates it; teachers and learners launch it from activities; a coach places a collection by deep
 * linking; the participation grade reaches Moodle's gradebook; the site admin reaches the district views
 * and registers the tool again into the same district; the course roster comes from Moodle's names and
 * roles service. The steps build on each other, in order.
 */
const available = chromiumAvailable() && moodleAvailable();
const suiteStart = performance.now();
const PASSWORD = 'Pass-word-1!';

describe.skipIf(!available)('Margins in a real Moodle 5.1', { timeout: 240_000 }, () => {
  let moodle: MoodleSite;
  let db: TestDatabase;
  let tool: TestTool;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const ids = { ordinary: 0, pd: 0, teacher: 0, learner: 0, learner2: 0 };
  const cm = { ordinary: 0, pd: 0 };
  let typeId = 0;
  let tenantId = '';
  /** The teacher's Margins user id, from the first launch. */
  let tessaId = '';
  const pages = new Map<string, Page>();

  /** One signed-in browser per Moodle user, reused by the steps. */
  async function as(username: string): Promise<Page> {
    const known = pages.get(username);
    if (known) return known;
    const { context, page } = await loginAs(
      browser,
      moodle.url,
      username,
      username === MOODLE_ADMIN.username ? MOODLE_ADMIN.password : PASSWORD,
    );
    contexts.push(context);
    pages.set(username, page);
    return page;
  }

  beforeAll(async () => {
    const t = performance.now();
    moodle = await startMoodle();
    db = await databaseKinds()[0]!.create();
    tool = await startTestTool(db);
    browser = await launchChromium();
    [ids.teacher, ids.learner, ids.learner2, ids.ordinary, ids.pd] = moodle.fixtures([
      { do: 'user', username: 'tessa', password: PASSWORD, firstname: 'Tessa', lastname: 'Teacher' },
      { do: 'user', username: 'leo', password: PASSWORD, firstname: 'Leo', lastname: 'Learner' },
      { do: 'user', username: 'lia', password: PASSWORD, firstname: 'Lia', lastname: 'Learner' },
      { do: 'course', fullname: 'Grade 7 Math', shortname: 'math7' },
      { do: 'course', fullname: 'Literacy PLC', shortname: 'plc' },
    ]) as [number, number, number, number, number];
    moodle.fixtures(
      [ids.ordinary, ids.pd].flatMap((course) => [
        { do: 'enrol', course, user: ids.teacher, role: 'editingteacher' },
        { do: 'enrol', course, user: ids.learner, role: 'student' },
        { do: 'enrol', course, user: ids.learner2, role: 'student' },
      ]),
    );
    const m = moodle.timings;
    console.log(
      `moodle: unpack ${m.unpack} s, ${m.installCached ? 'restore of the cached install' : 'install'} ${m.install} s, start ${m.start} s; set-up with fixtures ${Math.round((performance.now() - t) / 100) / 10} s`,
    );
  }, 900_000);

  // A failed step shows what Moodle's PHP server said (a fatal error behind an HTTP 500 page, a crash).
  afterEach(({ task }) => {
    if (task.result?.state === 'fail')
      console.log(`moodle: PHP's server log, last lines:\n${moodle?.log().slice(-4_000)}`);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await tool?.stop();
    await db?.drop();
    await moodle?.stop();
    console.log(`moodle: the whole suite took ${Math.round((performance.now() - suiteStart) / 1000)} s`);
  }, 60_000);

  it('registers Margins by dynamic registration with an install code, and the admin activates it', async () => {
    const { code } = await tool.services.install.create('Riverside Moodle');
    await registerInMoodle(
      await as(MOODLE_ADMIN.username),
      moodle.url,
      `${tool.url}/lti/register?install_code=${code}`,
    );

    const type = moodle.fixture<{ id: number; state: number; clientid: string }>({ do: 'tooltype', baseurl: tool.url });
    expect(type.state).toBe(1); // LTI_TOOL_STATE_CONFIGURED
    typeId = type.id;
    const tenant = await tool.services.tenancy.findTenant(moodle.url, type.clientid);
    expect(tenant).toMatchObject({ product: 'moodle', name: 'Riverside Moodle' });
    tenantId = tenant!.id;
    const deployments = await tool.services.db.knex('deployments').where({ tenant_id: tenant!.id });
    expect(deployments.map((d: { deployment_id: string }) => d.deployment_id)).toEqual([String(typeId)]);
    // One activity per course, as a teacher adds it from the activity chooser; the PD course's says so
    // with the custom parameter an LMS admin or teacher sets.
    [cm.ordinary, cm.pd] = moodle
      .fixtures([
        { do: 'activity', course: ids.ordinary, typeid: typeId, name: 'Margins' },
        {
          do: 'activity',
          course: ids.pd,
          typeid: typeId,
          name: 'Margins',
          custom: 'margins_course=professional-learning',
        },
      ])
      .map((a) => (a as { cmid: number }).cmid) as [number, number];
  });

  it('opens Margins for a teacher from an activity in the course', async () => {
    const { session } = await openActivity(await as('tessa'), moodle.url, tool.url, cm.ordinary);
    expect(session.roles).toEqual(['teacher']);
    expect(session.course).toMatchObject({ title: 'Grade 7 Math', professionalLearning: false });
    expect(session.tenant.id).toBe(tenantId);
    tessaId = session.user.id;
  });

  it('shows a learner of an ordinary course a friendly page, and stores nothing about them', async () => {
    const page = await as('leo');
    await page.goto(`${moodle.url}/mod/lti/view.php?id=${cm.ordinary}`, { waitUntil: 'domcontentloaded' });
    const frame = await toolFrame(page, tool.url, 'h1');
    await frame.getByRole('heading', { level: 1, name: 'Margins is for your teachers' }).waitFor();
    expect(await tool.services.db.knex('users').where({ tenant_id: tenantId }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('lets learners of a professional-learning course in as the teachers they are', async () => {
    for (const who of ['leo', 'lia']) {
      const { session } = await openActivity(await as(who), moodle.url, tool.url, cm.pd);
      expect(session.roles).toEqual(['teacher']);
      expect(session.course).toMatchObject({ title: 'Literacy PLC', professionalLearning: true });
    }
    // The course's teacher launches too: a participant Moodle cannot grade.
    const { session } = await openActivity(await as('tessa'), moodle.url, tool.url, cm.pd);
    expect(session.user.id).toBe(tessaId);
  });

  it('reads the course roster from Moodle (names and roles)', async () => {
    // The roster address Moodle sent with the latest launch in the course.
    const launch = await tool.services.db
      .knex('launches')
      .where({ tenant_id: tenantId })
      .orderBy('created_at', 'desc')
      .first();
    const url = (JSON.parse(launch.context_json as string) as { membershipsUrl: string | null }).membershipsUrl;
    expect(url).toMatch(new RegExp(`^${moodle.url}/mod/lti/services.php/CourseSection/${ids.pd}/bindings/`));
    const tenant = (await tool.services.tenancy.getTenant(tenantId))!;
    const members = await tool.services.roster.members({ issuer: tenant.issuer, clientId: tenant.client_id }, url!);
    const byName = Object.fromEntries(members.map((m) => [m.name, m.courseRole]));
    expect(byName).toEqual({ 'Tessa Teacher': 'instructor', 'Leo Learner': 'learner', 'Lia Learner': 'learner' });
  });

  it("posts participation grades that Moodle's gradebook accepts, for its students only", async () => {
    // Leo shares a practice in the PLC (what the extension's sync records).
    const leo = await tool.services.db.knex('users').where({ tenant_id: tenantId, name: 'Leo Learner' }).first();
    const course = await tool.services.db
      .knex('course_contexts')
      .where({ tenant_id: tenantId, title: 'Literacy PLC' })
      .first();
    const id = randomUUID();
    await tool.services.adaptations.put(makeAdaptation({ id, visibility: 'district' }), {
      tenantId,
      authorUserId: leo.id,
      authorName: leo.name,
      contextPk: course.id,
    });
    await tool.services.ledger.append({
      tenantId,
      type: 'shared',
      actorUserId: leo.id,
      adaptationId: id,
      contextPk: course.id,
      dedupeKey: `shared:${id}`,
    });

    const { frame } = await openActivity(await as('tessa'), moodle.url, tool.url, cm.pd);
    const menu = frame.getByRole('button', { name: /^Menu:/ });
    if (await menu.isVisible()) await menu.click();
    await frame.getByRole('button', { name: 'Participation grade', exact: true }).click();
    await frame.getByRole('button', { name: 'Turn on the participation grade' }).click();
    await frame.getByText('The participation grade is on. 2 of 2 participants have a score.').waitFor();
    await frame.getByText(/1 person teaches the course and is not graded/).waitFor();

    const { grades } = moodle.fixture<{ grades: { username: string; finalgrade: string | null; itemname: string }[] }>({
      do: 'grades',
      course: ids.pd,
    });
    const posted = grades.filter((g) => g.itemname === 'Margins participation');
    expect(posted.map((g) => g.username)).toEqual(['leo', 'lia']);
    expect(Number(posted[0]!.finalgrade), JSON.stringify(posted)).toBeGreaterThan(Number(posted[1]!.finalgrade));
    const refused = await tool.services.db
      .knex('participation_scores')
      .where({ context_pk: course.id })
      .whereNot({ status: 'posted' });
    expect(refused).toEqual([]);
  });

  it('places a collection in a course by deep linking from the activity form', async () => {
    await tool.services.tenancy.grant(tenantId, tessaId, 'coach', null);
    const { token } = await openActivity(await as('tessa'), moodle.url, tool.url, cm.ordinary);
    const practice = (await tool.services.db.knex('adaptations').where({ tenant_id: tenantId }).first()).id;
    const col = await callTool(tool.url, token, '/api/v1/coach/collections', 'POST', {
      title: 'Talk moves, step by step',
      description: 'Start with the turn-and-talk.',
    });
    expect(col.status, JSON.stringify(col.body)).toBe(201);
    const item = await callTool(tool.url, token, `/api/v1/coach/collections/${col.body.id}/items`, 'POST', {
      adaptationId: practice,
      note: 'Try this first.',
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    expect((await callTool(tool.url, token, `/api/v1/coach/collections/${col.body.id}/publish`, 'POST')).status).toBe(
      200,
    );

    // Add an activity of Margins and press "Select content": Moodle opens the tool's picker in a dialog.
    const page = await as('tessa');
    await page.goto(
      `${moodle.url}/course/modedit.php?add=lti&typeid=${typeId}&course=${ids.ordinary}&section=1&return=0`,
    );
    await moodleReady(page);
    await page.locator('#id_selectcontent:not([disabled])').click();
    const picker = await toolFrame(page, tool.url);
    await lmsReady(picker);
    await picker.getByLabel('Add the collection “Talk moves, step by step” to the course').check();
    await picker.getByRole('button', { name: 'Add to course' }).click();
    // Moodle's return page fills the form from the content item and closes the dialog.
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#id_name')?.value === 'Talk moves, step by step',
      undefined,
      { timeout: MOODLE_WAIT },
    );
    await page.locator('#id_submitbutton2').click();
    await page.waitForURL((u) => u.pathname === '/course/view.php', { timeout: MOODLE_WAIT });
    const activities = moodle.fixture<{ id: number; name: string; instructorcustomparameters: string }[]>({
      do: 'activities',
      course: ids.ordinary,
    });
    const placed = activities.find((a) => a.name === 'Talk moves, step by step');
    expect(placed?.instructorcustomparameters).toBe(`margins_collection=${col.body.id}`);

    // A teacher opening it sees the collection.
    const cmid = moodle.fixture<number>({ do: 'cmid', instance: placed!.id });
    const { frame } = await openActivity(page, moodle.url, tool.url, cmid);
    await frame.getByRole('heading', { level: 1, name: 'Talk moves, step by step' }).waitFor();
  });

  it("takes Moodle's site admin to the district views, where they make a re-registration code", async () => {
    const { frame, session } = await openActivity(await as(MOODLE_ADMIN.username), moodle.url, tool.url, cm.ordinary);
    expect(session.roles).toContain('district-admin');
    const menu = frame.getByRole('button', { name: /^Menu:/ });
    if (await menu.isVisible()) await menu.click();
    await frame.getByRole('button', { name: 'Sharing settings', exact: true }).click();
    await frame.getByRole('heading', { level: 1, name: 'Sharing settings' }).waitFor();
    // The district's installations: Moodle's tool type is its deployment.
    await frame.getByRole('heading', { level: 2, name: 'Installations of Margins' }).waitFor();
    await frame.locator('section[aria-labelledby="deployments-heading"] code', { hasText: String(typeId) }).waitFor();
    await frame.getByRole('button', { name: 'Create a re-registration code' }).click();
    const address = (await frame.locator('[role="status"] code').nth(1).textContent())!;
    expect(address).toMatch(new RegExp(`^${tool.url}/lti/register\\?install_code=`));

    // Registering again with it ("Register as a new external tool") attaches the new client_id to the same district.
    await registerInMoodle(await as(MOODLE_ADMIN.username), moodle.url, address, { asNew: true });
    const again = moodle.fixture<{ id: number; clientid: string }>({ do: 'tooltype', baseurl: tool.url });
    expect(again.id).not.toBe(typeId);
    expect((await tool.services.tenancy.findTenant(moodle.url, again.clientid))?.id).toBe(tenantId);
    const { cmid } = moodle.fixture<{ cmid: number }>({
      do: 'activity',
      course: ids.ordinary,
      typeid: again.id,
      name: 'Margins (registered again)',
    });
    const { session: later } = await openActivity(await as('tessa'), moodle.url, tool.url, cmid);
    expect(later.tenant.id).toBe(tenantId);
    expect(later.user.id).toBe(tessaId);
    expect(await tool.services.db.knex('tenants').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it("refuses a badge citation naming a learner of Moodle's roster, and warns on a colleague-visible text", async () => {
    // Maria Lopez joins Grade 7 Math. The roster Margins read at earlier launches is made older than its
    // lifetime (as 12 hours later), so the teacher's next launch reads it again from Moodle (NRPS).
    const [maria] = moodle.fixtures([
      { do: 'user', username: 'maria', password: PASSWORD, firstname: 'Maria', lastname: 'Lopez' },
    ]) as [number];
    moodle.fixture({ do: 'enrol', course: ids.ordinary, user: maria, role: 'student' });
    const k = tool.services.db.knex;
    const math = await k('course_contexts').where({ tenant_id: tenantId, title: 'Grade 7 Math' }).first();
    await k('roster_refreshes').where({ context_pk: math.id }).update({ refreshed_at: '2000-01-01T00:00:00.000Z' });
    const { token } = await openActivity(await as('tessa'), moodle.url, tool.url, cm.ordinary);
    await expect
      .poll(async () => (await k('roster_refreshes').where({ context_pk: math.id }).first())?.learners, {
        timeout: 30_000,
      })
      .toBe(3);
    // Only salted hashes are kept: no learner's name is anywhere in the tables Margins wrote.
    const tokens: { token_hash: string }[] = await k('roster_name_tokens').where({ context_pk: math.id });
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(tokens)).not.toMatch(/maria|lopez/i);

    // The badge citation of the issue (a bare full name, no cue word) is refused before anything is signed.
    const leo = await k('users').where({ tenant_id: tenantId, name: 'Leo Learner' }).first();
    const issued = async () => k('recognitions').where({ tenant_id: tenantId }).count({ n: '*' });
    const before = await issued();
    const refused = await callTool(tool.url, token, '/api/v1/coach/recognition/preview', 'POST', {
      recipientId: leo.id,
      title: 'Argument writing coach',
      citation: 'Helped Maria Lopez and her classmates write their first argument.',
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.message).toMatch(/public and permanent/);
    expect(JSON.stringify(refused.body.error.issues)).toMatch(/the name of a learner in your courses/);
    expect(await issued()).toEqual(before);

    // A text colleagues will see gets the warning, with the words' place, marked as a learner of the roster.
    const text = 'Lopez finished the whole worksheet with this version.';
    const check = await callTool(tool.url, token, '/api/v1/privacy/check', 'POST', { fields: { feedback: text } });
    expect(check.status).toBe(200);
    expect(check.body.findings).toContainEqual(
      expect.objectContaining({ field: 'feedback', index: 0, length: 5, kind: 'student-name', source: 'roster' }),
    );
  });
});
