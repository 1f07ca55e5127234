import { AppError, SharedAdaptationSchema, type SharedAdaptation } from '@margins/shared';
import type { AdaptationsRepo, LibraryFilter, StoredAdaptation, Viewer } from '../data/adaptations-repo.js';
import type { LaunchContext } from '../lti/launch-context.js';

/** The viewer a launch reads as. */
export function viewerOf(ctx: LaunchContext): Viewer {
  return { tenantId: ctx.tenant.id, userId: ctx.user.id, contextPk: ctx.course?.id ?? null };
}

/**
 * The practice library: shared adaptations a person may see, searched and filtered, with social proof.
 * Visibility is decided by the repository's SQL for every read; this service shapes the answer.
 */
export class LibraryService {
  constructor(private readonly repo: AdaptationsRepo) {}

  /** One page of the library for this launch. */
  async list(ctx: LaunchContext, filter: LibraryFilter): Promise<{ items: SharedAdaptation[]; nextCursor: string | null; total: number }> {
    if (filter.scope === 'course' && !ctx.course) throw new AppError('validation_failed', 'Course practices are shown when Margins is opened from a course.');
    const page = await this.repo.library(viewerOf(ctx), filter);
    return { items: await this.present(ctx, page.items), nextCursor: page.nextCursor, total: page.total };
  }

  /** One adaptation with its endorsements and feedback; not_found when it does not exist or is not visible. */
  async detail(ctx: LaunchContext, id: string) {
    const stored = await this.repo.getVisible(id, viewerOf(ctx));
    if (!stored) throw new AppError('not_found');
    const [adaptation] = await this.present(ctx, [stored]);
    const [endorsements, feedback] = await Promise.all([this.repo.endorsements(id), this.repo.feedback(id)]);
    return { adaptation: adaptation!, endorsements, feedback };
  }

  /** Focus areas for the library filter. */
  focusAreas(ctx: LaunchContext) {
    return this.repo.focusAreas(ctx.tenant.id);
  }

  /** Shapes stored rows as this launch's person sees them (social proof, author as the district allows). */
  async present(ctx: LaunchContext, rows: StoredAdaptation[]): Promise<SharedAdaptation[]> {
    const social = await this.repo.socialProof(rows.map((r) => r.id), ctx.user.id);
    return rows.map((r) => {
      const s = social.get(r.id)!;
      const sameTenant = r.tenant_id === ctx.tenant.id;
      // Across tenants (network) the author's name stays home: only the district sees who wrote it.
      const author = sameTenant ? r.json.author : { id: 'network' };
      return SharedAdaptationSchema.parse({
        ...r.json,
        author,
        authorVisible: sameTenant && !!r.json.author.name,
        endorsementCount: s.endorsements,
        feedbackCount: s.feedback,
        outcomes: s.outcomes,
        myEndorsement: s.mine,
        mine: r.author_user_id === ctx.user.id,
        networkStatus: r.network_status,
      });
    });
  }
}
