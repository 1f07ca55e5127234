import type { Migration } from '../migrations.js';

/**
 * Schools (issue 7): the district names a course's school with the LTI custom parameter `school_id`
 * (Canvas: `$Canvas.account.sisSourceId` or a fixed value per sub-account; Moodle: a per-category tool
 * setting). The course keeps the school of its launches; a person keeps the school of their latest
 * launch that named one. Ledger events take the course's school, else the actor's, so spread across
 * schools and the "adopted in two schools" rule can be computed without asking the LMS again.
 */
export const migration030: Migration = {
  version: 30,
  name: 'schools of courses and people',
  async up(k) {
    await k.schema.alterTable('course_contexts', (t) => {
      t.string('school_id', 200).nullable();
    });
    await k.schema.alterTable('users', (t) => {
      t.string('school_id', 200).nullable();
    });
    await k.schema.alterTable('contribution_events', (t) => {
      t.index(['tenant_id', 'school_id'], 'contribution_events_school');
    });
  },
};
