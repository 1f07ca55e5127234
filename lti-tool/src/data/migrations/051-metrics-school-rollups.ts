import type { Knex } from 'knex';
import { isPostgres } from '../db.js';
import type { Migration } from '../migrations.js';
import { id } from './columns.js';

/**
 * Leadership metrics, second step (measured with tests/bench/metrics: reading 700,000 practice rows
 * and 350,000 kind rows took about 3 s of a 20,000-teacher district report on SQLite): spread and
 * kinds are summed per school and month, without the course, into two small tables that district and
 * school reports read (a course report still reads the detailed rows, which are few per course).
 *
 * Triggers on the detailed tables keep them exact whoever writes (the event-by-event path, a rebuild,
 * the "withdrawn" trigger), so the rules stay in one place (metrics-rollup.ts). Spread keys use ''
 * for "not yet reached" so they can be part of the primary key.
 */
export const migration051: Migration = {
  version: 51,
  name: 'leadership metrics: spread and kinds per school and month',
  async up(k) {
    await k.schema.createTable('metrics_spread_school_months', (t) => {
      id(t, 'tenant_id').notNullable();
      t.string('school_key', 255).notNullable();
      t.string('month', 7).notNullable();
      t.boolean('has_course').notNullable();
      t.string('outside_course_month', 7).notNullable();
      t.string('outside_school_month', 7).notNullable();
      t.integer('practices').notNullable();
      t.primary(['tenant_id', 'school_key', 'month', 'has_course', 'outside_course_month', 'outside_school_month']);
    });
    await k.schema.createTable('metrics_kind_school_months', (t) => {
      id(t, 'tenant_id').notNullable();
      t.string('school_key', 255).notNullable();
      t.string('month', 7).notNullable();
      t.string('kind', 40).notNullable();
      t.integer('uses').notNullable();
      t.primary(['tenant_id', 'school_key', 'month', 'kind']);
    });
    await k.raw(
      `INSERT INTO metrics_spread_school_months (tenant_id, school_key, month, has_course, outside_course_month, outside_school_month, practices)
       SELECT tenant_id, school_key, month, course_key <> '', COALESCE(outside_course_month, ''), COALESCE(outside_school_month, ''), COUNT(*)
       FROM metrics_adaptations WHERE NOT withdrawn
       GROUP BY tenant_id, school_key, month, course_key <> '', COALESCE(outside_course_month, ''), COALESCE(outside_school_month, '')`,
    );
    await k.raw(
      `INSERT INTO metrics_kind_school_months (tenant_id, school_key, month, kind, uses)
       SELECT tenant_id, school_key, month, kind, SUM(uses) FROM metrics_kind_months GROUP BY tenant_id, school_key, month, kind`,
    );
    await createSchoolRollupTriggers(k);
  },
};

const spreadKey = (r: 'NEW' | 'OLD') =>
  `${r}.tenant_id, ${r}.school_key, ${r}.month, ${r}.course_key <> '', COALESCE(${r}.outside_course_month, ''), COALESCE(${r}.outside_school_month, '')`;
const spreadAdd = (r: 'NEW' | 'OLD', n: 1 | -1) =>
  `INSERT INTO metrics_spread_school_months (tenant_id, school_key, month, has_course, outside_course_month, outside_school_month, practices)
   VALUES (${spreadKey(r)}, ${n})
   ON CONFLICT (tenant_id, school_key, month, has_course, outside_course_month, outside_school_month) DO UPDATE SET practices = metrics_spread_school_months.practices + ${n}`;
const kindAdd = (r: 'NEW' | 'OLD', n: string) =>
  `INSERT INTO metrics_kind_school_months (tenant_id, school_key, month, kind, uses) VALUES (${r}.tenant_id, ${r}.school_key, ${r}.month, ${r}.kind, ${n})
   ON CONFLICT (tenant_id, school_key, month, kind) DO UPDATE SET uses = metrics_kind_school_months.uses + ${n}`;

/** The triggers that keep the per-school sums in step with the detailed rollups (both dialects). */
async function createSchoolRollupTriggers(k: Knex): Promise<void> {
  if (isPostgres(k)) {
    await k.raw(`CREATE OR REPLACE FUNCTION margins_metrics_spread_sum() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.withdrawn THEN ${spreadAdd('OLD', -1)}; END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') AND NOT NEW.withdrawn THEN ${spreadAdd('NEW', 1)}; END IF;
      RETURN NULL;
    END $$`);
    await k.raw(
      `CREATE TRIGGER metrics_adaptations_sum AFTER INSERT OR UPDATE OR DELETE ON metrics_adaptations FOR EACH ROW EXECUTE FUNCTION margins_metrics_spread_sum()`,
    );
    await k.raw(`CREATE OR REPLACE FUNCTION margins_metrics_kind_sum() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN ${kindAdd('NEW', 'NEW.uses')};
      ELSIF TG_OP = 'UPDATE' THEN ${kindAdd('NEW', '(NEW.uses - OLD.uses)')};
      ELSE ${kindAdd('OLD', '(0 - OLD.uses)')}; END IF;
      RETURN NULL;
    END $$`);
    await k.raw(
      `CREATE TRIGGER metrics_kind_months_sum AFTER INSERT OR UPDATE OR DELETE ON metrics_kind_months FOR EACH ROW EXECUTE FUNCTION margins_metrics_kind_sum()`,
    );
    return;
  }
  // SQLite: one trigger per event; "WHERE true" is not needed for VALUES upserts.
  await k.raw(
    `CREATE TRIGGER metrics_adaptations_sum_insert AFTER INSERT ON metrics_adaptations WHEN NOT NEW.withdrawn BEGIN ${spreadAdd('NEW', 1)}; END`,
  );
  await k.raw(
    `CREATE TRIGGER metrics_adaptations_sum_update_old AFTER UPDATE ON metrics_adaptations WHEN NOT OLD.withdrawn BEGIN ${spreadAdd('OLD', -1)}; END`,
  );
  await k.raw(
    `CREATE TRIGGER metrics_adaptations_sum_update_new AFTER UPDATE ON metrics_adaptations WHEN NOT NEW.withdrawn BEGIN ${spreadAdd('NEW', 1)}; END`,
  );
  await k.raw(
    `CREATE TRIGGER metrics_adaptations_sum_delete AFTER DELETE ON metrics_adaptations WHEN NOT OLD.withdrawn BEGIN ${spreadAdd('OLD', -1)}; END`,
  );
  await k.raw(
    `CREATE TRIGGER metrics_kind_months_sum_insert AFTER INSERT ON metrics_kind_months BEGIN ${kindAdd('NEW', 'NEW.uses')}; END`,
  );
  await k.raw(
    `CREATE TRIGGER metrics_kind_months_sum_update AFTER UPDATE ON metrics_kind_months BEGIN ${kindAdd('NEW', '(NEW.uses - OLD.uses)')}; END`,
  );
  await k.raw(
    `CREATE TRIGGER metrics_kind_months_sum_delete AFTER DELETE ON metrics_kind_months BEGIN ${kindAdd('OLD', '(0 - OLD.uses)')}; END`,
  );
}
