import { createHash, randomUUID } from 'node:crypto';
import {
  AppError,
  evaluateRecognitionRules,
  parseOrThrow,
  RevokeInputSchema,
  type AwardPreview,
  type CoachAwardInput,
  type ContributionType,
  type EarnedRecognition,
  type Recognition,
  type RecognitionRule,
  type RecognitionRuleSetting,
  type WallEntry,
} from '@margins/shared';
import { buildStatusListEntry, randomStatusIndex } from '../badges/index.js';
import type { ChangeBus } from '../data/change-bus.js';
import type { Db } from '../data/db.js';
import type { DbLocks, LockClient } from '../data/db-locks.js';
import type { LedgerRepo } from '../data/ledger-repo.js';
import { RecognitionRepo } from '../data/recognition-repo.js';
import { isUniqueViolation } from '../data/rows.js';
import type { TenancyRepo, UserRow } from '../data/tenancy-repo.js';
import type { Logger } from '../http/logger.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';
import type { BadgeIssuer } from './badge-issuer.js';
import { recipientOf, recognitionOf } from './recognition-rows.js';
import type { PrivacyGuard } from './privacy-guard.js';
import { prepareCoachAward, rulePublicText } from './recognition-preview.js';

/** How long after a ledger append the district's rules are evaluated (appends in a burst share one pass). */
export const RECOGNITION_DEBOUNCE_MS = 2_000;
/** How long a recognition view waits for a pass before answering with what is already issued. */
const FRESHEN_WAIT_MS = 3_000;
/** Attempts at a free status index before giving up (collisions are rare: the list has 131,072 entries). */
const INDEX_ATTEMPTS = 5;

/** A district's enabled rules as this process holds them between passes (issue 17). */
interface HeldRules {
  /** The switches they were read with (RecognitionRepo.signatureOf): compared with the database's in each pass. */
  sig: string;
  rules: RecognitionRule[];
  types: ContributionType[];
  /** Names the rules in the watermark: a pass is incremental only from a watermark made with the same rules. */
  key: string;
}

function held(rows: { rule: RecognitionRule; enabled: boolean }[]): HeldRules {
  const rules = rows.filter((r) => r.enabled).map((r) => r.rule);
  return {
    sig: RecognitionRepo.signatureOf(rows),
    rules,
    types: [...new Set(rules.flatMap((r) => r.eventTypes))],
    key: createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 32),
  };
}

/** Coaches and district admins manage recognition for their own district. */
function requireManager(ctx: LaunchContext, doing: string): void {
  if (!hasRole(ctx, 'coach') && !hasRole(ctx, 'district-admin'))
    throw new AppError('forbidden', `Only an instructional coach or a district admin can ${doing}.`);
}

/**
 * Recognition (issue 7): evaluates the district's enabled rules over its ledger and issues what is
 * newly earned as signed Open Badges 3.0 credentials (idempotent: a rule is earned once per person,
 * enforced by the database, so concurrent passes in any number of processes settle on one row);
 * coach awards with a citation; revocation; the teacher's own list, download and wall choice; the
 * course wall. Nothing here ranks or counts people, and no answer names an adaptation.
 */
export class RecognitionService {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly seeded = new Set<string>();
  /** Each district's enabled rules, read once and dropped when they change here or (change bus) in another process. */
  private readonly heldRules = new Map<string, HeldRules>();
  /** Counts the drops, so a read that raced with one is not kept. */
  private rulesDropped = 0;
  private warnedNoKek = false;
  private stopped = false;

  constructor(
    private readonly d: {
      db: Db;
      /** The district's pass runs under its lock: once at a time across every tool process. */
      locks: DbLocks;
      repo: RecognitionRepo;
      ledger: LedgerRepo;
      tenancy: TenancyRepo;
      issuer: BadgeIssuer;
      logger: Logger;
      /** The roster-aware check of award texts; without it, only the detector inside the credential builder runs. */
      privacy?: PrivacyGuard;
      debounceMs?: number;
      /** Tells the other tool processes that a district's rules changed (their held rules are dropped). */
      bus?: ChangeBus;
    },
  ) {
    d.bus?.on('recognition-rules', (tenantId) => this.dropRules(tenantId));
  }

  // ------------------------------------------------------------------ evaluation

  /** Asks for an evaluation of a district soon (after a ledger append), without delaying the caller. */
  schedule(tenantId: string): void {
    if (this.stopped || this.timers.has(tenantId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(tenantId);
      void this.evaluate(tenantId).catch((e: unknown) =>
        this.d.logger.warn('recognition evaluation failed', { tenantId, error: String(e) }),
      );
    }, this.d.debounceMs ?? RECOGNITION_DEBOUNCE_MS);
    timer.unref();
    this.timers.set(tenantId, timer);
  }

  /**
   * Evaluates the district's enabled rules and issues every newly earned recognition; returns how
   * many were issued. Passes for one district run one after another in this process, and under the
   * district's database lock, so a pass in another process is waited for (and what it issued is then
   * found, not signed again).
   */
  evaluate(tenantId: string): Promise<number> {
    const previous = this.chains.get(tenantId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.evaluateNow(tenantId));
    this.chains.set(tenantId, next);
    void next
      .finally(() => {
        if (this.chains.get(tenantId) === next) this.chains.delete(tenantId);
      })
      .catch(() => undefined);
    return next;
  }

  private async ensureRules(tenantId: string): Promise<void> {
    if (this.seeded.has(tenantId)) return;
    await this.d.repo.ensureRules(tenantId);
    this.seeded.add(tenantId);
  }

  /** The district's enabled rules: held in this process until they change (seeded on first use). */
  private async enabledRules(tenantId: string): Promise<HeldRules> {
    const known = this.heldRules.get(tenantId);
    if (known) return known;
    const drops = this.rulesDropped;
    await this.ensureRules(tenantId);
    const read = held(await this.d.repo.rules(tenantId));
    if (drops === this.rulesDropped) this.heldRules.set(tenantId, read);
    return read;
  }

  private dropRules(tenantId: string | null): void {
    this.rulesDropped++;
    if (tenantId === null) this.heldRules.clear();
    else this.heldRules.delete(tenantId);
  }

  /**
   * Whether this process holds the district's rules in memory (they are read again at its next pass
   * otherwise). For tests of the invalidation across processes.
   */
  holdsRules(tenantId: string): boolean {
    return this.heldRules.has(tenantId);
  }

  private async evaluateNow(tenantId: string): Promise<number> {
    if (!this.d.issuer.canIssue) {
      if (!this.warnedNoKek)
        this.d.logger.warn('recognition badges are not issued: MARGINS_BADGE_KEK is not configured');
      this.warnedNoKek = true;
      return 0;
    }
    const lockName = `recognition:${tenantId}`;
    const onPostgres = await this.d.locks.onLockConnection(async (client) =>
      this.passOnPostgres(client, tenantId, lockName, await this.enabledRules(tenantId)),
    );
    if (onPostgres) return onPostgres.value;
    return this.d.locks.withLock(lockName, async () => {
      // As on PostgreSQL: rules switched since they were read here are read again (in-process reads are cheap).
      let rules = await this.enabledRules(tenantId);
      if ((await this.d.repo.ruleSignature(tenantId)) !== rules.sig) {
        this.dropRules(tenantId);
        rules = await this.enabledRules(tenantId);
      }
      if (rules.rules.length === 0) return 0;
      // Read before the events: whatever lands later is after it, and the next pass reads it.
      const [head, mark] = await Promise.all([this.d.ledger.head(tenantId), this.d.repo.watermark(tenantId)]);
      // Incremental when the rules are those of the last complete pass (in any process): a rule's
      // progress is per person (its actor or beneficiary), so only the people of the events since
      // can have earned anything, and their own events are all it takes to evaluate them exactly.
      let people: Set<string> | null = null;
      if (mark?.rulesKey === rules.key) {
        if (mark.seq >= head) return 0;
        people = await this.d.ledger.peopleAfter(tenantId, mark.seq, rules.types);
        if (people.size === 0) {
          await this.d.repo.saveWatermark(tenantId, rules.key, head);
          return 0;
        }
      }
      const issued = await this.issueEarned(tenantId, rules, people);
      await this.d.repo.saveWatermark(tenantId, rules.key, head);
      return issued;
    });
  }

  /**
   * The same pass on PostgreSQL in as few round trips as it takes (issue 17, item 3): the lock, the
   * rules' signature, the ledger head, the watermark and the people since it in one statement
   * (RecognitionRepo.beginPass, which also ends a pass with nothing to do), then the people's events
   * and recognitions, then the watermark with the unlock. Rules changed by another process whose
   * notice has not arrived yet are found by their signature, and read again under the lock.
   */
  private async passOnPostgres(
    client: LockClient,
    tenantId: string,
    lockName: string,
    held: HeldRules,
  ): Promise<number> {
    const begun = await this.d.repo.beginPass(client, {
      tenantId,
      lockName,
      rulesSig: held.sig,
      rulesKey: held.key,
      types: held.types,
      noRules: held.rules.length === 0,
    });
    if (begun.done) return 0;
    let rules = held;
    let people = begun.people;
    if (begun.sig !== held.sig) {
      this.dropRules(tenantId);
      rules = await this.enabledRules(tenantId);
      people = null;
      const { head, mark } = begun;
      if (rules.rules.length === 0 || (mark?.rulesKey === rules.key && mark.seq >= head)) {
        await this.d.repo.releasePass(client, lockName);
        return 0;
      }
      if (mark?.rulesKey === rules.key) {
        people = await this.d.ledger.peopleAfter(tenantId, mark.seq, rules.types);
        if (people.size === 0) {
          await this.d.repo.endPass(client, { tenantId, lockName, rulesKey: rules.key, seq: head });
          return 0;
        }
      }
    }
    const issued = await this.issueEarned(tenantId, rules, people);
    await this.d.repo.endPass(client, { tenantId, lockName, rulesKey: rules.key, seq: begun.head });
    return issued;
  }

  /** Evaluates the rules over the events of `people` (everyone's when null) and issues what is newly earned. */
  private async issueEarned(tenantId: string, held: HeldRules, people: Set<string> | null): Promise<number> {
    const { rules, types } = held;
    const [events, done] = await Promise.all([
      this.d.ledger.events(tenantId, { types, ...(people ? { userIds: [...people] } : {}) }),
      this.d.repo.earnedPairs(tenantId, people ? [...people] : undefined),
    ]);
    let issued = 0;
    for (const earned of evaluateRecognitionRules(rules, events)) {
      // Others appear in these events with only part of their history: they are evaluated when their own events come.
      if (people && !people.has(earned.personId)) continue;
      if (done.has(`${earned.ruleId}\u0000${earned.personId}`)) continue;
      const user = await this.d.tenancy.getUser(earned.personId);
      // A network event is copied into the author's district with the other district's actor: never issue across districts.
      // A deleted account (issue 16) earns nothing more: its row is only a pseudonym for the ledger.
      if (!user || user.tenant_id !== tenantId || user.deleted_at) continue;
      const rule = rules.find((r) => r.id === earned.ruleId)!;
      if (await this.issueRule(tenantId, rule, earned, user)) issued++;
    }
    return issued;
  }

  private async issueRule(
    tenantId: string,
    rule: RecognitionRule,
    earned: EarnedRecognition,
    user: UserRow,
  ): Promise<boolean> {
    const id = await this.store(tenantId, {
      recipient: user,
      ruleId: rule.id,
      title: rule.name,
      description: rule.description,
      citation: null,
      awardedBy: null,
      earnedAt: earned.earnedAt,
      adaptationId: earned.adaptationId,
      build: {
        recognition: { kind: 'rule', rule, earned },
        achievementId: this.d.issuer.achievementUrl(tenantId, rule.id),
      },
    });
    return id !== null;
  }

  /**
   * Signs and stores one recognition with its 'recognised' ledger event (beneficiary: the teacher)
   * in one transaction; picks another status index if a concurrent issue took the same one. Returns
   * the new id, or null when the rule recognition already existed.
   */
  private async store(
    tenantId: string,
    r: {
      recipient: UserRow;
      ruleId: string | null;
      title: string;
      description: string;
      citation: string | null;
      awardedBy: string | null;
      earnedAt: string;
      adaptationId: string | null;
      build: { recognition: Parameters<BadgeIssuer['issue']>[1]['recognition']; achievementId: string };
    },
  ): Promise<string | null> {
    const used = await this.d.repo.usedIndexes(tenantId);
    for (let attempt = 0; attempt < INDEX_ATTEMPTS; attempt++) {
      const id = randomUUID();
      const index = randomStatusIndex((i) => used.has(i));
      const issuedAt = new Date();
      const credential = await this.d.issuer.issue(tenantId, {
        id: `urn:uuid:${id}`,
        recognition: r.build.recognition,
        achievementId: r.build.achievementId,
        recipient: recipientOf(r.recipient),
        status: buildStatusListEntry(this.d.issuer.statusListUrl(tenantId), index),
        validFrom: issuedAt,
      });
      try {
        const inserted = await this.d.db.knex.transaction(async (trx) => {
          const ok = await this.d.repo.insert(
            {
              id,
              tenantId,
              recipientUserId: r.recipient.id,
              ruleId: r.ruleId,
              title: r.title,
              description: r.description,
              citation: r.citation,
              awardedBy: r.awardedBy,
              earnedAt: r.earnedAt,
              adaptationId: r.adaptationId,
              credentialJson: JSON.stringify(credential),
              statusIndex: index,
              issuedAt: issuedAt.toISOString(),
            },
            trx,
          );
          if (ok) {
            await this.d.ledger.append(
              {
                tenantId,
                type: 'recognised',
                actorUserId: r.awardedBy ?? r.recipient.id,
                beneficiaryUserId: r.recipient.id,
                data: { kind: r.ruleId ? 'rule' : 'coach', ...(r.ruleId ? { ruleId: r.ruleId } : {}) },
                dedupeKey: `recognised:${id}`,
              },
              trx,
            );
          }
          return ok;
        });
        return inserted ? id : null;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        used.add(index); // the index was taken meanwhile (or, for a rule, the row appeared): try again
        if (r.ruleId && (await this.d.repo.earnedPairs(tenantId)).has(`${r.ruleId}\u0000${r.recipient.id}`))
          return null;
      }
    }
    throw new Error('No free status index was found for a new recognition.');
  }

  /**
   * Best-effort evaluation before showing a list: a failure is logged and the list still shows; a
   * long pass (a district's first, signing hundreds of credentials) goes on in the background after
   * FRESHEN_WAIT_MS, so the view answers with what is issued so far.
   */
  private async freshen(tenantId: string): Promise<void> {
    const pass = this.evaluate(tenantId).catch((e: unknown) =>
      this.d.logger.warn('recognition evaluation failed', { tenantId, error: String(e) }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pass, new Promise<void>((resolve) => (timer = setTimeout(resolve, FRESHEN_WAIT_MS)))]);
    clearTimeout(timer);
  }

  // ------------------------------------------------------------------ teachers

  /** The caller's own recognitions, newest first (rules are evaluated first, so nothing earned is missing). */
  async mine(ctx: LaunchContext): Promise<Recognition[]> {
    await this.freshen(ctx.tenant.id);
    return (await this.d.repo.forRecipient(ctx.tenant.id, ctx.user.id)).map(recognitionOf);
  }

  /** The signed credential of one of the caller's own recognitions, exactly as issued. */
  async credential(ctx: LaunchContext, id: string): Promise<string> {
    const json = await this.d.repo.credentialOf(ctx.tenant.id, id, ctx.user.id);
    if (!json) throw new AppError('not_found', 'That recognition is not among yours.');
    return json;
  }

  /** The caller shows or hides one of their recognitions on their courses' walls. */
  async setOnWall(ctx: LaunchContext, id: string, onWall: boolean): Promise<Recognition> {
    if (!(await this.d.repo.setOnWall(ctx.tenant.id, id, ctx.user.id, onWall)))
      throw new AppError('not_found', 'That recognition is not among yours.');
    return recognitionOf((await this.d.repo.get(ctx.tenant.id, id))!);
  }

  /** The launch's course wall: who in the course was recognised for what, newest first. */
  async wall(ctx: LaunchContext): Promise<{ course: { id: string; title: string }; entries: WallEntry[] }> {
    if (!ctx.course) throw new AppError('validation_failed', 'Open Margins from a course to see its recognition wall.');
    await this.freshen(ctx.tenant.id);
    const rows = await this.d.repo.wall(ctx.tenant.id, ctx.course.id);
    return {
      course: { id: ctx.course.id, title: ctx.course.title },
      entries: rows.map((r) => ({
        id: r.id,
        recipientName: r.recipient_name || 'A colleague',
        kind: r.rule_id ? 'rule' : 'coach',
        title: r.title,
        description: r.description,
        citation: r.citation,
        earnedAt: r.earned_at,
      })),
    };
  }

  // ------------------------------------------------------------------ coaches and district admins

  /** The district's recognitions, newest first. */
  async district(ctx: LaunchContext): Promise<Recognition[]> {
    requireManager(ctx, 'see the district\u2019s recognitions');
    await this.freshen(ctx.tenant.id);
    return (await this.d.repo.forTenant(ctx.tenant.id)).map(recognitionOf);
  }

  /**
   * What a coach award would make public, exactly (issue 16): the texts of the credential as it will
   * be signed and the wall's line, after the roster-aware privacy check (a 400 naming the positions
   * of a student's name). Nothing is signed; `confirmation` binds the award to these very texts.
   */
  async previewAward(ctx: LaunchContext, input: CoachAwardInput): Promise<AwardPreview> {
    return (await this.prepareAward(ctx, input)).preview;
  }

  /**
   * A coach awards recognition with a citation, once they have seen the preview of exactly these
   * texts (`confirmedPreview`); a citation with a student's name or other personal details is refused.
   */
  async award(ctx: LaunchContext, input: CoachAwardInput): Promise<Recognition> {
    const { award, recipient, preview, awardedAt } = await this.prepareAward(ctx, input);
    if (!award.confirmedPreview)
      throw new AppError('validation_failed', 'Preview the public text of the recognition before awarding it.', [
        { path: 'confirmedPreview', message: 'Preview the public text of the recognition before awarding it.' },
      ]);
    if (award.confirmedPreview !== preview.confirmation)
      throw new AppError('conflict', 'The recognition changed since its preview: preview it again before awarding it.');
    const { confirmedPreview: _, ...signed } = award;
    const id = await this.store(ctx.tenant.id, {
      recipient,
      ruleId: null,
      title: award.title,
      description: preview.description,
      citation: award.citation,
      awardedBy: ctx.user.id,
      earnedAt: awardedAt,
      adaptationId: null,
      build: { recognition: { kind: 'coach', award: signed, awardedAt }, achievementId: `urn:uuid:${randomUUID()}` },
    });
    return recognitionOf((await this.d.repo.get(ctx.tenant.id, id!))!);
  }

  private prepareAward(ctx: LaunchContext, input: CoachAwardInput) {
    return prepareCoachAward({ ...this.d, recipientOf }, ctx, input);
  }

  /** Revokes a recognition of the district, with the reason; the signed status list is re-issued at once. */
  async revoke(ctx: LaunchContext, id: string, input: { reason: string }): Promise<Recognition> {
    requireManager(ctx, 'revoke recognition');
    const { reason } = parseOrThrow(RevokeInputSchema, input, 'The revocation');
    if (!(await this.d.repo.revoke(ctx.tenant.id, id, ctx.user.id, reason))) {
      const row = await this.d.repo.get(ctx.tenant.id, id);
      throw row
        ? new AppError('conflict', 'This recognition was already revoked.')
        : new AppError('not_found', 'That recognition was not found in your district.');
    }
    await this.d.issuer.statusListCredential(ctx.tenant.id);
    return recognitionOf((await this.d.repo.get(ctx.tenant.id, id))!);
  }

  /** The district's rules, whether each is on, and the public text of its badges. */
  async rules(ctx: LaunchContext): Promise<RecognitionRuleSetting[]> {
    requireManager(ctx, 'see recognition rules');
    await this.ensureRules(ctx.tenant.id);
    return Promise.all(
      (await this.d.repo.rules(ctx.tenant.id)).map(async (r) => ({
        ...r.rule,
        enabled: r.enabled,
        publicText: await rulePublicText(this.d.issuer, ctx.tenant.id, r.rule),
      })),
    );
  }

  /**
   * Turns a rule on or off for the district (recognitions already issued stay; revoke them one by
   * one). Turning one on signs badges with its text from then on: only with the confirmation of the
   * public text the district was shown (issue 16).
   */
  async setRule(
    ctx: LaunchContext,
    ruleId: string,
    enabled: boolean,
    confirmedPreview?: string,
  ): Promise<RecognitionRuleSetting> {
    requireManager(ctx, 'change recognition rules');
    const current = (await this.rules(ctx)).find((r) => r.id === ruleId);
    if (!current) throw new AppError('not_found', 'Your district has no such recognition rule.');
    if (enabled && !current.enabled && confirmedPreview !== current.publicText.confirmation)
      throw new AppError('validation_failed', 'Read the public text of this rule\u2019s badges before turning it on.', [
        { path: 'confirmedPreview', message: 'Read the public text of this rule\u2019s badges before turning it on.' },
      ]);
    if (!(await this.d.repo.setRuleEnabled(ctx.tenant.id, ruleId, enabled, ctx.user.id)))
      throw new AppError('not_found', 'Your district has no such recognition rule.');
    // Here at once; in the other processes when the notice arrives (and at their next pass in any case,
    // which compares the rules' signature with the database's).
    this.dropRules(ctx.tenant.id);
    await this.d.bus?.publish('recognition-rules', ctx.tenant.id);
    if (enabled) this.schedule(ctx.tenant.id);
    return (await this.rules(ctx)).find((r) => r.id === ruleId)!;
  }

  /** Stops scheduled passes and waits for running ones (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.chains.values()].map((p) => p.catch(() => undefined)));
  }
}
