import { AppError, DEFAULT_DETAIL_DAYS, type RetentionSettings } from '@margins/shared';
import type { DbLocks } from '../data/db-locks.js';
import type { DetailPurge, RetentionRepo } from '../data/retention-repo.js';
import type { Logger } from '../http/logger.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';

const DAY_MS = 86_400_000;

/** What one retention pass did (null when another process held the pass). */
export interface RetentionReport {
  feed: { removed: number; floor: number };
  details: (DetailPurge & { tenantId: string })[];
}

/** Retention settings and facts as the LMS views and the privacy page show them. */
export interface RetentionFacts {
  detailDays: number;
  feedDays: number;
}

/**
 * Retention (issue 16, items 5 and 6). A periodic pass, run by one tool process at a time (a database
 * lock, DESIGN: Storage), compacts the change feed past `feedDays` (browsers that sync later are told to
 * resync) and removes each district's details past its own setting (feedback text, "I tried this"
 * notes, ledger details; never counts).
 */
export class RetentionService {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<RetentionReport | null> | null = null;

  constructor(
    private readonly d: {
      repo: RetentionRepo;
      locks: DbLocks;
      logger: Logger;
      /** Days the change feed keeps its rows (SYNC_FEED_RETENTION_DAYS). */
      feedDays: number;
      /** Epoch ms (tests move the clock). */
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.d.now?.() ?? Date.now();
  }

  /**
   * One pass. `feedHorizonMs` replaces the feed's retention (tests simulate a browser offline past the
   * horizon with a tiny one); `detailHorizonMs` replaces every district's setting the same way.
   */
  runOnce(opts: { feedHorizonMs?: number; detailHorizonMs?: number } = {}): Promise<RetentionReport | null> {
    this.running ??= this.d.locks
      .ifFree('retention-pass', () => this.pass(opts))
      .then((got) => got?.value ?? null)
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async pass(opts: { feedHorizonMs?: number; detailHorizonMs?: number }): Promise<RetentionReport> {
    const now = this.now();
    const feedBefore = new Date(now - (opts.feedHorizonMs ?? this.d.feedDays * DAY_MS)).toISOString();
    const feed = await this.d.repo.compactFeed(feedBefore);
    const details: RetentionReport['details'] = [];
    for (const { tenantId, days } of await this.d.repo.allDetailDays()) {
      const before = new Date(now - (opts.detailHorizonMs ?? days * DAY_MS)).toISOString();
      const purged = await this.d.repo.purgeDetails(tenantId, before);
      if (purged.feedbackTexts || purged.endorsementNotes || purged.ledgerDetails)
        details.push({ tenantId, ...purged });
    }
    if (feed.removed || details.length) this.d.logger.info('retention pass', { feed, details });
    return { feed, details };
  }

  /** Runs a pass every `intervalMs` (unref'd: it never holds the process open). */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      void this.runOnce().catch((e: unknown) => this.d.logger.warn('retention pass failed', { error: String(e) }));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /**
   * The retention a district's people see on the privacy page (any launch of the district). `known` is
   * false (and the figures the defaults) without a district or for one that does not exist.
   */
  async facts(tenantId: string | null): Promise<RetentionFacts & { known: boolean }> {
    const days = tenantId ? await this.d.repo.detailDays(tenantId) : null;
    return { detailDays: days ?? DEFAULT_DETAIL_DAYS, feedDays: this.d.feedDays, known: days !== null };
  }

  /** The district's retention settings (district admins). */
  async settings(ctx: LaunchContext): Promise<RetentionFacts> {
    requireAdmin(ctx);
    const { detailDays, feedDays } = await this.facts(ctx.tenant.id);
    return { detailDays, feedDays };
  }

  /** Changes the district's retention (district admins); the next pass applies it. */
  async update(ctx: LaunchContext, s: RetentionSettings): Promise<RetentionFacts> {
    requireAdmin(ctx);
    await this.d.repo.setDetailDays(ctx.tenant.id, s.detailDays);
    const { detailDays, feedDays } = await this.facts(ctx.tenant.id);
    return { detailDays, feedDays };
  }
}

function requireAdmin(ctx: LaunchContext): void {
  if (!hasRole(ctx, 'district-admin'))
    throw new AppError(
      'forbidden',
      'Only a district admin, launching Margins from the account level, can change how long details are kept.',
    );
}
