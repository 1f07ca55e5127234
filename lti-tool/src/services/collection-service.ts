import { AppError, type CollectionEntry, type CollectionSummary, type CollectionView } from '@margins/shared';
import type { AdaptationsRepo } from '../data/adaptations-repo.js';
import type { CollectionMeta, CollectionRow, CollectionsRepo } from '../data/collections-repo.js';
import type { CurationRepo } from '../data/curation-repo.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';
import { requireCoach, personOf } from './coach-access.js';
import { viewerOf, type LibraryService } from './library-service.js';

const NOT_AVAILABLE = 'This collection is not available. It may have been deleted, or it belongs to another district.';

function summaryOf(r: CollectionRow): CollectionSummary {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    focusArea: r.focus_area_id ? { id: r.focus_area_id, title: r.focus_area_title ?? '' } : null,
    status: r.published_at ? 'published' : 'draft',
    itemCount: r.item_count,
    curator: personOf(r.curator_user_id, r.curator_name),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
  };
}

/**
 * Coach-curated collections (DESIGN: Collection, Flow 6): coaches of a tenant create them, order
 * their practices, write curation notes, align them with a focus area and publish them; everyone in
 * the tenant reads published ones. Each person sees only the entries the visibility rules let them
 * see: the others show as "not available" without any of their content.
 */
export class CollectionService {
  constructor(
    private readonly deps: {
      collections: CollectionsRepo;
      curation: CurationRepo;
      adaptations: AdaptationsRepo;
      library: LibraryService;
    },
  ) {}

  /** Published collections of the tenant; with `all`, drafts too (coaches only). */
  async list(ctx: LaunchContext, status: 'published' | 'all'): Promise<CollectionSummary[]> {
    if (status === 'all') requireCoach(ctx, 'see draft collections');
    return (await this.deps.collections.list(ctx.tenant.id, { drafts: status === 'all' })).map(summaryOf);
  }

  /** One collection with the entries this person may see; drafts only for coaches. */
  async view(ctx: LaunchContext, id: string): Promise<CollectionView> {
    const row = await this.deps.collections.get(ctx.tenant.id, id);
    if (!row) throw new AppError('not_found', NOT_AVAILABLE);
    const canEdit = hasRole(ctx, 'coach');
    if (!row.published_at && !canEdit)
      throw new AppError(
        'not_found',
        'This collection is not published at the moment. Your coach may still be working on it.',
      );
    const items = await this.deps.collections.items(id);
    const visible = await this.deps.curation.visibleAmong(
      items.map((i) => i.adaptation_id),
      viewerOf(ctx),
    );
    const shown = await this.deps.library.present(
      ctx,
      items.flatMap((i) => visible.get(i.adaptation_id) ?? []),
    );
    const byId = new Map(shown.map((a) => [a.id, a]));
    const entries: CollectionEntry[] = items.map((i, position) => {
      const adaptation = byId.get(i.adaptation_id);
      if (adaptation) return { status: 'visible', position, note: i.note, adaptation };
      return canEdit
        ? { status: 'unavailable', position, adaptationId: i.adaptation_id }
        : { status: 'unavailable', position };
    });
    return { ...summaryOf(row), entries, canEdit };
  }

  /** Creates an empty draft. */
  async create(ctx: LaunchContext, meta: CollectionMeta): Promise<CollectionView> {
    requireCoach(ctx, 'create collections');
    await this.checkFocusArea(ctx, meta.focusAreaId);
    const id = await this.deps.collections.create(ctx.tenant.id, ctx.user.id, meta);
    return this.view(ctx, id);
  }

  /** Changes title, description and focus area. */
  async update(ctx: LaunchContext, id: string, meta: CollectionMeta): Promise<CollectionView> {
    requireCoach(ctx, 'edit collections');
    await this.checkFocusArea(ctx, meta.focusAreaId);
    if (!(await this.deps.collections.updateMeta(ctx.tenant.id, id, meta)))
      throw new AppError('not_found', NOT_AVAILABLE);
    return this.view(ctx, id);
  }

  /** Deletes a collection (links to it in courses then say it is not available). */
  async delete(ctx: LaunchContext, id: string): Promise<void> {
    requireCoach(ctx, 'delete collections');
    if (!(await this.deps.collections.delete(ctx.tenant.id, id))) throw new AppError('not_found', NOT_AVAILABLE);
  }

  /** Publishes a draft (records the 'curated' contribution the first time). */
  async publish(ctx: LaunchContext, id: string): Promise<CollectionView> {
    requireCoach(ctx, 'publish collections');
    const outcome = await this.deps.collections.publish(ctx.tenant.id, id, ctx.user.id);
    if (outcome === 'not_found') throw new AppError('not_found', NOT_AVAILABLE);
    if (outcome === 'empty')
      throw new AppError('validation_failed', 'Add at least one practice before publishing the collection.');
    return this.view(ctx, id);
  }

  /** Takes a collection back to draft. */
  async unpublish(ctx: LaunchContext, id: string): Promise<CollectionView> {
    requireCoach(ctx, 'unpublish collections');
    if (!(await this.deps.collections.unpublish(ctx.tenant.id, id))) throw new AppError('not_found', NOT_AVAILABLE);
    return this.view(ctx, id);
  }

  /**
   * Adds a practice the coach can see. Private practices are refused: only their author can see
   * them, so nobody else could read them in the collection.
   */
  async addItem(ctx: LaunchContext, id: string, adaptationId: string, note: string): Promise<CollectionView> {
    requireCoach(ctx, 'add practices to collections');
    const adaptation = await this.deps.adaptations.getVisible(adaptationId, viewerOf(ctx));
    if (!adaptation) throw new AppError('not_found', 'That practice was not found, or it is not shared with you.');
    if (adaptation.visibility === 'private')
      throw new AppError(
        'validation_failed',
        'Private practices cannot go in a collection: only their author can see them. Ask the author to share it first.',
      );
    const outcome = await this.deps.collections.addItem(ctx.tenant.id, id, adaptationId, note);
    if (outcome === 'not_found') throw new AppError('not_found', NOT_AVAILABLE);
    if (outcome === 'exists') throw new AppError('already_exists', 'That practice is already in this collection.');
    if (outcome === 'full')
      throw new AppError('validation_failed', 'A collection can hold at most 500 practices. Start another collection.');
    return this.view(ctx, id);
  }

  /** Edits an entry's curation note and/or moves it. */
  async updateItem(
    ctx: LaunchContext,
    id: string,
    adaptationId: string,
    patch: { note?: string | undefined; position?: number | undefined },
  ): Promise<CollectionView> {
    requireCoach(ctx, 'edit collections');
    if (!(await this.deps.collections.updateItem(ctx.tenant.id, id, adaptationId, patch)))
      throw new AppError('not_found', 'That practice is not in this collection any more.');
    return this.view(ctx, id);
  }

  /** Removes an entry. */
  async removeItem(ctx: LaunchContext, id: string, adaptationId: string): Promise<CollectionView> {
    requireCoach(ctx, 'edit collections');
    if (!(await this.deps.collections.removeItem(ctx.tenant.id, id, adaptationId)))
      throw new AppError('not_found', 'That practice is not in this collection any more.');
    return this.view(ctx, id);
  }

  /** A published collection of the tenant, for deep linking (drafts cannot be placed in a course). */
  async publishedSummary(ctx: LaunchContext, id: string): Promise<CollectionSummary> {
    const row = await this.deps.collections.get(ctx.tenant.id, id);
    if (!row) throw new AppError('not_found', NOT_AVAILABLE);
    if (!row.published_at)
      throw new AppError('validation_failed', `Publish "${row.title}" before adding it to a course.`);
    return summaryOf(row);
  }

  private async checkFocusArea(ctx: LaunchContext, focusAreaId: string | null): Promise<void> {
    if (focusAreaId && !(await this.deps.collections.focusArea(ctx.tenant.id, focusAreaId))) {
      throw new AppError(
        'validation_failed',
        'That focus area does not exist in your district any more. Choose another.',
        [{ path: 'focusAreaId', message: 'Choose an existing focus area.' }],
      );
    }
  }
}
