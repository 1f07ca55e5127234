import { z } from 'zod';
import type { ParticipationCounts } from '@margins/shared';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { dbBool, dbInt, dbJson, dbNullableText, parseRow, parseRows } from './rows.js';

const GradeRowSchema = z.object({
  context_pk: z.string(),
  tenant_id: z.string(),
  enabled: dbBool,
  lineitems_url: z.string(),
  lineitem_url: dbNullableText,
  scopes_json: dbJson(z.array(z.string())),
  changed_by: z.string(),
  changed_at: z.string(),
  last_error: dbNullableText,
  memberships_url: dbNullableText.default(null),
});
/** A course's participation grade settings. */
export type GradeRow = z.infer<typeof GradeRowSchema>;

/** Where a course's grade goes: the platform registration and the user ids (LMS `sub`s) of participants. */
const TargetRowSchema = z.object({ issuer: z.string(), client_id: z.string() });

/**
 * The participation grade's data: per-course settings, who takes part in a course (launched
 * Margins from it), the counts the formula reads, and the last score posted per person.
 */
export class ParticipationRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /**
   * Notes that `userId` launched Margins from a course (one upsert per course launch), and whether the
   * platform can grade them there (their latest launch was as a learner).
   */
  async noteParticipant(tenantId: string, contextPk: string, userId: string, gradable = false): Promise<void> {
    const now = nowIso();
    await this.k('course_participants')
      .insert({
        context_pk: contextPk,
        user_id: userId,
        tenant_id: tenantId,
        first_seen_at: now,
        last_seen_at: now,
        gradable,
      })
      .onConflict(['context_pk', 'user_id'])
      .merge({ last_seen_at: now, gradable });
  }

  /** Keeps the course's roster address (NRPS) from the latest launch that carried one. */
  async setMembershipsUrl(contextPk: string, url: string): Promise<void> {
    await this.k('participation_grades')
      .where({ context_pk: contextPk })
      .whereRaw('coalesce(memberships_url, ?) <> ?', ['', url])
      .update({ memberships_url: url });
  }

  /** The course's grade settings, or null when nobody turned it on yet. */
  async grade(contextPk: string): Promise<GradeRow | null> {
    const row: unknown = await this.k('participation_grades').where({ context_pk: contextPk }).first();
    return row ? parseRow(GradeRowSchema, row, 'participation_grades') : null;
  }

  /** Turns the grade on or off for a course, keeping the grade service endpoints of the launch that did it. */
  async setGrade(g: {
    contextPk: string;
    tenantId: string;
    enabled: boolean;
    lineItemsUrl: string;
    scopes: string[];
    userId: string;
    /** The course roster (NRPS) address of the launch, when it carried one. */
    membershipsUrl?: string | null;
  }): Promise<void> {
    const now = nowIso();
    const roster = g.membershipsUrl !== undefined ? { memberships_url: g.membershipsUrl } : {};
    await this.k('participation_grades')
      .insert({
        ...roster,
        context_pk: g.contextPk,
        tenant_id: g.tenantId,
        enabled: g.enabled,
        lineitems_url: g.lineItemsUrl,
        lineitem_url: null,
        scopes_json: JSON.stringify(g.scopes),
        changed_by: g.userId,
        changed_at: now,
        last_error: null,
      })
      .onConflict('context_pk')
      .merge({
        ...roster,
        enabled: g.enabled,
        lineitems_url: g.lineItemsUrl,
        scopes_json: JSON.stringify(g.scopes),
        changed_by: g.userId,
        changed_at: now,
      });
  }

  /** Records the line item in use, or the last problem with the grade service (null clears it). */
  async setLineItem(contextPk: string, lineItemUrl: string): Promise<void> {
    await this.k('participation_grades')
      .where({ context_pk: contextPk })
      .update({ lineitem_url: lineItemUrl, last_error: null });
  }

  /** Records the last course-wide problem (null clears it). */
  async setError(contextPk: string, error: string | null): Promise<void> {
    await this.k('participation_grades').where({ context_pk: contextPk }).update({ last_error: error });
  }

  /** Courses with the grade turned on among `contextPks` (all of them when omitted). */
  async enabledCourses(contextPks?: string[]): Promise<GradeRow[]> {
    const q = this.k('participation_grades').where('enabled', true);
    if (contextPks) q.whereIn('context_pk', contextPks);
    return parseRows(GradeRowSchema, await q, 'participation_grades');
  }

  /** Where the course's grades go: the tenant's platform registration. */
  async platformOf(contextPk: string): Promise<{ issuer: string; clientId: string } | null> {
    const row: unknown = await this.k('course_contexts as c')
      .join('tenants as t', 't.id', 'c.tenant_id')
      .where('c.id', contextPk)
      .first('t.issuer', 't.client_id');
    if (!row) return null;
    const r = parseRow(TargetRowSchema, row, 'tenants');
    return { issuer: r.issuer, clientId: r.client_id };
  }

  /** Participants of a course (user ids, LMS `sub`s, gradable or not), or only those among `userIds`. */
  async participants(
    contextPk: string,
    userIds?: string[],
  ): Promise<{ userId: string; sub: string; gradable: boolean }[]> {
    const q = this.k('course_participants as p')
      .join('users as u', 'u.id', 'p.user_id')
      .where('p.context_pk', contextPk);
    if (userIds) q.whereIn('p.user_id', userIds);
    const rows = await q.select('p.user_id', 'u.sub', 'p.gradable').orderBy('p.user_id');
    return parseRows(
      z.object({ user_id: z.string(), sub: z.string(), gradable: dbBool }),
      rows,
      'course_participants',
    ).map((r) => ({ userId: r.user_id, sub: r.sub, gradable: r.gradable }));
  }

  /**
   * What the formula counts for each user in one course (PARTICIPATION_PARTS): practices they shared
   * there (not private, not deleted), colleagues' practices of that course they tried, and feedback
   * they gave on the course's practices. Their own practices never count as tried or as feedback.
   */
  async counts(contextPk: string, userIds: string[]): Promise<Map<string, ParticipationCounts>> {
    const out = new Map<string, ParticipationCounts>(userIds.map((u) => [u, { shared: 0, tried: 0, feedback: 0 }]));
    if (!userIds.length) return out;
    const n = z.object({ user_id: z.string(), n: dbInt });
    const [shared, tried, feedback] = await Promise.all([
      this.k('adaptations')
        .where({ context_pk: contextPk, deleted: false })
        .whereNot('visibility', 'private')
        .whereIn('author_user_id', userIds)
        .groupBy('author_user_id')
        .select('author_user_id as user_id')
        .count({ n: '*' }),
      this.k('endorsements as e')
        .join('adaptations as a', 'a.id', 'e.adaptation_id')
        .where({ 'a.context_pk': contextPk, 'a.deleted': false })
        .whereIn('e.user_id', userIds)
        .whereRaw('a.author_user_id <> e.user_id')
        .groupBy('e.user_id')
        .select('e.user_id')
        .count({ n: '*' }),
      this.k('feedback as f')
        .join('adaptations as a', 'a.id', 'f.adaptation_id')
        .where({ 'a.context_pk': contextPk, 'a.deleted': false })
        .whereIn('f.user_id', userIds)
        .whereRaw('a.author_user_id <> f.user_id')
        .groupBy('f.user_id')
        .select('f.user_id')
        .count({ n: '*' }),
    ]);
    for (const r of parseRows(n, shared, 'adaptations')) out.get(r.user_id)!.shared = r.n;
    for (const r of parseRows(n, tried, 'endorsements')) out.get(r.user_id)!.tried = r.n;
    for (const r of parseRows(n, feedback, 'feedback')) out.get(r.user_id)!.feedback = r.n;
    return out;
  }

  /** The last score recorded per user in a course. */
  async lastScores(
    contextPk: string,
  ): Promise<
    Map<
      string,
      { score: number; status: 'posted' | 'failed'; error: string | null; httpStatus: number | null; updatedAt: string }
    >
  > {
    const rows = parseRows(
      z.object({
        user_id: z.string(),
        score: dbInt,
        status: z.enum(['posted', 'failed']),
        error: dbNullableText,
        http_status: dbInt.nullable().default(null),
        updated_at: z.string(),
      }),
      await this.k('participation_scores').where({ context_pk: contextPk }),
      'participation_scores',
    );
    return new Map(
      rows.map((r) => [
        r.user_id,
        { score: r.score, status: r.status, error: r.error, httpStatus: r.http_status, updatedAt: r.updated_at },
      ]),
    );
  }

  /** Records the outcome of posting a user's score. */
  async recordScore(
    contextPk: string,
    userId: string,
    score: number,
    outcome: { status: 'posted' | 'failed'; error?: string; httpStatus?: number | null },
  ): Promise<void> {
    const row = {
      context_pk: contextPk,
      user_id: userId,
      score,
      status: outcome.status,
      error: outcome.error ?? null,
      http_status: outcome.httpStatus ?? null,
      updated_at: nowIso(),
    };
    await this.k('participation_scores').insert(row).onConflict(['context_pk', 'user_id']).merge({
      score: row.score,
      status: row.status,
      error: row.error,
      http_status: row.http_status,
      updated_at: row.updated_at,
    });
  }

  /**
   * One page of ledger events of the kinds participation counts, from `since` on and after the
   * (at, id) key `after`: the course each touched (the event's course, or its adaptation's) and who acted.
   */
  async touched(
    since: string,
    after: { at: string; id: string } | null,
    limit: number,
  ): Promise<{
    rows: { contextPk: string; userId: string }[];
    last: { at: string; id: string } | null;
    count: number;
  }> {
    const q = this.k('contribution_events as e')
      .leftJoin('adaptations as a', 'a.id', 'e.adaptation_id')
      .where('e.at', '>=', since)
      .whereIn('e.type', ['shared', 'endorsed', 'feedback-given', 'remixed']);
    if (after)
      q.andWhere((w) => {
        w.where('e.at', '>', after.at).orWhere((x) => {
          x.where('e.at', after.at).andWhere('e.id', '>', after.id);
        });
      });
    const events = parseRows(
      z.object({
        id: z.string(),
        actor_user_id: z.string(),
        context_pk: dbNullableText,
        adaptation_context: dbNullableText,
        at: z.string(),
      }),
      await q
        .orderBy([{ column: 'e.at' }, { column: 'e.id' }])
        .limit(limit)
        .select('e.id', 'e.actor_user_id', 'e.context_pk', 'a.context_pk as adaptation_context', 'e.at'),
      'contribution_events',
    );
    const rows: { contextPk: string; userId: string }[] = [];
    for (const e of events) {
      for (const c of new Set([e.context_pk, e.adaptation_context]))
        if (c) rows.push({ contextPk: c, userId: e.actor_user_id });
    }
    const lastEvent = events[events.length - 1];
    return { rows, last: lastEvent ? { at: lastEvent.at, id: lastEvent.id } : null, count: events.length };
  }

  /** A background job's saved position. */
  async cursor(name: string): Promise<string | null> {
    const row: Record<string, unknown> | undefined = await this.k('job_cursors').where({ name }).first('value');
    return row ? String(row.value) : null;
  }

  /** Saves a background job's position. */
  async saveCursor(name: string, value: string): Promise<void> {
    await this.k('job_cursors')
      .insert({ name, value, updated_at: nowIso() })
      .onConflict('name')
      .merge({ value, updated_at: nowIso() });
  }
}
