import type { Migration } from '../migrations.js';

/**
 * What real LMSs taught (issue 14). A course can be a professional-learning course (PD, PLC: teachers
 * enrolled as learners), marked by a district admin or coach or by the LMS's custom parameter
 * `margins_course`. A participant is gradable when the platform can grade them (they launched as a
 * learner: Moodle and Canvas score students only). A refused score keeps the platform's HTTP status. A
 * course's participation grade keeps the roster (NRPS) address its launches carried. A platform can
 * allow new deployments to be recorded on their first verified launch (Canvas registers none). A login
 * remembers where the platform can start the same launch again, for a browser that drops the tool's
 * cookie inside the platform's frame.
 */
export const migration070: Migration = {
  version: 70,
  name: 'real LMSs: professional-learning courses, gradable participants, refusals, roster, deployments on launch',
  async up(k) {
    await k.schema.alterTable('course_contexts', (t) => {
      t.string('course_kind', 30).nullable(); // null (ordinary) | 'professional-learning'
    });
    await k.schema.alterTable('course_participants', (t) => {
      t.boolean('gradable').notNullable().defaultTo(false);
    });
    await k.schema.alterTable('participation_scores', (t) => {
      t.integer('http_status').nullable();
    });
    await k.schema.alterTable('participation_grades', (t) => {
      t.string('memberships_url', 2000).nullable();
    });
    // Where a teacher can start the same launch again in a window of its own (the platform's launch page).
    await k.schema.alterTable('login_states', (t) => {
      t.string('relaunch_url', 2000).nullable();
    });
    await k.schema.alterTable('tenants', (t) => {
      t.boolean('deployments_on_launch').notNullable().defaultTo(false);
    });
  },
};
