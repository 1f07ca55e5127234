import type { Migration } from '../migrations.js';

/**
 * Scope that explains itself (issue 15 item 4): a practice shared with a course is visible to everyone
 * who has opened Margins from that course, whichever course they launched from this time. Every
 * visibility check now asks "which courses has this person launched from?", so course_participants
 * gets an index by person.
 */
export const migration101: Migration = {
  version: 101,
  name: "course members by person, for practices shared with any of one's courses",
  async up(k) {
    await k.schema.alterTable('course_participants', (t) => {
      t.index(['tenant_id', 'user_id', 'context_pk'], 'course_participants_person');
    });
  },
};
