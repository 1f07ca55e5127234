import {
  AppError,
  type MentoringActivity,
  type MentoringActivityInput,
  type MentoringPair,
  type SharedAdaptation,
} from '@margins/shared';
import type { ActivityRow, MentoringActivitiesRepo } from '../data/mentoring-activities-repo.js';
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
    activities: { confirmed: r.confirmed_activities, pending: r.pending_activities },
  };
}

function activityOf(r: ActivityRow, viewerId: string): MentoringActivity {
  const status = r.confirmed_at ? 'confirmed' : r.declined_at ? 'declined' : 'pending';
  return {
    id: r.id,
    pairId: r.pair_id,
    kind: r.kind,
    happenedOn: r.happened_on,
    minutes: r.minutes,
    mentor: personOf(r.mentor_user_id, r.mentor_name),
    mentee: personOf(r.mentee_user_id, r.mentee_name),
    loggedBy: personOf(r.logged_by, r.logged_by_name),
    status,
    awaitsMe: status === 'pending' && r.logged_by !== viewerId,
    createdAt: r.created_at,
  };
}

/** Today's date in UTC, and tomorrow's: a teacher west of UTC may log "today" while UTC is already tomorrow. */
function latestLoggableDay(now = new Date()): string {
  return new Date(now.getTime() + 24 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Mentoring (issue 7): a coach pairs an experienced teacher with a newer one in the same district;
 * the newer teacher then finds "From my mentor" in the library (the mentor's shared practices, under
 * the usual visibility rules). The pair logs what they do together; each activity the other person
 * confirms is a 'mentoring' contribution of the mentor (issue 15: the pairing itself earns nothing).
 */
export class MentoringService {
  constructor(
    private readonly deps: { mentoring: MentoringRepo; activities: MentoringActivitiesRepo; library: LibraryService },
  ) {}

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
      throw new AppError(
        'already_exists',
        'These two people are already a mentoring pair (one of them mentors the other). End that pair first to change who mentors whom.',
      );
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

  /** The activities of the caller's pairs, newest first, with those awaiting the caller's answer marked. */
  async activities(ctx: LaunchContext): Promise<MentoringActivity[]> {
    return (await this.deps.activities.forPerson(ctx.tenant.id, ctx.user.id)).map((r) => activityOf(r, ctx.user.id));
  }

  /** Logs an activity of an active pair the caller is in; the other person is asked to confirm it. */
  async logActivity(ctx: LaunchContext, input: MentoringActivityInput): Promise<MentoringActivity> {
    const pair = await this.deps.mentoring.get(ctx.tenant.id, input.pairId);
    if (!pair || (pair.mentor_user_id !== ctx.user.id && pair.mentee_user_id !== ctx.user.id))
      throw new AppError(
        'not_found',
        'That mentoring pair was not found. Only the two people of a pair log its activities.',
      );
    if (pair.ended_at)
      throw new AppError('conflict', 'This mentoring pair has ended: its activities can no longer be logged.');
    if (input.happenedOn > latestLoggableDay())
      throw new AppError('validation_failed', 'Log an activity once it has happened: the date is in the future.');
    if (input.happenedOn < pair.created_at.slice(0, 10))
      throw new AppError('validation_failed', 'The date is before the coach paired you: log activities since then.');
    const logged = await this.deps.activities.log(ctx.tenant.id, ctx.user.id, input);
    if (logged.kind === 'duplicate')
      throw new AppError('already_exists', 'This activity is already logged for that day.');
    return activityOf((await this.deps.activities.get(ctx.tenant.id, logged.id))!, ctx.user.id);
  }

  /** The other person of the pair confirms an activity: it becomes the mentor's contribution. */
  confirmActivity(ctx: LaunchContext, id: string): Promise<MentoringActivity> {
    return this.answer(ctx, id, (a) => this.deps.activities.confirm(ctx.tenant.id, a, ctx.user.id));
  }

  /** The other person of the pair declines an activity (it did not happen as logged): it counts for nothing. */
  declineActivity(ctx: LaunchContext, id: string): Promise<MentoringActivity> {
    return this.answer(ctx, id, (a) => this.deps.activities.decline(ctx.tenant.id, a.id, ctx.user.id));
  }

  private async answer(
    ctx: LaunchContext,
    id: string,
    apply: (a: ActivityRow) => Promise<boolean>,
  ): Promise<MentoringActivity> {
    const activity = await this.deps.activities.get(ctx.tenant.id, id);
    if (!activity || (activity.mentor_user_id !== ctx.user.id && activity.mentee_user_id !== ctx.user.id))
      throw new AppError('not_found', 'That mentoring activity was not found.');
    if (activity.logged_by === ctx.user.id)
      throw new AppError('forbidden', 'The other person of the pair confirms an activity, not the one who logged it.');
    if (!(await apply(activity))) throw new AppError('conflict', 'This activity has already been answered.');
    return activityOf((await this.deps.activities.get(ctx.tenant.id, id))!, ctx.user.id);
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
