import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { StoredAdaptationSchema, visibleTo, type StoredAdaptation, type Viewer } from './adaptations-repo.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { parseRow, parseRows } from './rows.js';

const ReviewRowSchema = z.object({
  adaptation_id: z.string(),
  decision: z.enum(['approved', 'declined']),
  note: z.string(),
  reviewer_user_id: z.string(),
  reviewer_name: z.string().nullable(),
  at: z.string(),
});
/** A network sharing decision with the reviewer's name. */
export type ReviewRow = z.infer<typeof ReviewRowSchema>;

const FeaturedRowSchema = z.object({
  adaptation_id: z.string(),
  reason: z.string(),
  featured_by: z.string(),
  featured_by_name: z.string().nullable(),
  featured_at: z.string(),
});
/** A featured practice of a tenant, with who featured it. */
export type FeaturedRow = z.infer<typeof FeaturedRowSchema>;

/** What a review attempt found. */
export type ReviewOutcome =
  | { kind: 'reviewed'; review: ReviewRow }
  | { kind: 'not_found' }
  | { kind: 'not_pending'; status: 'none' | 'approved' };

/**
 * Curation data that sits beside the adaptations: network sharing reviews (the adaptation's
 * network_status moves pending -> approved | none, and the decision is kept for the author) and the
 * practices a district's coaches feature. Reads go through the visibility rule of AdaptationsRepo.
 */
export class CurationRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /** Adaptations among `ids` that `viewer` may read (deleted ones never), by id. */
  async visibleAmong(ids: string[], viewer: Viewer): Promise<Map<string, StoredAdaptation>> {
    const out = new Map<string, StoredAdaptation>();
    if (!ids.length) return out;
    const rows: unknown[] = await visibleTo(
      this.k('adaptations as a').whereIn('a.id', ids).andWhere('a.deleted', false),
      viewer,
      'any',
    ).select('a.*');
    for (const r of parseRows(StoredAdaptationSchema, rows, 'adaptations')) out.set(r.id, r);
    return out;
  }

  /** Practices of the tenant waiting for a coach to approve network sharing, oldest request first. */
  async pendingNetwork(tenantId: string, limit = 200): Promise<StoredAdaptation[]> {
    const rows = await this.k('adaptations as a')
      .where({ 'a.tenant_id': tenantId, 'a.visibility': 'network', 'a.network_status': 'pending', 'a.deleted': false })
      .orderBy([
        { column: 'a.updated_at', order: 'asc' },
        { column: 'a.id', order: 'asc' },
      ])
      .limit(limit)
      .select('a.*');
    return parseRows(StoredAdaptationSchema, rows, 'adaptations');
  }

  /**
   * Approves (network_status -> approved) or declines (-> none: it stays visible in the district) a
   * pending request, and records the decision with the note to the author. Only a request still
   * pending in this tenant can be decided, so two coaches deciding at once cannot both win.
   */
  async review(r: {
    tenantId: string;
    adaptationId: string;
    reviewerUserId: string;
    decision: 'approved' | 'declined';
    note: string;
  }): Promise<ReviewOutcome> {
    return this.k.transaction(async (trx) => {
      const changed = await trx('adaptations')
        .where({
          id: r.adaptationId,
          tenant_id: r.tenantId,
          visibility: 'network',
          network_status: 'pending',
          deleted: false,
        })
        .update({ network_status: r.decision === 'approved' ? 'approved' : 'none' });
      if (!changed) {
        const row: Record<string, unknown> | undefined = await trx('adaptations')
          .where({ id: r.adaptationId, tenant_id: r.tenantId, deleted: false })
          .first('visibility', 'network_status');
        if (!row || row.visibility !== 'network') return { kind: 'not_found' as const };
        return {
          kind: 'not_pending' as const,
          status: row.network_status === 'approved' ? ('approved' as const) : ('none' as const),
        };
      }
      const at = nowIso();
      await trx('network_reviews').insert({
        id: randomUUID(),
        tenant_id: r.tenantId,
        adaptation_id: r.adaptationId,
        reviewer_user_id: r.reviewerUserId,
        decision: r.decision,
        note: r.note,
        at,
      });
      const review = await this.latestReview(r.adaptationId, trx);
      return { kind: 'reviewed' as const, review: review! };
    });
  }

  /** The most recent network sharing decision on an adaptation, or null. */
  async latestReview(adaptationId: string, k: Db['knex'] = this.k): Promise<ReviewRow | null> {
    const row: unknown = await k('network_reviews as r')
      .leftJoin('users as u', 'u.id', 'r.reviewer_user_id')
      .where('r.adaptation_id', adaptationId)
      .orderBy([
        { column: 'r.at', order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .first('r.adaptation_id', 'r.decision', 'r.note', 'r.reviewer_user_id', 'u.name as reviewer_name', 'r.at');
    return row ? parseRow(ReviewRowSchema, row, 'network_reviews') : null;
  }

  /** Features a practice in a tenant's library (or updates the reason, which features it anew). */
  async feature(tenantId: string, adaptationId: string, reason: string, userId: string): Promise<void> {
    const now = nowIso();
    await this.k('featured_adaptations')
      .insert({ tenant_id: tenantId, adaptation_id: adaptationId, reason, featured_by: userId, featured_at: now })
      .onConflict(['tenant_id', 'adaptation_id'])
      .merge({ reason, featured_by: userId, featured_at: now });
  }

  /** Stops featuring a practice; false when it was not featured. */
  async unfeature(tenantId: string, adaptationId: string): Promise<boolean> {
    return (await this.k('featured_adaptations').where({ tenant_id: tenantId, adaptation_id: adaptationId }).del()) > 0;
  }

  /** A tenant's featured practices, most recently featured first. */
  async featured(tenantId: string, limit = 50): Promise<FeaturedRow[]> {
    const rows = await this.k('featured_adaptations as f')
      .leftJoin('users as u', 'u.id', 'f.featured_by')
      .where('f.tenant_id', tenantId)
      .orderBy([
        { column: 'f.featured_at', order: 'desc' },
        { column: 'f.adaptation_id', order: 'asc' },
      ])
      .limit(limit)
      .select('f.adaptation_id', 'f.reason', 'f.featured_by', 'u.name as featured_by_name', 'f.featured_at');
    return parseRows(FeaturedRowSchema, rows, 'featured_adaptations');
  }
}
