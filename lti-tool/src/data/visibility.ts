import type { Knex } from 'knex';

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
 * The visibility rule as SQL, the one place it is written: what `viewer` may read. Private: the
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
      });
      if (scope === 'course') own.andWhere(cols.context, v.contextPk ?? '');
    });
    if (scope === 'any')
      w.orWhere((n) => {
        n.where(cols.visibility, 'network').andWhere(cols.networkStatus, 'approved');
      });
  });
}
