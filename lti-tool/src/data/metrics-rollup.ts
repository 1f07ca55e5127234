import type { Knex } from 'knex';
import { z } from 'zod';
import { monthOf } from '@margins/shared';
import { isPostgres } from './db.js';
import { dbBool, dbNullableText, parseRow } from './rows.js';

/**
 * Keeps the leadership metrics rollups (migration 050) in step with the contribution ledger.
 * `applyToMetricsRollups` runs for each event the ledger records, in the same transaction;
 * `rebuildMetricsRollups` recomputes a district from the whole ledger in a few set-based statements
 * (the migration, bulk loads). Both follow the same rules, written once here:
 *
 * - 'recognised' is an award, not a contribution: never counted.
 * - An event about a practice counts only while that practice is shared (not private, not deleted).
 * - A person counts only in their own district (the other district's copy of a cross-district event
 *   only feeds spread, never participation).
 * - "Tried" is an endorsement with an outcome, and, like feedback, never of one's own practice.
 * - School and course are the event's: its course, and the ledger's school for it (the course's
 *   school, else the actor's; a colleague of another district gets a district-qualified school).
 */

/** Contribution types that count as a contribution (evenness); 'recognised' is awarded, not made. */
export const COUNTED_TYPES = ['shared', 'endorsed', 'remixed', 'feedback-given', 'curated', 'mentoring'] as const;

/** A ledger row as LedgerRepo writes it. */
export interface LedgerRow {
  tenant_id: string;
  type: string;
  actor_user_id: string;
  adaptation_id: string | null;
  context_pk: string | null;
  school_id: string | null;
  data_json: string;
  at: string;
}

const AdaptationFacts = z.object({
  tenant_id: z.string(),
  author_user_id: z.string(),
  visibility: z.string(),
  deleted: dbBool,
  context_pk: dbNullableText,
});
const SpreadFacts = z.object({
  author_user_id: z.string(),
  school_key: z.string(),
  course_key: z.string(),
  outside_course_month: dbNullableText,
  outside_school_month: dbNullableText,
});

function hasOutcome(dataJson: string): boolean {
  try {
    const outcome = (JSON.parse(dataJson) as { outcome?: unknown }).outcome;
    return typeof outcome === 'string' && outcome.length > 0;
  } catch {
    return false;
  }
}

/** Adds one recorded ledger event to the rollups (call inside the transaction that recorded it). */
export async function applyToMetricsRollups(k: Knex | Knex.Transaction, e: LedgerRow): Promise<void> {
  if (!(COUNTED_TYPES as readonly string[]).includes(e.type)) return;
  let a: z.output<typeof AdaptationFacts> | null = null;
  if (e.adaptation_id) {
    const row: unknown = await k('adaptations')
      .where({ id: e.adaptation_id })
      .first('tenant_id', 'author_user_id', 'visibility', 'deleted', 'context_pk');
    if (!row) return;
    a = parseRow(AdaptationFacts, row, 'adaptations');
    if (a.visibility === 'private' || a.deleted) return;
  }
  const month = monthOf(e.at);
  const schoolKey = e.school_id ?? '';
  const courseKey = e.context_pk ?? '';
  const actor: Record<string, unknown> | undefined = await k('users').where({ id: e.actor_user_id }).first('tenant_id');
  const ownDistrict = !!actor && String(actor.tenant_id) === e.tenant_id;
  const ofColleague = !!a && a.author_user_id !== e.actor_user_id;
  const tried = e.type === 'endorsed' && hasOutcome(e.data_json) && ofColleague;

  if (ownDistrict) {
    const add = {
      shared: e.type === 'shared' ? 1 : 0,
      tried: tried ? 1 : 0,
      feedback: e.type === 'feedback-given' && ofColleague ? 1 : 0,
      contributions: 1,
    };
    const t = 'metrics_person_months';
    await k(t)
      .insert({
        tenant_id: e.tenant_id,
        month,
        user_id: e.actor_user_id,
        school_key: schoolKey,
        course_key: courseKey,
        ...add,
      })
      .onConflict(['tenant_id', 'month', 'user_id', 'school_key', 'course_key'])
      .merge(Object.fromEntries(Object.entries(add).map(([c, n]) => [c, k.raw(`${t}.${c} + ?`, [n])])));

    if (a && (e.type === 'shared' || tried)) {
      const kinds: { tag: string }[] = await k('adaptation_tags')
        .where('adaptation_id', e.adaptation_id)
        .andWhere('tag', 'like', 'kind:%')
        .select('tag');
      for (const { tag } of kinds) {
        await k('metrics_kind_months')
          .insert({
            tenant_id: e.tenant_id,
            month,
            school_key: schoolKey,
            course_key: courseKey,
            kind: tag.slice('kind:'.length),
            uses: 1,
          })
          .onConflict(['tenant_id', 'month', 'school_key', 'course_key', 'kind'])
          .merge({ uses: k.raw('metrics_kind_months.uses + 1') });
      }
    }
  }

  if (!a) return;
  if (e.type === 'shared' && a.tenant_id === e.tenant_id) {
    await k('metrics_adaptations')
      .insert({
        adaptation_id: e.adaptation_id,
        tenant_id: e.tenant_id,
        author_user_id: a.author_user_id,
        month,
        school_key: schoolKey,
        course_key: a.context_pk ?? '',
        outside_course_month: null,
        outside_school_month: null,
        withdrawn: false,
      })
      .onConflict('adaptation_id')
      .ignore();
    return;
  }
  if (!(tried || (e.type === 'remixed' && ofColleague))) return;
  const row: unknown = await k('metrics_adaptations')
    .where({ adaptation_id: e.adaptation_id, tenant_id: e.tenant_id })
    .first('author_user_id', 'school_key', 'course_key', 'outside_course_month', 'outside_school_month');
  if (!row) return;
  const s = parseRow(SpreadFacts, row, 'metrics_adaptations');
  const change: Record<string, string> = {};
  if (s.course_key && (!s.outside_course_month || month < s.outside_course_month)) {
    const member: unknown = await k('course_participants')
      .where({ context_pk: s.course_key, user_id: e.actor_user_id })
      .first('user_id');
    if (!member) change.outside_course_month = month;
  }
  if (
    s.school_key &&
    (!s.outside_school_month || month < s.outside_school_month) &&
    (!ownDistrict || (e.school_id !== null && e.school_id !== s.school_key))
  ) {
    change.outside_school_month = month;
  }
  if (Object.keys(change).length)
    await k('metrics_adaptations').where({ adaptation_id: e.adaptation_id }).update(change);
}

/**
 * Recomputes one district's rollups from its ledger (set-based, so a bulk load of millions of events
 * takes seconds, not hours). Course membership for spread is read as it is now.
 */
export async function rebuildMetricsRollups(k: Knex | Knex.Transaction, tenantId: string): Promise<void> {
  // One connection throughout (the temporary table lives on it), and all or nothing.
  if (!k.isTransaction) return (k as Knex).transaction((trx) => rebuildMetricsRollups(trx, tenantId));
  const pg = isPostgres(k);
  const outcome = pg
    ? `COALESCE(e.data_json::jsonb ->> 'outcome', '') <> ''`
    : `COALESCE(json_extract(e.data_json, '$.outcome'), '') <> ''`;
  const month = (col: string) => `substr(${col}, 1, 7)`;
  const shown = `(a.visibility <> 'private' AND NOT a.deleted)`;
  const tried = `(e.type = 'endorsed' AND ${outcome} AND a.author_user_id <> e.actor_user_id)`;
  const counted = COUNTED_TYPES.map((t) => `'${t}'`).join(', ');
  for (const t of ['metrics_person_months', 'metrics_adaptations', 'metrics_kind_months'])
    await k(t).where('tenant_id', tenantId).del();

  await k.raw(
    `INSERT INTO metrics_person_months (tenant_id, month, user_id, school_key, course_key, shared, tried, feedback, contributions)
     SELECT e.tenant_id, ${month('e.at')}, e.actor_user_id, COALESCE(e.school_id, ''), COALESCE(e.context_pk, ''),
       SUM(CASE WHEN e.type = 'shared' THEN 1 ELSE 0 END),
       SUM(CASE WHEN ${tried} THEN 1 ELSE 0 END),
       SUM(CASE WHEN e.type = 'feedback-given' AND a.author_user_id <> e.actor_user_id THEN 1 ELSE 0 END),
       COUNT(*)
     FROM contribution_events e
     JOIN users u ON u.id = e.actor_user_id AND u.tenant_id = e.tenant_id
     LEFT JOIN adaptations a ON a.id = e.adaptation_id
     WHERE e.tenant_id = ? AND e.type IN (${counted}) AND (e.adaptation_id IS NULL OR ${shown})
     GROUP BY e.tenant_id, ${month('e.at')}, e.actor_user_id, COALESCE(e.school_id, ''), COALESCE(e.context_pk, '')`,
    [tenantId],
  );
  await k.raw(
    `INSERT INTO metrics_kind_months (tenant_id, month, school_key, course_key, kind, uses)
     SELECT e.tenant_id, ${month('e.at')}, COALESCE(e.school_id, ''), COALESCE(e.context_pk, ''), substr(t.tag, 6), COUNT(*)
     FROM contribution_events e
     JOIN users u ON u.id = e.actor_user_id AND u.tenant_id = e.tenant_id
     JOIN adaptations a ON a.id = e.adaptation_id AND ${shown}
     JOIN adaptation_tags t ON t.adaptation_id = a.id AND t.tag LIKE 'kind:%'
     WHERE e.tenant_id = ? AND (e.type = 'shared' OR ${tried})
     GROUP BY e.tenant_id, ${month('e.at')}, COALESCE(e.school_id, ''), COALESCE(e.context_pk, ''), substr(t.tag, 6)`,
    [tenantId],
  );
  await k.raw(
    `INSERT INTO metrics_adaptations (adaptation_id, tenant_id, author_user_id, month, school_key, course_key, outside_course_month, outside_school_month, withdrawn)
     SELECT a.id, e.tenant_id, a.author_user_id, MIN(${month('e.at')}), COALESCE(MIN(e.school_id), ''), COALESCE(a.context_pk, ''), NULL, NULL, NOT ${shown}
     FROM contribution_events e JOIN adaptations a ON a.id = e.adaptation_id AND a.tenant_id = e.tenant_id
     WHERE e.tenant_id = ? AND e.type = 'shared'
     GROUP BY a.id, e.tenant_id, a.author_user_id, a.context_pk, a.visibility, a.deleted`,
    [tenantId],
  );
  // The first month each practice reached someone outside its course / school: one grouped pass into a
  // temporary table, then one update (a correlated subquery per practice took minutes on PostgreSQL).
  await k.raw(
    `CREATE TEMPORARY TABLE metrics_first_reach AS
     SELECT m.adaptation_id,
       MIN(CASE WHEN m.course_key <> '' AND p.user_id IS NULL THEN ${month('e.at')} END) AS oc,
       MIN(CASE WHEN m.school_key <> '' AND (u.tenant_id <> m.tenant_id OR (e.school_id IS NOT NULL AND e.school_id <> m.school_key)) THEN ${month('e.at')} END) AS os
     FROM metrics_adaptations m
     JOIN contribution_events e ON e.adaptation_id = m.adaptation_id AND e.tenant_id = m.tenant_id AND e.actor_user_id <> m.author_user_id
       AND (e.type = 'remixed' OR (e.type = 'endorsed' AND ${outcome}))
     JOIN users u ON u.id = e.actor_user_id
     LEFT JOIN course_participants p ON p.context_pk = m.course_key AND p.user_id = e.actor_user_id
     WHERE m.tenant_id = ?
     GROUP BY m.adaptation_id`,
    [tenantId],
  );
  await k.raw('CREATE UNIQUE INDEX metrics_first_reach_id ON metrics_first_reach (adaptation_id)');
  await k.raw(
    `UPDATE metrics_adaptations SET
       outside_course_month = (SELECT f.oc FROM metrics_first_reach f WHERE f.adaptation_id = metrics_adaptations.adaptation_id),
       outside_school_month = (SELECT f.os FROM metrics_first_reach f WHERE f.adaptation_id = metrics_adaptations.adaptation_id)
     WHERE tenant_id = ? AND adaptation_id IN (SELECT adaptation_id FROM metrics_first_reach)`,
    [tenantId],
  );
  await k.raw('DROP TABLE metrics_first_reach');
}
