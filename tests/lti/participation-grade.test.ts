import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { CLAIM, LIS } from '../platform/index.js';
import {
  callApi,
  databaseKinds,
  launchToken,
  sessionToken,
  startLtiStack,
  type LtiStack,
} from '../support/lti-stack.js';
import { startTestTool } from '@margins/lti-tool/testing/tool';

const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';

/**
 * The optional participation grade through the test platform's AGS endpoints: turned on by a teacher
 * of a PD course, the tool creates (or reuses) the gradebook column and posts each participant's
 * score, then again whenever their participation changes; the platform records what was posted. As
 * in Moodle and Canvas, the course's participants are teachers enrolled as learners (the only people
 * a gradebook scores); the course's own teacher is never posted.
 */
const PD = { margins_course: 'professional-learning' };
for (const kind of databaseKinds()) {
  describe(`the participation grade on ${kind.name}`, { timeout: 90_000 }, () => {
    let s: LtiStack;
    let tenantId: string;
    const who: Record<string, { userId: string; course: string }> = {};

    const api = (token: string, path: string, method = 'GET', body?: unknown) =>
      callApi(s.tool, token, path, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const scoresFor = (course: string, sub: string) =>
      s.platform.received.scores.filter((r) => r.course === course && r.score.userId === sub).map((r) => r.score);

    beforeAll(async () => {
      s = await startLtiStack(kind);
      const learners = { ana: [LIS.Learner], chloe: [LIS.Learner] };
      for (const [id, title] of [
        ['pd-1', 'PD: Talk moves in math'],
        ['pd-2', 'PD: Feedback that moves learning'],
        ['pd-3', 'PD: Reading conferences'],
      ] as const)
        s.platform.addCourse({ id, title, members: ['ana', 'ben', 'chloe'], roles: learners });
      for (const user of ['ana', 'ben', 'chloe']) {
        for (const course of ['pd-1', 'pd-2', 'pd-3']) {
          const me = (await api(await launchToken(s, { user, course, custom: PD }), '/api/v1/session')).body;
          tenantId = me.tenant.id;
          who[`${user}@${course}`] = { userId: me.user.id, course: me.course.id };
        }
      }
    }, 120_000);
    afterAll(async () => s?.stop());

    /** What the extension's sync would do when a teacher shares in a course: the adaptation and its ledger event. */
    async function shares(key: string): Promise<string> {
      const { userId, course } = who[key]!;
      const id = randomUUID();
      await s.tool.services.adaptations.put(makeAdaptation({ id, visibility: 'course' }), {
        tenantId,
        authorUserId: userId,
        contextPk: course,
      });
      await s.tool.services.ledger.append({
        tenantId,
        type: 'shared',
        actorUserId: userId,
        adaptationId: id,
        contextPk: course,
        dedupeKey: `shared:${id}`,
      });
      return id;
    }

    it("creates the column, posts every participant's score, and posts again only when participation changes", async () => {
      const ben = await launchToken(s, { user: 'ben', course: 'pd-1' });
      const before = (await api(ben, '/api/v1/participation')).body;
      expect(before).toMatchObject({
        available: true,
        canManage: true,
        enabled: false,
        scoreMaximum: 100,
        summary: { participants: 2, notGraded: 1, posted: 0 },
      });
      expect(before.formula).toHaveLength(3);

      const on = await api(ben, '/api/v1/participation', 'PUT', { enabled: true });
      expect(on.status, JSON.stringify(on.body)).toBe(200);
      expect(on.body).toMatchObject({
        enabled: true,
        summary: { participants: 2, posted: 2, failed: 0, notGraded: 1, lastError: null, advice: null },
      });
      const columns = s.platform.received.lineItems.filter((li) => li.course === 'pd-1');
      expect(columns).toEqual([
        expect.objectContaining({
          label: 'Margins participation',
          scoreMaximum: 100,
          resourceId: 'margins-participation',
          tag: 'margins-participation',
        }),
      ]);
      // Ben teaches the course: the gradebook would refuse him (Moodle 400, Canvas 422), so nothing is posted.
      expect(scoresFor('pd-1', 'ben')).toEqual([]);
      for (const sub of ['ana', 'chloe'])
        expect(scoresFor('pd-1', sub)).toEqual([
          expect.objectContaining({
            scoreGiven: 0,
            scoreMaximum: 100,
            gradingProgress: 'FullyGraded',
            activityProgress: 'InProgress',
          }),
        ]);

      // Chloé shares a practice in the course; Ana tries it and gives two pieces of feedback.
      const practice = await shares('chloe@pd-1');
      await s.tool.services.participation.runOnce();
      expect(scoresFor('pd-1', 'chloe').map((x) => x.scoreGiven)).toEqual([0, 40]);
      expect(scoresFor('pd-1', 'chloe')[1]!.comment).toBe('Margins participation: 1 shared, 0 tried, 0 feedback');
      const ana = who['ana@pd-1']!.userId;
      await s.tool.services.adaptations.endorse({
        tenantId,
        adaptationId: practice,
        userId: ana,
        outcome: 'worked-well',
        note: '',
      });
      await s.tool.services.ledger.append({
        tenantId,
        type: 'endorsed',
        actorUserId: ana,
        beneficiaryUserId: who['chloe@pd-1']!.userId,
        adaptationId: practice,
        data: { outcome: 'worked-well' },
      });
      for (const text of ['The sentence frames helped.', 'Would this work in grade 3?']) {
        await s.tool.services.adaptations.addFeedback({
          tenantId,
          adaptationId: practice,
          userId: ana,
          type: 'what-worked',
          text,
        });
        await s.tool.services.ledger.append({
          tenantId,
          type: 'feedback-given',
          actorUserId: ana,
          beneficiaryUserId: who['chloe@pd-1']!.userId,
          adaptationId: practice,
        });
      }
      await s.tool.services.participation.runOnce();
      expect(scoresFor('pd-1', 'ana').map((x) => x.scoreGiven)).toEqual([0, 60]);
      expect(scoresFor('pd-1', 'ben')).toEqual([]);
      // Nothing changed: nothing is posted.
      const posted = s.platform.received.scores.length;
      await s.tool.services.participation.runOnce();
      expect(s.platform.received.scores.length).toBe(posted);

      // Each participant sees their own participation; nobody gets a list of people.
      const mine = (await api(await launchToken(s, { user: 'ana', course: 'pd-1' }), '/api/v1/participation')).body;
      expect(mine.mine).toEqual({ counts: { shared: 0, tried: 1, feedback: 2 }, score: 60 });
      expect(JSON.stringify(mine)).not.toContain('Chlo');
      // Every score went to the one column of this course.
      expect(new Set(s.platform.received.scores.filter((r) => r.course === 'pd-1').map((r) => r.lineItemId))).toEqual(
        new Set([columns[0]!.id]),
      );
    });

    it('catches up with contributions recorded long after they happened (an offline device syncing late)', async () => {
      const { userId, course } = who['chloe@pd-1']!;
      const id = randomUUID();
      const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
      await s.tool.services.adaptations.put(makeAdaptation({ id, visibility: 'course' }), {
        tenantId,
        authorUserId: who['ana@pd-1']!.userId,
        contextPk: course,
      });
      for (const text of ['Tried the frames: quieter students spoke first.', 'Which grade did you start with?']) {
        await s.tool.services.adaptations.addFeedback({ tenantId, adaptationId: id, userId, type: 'question', text });
        await s.tool.services.ledger.append({
          tenantId,
          type: 'feedback-given',
          actorUserId: userId,
          adaptationId: id,
          at: threeDaysAgo,
        });
      }
      await s.tool.services.participation.runOnce({ sweep: true });
      expect(
        scoresFor('pd-1', 'chloe')
          .map((x) => x.scoreGiven)
          .at(-1),
      ).toBe(70);
    });

    it('reuses the column deep linking created, and stops posting when turned off', async () => {
      const dl = await s.launch({ user: 'ben', course: 'pd-2', placement: 'link_selection' });
      const practice = await shares('ben@pd-2');
      const answer = await api(sessionToken(dl.body), '/api/v1/deep-linking/response', 'POST', {
        adaptationIds: [practice],
        participationLineItem: true,
      });
      await dl.fetch(answer.body.returnUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ JWT: answer.body.jwt }),
      });
      const column = s.platform.received.lineItems.find((li) => li.course === 'pd-2')!;
      expect(column.resourceId).toBe('margins-participation');

      await shares('ana@pd-2');
      const ben = await launchToken(s, { user: 'ben', course: 'pd-2' });
      await api(ben, '/api/v1/participation', 'PUT', { enabled: true });
      expect(s.platform.received.lineItems.filter((li) => li.course === 'pd-2')).toHaveLength(1);
      expect(scoresFor('pd-2', 'ana')).toEqual([expect.objectContaining({ scoreGiven: 40 })]);
      expect(
        s.platform.received.scores.filter((r) => r.course === 'pd-2').every((r) => r.lineItemId === column.id),
      ).toBe(true);

      expect((await api(ben, '/api/v1/participation', 'PUT', { enabled: false })).body.enabled).toBe(false);
      await shares('chloe@pd-2');
      await s.tool.services.participation.runOnce();
      expect(scoresFor('pd-2', 'chloe').map((x) => x.scoreGiven)).toEqual([0]);
    });

    it('reports a refusal by the platform and posts the score once it is allowed again', async () => {
      const registration = s.platform.tool(s.clientId)!;
      const all = registration.scopes!;
      registration.scopes = all.filter((x) => x !== SCORE_SCOPE);
      s.tool.services.ags.clear();
      try {
        // Chloé tries one of Ana's practices: her score changes and must be posted.
        const practice = await shares('ana@pd-1');
        const chloe = who['chloe@pd-1']!.userId;
        await s.tool.services.adaptations.endorse({
          tenantId,
          adaptationId: practice,
          userId: chloe,
          outcome: 'worked-well',
          note: '',
        });
        await s.tool.services.ledger.append({
          tenantId,
          type: 'endorsed',
          actorUserId: chloe,
          beneficiaryUserId: who['ana@pd-1']!.userId,
          adaptationId: practice,
          data: { outcome: 'worked-well' },
        });
        await s.tool.services.participation.runOnce();
        const ben = await launchToken(s, { user: 'ben', course: 'pd-1' });
        const status = (await api(ben, '/api/v1/participation')).body;
        expect(status.summary.failed, JSON.stringify(status.summary)).toBe(1);
        expect(status.summary.lastError).toMatch(/refused to get permission to post grades \(HTTP 400/);
        expect(status.summary.advice).toMatch(/not allowed to post grades|cannot post to this course's gradebook/);
      } finally {
        registration.scopes = all;
        s.tool.services.ags.clear();
      }
      const ben = await launchToken(s, { user: 'ben', course: 'pd-1' });
      const retried = (await api(ben, '/api/v1/participation/post', 'POST')).body;
      expect(retried.summary).toMatchObject({ failed: 0, lastError: null, advice: null });
      expect(scoresFor('pd-1', 'chloe').map((x) => x.scoreGiven)).toEqual([0, 40, 70, 100]);
    });

    it("records the gradebook's refusal of someone it does not grade with its status, and tells the coach what to change", async () => {
      // Ben turns the grade on from a launch without the roster service, so Margins goes by launch roles;
      // meanwhile the platform made Chloé a teacher of the course (Canvas then scores her no more).
      const ben = await launchToken(s, {
        user: 'ben',
        course: 'pd-3',
        tamper: { claims: (c) => ({ ...c, [CLAIM.nrps]: undefined }) },
      });
      s.platform.addCourse({
        id: 'pd-3',
        title: 'PD: Reading conferences',
        members: ['ana', 'ben', 'chloe'],
        roles: { ana: [LIS.Learner], chloe: [LIS.Instructor] },
      });
      const on = (await api(ben, '/api/v1/participation', 'PUT', { enabled: true })).body;
      expect(on.summary).toMatchObject({ participants: 2, posted: 1, failed: 1 });
      // The platform's words go to the log and the row keeps its status; people see plain words (issue 12, item 3).
      expect(on.summary.lastError).toContain('(HTTP 422)');
      expect(on.summary.lastError).not.toContain('User not found');
      expect(on.summary.advice).toMatch(/grades only its students\. In Canvas, enrol them as Students/);
      const stored = await s.tool.services.db
        .knex('participation_scores')
        .where({ context_pk: who['chloe@pd-3']!.course, user_id: who['chloe@pd-3']!.userId })
        .first('status', 'http_status');
      expect(stored).toMatchObject({ status: 'failed', http_status: 422 });
      // With the roster (the next launch carries it), Margins sees that Chloé teaches now and stops trying.
      const chloeRow = () =>
        s.tool.services.db
          .knex('participation_scores')
          .where({ context_pk: who['chloe@pd-3']!.course, user_id: who['chloe@pd-3']!.userId })
          .first('updated_at');
      const before = await chloeRow();
      await launchToken(s, { user: 'ana', course: 'pd-3' });
      await api(ben, '/api/v1/participation/post', 'POST');
      expect(await chloeRow()).toEqual(before);
    });

    it('lets the learners of a professional-learning course in as teachers and shows those of an ordinary course a friendly page', async () => {
      const ana = (await api(await launchToken(s, { user: 'ana', course: 'pd-1' }), '/api/v1/session')).body;
      expect(ana).toMatchObject({ roles: ['teacher'], courseRole: 'learner' });
      expect(ana.course.professionalLearning).toBe(true);
      expect(
        (await api(await launchToken(s, { user: 'ana', course: 'pd-1' }), '/api/v1/participation')).body.canManage,
      ).toBe(false);
      s.platform.addCourse({ id: 'ela-7', title: 'ELA 7', members: ['ana', 'ben'], roles: { ana: [LIS.Learner] } });
      const learner = await s.launch({ user: 'ana', course: 'ela-7' });
      expect(learner.status).toBe(200);
      expect(learner.body).toContain('Margins is for your teachers');
      expect(learner.body).not.toContain('margins-session');
    });

    it('is unavailable without a course or without the grade service, and only teachers and coaches manage it', async () => {
      const noAgs = await launchToken(s, {
        user: 'ben',
        course: 'pd-1',
        tamper: { claims: (c) => ({ ...c, [CLAIM.ags]: undefined }) },
      });
      const settings = (await api(noAgs, '/api/v1/participation')).body;
      expect(settings).toMatchObject({
        available: false,
        unavailableReason: expect.stringMatching(/did not offer its gradebook/),
      });
      const refused = await api(noAgs, '/api/v1/participation', 'PUT', { enabled: true });
      expect(refused.status).toBe(400);
      // A malformed grade-service claim never fails the launch: there are just no grades.
      const malformed = await launchToken(s, {
        user: 'ben',
        course: 'pd-1',
        tamper: {
          claims: (c) => ({
            ...c,
            [CLAIM.ags]: { scope: 'lineitem', lineitems: 42 },
            [CLAIM.custom]: { margins_collection: '../../etc' },
          }),
        },
      });
      expect((await api(malformed, '/api/v1/participation')).body.available).toBe(false);
      expect((await api(malformed, '/api/v1/session')).body).toMatchObject({
        openCollectionId: null,
        openAdaptationId: null,
      });
      const account = await launchToken(s, { user: 'dana', placement: 'account_navigation' });
      expect((await api(account, '/api/v1/participation')).body).toMatchObject({ available: false, canManage: false });
      // A district admin at the account level is neither teacher nor coach: the route table refuses them.
      expect((await api(account, '/api/v1/participation', 'PUT', { enabled: true })).status).toBe(403);
      expect((await api(noAgs, '/api/v1/participation', 'PUT', { enabled: 'yes' })).status).toBe(400);
    });
  });
}

/**
 * Two tool processes on one PostgreSQL database, both running the grading pass at once (each has its
 * own timer): the course's posting runs under a database lock, so a changed score is posted once.
 */
const postgres = databaseKinds().find((k) => k.name === 'postgres');
describe.skipIf(!postgres)('the participation grade with two tool processes', { timeout: 90_000 }, () => {
  let s: LtiStack;
  beforeAll(async () => {
    s = await startLtiStack(postgres!);
    s.platform.addCourse({
      id: 'pd-9',
      title: 'PD: Exit tickets',
      members: ['ana', 'ben'],
      roles: { ana: [LIS.Learner] },
    });
  }, 120_000);
  afterAll(async () => s?.stop());

  it('posts a changed score once when both run the pass together', async () => {
    const api = (token: string, path: string, method = 'GET', body?: unknown) =>
      callApi(s.tool, token, path, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const ana = (await api(await launchToken(s, { user: 'ana', course: 'pd-9', custom: PD }), '/api/v1/session')).body;
    const ben = await launchToken(s, { user: 'ben', course: 'pd-9', custom: PD });
    expect((await api(ben, '/api/v1/participation', 'PUT', { enabled: true })).status).toBe(200);
    const second = await startTestTool(s.db);
    try {
      const id = randomUUID();
      await s.tool.services.adaptations.put(makeAdaptation({ id, visibility: 'course' }), {
        tenantId: ana.tenant.id,
        authorUserId: ana.user.id,
        contextPk: ana.course.id,
      });
      await s.tool.services.ledger.append({
        tenantId: ana.tenant.id,
        type: 'shared',
        actorUserId: ana.user.id,
        adaptationId: id,
        contextPk: ana.course.id,
        dedupeKey: `shared:${id}`,
      });
      await Promise.all([
        s.tool.services.participation.runOnce({ sweep: true }),
        second.services.participation.runOnce({ sweep: true }),
      ]);
      const posted = s.platform.received.scores.filter((r) => r.course === 'pd-9' && r.score.userId === 'ana');
      expect(posted.map((r) => r.score.scoreGiven)).toEqual([0, 40]);
    } finally {
      await second.stop();
    }
  });
});
