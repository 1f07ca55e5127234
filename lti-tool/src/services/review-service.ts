import { AppError, type FeaturedPractice, type NetworkReview, type SharedAdaptation } from '@margins/shared';
import type { AdaptationsRepo } from '../data/adaptations-repo.js';
import type { CurationRepo, ReviewRow } from '../data/curation-repo.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';
import { personOf, requireCoach } from './coach-access.js';
import { viewerOf, type LibraryService } from './library-service.js';

function reviewOf(r: ReviewRow): NetworkReview {
  return {
    adaptationId: r.adaptation_id,
    decision: r.decision,
    note: r.note,
    reviewer: personOf(r.reviewer_user_id, r.reviewer_name),
    at: r.at,
  };
}

/**
 * Two coach decisions about practices: approving a practice for sharing with other districts
 * (network visibility waits for a coach; DESIGN: Visibility), and featuring practices at the top of
 * the district's library with a reason. Coaches act in their own tenant and on what they can see.
 */
export class ReviewService {
  constructor(
    private readonly deps: { curation: CurationRepo; adaptations: AdaptationsRepo; library: LibraryService },
  ) {}

  /** Practices of the coach's tenant waiting for network sharing approval, oldest first. */
  async pending(ctx: LaunchContext): Promise<SharedAdaptation[]> {
    requireCoach(ctx, 'review sharing with other districts');
    return this.deps.library.present(ctx, await this.deps.curation.pendingNetwork(ctx.tenant.id));
  }

  /** Approves or declines a pending request, with a note to the author. */
  async decide(
    ctx: LaunchContext,
    adaptationId: string,
    input: { decision: 'approve' | 'decline'; note: string },
  ): Promise<NetworkReview> {
    requireCoach(ctx, 'approve sharing with other districts');
    // Approval is a second pair of eyes: a coach's own practice needs another coach (declining it is withdrawing).
    if (input.decision === 'approve') {
      const a = await this.deps.adaptations.get(adaptationId);
      if (a && a.tenant_id === ctx.tenant.id && a.author_user_id === ctx.user.id)
        throw new AppError(
          'forbidden',
          'You cannot approve your own practice for other districts: another coach of your district approves it.',
        );
    }
    const outcome = await this.deps.curation.review({
      tenantId: ctx.tenant.id,
      adaptationId,
      reviewerUserId: ctx.user.id,
      decision: input.decision === 'approve' ? 'approved' : 'declined',
      note: input.note,
    });
    if (outcome.kind === 'not_found')
      throw new AppError(
        'not_found',
        'That practice is not waiting for approval in your district. It may have been deleted or made less widely shared.',
      );
    if (outcome.kind === 'not_pending') {
      throw new AppError(
        'conflict',
        outcome.status === 'approved'
          ? 'Another coach already approved this practice for other districts.'
          : 'This practice is no longer waiting for approval: another coach already decided.',
      );
    }
    return reviewOf(outcome.review);
  }

  /** The latest decision, for the practice's author or a coach of its district; null when none yet. */
  async latest(ctx: LaunchContext, adaptationId: string): Promise<NetworkReview | null> {
    const a = await this.deps.adaptations.getVisible(adaptationId, viewerOf(ctx));
    if (!a) throw new AppError('not_found');
    const isAuthor = a.author_user_id === ctx.user.id;
    const isCoachHere = hasRole(ctx, 'coach') && a.tenant_id === ctx.tenant.id;
    if (!isAuthor && !isCoachHere)
      throw new AppError(
        'forbidden',
        'Only the author and coaches see the notes about sharing a practice with other districts.',
      );
    const r = await this.deps.curation.latestReview(adaptationId);
    return r ? reviewOf(r) : null;
  }

  /** The district's featured practices this person may see, most recently featured first. */
  async featured(ctx: LaunchContext): Promise<FeaturedPractice[]> {
    const rows = await this.deps.curation.featured(ctx.tenant.id);
    const visible = await this.deps.curation.visibleAmong(
      rows.map((r) => r.adaptation_id),
      viewerOf(ctx),
    );
    const shown = new Map(
      (
        await this.deps.library.present(
          ctx,
          rows.flatMap((r) => visible.get(r.adaptation_id) ?? []),
        )
      ).map((a) => [a.id, a]),
    );
    return rows.flatMap((r) => {
      const adaptation = shown.get(r.adaptation_id);
      return adaptation
        ? [
            {
              adaptation,
              reason: r.reason,
              featuredBy: personOf(r.featured_by, r.featured_by_name),
              featuredAt: r.featured_at,
            },
          ]
        : [];
    });
  }

  /** Features a practice the coach can see (not a private one), or changes the reason. */
  async feature(ctx: LaunchContext, adaptationId: string, reason: string): Promise<FeaturedPractice> {
    requireCoach(ctx, 'feature practices');
    const a = await this.deps.adaptations.getVisible(adaptationId, viewerOf(ctx));
    if (!a) throw new AppError('not_found', 'That practice was not found, or it is not shared with you.');
    if (a.visibility === 'private')
      throw new AppError('validation_failed', 'A private practice cannot be featured: only its author can see it.');
    await this.deps.curation.feature(ctx.tenant.id, adaptationId, reason, ctx.user.id);
    const f = (await this.featured(ctx)).find((x) => x.adaptation.id === adaptationId);
    if (!f) throw new Error('featured practice vanished');
    return f;
  }

  /** Stops featuring a practice. */
  async unfeature(ctx: LaunchContext, adaptationId: string): Promise<void> {
    requireCoach(ctx, 'stop featuring practices');
    if (!(await this.deps.curation.unfeature(ctx.tenant.id, adaptationId)))
      throw new AppError('not_found', 'That practice is not featured.');
  }
}
