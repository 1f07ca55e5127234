import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIS } from '../platform/index.js';
import { callApi, databaseKinds, launchToken, startLtiStack, type LtiStack } from '../support/lti-stack.js';

/**
 * A coach or district admin marks the course they launched from as professional learning inside
 * Margins (besides the LMS's `margins_course` custom parameter): from their next launch its learners
 * get in as teachers; marked ordinary again, they see the page for students. Teachers cannot change it.
 */
for (const kind of databaseKinds()) {
  describe(`marking a professional-learning course in Margins on ${kind.name}`, { timeout: 90_000 }, () => {
    let s: LtiStack;
    const put = (token: string, professionalLearning: unknown) =>
      callApi(s.tool, token, '/api/v1/course/professional-learning', {
        method: 'PUT',
        body: JSON.stringify({ professionalLearning }),
      });

    beforeAll(async () => {
      s = await startLtiStack(kind);
      s.platform.addCourse({
        id: 'plc-lit',
        title: 'Literacy PLC',
        members: ['ana', 'ben', 'chloe'],
        roles: { ana: [LIS.Learner], chloe: [LIS.Learner] },
      });
      // Ben has opened Margins once; the district admin makes him a coach.
      const first = (await callApi(s.tool, await launchToken(s, { user: 'ben', course: 'plc-lit' }), '/api/v1/session'))
        .body;
      await s.tool.services.tenancy.grant(first.tenant.id, first.user.id, 'coach', null);
    }, 120_000);
    afterAll(async () => s?.stop());

    it('lets a coach mark the course, after which its learners launch as teachers, and unmark it', async () => {
      const learnerBefore = await s.launch({ user: 'ana', course: 'plc-lit' });
      expect(learnerBefore.body).toContain('Margins is for your teachers');
      // The learner page speaks the launch's language.
      const spanish = await s.launch({ user: 'ana', course: 'plc-lit', locale: 'es-MX' });
      expect(spanish.body).toContain('<html lang="es">');
      expect(spanish.body).toContain('Margins es para tus docentes');
      expect(spanish.body).not.toContain('Margins is for your teachers');

      const coach = await launchToken(s, { user: 'ben', course: 'plc-lit' });
      expect((await put(coach, 'yes')).status).toBe(400);
      const marked = await put(coach, true);
      expect(marked.status, JSON.stringify(marked.body)).toBe(200);
      expect(marked.body).toEqual({ professionalLearning: true });

      const ana = await callApi(s.tool, await launchToken(s, { user: 'ana', course: 'plc-lit' }), '/api/v1/session');
      expect(ana.body).toMatchObject({
        roles: ['teacher'],
        courseRole: 'learner',
        course: { title: 'Literacy PLC', professionalLearning: true },
      });
      // A teacher (here: a learner let in as one) cannot change the kind of course.
      expect((await put(await launchToken(s, { user: 'chloe', course: 'plc-lit' }), false)).status).toBe(403);

      expect((await put(coach, false)).body).toEqual({ professionalLearning: false });
      expect((await s.launch({ user: 'ana', course: 'plc-lit' })).body).toContain('Margins is for your teachers');
    });

    it('needs a course: a district admin launched from the account level is told to open it from the course', async () => {
      const admin = await launchToken(s, { user: 'dana', placement: 'account_navigation' });
      const res = await put(admin, true);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/Open Margins from the course/);
    });
  });
}
