import type { Knex } from 'knex';
import { z } from 'zod';
import { parseRows } from './rows.js';

const CourseRowSchema = z.object({ id: z.string(), title: z.string().nullable() });

/** Who is asking: every read is filtered by it, on the server (DESIGN: Visibility). */
export interface Viewer {
  tenantId: string;
  userId: string;
  /** The course context of the launch (or of the paired browser), or null for account-level ones. */
  contextPk: string | null;
}

/** Which part of the visible world a read covers: a library tab, or everything ('any'). */
export type VisibilityScope = 'course' | 'district' | 'network' | 'any';

/** The columns that decide who sees a row: an adaptation's, or one side of a change-feed row. */
export interface AudienceColumns {
  tenant: string;
  author: string;
  visibility: string;
  context: string;
  networkStatus: string;
}

/** An adaptation row aliased `a`. */
export const ADAPTATION_AUDIENCE: AudienceColumns = {
  tenant: 'a.tenant_id',
  author: 'a.author_user_id',
  visibility: 'a.visibility',
  context: 'a.context_pk',
  networkStatus: 'a.network_status',
};

/**
 * The visibility rule as SQL for every read that filters by a viewer: what `viewer` may read. Two
 * narrower spellings live elsewhere on purpose: the change feed's "approved for the network" flag in
 * the triggers of migration 010 (frozen with that migration) and the other-districts page of the
 * first pull (`SyncReads.snapshotNetwork`, data/sync-reads.ts, network rows only). Private: the
 * author only. Course: people launching from (or paired from) that course. District (and network,
 * while a coach has not approved it): the tenant. Network approved: every tenant. Deleted rows are
 * excluded by the caller. `cols` lets the change feed apply the same rule to a row's state before
 * and after a change.
 */
export function visibleTo(
  q: Knex.QueryBuilder,
  v: Viewer,
  scope: VisibilityScope,
  cols: AudienceColumns = ADAPTATION_AUDIENCE,
): Knex.QueryBuilder {
  return q.where((w) => {
    if (scope === 'network') {
      w.where(cols.visibility, 'network').andWhere(cols.networkStatus, 'approved');
      return;
    }
    w.where((own) => {
      own.where(cols.tenant, v.tenantId).andWhere((x) => {
        x.whereIn(cols.visibility, scope === 'course' ? [] : ['district', 'network']).orWhere(cols.author, v.userId);
        if (v.contextPk)
          x.orWhere((c) => {
            c.whereIn(cols.visibility, ['course', 'district', 'network']).andWhere(cols.context, v.contextPk);
          });
        // Shared with a course: anyone who has opened Margins from that course, whichever course
        // (or none) they launched from this time (issue 15: scope that explains itself).
        if (scope !== 'course')
          x.orWhere((c) => {
            c.where(cols.visibility, 'course').whereIn(cols.context, function (this: Knex.QueryBuilder) {
              void this.select('vis_m.context_pk')
                .from('course_participants as vis_m')
                .where('vis_m.tenant_id', v.tenantId)
                .andWhere('vis_m.user_id', v.userId);
            });
          });
      });
      if (scope === 'course') own.andWhere(cols.context, v.contextPk ?? '');
    });
    if (scope === 'any')
      w.orWhere((n) => {
        n.where(cols.visibility, 'network').andWhere(cols.networkStatus, 'approved');
      });
  });
}

/**
 * The courses whose course-shared practices `v` sees (the ones they have opened Margins from), with
 * their titles, for the UI to say so; at most 50, by title.
 */
export async function memberCourses(k: Knex, v: Viewer): Promise<{ id: string; title: string }[]> {
  const rows: unknown[] = await k('course_participants as p')
    .join('course_contexts as c', 'c.id', 'p.context_pk')
    .where('p.tenant_id', v.tenantId)
    .andWhere('p.user_id', v.userId)
    .orderBy([{ column: 'c.title' }, { column: 'c.id' }])
    .limit(50)
    .select('c.id', 'c.title');
  return parseRows(CourseRowSchema, rows, 'course_contexts').map((r) => ({
    id: r.id,
    title: r.title || 'Untitled course',
  }));
}
