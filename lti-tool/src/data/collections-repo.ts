import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import type { LedgerRepo } from './ledger-repo.js';
import { dbInt, dbNullableText, parseRow, parseRows } from './rows.js';

/** Most entries one collection holds (the shared CollectionInputSchema says the same). */
export const MAX_COLLECTION_ITEMS = 500;

const FocusAreaRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  created_at: z.string(),
  updated_at: dbNullableText,
  collection_count: dbInt,
});
/** A focus area with how many collections align to it. */
export type FocusAreaRow = z.infer<typeof FocusAreaRowSchema>;

const CollectionRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  curator_user_id: z.string(),
  curator_name: z
    .string()
    .nullable()
    .transform((n) => n ?? ''),
  focus_area_id: dbNullableText,
  focus_area_title: dbNullableText,
  title: z.string(),
  description: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  published_at: dbNullableText,
  item_count: dbInt,
});
/** A collection with its curator's name, focus area title and item count. */
export type CollectionRow = z.infer<typeof CollectionRowSchema>;

const ItemRowSchema = z.object({ adaptation_id: z.string(), position: dbInt, note: z.string() });
/** One entry of a collection, in order. */
export type CollectionItemRow = z.infer<typeof ItemRowSchema>;

/** Title, description and focus area of a collection. */
export interface CollectionMeta {
  title: string;
  description: string;
  focusAreaId: string | null;
}

/**
 * Focus areas and coach-curated collections (DESIGN: Collection), always within one tenant: every
 * method takes the tenant and touches nothing of another. Publishing records the 'curated' ledger
 * event in the same transaction.
 */
export class CollectionsRepo {
  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerRepo,
  ) {}

  private get k() {
    return this.db.knex;
  }

  /** Focus areas of a tenant by title, with their collection counts. */
  async focusAreas(tenantId: string): Promise<FocusAreaRow[]> {
    const rows = await this.k('focus_areas as f')
      .where('f.tenant_id', tenantId)
      .select('f.id', 'f.title', 'f.description', 'f.created_at', 'f.updated_at')
      .select(this.k.raw('(SELECT COUNT(*) FROM collections c WHERE c.focus_area_id = f.id) AS collection_count'))
      .orderBy('f.title');
    return parseRows(FocusAreaRowSchema, rows, 'focus_areas');
  }

  /** One focus area of the tenant, or null. */
  async focusArea(tenantId: string, id: string): Promise<FocusAreaRow | null> {
    return (await this.focusAreas(tenantId)).find((f) => f.id === id) ?? null;
  }

  /** True when another focus area of the tenant has this title (case-insensitive). */
  async focusAreaTitleTaken(tenantId: string, title: string, exceptId?: string): Promise<boolean> {
    const q = this.k('focus_areas').where('tenant_id', tenantId).andWhereRaw('lower(title) = ?', [title.toLowerCase()]);
    if (exceptId) q.andWhereNot('id', exceptId);
    return !!(await q.first('id'));
  }

  /** Creates a focus area; returns its id. */
  async createFocusArea(tenantId: string, f: { title: string; description: string }): Promise<string> {
    const id = randomUUID();
    const now = nowIso();
    await this.k('focus_areas').insert({
      id,
      tenant_id: tenantId,
      title: f.title,
      description: f.description,
      created_at: now,
      updated_at: now,
    });
    return id;
  }

  /** Renames or redescribes a focus area; false when the tenant has none with that id. */
  async updateFocusArea(tenantId: string, id: string, f: { title: string; description: string }): Promise<boolean> {
    return (
      (await this.k('focus_areas')
        .where({ id, tenant_id: tenantId })
        .update({ title: f.title, description: f.description, updated_at: nowIso() })) > 0
    );
  }

  /** Deletes a focus area; its collections stay, without a focus area. False when there was none. */
  async deleteFocusArea(tenantId: string, id: string): Promise<boolean> {
    return this.k.transaction(async (trx) => {
      await trx('collections').where({ tenant_id: tenantId, focus_area_id: id }).update({ focus_area_id: null });
      return (await trx('focus_areas').where({ id, tenant_id: tenantId }).del()) > 0;
    });
  }

  private collectionsQuery(k: Knex | Knex.Transaction, tenantId: string) {
    return k('collections as c')
      .leftJoin('users as u', 'u.id', 'c.curator_user_id')
      .leftJoin('focus_areas as f', 'f.id', 'c.focus_area_id')
      .where('c.tenant_id', tenantId)
      .select(
        'c.id',
        'c.tenant_id',
        'c.curator_user_id',
        'u.name as curator_name',
        'c.focus_area_id',
        'f.title as focus_area_title',
        'c.title',
        'c.description',
        'c.created_at',
        'c.updated_at',
        'c.published_at',
      )
      .select(k.raw('(SELECT COUNT(*) FROM collection_items ci WHERE ci.collection_id = c.id) AS item_count'));
  }

  /** Collections of a tenant, published ones only unless `drafts`; focus area, then title order. */
  async list(tenantId: string, opts: { drafts: boolean }): Promise<CollectionRow[]> {
    const q = this.collectionsQuery(this.k, tenantId);
    if (!opts.drafts) q.whereNotNull('c.published_at');
    const rows = await q.orderBy([
      { column: 'f.title', order: 'asc' },
      { column: 'c.title', order: 'asc' },
    ]);
    return parseRows(CollectionRowSchema, rows, 'collections');
  }

  /** One collection of the tenant, or null (also for another tenant's id). */
  async get(tenantId: string, id: string): Promise<CollectionRow | null> {
    const row: unknown = await this.collectionsQuery(this.k, tenantId).andWhere('c.id', id).first();
    return row ? parseRow(CollectionRowSchema, row, 'collections') : null;
  }

  /** The entries of a collection, in order. */
  async items(collectionId: string): Promise<CollectionItemRow[]> {
    const rows = await this.k('collection_items')
      .where('collection_id', collectionId)
      .select('adaptation_id', 'position', 'note')
      .orderBy([{ column: 'position' }, { column: 'adaptation_id' }]);
    return parseRows(ItemRowSchema, rows, 'collection_items');
  }

  /** Creates an empty draft collection; returns its id. */
  async create(tenantId: string, curatorUserId: string, meta: CollectionMeta): Promise<string> {
    const id = randomUUID();
    const now = nowIso();
    await this.k('collections').insert({
      id,
      tenant_id: tenantId,
      curator_user_id: curatorUserId,
      focus_area_id: meta.focusAreaId,
      context_pk: null,
      title: meta.title,
      description: meta.description,
      created_at: now,
      updated_at: now,
      published_at: null,
      published_by: null,
    });
    return id;
  }

  /** Changes title, description and focus area; false when the tenant has no such collection. */
  async updateMeta(tenantId: string, id: string, meta: CollectionMeta): Promise<boolean> {
    return (
      (await this.k('collections').where({ id, tenant_id: tenantId }).update({
        title: meta.title,
        description: meta.description,
        focus_area_id: meta.focusAreaId,
        updated_at: nowIso(),
      })) > 0
    );
  }

  /** Deletes a collection and its entries; false when there was none. */
  async delete(tenantId: string, id: string): Promise<boolean> {
    return this.k.transaction(async (trx) => {
      if (!(await this.lock(trx, tenantId, id))) return false;
      await trx('collection_items').where('collection_id', id).del();
      return (await trx('collections').where({ id, tenant_id: tenantId }).del()) > 0;
    });
  }

  /**
   * Publishes a draft: teachers can now see it, embed it and filter by its focus area. Records one
   * 'curated' ledger event for the collection (the first publication only: republishing after an
   * unpublish is not a new contribution).
   */
  async publish(
    tenantId: string,
    id: string,
    userId: string,
  ): Promise<'published' | 'already' | 'not_found' | 'empty'> {
    return this.k.transaction(async (trx) => {
      const row = await this.lock(trx, tenantId, id);
      if (!row) return 'not_found';
      if (row.published_at) return 'already';
      const count = parseRow(
        z.object({ n: dbInt }),
        await trx('collection_items').where('collection_id', id).count({ n: '*' }).first(),
        'count',
      ).n;
      if (count === 0) return 'empty';
      const now = nowIso();
      await trx('collections')
        .where({ id, tenant_id: tenantId })
        .update({ published_at: now, published_by: userId, updated_at: now });
      await this.ledger.append(
        {
          tenantId,
          type: 'curated',
          actorUserId: userId,
          data: { collectionId: id, items: count, focusAreaId: row.focus_area_id },
          at: now,
          dedupeKey: `curated:${id}`,
        },
        trx,
      );
      return 'published';
    });
  }

  /** Takes a collection back to draft (links placed in courses then say it is not available). */
  async unpublish(tenantId: string, id: string): Promise<boolean> {
    return (
      (await this.k('collections')
        .where({ id, tenant_id: tenantId })
        .update({ published_at: null, published_by: null, updated_at: nowIso() })) > 0
    );
  }

  /** Appends a practice at the end of a collection. */
  async addItem(
    tenantId: string,
    id: string,
    adaptationId: string,
    note: string,
  ): Promise<'added' | 'exists' | 'not_found' | 'full'> {
    return this.k.transaction(async (trx) => {
      if (!(await this.lock(trx, tenantId, id))) return 'not_found';
      const items = await this.itemsIn(trx, id);
      if (items.some((i) => i.adaptation_id === adaptationId)) return 'exists';
      if (items.length >= MAX_COLLECTION_ITEMS) return 'full';
      await trx('collection_items').insert({
        collection_id: id,
        adaptation_id: adaptationId,
        position: items.length,
        note,
      });
      await this.touch(trx, tenantId, id);
      return 'added';
    });
  }

  /** Changes an entry's note and/or moves it to `position` (clamped to the list); false when there is no such entry. */
  async updateItem(
    tenantId: string,
    id: string,
    adaptationId: string,
    patch: { note?: string | undefined; position?: number | undefined },
  ): Promise<boolean> {
    return this.k.transaction(async (trx) => {
      if (!(await this.lock(trx, tenantId, id))) return false;
      const items = await this.itemsIn(trx, id);
      const from = items.findIndex((i) => i.adaptation_id === adaptationId);
      if (from < 0) return false;
      if (patch.note !== undefined)
        await trx('collection_items')
          .where({ collection_id: id, adaptation_id: adaptationId })
          .update({ note: patch.note });
      if (patch.position !== undefined) {
        const [moved] = items.splice(from, 1);
        items.splice(Math.min(patch.position, items.length), 0, moved!);
        await this.renumber(trx, id, items);
      }
      await this.touch(trx, tenantId, id);
      return true;
    });
  }

  /** Removes an entry and closes the gap; false when there was none. */
  async removeItem(tenantId: string, id: string, adaptationId: string): Promise<boolean> {
    return this.k.transaction(async (trx) => {
      if (!(await this.lock(trx, tenantId, id))) return false;
      if (!(await trx('collection_items').where({ collection_id: id, adaptation_id: adaptationId }).del()))
        return false;
      await this.renumber(trx, id, await this.itemsIn(trx, id));
      await this.touch(trx, tenantId, id);
      return true;
    });
  }

  /** The collection row, locked for this transaction on PostgreSQL (SQLite has one writer anyway). */
  private async lock(
    trx: Knex.Transaction,
    tenantId: string,
    id: string,
  ): Promise<{ published_at: string | null; focus_area_id: string | null } | null> {
    const q = trx('collections').where({ id, tenant_id: tenantId }).first('published_at', 'focus_area_id');
    if (this.db.kind === 'postgres') q.forUpdate();
    const row: unknown = await q;
    return row
      ? parseRow(z.object({ published_at: dbNullableText, focus_area_id: dbNullableText }), row, 'collections')
      : null;
  }

  private async itemsIn(trx: Knex.Transaction, id: string): Promise<CollectionItemRow[]> {
    return parseRows(
      ItemRowSchema,
      await trx('collection_items')
        .where('collection_id', id)
        .select('adaptation_id', 'position', 'note')
        .orderBy([{ column: 'position' }, { column: 'adaptation_id' }]),
      'collection_items',
    );
  }

  private async renumber(trx: Knex.Transaction, id: string, items: CollectionItemRow[]): Promise<void> {
    for (const [position, item] of items.entries()) {
      if (item.position !== position)
        await trx('collection_items')
          .where({ collection_id: id, adaptation_id: item.adaptation_id })
          .update({ position });
    }
  }

  private async touch(trx: Knex.Transaction, tenantId: string, id: string): Promise<void> {
    await trx('collections').where({ id, tenant_id: tenantId }).update({ updated_at: nowIso() });
  }
}
