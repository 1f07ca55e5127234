import { AppError } from '@margins/shared';
import type { CollectionsRepo, FocusAreaRow } from '../data/collections-repo.js';
import type { LaunchContext } from '../lti/launch-context.js';
import { requireCoach } from './coach-access.js';

/** A focus area as the coach workspace shows it. */
export interface FocusAreaView {
  id: string;
  title: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  collectionCount: number;
}

function toView(f: FocusAreaRow): FocusAreaView {
  return {
    id: f.id,
    title: f.title,
    description: f.description,
    createdAt: f.created_at,
    updatedAt: f.updated_at ?? f.created_at,
    collectionCount: f.collection_count,
  };
}

/**
 * The school's goals (focus areas) that coaches align collections to. Everyone sees them in the
 * library filter; only coaches of the tenant create, rename or delete them.
 */
export class FocusAreaService {
  constructor(private readonly repo: CollectionsRepo) {}

  /** Focus areas of the coach's tenant with collection counts. */
  async list(ctx: LaunchContext): Promise<FocusAreaView[]> {
    requireCoach(ctx, 'manage focus areas');
    return (await this.repo.focusAreas(ctx.tenant.id)).map(toView);
  }

  /** Creates a focus area; titles are unique in a tenant (ignoring case). */
  async create(ctx: LaunchContext, input: { title: string; description: string }): Promise<FocusAreaView> {
    requireCoach(ctx, 'create focus areas');
    if (await this.repo.focusAreaTitleTaken(ctx.tenant.id, input.title)) throw duplicate(input.title);
    const id = await this.repo.createFocusArea(ctx.tenant.id, input);
    return toView((await this.repo.focusArea(ctx.tenant.id, id))!);
  }

  /** Renames or redescribes a focus area of the coach's tenant. */
  async update(ctx: LaunchContext, id: string, input: { title: string; description: string }): Promise<FocusAreaView> {
    requireCoach(ctx, 'edit focus areas');
    if (await this.repo.focusAreaTitleTaken(ctx.tenant.id, input.title, id)) throw duplicate(input.title);
    if (!(await this.repo.updateFocusArea(ctx.tenant.id, id, input)))
      throw new AppError('not_found', 'That focus area was not found. It may have been deleted.');
    return toView((await this.repo.focusArea(ctx.tenant.id, id))!);
  }

  /** Deletes a focus area; its collections stay, without a focus area. */
  async delete(ctx: LaunchContext, id: string): Promise<void> {
    requireCoach(ctx, 'delete focus areas');
    if (!(await this.repo.deleteFocusArea(ctx.tenant.id, id)))
      throw new AppError('not_found', 'That focus area was not found. It may have been deleted.');
  }
}

function duplicate(title: string): AppError {
  return new AppError('already_exists', `There is already a focus area called "${title}". Choose another title.`, [
    { path: 'title', message: 'A focus area with this title already exists.' },
  ]);
}
