import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MentoringActivityKindSchema, type MentoringActivityInput } from '@margins/shared';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import type { LedgerRepo } from './ledger-repo.js';
import { dbInt, dbNullableText, isUniqueViolation, parseRow, parseRows } from './rows.js';

const ActivityRowSchema = z.object({
  id: z.string(),
  pair_id: z.string(),
  kind: MentoringActivityKindSchema,
  happened_on: z.string(),
  minutes: dbInt,
  mentor_user_id: z.string(),
  mentor_name: z.string().nullable(),
  mentee_user_id: z.string(),
  mentee_name: z.string().nullable(),
  logged_by: z.string(),
  logged_by_name: z.string().nullable(),
  created_at: z.string(),
  confirmed_at: dbNullableText,
  declined_at: dbNullableText,
});
/** A mentoring activity with the names of the pair's people. */
export type ActivityRow = z.infer<typeof ActivityRowSchema>;

/**
 * Mentoring activities (issue 15 item 8): one person of a pair logs what they did together, the other
 * confirms or declines. Confirming records the 'mentoring' ledger event (actor = mentor, beneficiary =
 * mentee, with the activity's kind, which the Mentor rule requires) in the same transaction.
 */
export class MentoringActivitiesRepo {
  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerRepo,
  ) {}

  private get k() {
    return this.db.knex;
  }

  private activities(tenantId: string) {
    return this.k('mentoring_activities as a')
      .join('mentoring_pairs as p', 'p.id', 'a.pair_id')
      .leftJoin('users as m', 'm.id', 'p.mentor_user_id')
      .leftJoin('users as e', 'e.id', 'p.mentee_user_id')
      .leftJoin('users as l', 'l.id', 'a.logged_by')
      .where('a.tenant_id', tenantId)
      .select(
        'a.id',
        'a.pair_id',
        'a.kind',
        'a.happened_on',
        'a.minutes',
        'p.mentor_user_id',
        'm.name as mentor_name',
        'p.mentee_user_id',
        'e.name as mentee_name',
        'a.logged_by',
        'l.name as logged_by_name',
        'a.created_at',
        'a.confirmed_at',
        'a.declined_at',
      );
  }

  /** One activity of the tenant, or null. */
  async get(tenantId: string, id: string): Promise<ActivityRow | null> {
    const row: unknown = await this.activities(tenantId).andWhere('a.id', id).first();
    return row ? parseRow(ActivityRowSchema, row, 'mentoring_activities') : null;
  }

  /** The activities of every pair `userId` is in (active or ended), newest day first; at most 200. */
  async forPerson(tenantId: string, userId: string): Promise<ActivityRow[]> {
    const rows = await this.activities(tenantId)
      .andWhere((w) => {
        w.where('p.mentor_user_id', userId).orWhere('p.mentee_user_id', userId);
      })
      .orderBy([
        { column: 'a.happened_on', order: 'desc' },
        { column: 'a.created_at', order: 'desc' },
        { column: 'a.id' },
      ])
      .limit(200);
    return parseRows(ActivityRowSchema, rows, 'mentoring_activities');
  }

  /** Logs an activity; 'duplicate' when the pair already logged this kind on that day. */
  async log(
    tenantId: string,
    loggedBy: string,
    input: MentoringActivityInput,
  ): Promise<{ kind: 'created'; id: string } | { kind: 'duplicate' }> {
    const id = randomUUID();
    try {
      await this.k('mentoring_activities').insert({
        id,
        tenant_id: tenantId,
        pair_id: input.pairId,
        kind: input.kind,
        happened_on: input.happenedOn,
        minutes: input.minutes,
        logged_by: loggedBy,
        created_at: nowIso(),
        confirmed_at: null,
        declined_at: null,
        answered_by: null,
      });
    } catch (e) {
      if (isUniqueViolation(e)) return { kind: 'duplicate' };
      throw e;
    }
    return { kind: 'created', id };
  }

  /**
   * Confirms a pending activity and records the mentor's contribution, atomically; false when it is no
   * longer pending (answered meanwhile).
   */
  async confirm(tenantId: string, activity: ActivityRow, answeredBy: string): Promise<boolean> {
    const at = nowIso();
    return this.k.transaction(async (trx) => {
      const n = await trx('mentoring_activities')
        .where({ id: activity.id, tenant_id: tenantId })
        .whereNull('confirmed_at')
        .whereNull('declined_at')
        .update({ confirmed_at: at, answered_by: answeredBy });
      if (n === 0) return false;
      await this.ledger.append(
        {
          tenantId,
          type: 'mentoring',
          actorUserId: activity.mentor_user_id,
          beneficiaryUserId: activity.mentee_user_id,
          data: { pairId: activity.pair_id, activityId: activity.id, activityKind: activity.kind },
          at,
          dedupeKey: `mentoring-activity:${activity.id}`,
        },
        trx,
      );
      return true;
    });
  }

  /** Declines a pending activity; false when it is no longer pending. */
  async decline(tenantId: string, id: string, answeredBy: string): Promise<boolean> {
    const n = await this.k('mentoring_activities')
      .where({ id, tenant_id: tenantId })
      .whereNull('confirmed_at')
      .whereNull('declined_at')
      .update({ declined_at: nowIso(), answered_by: answeredBy });
    return n > 0;
  }
}
