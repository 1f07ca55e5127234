import {
  AppError,
  describeParticipationFormula,
  PARTICIPATION_MAXIMUM,
  participationScore,
  type ParticipationSettings,
} from '@margins/shared';
import type { DbLocks } from '../data/db-locks.js';
import type { ParticipationRepo } from '../data/participation-repo.js';
import type { Logger } from '../http/logger.js';
import { AGS_SCOPES, type AgsClient } from '../lti/ags-client.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';
import type { RosterService } from '../lti/roster-service.js';
import { ParticipationPoster } from './participation-posting.js';

/** The job's name in job_cursors. */
const JOB = 'participation-grades';
/** Ledger events can commit a little after their `at`: each run looks back this far again (posting is idempotent). */
const LOOKBACK_MS = 120_000;
const PAGE = 500;
/**
 * Every this many passes, every course with the grade on is recomputed in full: a safety net for
 * events recorded with an old `at` (an offline device syncing days later) that the cursor has passed.
 */
const SWEEP_EVERY = 20;

/**
 * What the coach should change, in plain words, when scores were refused: Moodle scores only users in
 * its graded roles (answering 400 "Incorrect score received"), Canvas only students (422 "User not
 * found in course or is not a student"); 401/403 mean Margins may not post grades at all.
 */
export function adviceFor(
  product: 'canvas' | 'moodle' | 'other',
  failed: number,
  status: number | null,
  courseError: string | null,
): string | null {
  if (courseError)
    return 'Margins cannot post to this course\'s gradebook at all. Ask your LMS administrator to allow Margins to post grades (Assignment and Grade Services) and to keep its gradebook column, then choose "Post scores now".';
  if (!failed) return null;
  const who = failed === 1 ? '1 participant' : `${failed} participants`;
  if (status === 401 || status === 403)
    return `The gradebook refused ${who}: Margins is not allowed to post grades. Ask your LMS administrator to allow grades for Margins.`;
  const enrol =
    product === 'moodle'
      ? 'In Moodle, enrol them as Students (or give their role a place among Site administration > Grades > General settings > Graded roles)'
      : product === 'canvas'
        ? 'In Canvas, enrol them as Students in the course'
        : 'Enrol them as learners (students) in the course';
  return `The gradebook refused ${who}: the learning platform grades only its students. ${enrol}, then choose "Post scores now".`;
}

/**
 * The optional participation grade of a professional-learning course (issue 7, AGS 2.0). A teacher or
 * coach of the course turns it on from a launch that carried the grade service; Margins then finds or
 * creates its gradebook column and posts a participant's score whenever it changes. Changes are
 * noticed from the contribution ledger (shared, endorsed, feedback given, remixed), so the code that
 * records those needs no hook; a score is posted only when it differs from the last one posted.
 */
export class ParticipationService {
  private running: Promise<void> | null = null;
  private passes = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly poster: ParticipationPoster;

  constructor(
    private readonly deps: {
      repo: ParticipationRepo;
      ags: AgsClient;
      roster?: RosterService;
      logger: Logger;
      /** Database locks: a course's posting, and the grading pass, run once across tool processes. */
      locks?: DbLocks;
    },
  ) {
    this.poster = new ParticipationPoster(deps);
  }

  /**
   * Notes that the launching person takes part in the launch's course (LaunchService's afterLaunch):
   * gradable when they launched as a learner, since Moodle and Canvas score only students.
   */
  async noteLaunch(ctx: LaunchContext): Promise<void> {
    if (!ctx.course) return;
    await this.deps.repo.noteParticipant(ctx.tenant.id, ctx.course.id, ctx.user.id, ctx.courseRole === 'learner');
    if (ctx.membershipsUrl) await this.deps.repo.setMembershipsUrl(ctx.course.id, ctx.membershipsUrl);
  }

  /** The course's participation grade as this person sees it. */
  async settings(ctx: LaunchContext): Promise<ParticipationSettings> {
    const unavailable = this.unavailableReason(ctx);
    const course = ctx.course;
    const grade = course ? await this.deps.repo.grade(course.id) : null;
    const mineCounts = course
      ? (await this.deps.repo.counts(course.id, [ctx.user.id])).get(ctx.user.id)!
      : { shared: 0, tried: 0, feedback: 0 };
    const summary = {
      participants: 0,
      posted: 0,
      failed: 0,
      notGraded: 0,
      lastPostedAt: null as string | null,
      lastError: grade?.last_error ?? null,
      advice: null as string | null,
    };
    if (course) {
      const [participants, scores] = await Promise.all([
        this.deps.repo.participants(course.id),
        this.deps.repo.lastScores(course.id),
      ]);
      const gradable = new Set(participants.filter((p) => p.gradable).map((p) => p.userId));
      summary.participants = gradable.size;
      summary.notGraded = participants.length - gradable.size;
      let refusedStatus: number | null = null;
      for (const [userId, s] of scores) {
        if (!gradable.has(userId)) continue;
        if (s.status === 'posted') {
          summary.posted++;
          if (!summary.lastPostedAt || s.updatedAt > summary.lastPostedAt) summary.lastPostedAt = s.updatedAt;
        } else {
          summary.failed++;
          summary.lastError ??= s.error;
          refusedStatus ??= s.httpStatus;
        }
      }
      summary.advice = adviceFor(ctx.tenant.product, summary.failed, refusedStatus, grade?.last_error ?? null);
    }
    return {
      available: unavailable === null,
      unavailableReason: unavailable,
      canManage: !!course && (hasRole(ctx, 'coach') || (hasRole(ctx, 'teacher') && ctx.courseRole !== 'learner')),
      enabled: grade?.enabled ?? false,
      scoreMaximum: PARTICIPATION_MAXIMUM,
      formula: describeParticipationFormula(),
      summary,
      mine: { counts: mineCounts, score: participationScore(mineCounts) },
    };
  }

  /** Turns the grade on (finding or creating the column and posting everyone's score) or off. */
  async setEnabled(ctx: LaunchContext, enabled: boolean): Promise<ParticipationSettings> {
    const course = this.requireManager(ctx);
    if (enabled) {
      const reason = this.unavailableReason(ctx);
      if (reason) throw new AppError('validation_failed', reason);
      await this.deps.repo.setGrade({
        contextPk: course.id,
        tenantId: ctx.tenant.id,
        enabled: true,
        lineItemsUrl: ctx.ags!.lineItemsUrl,
        scopes: ctx.ags!.scopes,
        userId: ctx.user.id,
        membershipsUrl: ctx.membershipsUrl,
      });
      await this.poster.syncCourse(course.id);
    } else {
      const grade = await this.deps.repo.grade(course.id);
      if (grade)
        await this.deps.repo.setGrade({
          contextPk: course.id,
          tenantId: ctx.tenant.id,
          enabled: false,
          lineItemsUrl: grade.lineitems_url,
          scopes: grade.scopes_json,
          userId: ctx.user.id,
        });
    }
    return this.settings(ctx);
  }

  /** Recomputes and posts every participant's score now (e.g. after a failure was fixed). */
  async postNow(ctx: LaunchContext): Promise<ParticipationSettings> {
    const course = this.requireManager(ctx);
    const grade = await this.deps.repo.grade(course.id);
    if (!grade?.enabled) throw new AppError('validation_failed', 'Turn the participation grade on first.');
    await this.poster.syncCourse(course.id, { retryFailed: true });
    return this.settings(ctx);
  }

  /**
   * One pass over the ledger since the last one: courses with the grade on get the scores of the
   * people who acted there recomputed and, where changed, posted. With `sweep` (and every
   * SWEEP_EVERY passes) every participant of every such course is recomputed first.
   */
  runOnce(opts: { sweep?: boolean } = {}): Promise<void> {
    const sweep = opts.sweep ?? ++this.passes % SWEEP_EVERY === 0;
    // While another process runs the pass, this one skips its turn: the pass reads a shared cursor.
    const once = async () => {
      if (!this.deps.locks) return this.pass(sweep);
      await this.deps.locks.ifFree('participation-pass', () => this.pass(sweep));
    };
    this.running ??= once().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(sweep: boolean): Promise<void> {
    const repo = this.deps.repo;
    if (sweep) {
      for (const grade of await repo.enabledCourses()) {
        await this.poster
          .syncCourse(grade.context_pk)
          .catch((e: unknown) => this.deps.logger.warn('participation grade sync failed', { error: String(e) }));
      }
    }
    const saved = await repo.cursor(JOB);
    const since = new Date(saved ? Date.parse(saved) - LOOKBACK_MS : Date.now() - LOOKBACK_MS).toISOString();
    let after: { at: string; id: string } | null = null;
    let newest = saved;
    const touched = new Map<string, Set<string>>();
    for (;;) {
      const page = await repo.touched(since, after, PAGE);
      for (const r of page.rows) {
        const users = touched.get(r.contextPk) ?? new Set<string>();
        users.add(r.userId);
        touched.set(r.contextPk, users);
      }
      if (page.last) {
        after = page.last;
        if (!newest || page.last.at > newest) newest = page.last.at;
      }
      if (page.count < PAGE) break;
    }
    if (touched.size) {
      for (const grade of await repo.enabledCourses([...touched.keys()])) {
        await this.poster
          .syncCourse(grade.context_pk, { userIds: [...touched.get(grade.context_pk)!] })
          .catch((e: unknown) => this.deps.logger.warn('participation grade sync failed', { error: String(e) }));
      }
    }
    await repo.saveCursor(JOB, newest ?? new Date().toISOString());
  }

  /** Runs a pass every `intervalMs` in the background (unref'd: it never keeps the process alive). */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(
      () =>
        void this.runOnce().catch((e: unknown) =>
          this.deps.logger.warn('participation grading pass failed', { error: String(e) }),
        ),
      intervalMs,
    );
    this.timer.unref();
  }

  /** Stops the background passes and waits for one in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private requireManager(ctx: LaunchContext): NonNullable<LaunchContext['course']> {
    if (!ctx.course)
      throw new AppError(
        'validation_failed',
        'Open Margins from the course whose participation grade you want to set up.',
      );
    if (!hasRole(ctx, 'coach') && !(hasRole(ctx, 'teacher') && ctx.courseRole !== 'learner'))
      throw new AppError('forbidden', 'Only a teacher or coach of this course can set up its participation grade.');
    return ctx.course;
  }

  private unavailableReason(ctx: LaunchContext): string | null {
    if (!ctx.course) return 'Open Margins from a course to see its participation grade.';
    const ags = ctx.ags;
    if (!ags)
      return 'Your learning platform did not offer its gradebook to Margins in this course. Ask your LMS administrator to allow grades (Assignment and Grade Services) for Margins.';
    if (!ags.scopes.includes(AGS_SCOPES.score))
      return 'Your learning platform does not let Margins post scores in this course.';
    if (!ags.scopes.includes(AGS_SCOPES.lineItem) && !ags.scopes.includes(AGS_SCOPES.lineItemReadOnly))
      return 'Your learning platform does not let Margins use gradebook columns in this course.';
    return null;
  }
}
