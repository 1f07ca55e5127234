import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AdaptationSchema, type Adaptation, type Endorsement, type Feedback } from '@margins/shared';
import { adaptationRow, StoredAdaptationSchema, writeTags, type StoredAdaptation } from './adaptation-rows.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { libraryPage, type LibraryFilter } from './library-query.js';
import { parseStoredOrTombstone, type StoredOrTombstone } from './tombstones.js';
import { refreshPassages } from './passage-groups.js';
import { parseRow, parseRows } from './rows.js';
import { socialProofOf, toEndorsement, toFeedback, type SocialProof } from './social-proof.js';
import { memberCourses, visibleTo, type Viewer } from './visibility.js';

export type { Viewer } from './visibility.js';
/** The visibility rule as SQL (data/visibility.ts), re-exported for repositories that import it from here. */
export { visibleTo } from './visibility.js';
/** Row shapes, the library query and social proof (their own modules), re-exported for their importers here. */
export { adaptationRow, StoredAdaptationSchema, writeTags, type StoredAdaptation } from './adaptation-rows.js';
export type { LibraryFilter } from './library-query.js';
export { toEndorsement, toFeedback, type SocialProof } from './social-proof.js';

/** Adaptations shared to the server, with endorsements and feedback. */
export class AdaptationsRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /**
   * Stores an adaptation shared by `authorUserId` (validated by AdaptationSchema on the way in).
   * Issue 6's sync builds on this; today it serves seeding and tests.
   */
  async put(
    input: unknown,
    meta: {
      tenantId: string;
      authorUserId: string;
      authorName?: string;
      contextPk: string | null;
      networkStatus?: 'none' | 'pending' | 'approved';
    },
  ): Promise<StoredAdaptation> {
    const parsed = AdaptationSchema.parse(input);
    const a: Adaptation = {
      ...parsed,
      author: { id: meta.authorUserId, ...(meta.authorName ? { name: meta.authorName } : {}) },
    };
    const row = adaptationRow(a, {
      tenantId: meta.tenantId,
      contextPk: meta.contextPk,
      networkStatus: a.visibility === 'network' ? (meta.networkStatus ?? 'pending') : 'none',
      deleted: false,
    });
    await this.k.transaction(async (trx) => {
      await trx('adaptations').insert(row).onConflict('id').merge();
      await writeTags(trx, a, meta.tenantId);
      await refreshPassages(trx, [a.id]);
    });
    const stored = await this.get(a.id);
    if (!stored?.json) throw new Error('adaptation vanished after insert');
    return stored;
  }

  /** One adaptation or its tombstone, regardless of viewer (services check visibility with `getVisible`). */
  async get(id: string): Promise<StoredOrTombstone | null> {
    const row: unknown = await this.k('adaptations as a').where('a.id', id).first();
    return row ? parseStoredOrTombstone(row) : null;
  }

  /** The courses whose course-shared practices `viewer` sees (visibility.ts). */
  memberCourses(viewer: Viewer): Promise<{ id: string; title: string }[]> {
    return memberCourses(this.k, viewer);
  }

  /** One adaptation if `viewer` may read it, else null (callers answer 404 either way). */
  async getVisible(id: string, viewer: Viewer): Promise<StoredAdaptation | null> {
    const row: unknown = await visibleTo(
      this.k('adaptations as a').where('a.id', id).andWhere('a.deleted', false),
      viewer,
      'any',
    ).first();
    return row ? parseRow(StoredAdaptationSchema, row, 'adaptations') : null;
  }

  /** A page of the library for `viewer`, newest first, with the total count for the same filter (library-query.ts). */
  library(
    viewer: Viewer,
    f: LibraryFilter,
  ): Promise<{ items: StoredAdaptation[]; total: number; nextCursor: string | null }> {
    return libraryPage(this.k, viewer, f);
  }

  /** Endorsement and feedback counts, outcome tallies and the viewer's own endorsement, for a page of ids. */
  socialProof(ids: string[], userId: string): Promise<Map<string, SocialProof>> {
    return socialProofOf(this.k, ids, userId);
  }

  /** Endorsements of one adaptation, newest first. */
  async endorsements(adaptationId: string): Promise<(Endorsement & { tenantId: string })[]> {
    const rows = await this.k('endorsements as e')
      .join('users as u', 'u.id', 'e.user_id')
      .where('e.adaptation_id', adaptationId)
      .select('e.*', 'u.name as user_name', 'u.tenant_id as user_tenant_id')
      .orderBy('e.updated_at', 'desc')
      .limit(200);
    return rows.map((r: Record<string, unknown>) => ({ ...toEndorsement(r), tenantId: String(r.user_tenant_id) }));
  }

  /** Feedback on one adaptation, oldest first (a conversation reads top-down). */
  async feedback(adaptationId: string): Promise<(Feedback & { tenantId: string })[]> {
    const rows = await this.k('feedback as f')
      .join('users as u', 'u.id', 'f.user_id')
      .where('f.adaptation_id', adaptationId)
      .select('f.*', 'u.name as user_name', 'u.tenant_id as user_tenant_id')
      .orderBy('f.created_at')
      .limit(500);
    return rows.map((r: Record<string, unknown>) => ({ ...toFeedback(r), tenantId: String(r.user_tenant_id) }));
  }

  /** Records "I tried this" (one per person per adaptation; sending again updates it). */
  async endorse(e: {
    tenantId: string;
    adaptationId: string;
    userId: string;
    outcome: string;
    note: string;
  }): Promise<void> {
    const now = nowIso();
    await this.k('endorsements')
      .insert({
        id: randomUUID(),
        tenant_id: e.tenantId,
        adaptation_id: e.adaptationId,
        user_id: e.userId,
        outcome: e.outcome,
        note: e.note,
        created_at: now,
        updated_at: now,
      })
      .onConflict(['adaptation_id', 'user_id'])
      .merge({ outcome: e.outcome, note: e.note, updated_at: now });
  }

  /** Adds structured feedback. */
  async addFeedback(f: {
    tenantId: string;
    adaptationId: string;
    userId: string;
    type: string;
    text: string;
  }): Promise<void> {
    await this.k('feedback').insert({
      id: randomUUID(),
      tenant_id: f.tenantId,
      adaptation_id: f.adaptationId,
      user_id: f.userId,
      type: f.type,
      text: f.text,
      created_at: nowIso(),
    });
  }

  /** Creates a focus area (tenant-wide school goal). */
  async addFocusArea(tenantId: string, title: string, description = ''): Promise<string> {
    const id = randomUUID();
    const now = nowIso();
    await this.k('focus_areas').insert({
      id,
      tenant_id: tenantId,
      title,
      description,
      created_at: now,
      updated_at: now,
    });
    return id;
  }

  /** Focus areas of a tenant, for the library filter. */
  async focusAreas(tenantId: string): Promise<{ id: string; title: string; description: string; createdAt: string }[]> {
    const rows = await this.k('focus_areas').where({ tenant_id: tenantId }).orderBy('title');
    return parseRows(
      z.object({ id: z.string(), title: z.string(), description: z.string(), created_at: z.string() }),
      rows,
      'focus_areas',
    ).map((r) => ({ id: r.id, title: r.title, description: r.description, createdAt: r.created_at }));
  }

  /**
   * Creates a collection with its ordered items, published unless `draft` (seeding and tests; the
   * coach workspace edits collections through CollectionsRepo, which also records the ledger event).
   */
  async addCollection(c: {
    tenantId: string;
    curatorUserId: string;
    title: string;
    description?: string;
    focusAreaId: string | null;
    items: { adaptationId: string; note?: string }[];
    draft?: boolean;
  }): Promise<string> {
    const id = randomUUID();
    const now = nowIso();
    await this.k.transaction(async (trx) => {
      const published = c.draft
        ? { published_at: null, published_by: null }
        : { published_at: now, published_by: c.curatorUserId };
      await trx('collections').insert({
        id,
        tenant_id: c.tenantId,
        curator_user_id: c.curatorUserId,
        focus_area_id: c.focusAreaId,
        context_pk: null,
        title: c.title,
        description: c.description ?? '',
        created_at: now,
        updated_at: now,
        ...published,
      });
      if (c.items.length)
        await trx('collection_items').insert(
          c.items.map((it, position) => ({
            collection_id: id,
            adaptation_id: it.adaptationId,
            position,
            note: it.note ?? '',
          })),
        );
    });
    return id;
  }
}
