import { createHmac } from 'node:crypto';
import { AppError, type FieldIssue } from '@margins/shared';
import { findSharedTextConcerns, rosterNameTokens } from '@margins/shared/names';
import type { PrivacyConcernKind } from '@margins/shared/privacy';
import type { RosterNamesRepo } from '../data/roster-names-repo.js';
import type { Logger } from '../http/logger.js';
import { AgsError } from '../lti/ags-client.js';
import type { LaunchContext } from '../lti/launch-context.js';
import type { RosterService } from '../lti/roster-service.js';
import { deriveKey } from './signed-token.js';

/** How long a course's learner names are trusted before the next launch refreshes them. */
export const ROSTER_TTL_MS = 12 * 3_600_000;
/** How long a check waits for a refresh in progress before going on without it. */
const REFRESH_WAIT_MS = 5_000;

/** Who is writing: the check uses the rosters of this person's courses in their own district. */
export interface Writer {
  tenantId: string;
  userId: string;
  /** Their own name, never flagged in their texts. */
  name?: string | null;
}

/** One passage to look at: where it is in its field, never the words themselves (they stay out of logs). */
export interface PrivacyFinding {
  field: string;
  index: number;
  length: number;
  kind: PrivacyConcernKind;
  /** A learner of the writer's courses (the roster), or the detector's guess. */
  source: 'roster' | 'detector';
}

/**
 * The roster-aware privacy guard of the tool (issue 16). Learner names come from the platform's
 * roster (NRPS) on launch, at most every ROSTER_TTL_MS per course, and are kept only as HMACs of
 * their normalized tokens under a per-district key derived from MARGINS_SECRET: the table never
 * holds a readable name, and the hashes are useless outside this process. A text is checked against
 * the rosters of the writer's own courses plus the shared name detector. `refuse` blocks (before
 * anything public or signed); `check` returns the findings for a warning.
 */
export class PrivacyGuard {
  private readonly pending = new Map<string, Promise<void>>();
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly d: {
      repo: RosterNamesRepo;
      roster: RosterService;
      secret: string;
      logger: Logger;
      ttlMs?: number;
      now?: () => Date;
    },
  ) {}

  /** The salted hash of one normalized name token in a district. */
  hash(tenantId: string, token: string): string {
    let key = this.keys.get(tenantId);
    if (!key) this.keys.set(tenantId, (key = deriveKey(this.d.secret, `roster-names:${tenantId}`)));
    return createHmac('sha256', key).update(token).digest('hex').slice(0, 32);
  }

  /**
   * After a launch: refreshes the course's learner names in the background when they are older than
   * the TTL (the launch never waits for the platform). Checks wait for a refresh in progress.
   */
  noteLaunch(ctx: LaunchContext): void {
    const course = ctx.course;
    const url = ctx.membershipsUrl;
    if (!course || !url || this.pending.has(course.id)) return;
    const run = (async () => {
      const at = await this.d.repo.refreshedAt(course.id);
      const now = this.d.now?.() ?? new Date();
      if (at && now.getTime() - Date.parse(at) < (this.d.ttlMs ?? ROSTER_TTL_MS)) return;
      await this.refresh(ctx.tenant.id, course.id, { issuer: ctx.tenant.issuer, clientId: ctx.tenant.clientId }, url);
    })()
      .catch((e: unknown) => {
        const status = e instanceof AgsError ? e.status : null;
        this.d.logger.warn('privacy: course roster not refreshed', { course: course.id, status, error: String(e) });
      })
      .finally(() => this.pending.delete(course.id));
    this.pending.set(course.id, run);
  }

  /** Reads the course roster now and replaces its learners' token hashes; returns how many learners. */
  async refresh(
    tenantId: string,
    contextPk: string,
    platform: { issuer: string; clientId: string },
    membershipsUrl: string,
  ): Promise<number> {
    const members = await this.d.roster.members(platform, membershipsUrl);
    const learners = members.filter((m) => m.courseRole === 'learner' && m.name);
    const hashes = learners.flatMap((m) => rosterNameTokens(m.name!).map((t) => this.hash(tenantId, t)));
    await this.d.repo.replace(
      tenantId,
      contextPk,
      hashes,
      (this.d.now?.() ?? new Date()).toISOString(),
      learners.length,
    );
    return learners.length;
  }

  /** Every passage of the fields that may identify a student, by field, in order. */
  async check(writer: Writer, fields: Record<string, string>): Promise<PrivacyFinding[]> {
    await this.settled();
    const hashes = await this.d.repo.hashesFor(writer.tenantId, writer.userId);
    const isRosterToken = (t: string) => hashes.has(this.hash(writer.tenantId, t));
    const out: PrivacyFinding[] = [];
    for (const [field, text] of Object.entries(fields)) {
      for (const c of findSharedTextConcerns(text, { isRosterToken, writerName: writer.name ?? null })) {
        out.push({
          field,
          index: c.index,
          length: c.text.length,
          kind: c.kind,
          source: c.fromRoster ? 'roster' : 'detector',
        });
      }
    }
    return out;
  }

  /**
   * Blocks a text bound for something public or signed: a 400 whose issues name each field and the
   * character positions of the words to remove (never the words, so logs and error reports stay clean).
   */
  async refuse(writer: Writer, fields: Record<string, string>, what: string): Promise<void> {
    const found = await this.check(writer, fields);
    if (!found.length) return;
    const issues: FieldIssue[] = found.map((f) => ({
      path: `privacy.${f.field}`,
      message: `Characters ${f.index + 1}–${f.index + f.length} ${
        f.kind === 'student-name'
          ? f.source === 'roster'
            ? 'are the name of a learner in your courses'
            : 'look like a person\u2019s name'
          : `look like ${f.kind === 'email' ? 'an email address' : f.kind === 'phone' ? 'a phone number' : 'an ID number'}`
      }: remove them.`,
    }));
    throw new AppError(
      'validation_failed',
      `${what} is public and permanent: remove the words marked in ${[...new Set(found.map((f) => f.field))].join(' and ')} (no student names or personal details).`,
      issues,
    );
  }

  /** Waits (a little) for roster refreshes in progress, so a check right after a launch sees them. */
  private async settled(): Promise<void> {
    if (!this.pending.size) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending.values()]),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, REFRESH_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }
}
