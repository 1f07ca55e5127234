import { PARTICIPATION_MAXIMUM, participationScore, type ParticipationCounts } from '@margins/shared';
import type { DbLocks } from '../data/db-locks.js';
import type { ParticipationRepo } from '../data/participation-repo.js';
import type { Logger } from '../http/logger.js';
import { AgsError, type AgsClient } from '../lti/ags-client.js';
import type { RosterService } from '../lti/roster-service.js';

/**
 * Posting a course's participation scores to its gradebook (AGS): the column, who the platform can grade,
 * and each changed score once, in order. Apart from participation-service.ts, which decides when (settings,
 * "Post scores now", the ledger pass) and shows the outcome.
 */

/** The gradebook column Margins uses for a course's participation grade (found again by resourceId). */
export const PARTICIPATION_LINE_ITEM = {
  label: 'Margins participation',
  scoreMaximum: PARTICIPATION_MAXIMUM,
  resourceId: 'margins-participation',
  tag: 'margins-participation',
} as const;

function comment(c: ParticipationCounts): string {
  return `Margins participation: ${c.shared} shared, ${c.tried} tried, ${c.feedback} feedback`;
}

/** Posts participation scores, one course at a time. */
export class ParticipationPoster {
  private readonly courseLocks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: {
      repo: ParticipationRepo;
      ags: AgsClient;
      roster?: RosterService | undefined;
      logger: Logger;
      /** Database locks: a course's posting runs once across tool processes. */
      locks?: DbLocks | undefined;
    },
  ) {}

  /**
   * Posts the scores of `userIds` (all participants when omitted) in one course with the grade on,
   * skipping scores already posted. Runs one at a time per course (in this process, and under the
   * course's database lock across processes), so scores arrive in order and are posted once.
   */
  async syncCourse(contextPk: string, opts: { userIds?: string[]; retryFailed?: boolean } = {}): Promise<void> {
    const previous = this.courseLocks.get(contextPk) ?? Promise.resolve();
    const locks = this.deps.locks;
    const now = () => this.syncCourseNow(contextPk, opts);
    const run = previous
      .catch(() => undefined)
      .then(() => (locks ? locks.withLock(`participation:${contextPk}`, now) : now()));
    this.courseLocks.set(contextPk, run);
    try {
      await run;
    } finally {
      if (this.courseLocks.get(contextPk) === run) this.courseLocks.delete(contextPk);
    }
  }

  private async syncCourseNow(contextPk: string, opts: { userIds?: string[]; retryFailed?: boolean }): Promise<void> {
    const repo = this.deps.repo;
    const grade = await repo.grade(contextPk);
    const platform = await repo.platformOf(contextPk);
    if (!grade?.enabled || !platform) return;
    let lineItem = grade.lineitem_url;
    try {
      if (!lineItem) {
        lineItem = await this.deps.ags.findOrCreateLineItem(
          platform,
          grade.lineitems_url,
          { ...PARTICIPATION_LINE_ITEM },
          grade.scopes_json,
        );
        await repo.setLineItem(contextPk, lineItem);
      }
    } catch (e) {
      if (!(e instanceof AgsError)) throw e;
      this.deps.logger.warn('participation gradebook column refused', {
        course: contextPk,
        status: e.status,
        platform: e.platformText,
      });
      await repo.setError(contextPk, e.message);
      return;
    }
    const gradable = await this.gradable(contextPk, grade.memberships_url, platform, opts.userIds);
    const [counts, last] = await Promise.all([
      repo.counts(
        contextPk,
        gradable.map((p) => p.userId),
      ),
      repo.lastScores(contextPk),
    ]);
    let courseError: string | null = null;
    for (const p of gradable) {
      const c = counts.get(p.userId)!;
      const score = participationScore(c);
      const before = last.get(p.userId);
      if (before && before.score === score && (before.status === 'posted' || !opts.retryFailed)) continue;
      try {
        await this.deps.ags.postScore(platform, lineItem, {
          userId: p.sub,
          scoreGiven: score,
          scoreMaximum: PARTICIPATION_MAXIMUM,
          comment: comment(c),
          activityProgress: score >= PARTICIPATION_MAXIMUM ? 'Completed' : 'InProgress',
          gradingProgress: 'FullyGraded',
          timestamp: new Date().toISOString(),
        });
        await repo.recordScore(contextPk, p.userId, score, { status: 'posted' });
      } catch (e) {
        if (!(e instanceof AgsError)) throw e;
        // Every refusal is kept (with the platform's status and words) and logged, never only counted.
        this.deps.logger.warn('participation score refused', {
          course: contextPk,
          user: p.userId,
          status: e.status,
          platform: e.platformText,
        });
        await repo.recordScore(contextPk, p.userId, score, {
          status: 'failed',
          error: e.message,
          httpStatus: e.status,
        });
        // Without a token or with the column gone, every post would fail the same way: stop here.
        if (e.courseWide) {
          courseError = e.message;
          if (e.status === 404) await repo.setLineItem(contextPk, ''); // the column was deleted: find or create it next time
          break;
        }
      }
    }
    await repo.setError(contextPk, courseError);
  }

  /**
   * The participants the platform can grade: from the course roster (NRPS) when the platform offers
   * it, since roles change after a launch; else those whose latest launch was as a learner.
   */
  private async gradable(
    contextPk: string,
    membershipsUrl: string | null,
    platform: { issuer: string; clientId: string },
    userIds?: string[],
  ): Promise<{ userId: string; sub: string }[]> {
    const participants = await this.deps.repo.participants(contextPk, userIds);
    if (membershipsUrl && this.deps.roster) {
      try {
        const members = await this.deps.roster.members(platform, membershipsUrl);
        const learners = new Set(members.filter((m) => m.active && m.courseRole === 'learner').map((m) => m.userId));
        return participants.filter((p) => learners.has(p.sub));
      } catch (e) {
        if (!(e instanceof AgsError)) throw e;
        this.deps.logger.warn('course roster unavailable; using launch roles', { course: contextPk, status: e.status });
      }
    }
    return participants.filter((p) => p.gradable);
  }
}
