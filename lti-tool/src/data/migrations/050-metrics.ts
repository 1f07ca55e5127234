import type { Knex } from 'knex';
import { isPostgres } from '../db.js';
import type { Migration } from '../migrations.js';
import { id } from './columns.js';
import { rebuildMetricsRollups } from '../metrics-rollup.js';

/**
 * Leadership metrics (issue 7): monthly rollups of the contribution ledger, kept up to date as each
 * event is appended (metrics-rollup.ts), so a district report over 20,000 teachers and a million
 * practices reads a few hundred thousand small rows instead of millions of events.
 *
 * - `metrics_person_months`: per person, month, school and course, what they did (counts). Reports
 *   count people from it (participation) and build the contributions histogram (evenness).
 * - `metrics_adaptations`: per shared practice, when it was shared and the first month someone outside
 *   its course / school tried or remixed it (spread); `withdrawn` when later made private or deleted.
 * - `metrics_kind_months`: uses of each adaptation kind per month, school and course (range).
 *
 * Empty school or course is stored as '' (not null) so it can be part of a primary key.
 * Each table has covering indexes for the three scopes, so no report reads the table itself.
 */
export const migration050: Migration = {
  version: 50,
  name: 'leadership metrics rollups',
  async up(k) {
    await k.schema.createTable('metrics_person_months', (t) => {
      id(t, 'tenant_id').notNullable();
      t.string('month', 7).notNullable();
      id(t, 'user_id').notNullable();
      t.string('school_key', 255).notNullable();
      t.string('course_key', 36).notNullable();
      t.integer('shared').notNullable();
      t.integer('tried').notNullable();
      t.integer('feedback').notNullable();
      t.integer('contributions').notNullable();
      t.primary(['tenant_id', 'month', 'user_id', 'school_key', 'course_key']);
    });
    const counts = ['user_id', 'shared', 'tried', 'feedback', 'contributions'];
    await k.schema.alterTable('metrics_person_months', (t) => {
      t.index(['tenant_id', 'month', ...counts], 'metrics_person_months_district');
      t.index(['tenant_id', 'school_key', 'month', ...counts], 'metrics_person_months_school');
      t.index(['tenant_id', 'course_key', 'month', ...counts], 'metrics_person_months_course');
    });

    await k.schema.createTable('metrics_adaptations', (t) => {
      id(t, 'adaptation_id').primary();
      id(t, 'tenant_id').notNullable();
      id(t, 'author_user_id').notNullable();
      t.string('month', 7).notNullable();
      t.string('school_key', 255).notNullable();
      t.string('course_key', 36).notNullable();
      t.string('outside_course_month', 7).nullable();
      t.string('outside_school_month', 7).nullable();
      t.boolean('withdrawn').notNullable();
    });
    const spread = ['withdrawn', 'outside_course_month', 'outside_school_month'];
    await k.schema.alterTable('metrics_adaptations', (t) => {
      t.index(['tenant_id', 'month', 'course_key', 'school_key', ...spread], 'metrics_adaptations_district');
      t.index(['tenant_id', 'school_key', 'month', 'course_key', ...spread], 'metrics_adaptations_school');
      t.index(['tenant_id', 'course_key', 'month', 'school_key', ...spread], 'metrics_adaptations_course');
    });

    await k.schema.createTable('metrics_kind_months', (t) => {
      id(t, 'tenant_id').notNullable();
      t.string('month', 7).notNullable();
      t.string('school_key', 255).notNullable();
      t.string('course_key', 36).notNullable();
      t.string('kind', 40).notNullable();
      t.integer('uses').notNullable();
      t.primary(['tenant_id', 'month', 'school_key', 'course_key', 'kind']);
    });
    await k.schema.alterTable('metrics_kind_months', (t) => {
      t.index(['tenant_id', 'school_key', 'month', 'kind', 'uses'], 'metrics_kind_months_school');
      t.index(['tenant_id', 'course_key', 'month', 'kind', 'uses'], 'metrics_kind_months_course');
    });

    await createWithdrawnTrigger(k);
    const tenants: { id: string }[] = await k('tenants').select('id');
    for (const t of tenants) await rebuildMetricsRollups(k, t.id);
  },
};

/**
 * A practice made private or deleted after it was shared leaves the spread figures (whoever wrote the
 * change: sync, a coach, a script), and comes back if shared again. A trigger, like the change feed.
 */
export async function createWithdrawnTrigger(k: Knex): Promise<void> {
  const set = `UPDATE metrics_adaptations SET withdrawn = (NEW.visibility = 'private' OR NEW.deleted) WHERE adaptation_id = NEW.id`;
  if (isPostgres(k)) {
    await k.raw(`CREATE OR REPLACE FUNCTION margins_metrics_withdrawn() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.visibility IS DISTINCT FROM OLD.visibility OR NEW.deleted IS DISTINCT FROM OLD.deleted THEN ${set}; END IF;
      RETURN NULL;
    END $$`);
    await k.raw(
      `CREATE TRIGGER adaptations_metrics_withdrawn AFTER UPDATE ON adaptations FOR EACH ROW EXECUTE FUNCTION margins_metrics_withdrawn()`,
    );
    return;
  }
  await k.raw(
    `CREATE TRIGGER adaptations_metrics_withdrawn AFTER UPDATE OF visibility, deleted ON adaptations BEGIN ${set}; END`,
  );
}
