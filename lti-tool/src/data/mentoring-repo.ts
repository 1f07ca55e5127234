import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { visibleTo, type Viewer } from './adaptations-repo.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { newestFirstPage, type AdaptationPage } from './library-query.js';
import { pairKey } from './migrations/100-mentoring-activities.js';
import { dbInt, dbNullableText, isUniqueViolation, likeEscape, parseRow, parseRows } from './rows.js';

const PairRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  mentor_user_id: z.string(),
  mentor_name: z.string().nullable(),
  mentee_user_id: z.string(),
  mentee_name: z.string().nullable(),
  created_by: z.string(),
  created_by_name: z.string().nullable(),
  created_at: z.string(),
  ended_at: dbNullableText,
  confirmed_activities: dbInt,
  pending_activities: dbInt,
});
/** A mentoring pair with the names of the people in it. */
export type PairRow = z.infer<typeof PairRowSchema>;

const PersonRowSchema = z.object({ id: z.string(), name: z.string(), email: dbNullableText });

/**
 * Mentoring pairs (issue 7): a coach pairs an experienced teacher with a newer one in the same
 * tenant; the newer teacher follows the mentor's shared practices. Two people are at most one active
 * pair (`pair_key`, migration 100); what they do together is in mentoring-activities-repo.
 */
export class MentoringRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  private pairs(tenantId: string) {
    return this.k('mentoring_pairs as p')
      .leftJoin('users as m', 'm.id', 'p.mentor_user_id')
      .leftJoin('users as e', 'e.id', 'p.mentee_user_id')
      .leftJoin('users as c', 'c.id', 'p.created_by')
      .where('p.tenant_id', tenantId)
      .select(
        'p.id',
        'p.tenant_id',
        'p.mentor_user_id',
        'm.name as mentor_name',
        'p.mentee_user_id',
        'e.name as mentee_name',
        'p.created_by',
        'c.name as created_by_name',
        'p.created_at',
        'p.ended_at',
        this.activityCount('confirmed_at IS NOT NULL').as('confirmed_activities'),
        this.activityCount('confirmed_at IS NULL AND declined_at IS NULL').as('pending_activities'),
      );
  }

  /** How many of a pair's activities are in one state (a subquery of `pairs`). */
  private activityCount(state: string) {
    return this.k('mentoring_activities as ma').count('*').whereRaw('ma.pair_id = p.id').andWhereRaw(`ma.${state}`);
  }

  /** Staff of the tenant (any deployment) whose name or email contains `q`; up to 50, by name. */
  async people(tenantId: string, q: string): Promise<z.infer<typeof PersonRowSchema>[]> {
    const pattern = `%${likeEscape(q.toLowerCase())}%`;
    const rows = await this.k('users')
      .where('tenant_id', tenantId)
      .andWhere((w) => {
        w.whereRaw(`lower(name) LIKE ? ESCAPE '\\'`, [pattern]).orWhereRaw(
          `lower(coalesce(email, '')) LIKE ? ESCAPE '\\'`,
          [pattern],
        );
      })
      .orderBy([{ column: 'name' }, { column: 'id' }])
      .limit(50)
      .select('id', 'name', 'email');
    return parseRows(PersonRowSchema, rows, 'users');
  }

  /** True when the user exists in this tenant. */
  async isTenantUser(tenantId: string, userId: string): Promise<boolean> {
    return !!(await this.k('users').where({ id: userId, tenant_id: tenantId }).first('id'));
  }

  /** Active pairs first (newest first), then ended ones; at most 500. */
  async list(tenantId: string): Promise<PairRow[]> {
    const rows = await this.pairs(tenantId)
      .orderByRaw('CASE WHEN p.ended_at IS NULL THEN 0 ELSE 1 END')
      .orderBy([{ column: 'p.created_at', order: 'desc' }, { column: 'p.id' }])
      .limit(500);
    return parseRows(PairRowSchema, rows, 'mentoring_pairs');
  }

  /** One pair of the tenant, or null. */
  async get(tenantId: string, id: string): Promise<PairRow | null> {
    const row: unknown = await this.pairs(tenantId).andWhere('p.id', id).first();
    return row ? parseRow(PairRowSchema, row, 'mentoring_pairs') : null;
  }

  /**
   * Creates an active pair; 'duplicate' when the two people are already an active pair, whichever way round.
   * No ledger event: the mentoring contribution is a confirmed activity (mentoring-activities-repo).
   */
  async create(p: {
    tenantId: string;
    mentorUserId: string;
    menteeUserId: string;
    createdBy: string;
  }): Promise<{ kind: 'created'; id: string } | { kind: 'duplicate' }> {
    const id = randomUUID();
    try {
      await this.k('mentoring_pairs').insert({
        id,
        tenant_id: p.tenantId,
        mentor_user_id: p.mentorUserId,
        mentee_user_id: p.menteeUserId,
        pair_key: pairKey(p.mentorUserId, p.menteeUserId),
        created_by: p.createdBy,
        created_at: nowIso(),
        ended_at: null,
        ended_by: null,
      });
    } catch (e) {
      if (isUniqueViolation(e)) return { kind: 'duplicate' };
      throw e;
    }
    return { kind: 'created', id };
  }

  /** Ends an active pair; false when the tenant has no such active pair. */
  async end(tenantId: string, id: string, endedBy: string): Promise<boolean> {
    return (
      (await this.k('mentoring_pairs')
        .where({ id, tenant_id: tenantId })
        .whereNull('ended_at')
        .update({ ended_at: nowIso(), ended_by: endedBy })) > 0
    );
  }

  /** The user's active mentors and mentees with since when. */
  async mine(
    tenantId: string,
    userId: string,
  ): Promise<{
    mentors: { userId: string; name: string; since: string; pairId: string }[];
    mentees: { userId: string; name: string; since: string; pairId: string }[];
  }> {
    const rows = parseRows(
      PairRowSchema,
      await this.pairs(tenantId)
        .whereNull('p.ended_at')
        .andWhere((w) => {
          w.where('p.mentor_user_id', userId).orWhere('p.mentee_user_id', userId);
        })
        .orderBy('p.created_at'),
      'mentoring_pairs',
    );
    return {
      mentors: rows
        .filter((r) => r.mentee_user_id === userId)
        .map((r) => ({ userId: r.mentor_user_id, name: r.mentor_name ?? '', since: r.created_at, pairId: r.id })),
      mentees: rows
        .filter((r) => r.mentor_user_id === userId)
        .map((r) => ({ userId: r.mentee_user_id, name: r.mentee_name ?? '', since: r.created_at, pairId: r.id })),
    };
  }

  /** A page of the practices of the viewer's active mentors that the viewer may see, newest first. */
  async mentorPractices(viewer: Viewer, opts: { cursor?: string | undefined; limit: number }): Promise<AdaptationPage> {
    const mentors = this.k('mentoring_pairs')
      .select('mentor_user_id')
      .where({ tenant_id: viewer.tenantId, mentee_user_id: viewer.userId })
      .whereNull('ended_at');
    // Only what the mentor shared: even a mentee never sees a mentor's private practices.
    const base = () =>
      visibleTo(
        this.k('adaptations as a')
          .where('a.deleted', false)
          .whereIn('a.author_user_id', mentors.clone())
          .andWhereNot('a.visibility', 'private'),
        viewer,
        'any',
      );
    return newestFirstPage(base, opts.cursor, opts.limit);
  }
}
