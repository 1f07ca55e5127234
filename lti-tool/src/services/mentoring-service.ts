import { AppError, type MentoringPair, type SharedAdaptation } from '@margins/shared';
import type { MentoringRepo, PairRow } from '../data/mentoring-repo.js';
import type { LaunchContext } from '../lti/launch-context.js';
import { personOf, requireCoach } from './coach-access.js';
import { viewerOf, type LibraryService } from './library-service.js';

function pairOf(r: PairRow): MentoringPair {
  return {
    id: r.id,
    mentor: personOf(r.mentor_user_id, r.mentor_name),
    mentee: personOf(r.mentee_user_id, r.mentee_name),
    createdBy: personOf(r.created_by, r.created_by_name),
    createdAt: r.created_at,
    endedAt: r.ended_at,
  };
}

/**
 * Mentoring (issue 7): a coach pairs an experienced teacher with a newer one in the same district;
 * the newer teacher then finds "From my mentor" in the library (the mentor's shared practices, under
 * the usual visibility rules). A new pair is a 'mentoring' contribution of the mentor.
 */
export class MentoringService {
  constructor(private readonly deps: { mentoring: MentoringRepo; library: LibraryService }) {}

  /** Staff of the coach's district matching `q`, to pick a mentor or mentee. */
  async people(ctx: LaunchContext, q: string): Promise<{ userId: string; name: string; email: string | null }[]> {
    requireCoach(ctx, 'find people for mentoring');
    return (await this.deps.mentoring.people(ctx.tenant.id, q)).map((p) => ({
      userId: p.id,
      name: p.name || 'A colleague',
      email: p.email,
    }));
  }

  /** The district's mentoring pairs, active ones first. */
  async pairs(ctx: LaunchContext): Promise<MentoringPair[]> {
    requireCoach(ctx, 'see mentoring pairs');
    return (await this.deps.mentoring.list(ctx.tenant.id)).map(pairOf);
  }

  /** Pairs a mentor with a mentee: both of the coach's district, two different people, not already paired. */
  async create(ctx: LaunchContext, input: { mentorUserId: string; menteeUserId: string }): Promise<MentoringPair> {
    requireCoach(ctx, 'pair mentors');
    if (input.mentorUserId === input.menteeUserId)
      throw new AppError('validation_failed', 'A teacher cannot mentor themselves: choose two different people.');
    const [mentorOk, menteeOk] = await Promise.all([
      this.deps.mentoring.isTenantUser(ctx.tenant.id, input.mentorUserId),
      this.deps.mentoring.isTenantUser(ctx.tenant.id, input.menteeUserId),
    ]);
    if (!mentorOk || !menteeOk)
      throw new AppError(
        'not_found',
        'Both people must have opened Margins in your district before they can be paired.',
      );
    const created = await this.deps.mentoring.create({
      tenantId: ctx.tenant.id,
      mentorUserId: input.mentorUserId,
      menteeUserId: input.menteeUserId,
      createdBy: ctx.user.id,
    });
    if (created.kind === 'duplicate')
      throw new AppError('already_exists', 'These two people are already a mentoring pair.');
    return pairOf((await this.deps.mentoring.get(ctx.tenant.id, created.id))!);
  }

  /** Ends an active pair (it stays in the list as ended; the ledger keeps the contribution). */
  async end(ctx: LaunchContext, id: string): Promise<MentoringPair> {
    requireCoach(ctx, 'end mentoring pairs');
    if (!(await this.deps.mentoring.end(ctx.tenant.id, id, ctx.user.id))) {
      const pair = await this.deps.mentoring.get(ctx.tenant.id, id);
      throw pair
        ? new AppError('conflict', 'This mentoring pair has already ended.')
        : new AppError('not_found', 'That mentoring pair was not found.');
    }
    return pairOf((await this.deps.mentoring.get(ctx.tenant.id, id))!);
  }

  /** The caller's own mentors and mentees. */
  mine(ctx: LaunchContext) {
    return this.deps.mentoring.mine(ctx.tenant.id, ctx.user.id);
  }

  /** "From my mentor": a page of the mentors' shared practices this person may see. */
  async practices(
    ctx: LaunchContext,
    opts: { cursor?: string | undefined; limit: number },
  ): Promise<{ items: SharedAdaptation[]; total: number; nextCursor: string | null }> {
    const page = await this.deps.mentoring.mentorPractices(viewerOf(ctx), opts);
    return { items: await this.deps.library.present(ctx, page.items), total: page.total, nextCursor: page.nextCursor };
  }
}
