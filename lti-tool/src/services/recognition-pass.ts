/** The recognition pass: when and how a district's rules run, and its held rules; apart from the views that ask. */
import { createHash } from 'node:crypto';
import {
  evaluateRecognitionRules,
  type ContributionType,
  type EarnedRecognition,
  type RecognitionRule,
} from '@margins/shared';
import type { ChangeBus } from '../data/change-bus.js';
import type { DbLocks, LockClient } from '../data/db-locks.js';
import { RecognitionRepo } from '../data/recognition-repo.js';
import type { TenancyRepo, UserRow } from '../data/tenancy-repo.js';
import type { Logger } from '../http/logger.js';
import { storeRecognition, type IssuingDeps } from './recognition-issuing.js';

/** How long after a ledger append the district's rules are evaluated (appends in a burst share one pass). */
export const RECOGNITION_DEBOUNCE_MS = 2_000;
/** How long a recognition view waits for a pass before answering with what is already issued. */
const FRESHEN_WAIT_MS = 3_000;

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

/** What a pass needs: the stores it reads and writes, the district's issuer, and the coordination between processes. */
export interface RecognitionPassDeps extends IssuingDeps {
  /** The district's pass runs under its lock: once at a time across every tool process. */
  locks: DbLocks;
  tenancy: TenancyRepo;
  logger: Logger;
  debounceMs?: number;
  /** Tells the other tool processes that a district's rules changed (their held rules are dropped). */
  bus?: ChangeBus;
}

/**
 * Evaluates a district's enabled rules over its ledger and issues what is newly earned (idempotent:
 * a rule is earned once per person, enforced by the database, so concurrent passes in any number of
 * processes settle on one row): debounced after ledger appends, one pass at a time per district,
 * incremental from the watermark of the last complete pass.
 */
export class RecognitionPass {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly seeded = new Set<string>();
  /** Each district's enabled rules, read once and dropped when they change here or (change bus) in another process. */
  private readonly heldRules = new Map<string, HeldRules>();
  /** Counts the drops, so a read that raced with one is not kept. */
  private rulesDropped = 0;
  private warnedNoKek = false;
  private stopped = false;

  constructor(private readonly d: RecognitionPassDeps) {
    d.bus?.on('recognition-rules', (tenantId) => this.dropRules(tenantId));
  }

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

  /** Seeds the district's rules from the defaults on first use (once per district in this process). */
  async ensureRules(tenantId: string): Promise<void> {
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
   * The district's rules were switched here: dropped at once in this process, and in the others when
   * the notice arrives (and at their next pass in any case, which compares the rules' signature with
   * the database's).
   */
  async rulesChanged(tenantId: string): Promise<void> {
    this.dropRules(tenantId);
    await this.d.bus?.publish('recognition-rules', tenantId);
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
    const id = await storeRecognition(this.d, tenantId, {
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
   * Best-effort evaluation before showing a list: a failure is logged and the list still shows; a
   * long pass (a district's first, signing hundreds of credentials) goes on in the background after
   * FRESHEN_WAIT_MS, so the view answers with what is issued so far.
   */
  async freshen(tenantId: string): Promise<void> {
    const pass = this.evaluate(tenantId).catch((e: unknown) =>
      this.d.logger.warn('recognition evaluation failed', { tenantId, error: String(e) }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pass, new Promise<void>((resolve) => (timer = setTimeout(resolve, FRESHEN_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** Stops scheduled passes and waits for running ones (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.chains.values()].map((p) => p.catch(() => undefined)));
  }
}
