import { AppError, type SharedAdaptation } from '@margins/shared';
import type { AdaptationsRepo, LibraryFilter, StoredAdaptation, Viewer } from '../data/adaptations-repo.js';
import type { LaunchContext } from '../lti/launch-context.js';
import type { SharedView } from './shared-view.js';

/** The viewer a launch reads as. */
export function viewerOf(ctx: LaunchContext): Viewer {
  return { tenantId: ctx.tenant.id, userId: ctx.user.id, contextPk: ctx.course?.id ?? null };
}

/**
 * The practice library: shared adaptations a person may see, searched and filtered, with social proof.
 * Visibility is decided by the repository's SQL for every read; this service shapes the answer.
 */
export class LibraryService {
  constructor(
    private readonly repo: AdaptationsRepo,
    private readonly view: SharedView,
  ) {}

  /** One page of the library for this launch. */
  async list(
    ctx: LaunchContext,
    filter: LibraryFilter,
  ): Promise<{ items: SharedAdaptation[]; nextCursor: string | null; total: number }> {
    if (filter.scope === 'course' && !ctx.course)
      throw new AppError('validation_failed', 'Course practices are shown when Margins is opened from a course.');
    const page = await this.repo.library(viewerOf(ctx), filter);
    return { items: await this.view.shape(viewerOf(ctx), page.items), nextCursor: page.nextCursor, total: page.total };
  }

  /** One adaptation with its endorsements and feedback; not_found when it does not exist or is not visible. */
  /** The courses whose course-shared practices this person sees, for the library to say so. */
  courses(ctx: LaunchContext) {
    return this.repo.memberCourses(viewerOf(ctx));
  }

  async detail(ctx: LaunchContext, id: string) {
    return this.detailFor(viewerOf(ctx), id);
  }

  /** The same detail for any viewer (the extension's paired browser too). */
  async detailFor(viewer: Viewer, id: string) {
    const stored = await this.repo.getVisible(id, viewer);
    if (!stored) throw new AppError('not_found', 'That adaptation was not found or is not shared with you.');
    const [[adaptation], endorsements, feedback] = await Promise.all([
      this.view.shape(viewer, [stored]),
      this.repo.endorsements(id),
      this.repo.feedback(id),
    ]);
    return {
      adaptation: adaptation!,
      endorsements: await this.view.endorsements(viewer, endorsements),
      feedback: await this.view.feedback(viewer, feedback),
    };
  }

  /** Focus areas for the library filter. */
  focusAreas(ctx: LaunchContext) {
    return this.repo.focusAreas(ctx.tenant.id);
  }

  /** Shapes stored rows as this launch's person sees them (social proof, author as the district allows). */
  present(ctx: LaunchContext, rows: StoredAdaptation[]): Promise<SharedAdaptation[]> {
    return this.view.shape(viewerOf(ctx), rows);
  }
}
