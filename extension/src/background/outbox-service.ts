import type { Adaptation } from '@margins/shared/adaptation';
import type { SyncChange } from '@margins/shared/api';
import type { MarginsDb, OutboxRow } from './db.js';

/** Longest wait between two attempts of one change. */
export const MAX_BACKOFF_MS = 3_600_000;
/** Shortest wait before a change refused for the district's storage quota is sent again ("Sync now" sends it at once). */
export const HELD_BACK_MS = 10 * 60_000;

/**
 * Every local change is appended here, in the same transaction as the change itself, with a
 * fresh idempotency key so a push retried after a lost answer is applied once. The SyncService
 * drains it: `nextBatch()` -> `stamp()` -> push `toSyncChange(row)` -> `delivered()` or `failed()`.
 *
 * A change never sent is replaced by a newer change of the same adaptation (the district never
 * saw it, so nothing is lost and an afternoon of offline edits is one push); a change that was
 * sent is kept as it was until the district answers, since it may have been applied already.
 */
export class OutboxService {
  constructor(
    private readonly db: MarginsDb,
    private readonly newId: () => string,
    private readonly now: () => Date,
    /** A number in [0, 1) for backoff jitter (fixed in tests). */
    private readonly random: () => number = Math.random,
  ) {}

  /** Records a create or an edit. Call inside the transaction that writes the adaptation. */
  async upserted(adaptation: Adaptation, baseVersion: number | null): Promise<void> {
    await this.dropUnsent(adaptation.id);
    await this.db.outbox.add({ ...this.bookkeeping(adaptation.id), op: 'upsert', baseVersion, adaptation });
  }

  /** Records a delete. Call inside the transaction that removes the adaptation. */
  async deleted(id: string, baseVersion: number | null): Promise<void> {
    await this.dropUnsent(id);
    await this.db.outbox.add({ ...this.bookkeeping(id), op: 'delete', baseVersion, id });
  }

  /**
   * The next changes to push, oldest first: at most one per adaptation (its next one must wait for
   * this one's answer, whose version it builds on), none still backing off, at most `limit`.
   */
  async nextBatch(limit = 100): Promise<OutboxRow[]> {
    const now = this.now().getTime();
    const rows = await this.all();
    const seen = new Set<string>();
    const out: OutboxRow[] = [];
    for (const row of rows) {
      if (seen.has(row.adaptationId)) continue;
      seen.add(row.adaptationId);
      if (row.nextAttemptAt <= now) out.push(row);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Changes ready to push, oldest first (creation order matters: an upsert before its delete). */
  async due(limit = 100): Promise<OutboxRow[]> {
    const now = this.now().getTime();
    const rows = await this.db.outbox.where('nextAttemptAt').belowOrEqual(now).toArray();
    return rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)).slice(0, limit);
  }

  /** Every pending change, oldest first (for the panel's "waiting to sync" count and tests). */
  async all(): Promise<OutboxRow[]> {
    return this.db.outbox.orderBy('seq').toArray();
  }

  /** How many changes wait. */
  count(): Promise<number> {
    return this.db.outbox.count();
  }

  /** Ids of adaptations with a change waiting (a pull must not overwrite them). */
  async pendingIds(ids?: readonly string[]): Promise<Set<string>> {
    const rows = ids
      ? await this.db.outbox
          .where('adaptationId')
          .anyOf([...ids])
          .toArray()
      : await this.db.outbox.toArray();
    return new Set(rows.map((r) => r.adaptationId));
  }

  /**
   * Fixes what a change is sent as, the first time it is sent: the version of the district's copy it
   * builds on (the adaptation's latest synced version, known only now) and the time. Later attempts
   * send exactly the same change.
   */
  async stamp(
    rows: readonly OutboxRow[],
    baseVersionOf: (row: OutboxRow) => Promise<number | null>,
  ): Promise<OutboxRow[]> {
    const at = this.now().toISOString();
    const out: OutboxRow[] = [];
    await this.db.transaction('rw', this.db.outbox, this.db.adaptations, this.db.trash, async () => {
      for (const row of rows) {
        if (row.sentAt) {
          out.push(row);
          continue;
        }
        const stamped: OutboxRow = { ...row, baseVersion: await baseVersionOf(row), sentAt: at };
        await this.db.outbox.put(stamped);
        out.push(stamped);
      }
    });
    return out;
  }

  /** The district applied (or had already applied) these changes. */
  async delivered(idempotencyKeys: readonly string[]): Promise<void> {
    await this.db.outbox
      .where('idempotencyKey')
      .anyOf([...idempotencyKeys])
      .delete();
  }

  /** Forgets every waiting change of one adaptation (its conflict or refusal is kept elsewhere). */
  async dropFor(adaptationId: string): Promise<void> {
    await this.db.outbox.where('adaptationId').equals(adaptationId).delete();
  }

  /**
   * A push failed for a reason that may pass (offline, the district's server busy): count the
   * attempt and back off exponentially with jitter (about 1 s, 2 s, 4 s ... at most an hour), so
   * many browsers coming back online at once do not all retry in step.
   */
  async failed(idempotencyKeys: readonly string[], error: string, notBefore = 0): Promise<void> {
    const now = this.now().getTime();
    await this.db.outbox
      .where('idempotencyKey')
      .anyOf([...idempotencyKeys])
      .modify((row) => {
        row.attempts += 1;
        const base = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (row.attempts - 1));
        row.nextAttemptAt = Math.max(now + Math.round(base * (0.5 + this.random() / 2)), notBefore);
        row.lastError = error.slice(0, 500);
        row.lastErrorCode = null;
      });
  }

  /**
   * The district did not apply these changes for a reason that may pass (its storage quota is full):
   * they stay queued, count as never sent (a newer edit replaces them), and wait at least
   * HELD_BACK_MS. Nothing typed is lost.
   */
  async heldBack(idempotencyKeys: readonly string[], code: string, message: string): Promise<void> {
    const now = this.now().getTime();
    await this.db.outbox
      .where('idempotencyKey')
      .anyOf([...idempotencyKeys])
      .modify((row) => {
        row.attempts += 1;
        const base = Math.min(MAX_BACKOFF_MS, HELD_BACK_MS * 2 ** Math.min(row.attempts - 1, 3));
        row.nextAttemptAt = now + Math.round(base * (0.5 + this.random() / 2)) + HELD_BACK_MS / 2;
        row.lastError = message.slice(0, 500);
        row.lastErrorCode = code;
        row.sentAt = null;
      });
  }

  /** The first waiting change held back by a refusal of `code`, or undefined. */
  firstHeldBack(code: string): Promise<OutboxRow | undefined> {
    return this.db.outbox.filter((r) => r.lastErrorCode === code).first();
  }

  /** Everything is due now (back online, or the teacher chose "Sync now"). */
  async retryAllNow(): Promise<void> {
    await this.db.outbox.toCollection().modify((row) => {
      row.nextAttemptAt = 0;
    });
  }

  /** When the next waiting change is due (epoch ms), or null when nothing waits. */
  async nextDueAt(): Promise<number | null> {
    const first = await this.db.outbox.orderBy('nextAttemptAt').first();
    return first ? first.nextAttemptAt : null;
  }

  /** Removes the not-yet-sent changes of one adaptation: a newer change replaces them. */
  private async dropUnsent(adaptationId: string): Promise<void> {
    await this.db.outbox
      .where('adaptationId')
      .equals(adaptationId)
      .filter((r) => !r.sentAt)
      .delete();
  }

  private bookkeeping(adaptationId: string) {
    return {
      idempotencyKey: this.newId(),
      adaptationId,
      attempts: 0,
      nextAttemptAt: 0,
      createdAt: this.now().toISOString(),
      lastError: null,
      lastErrorCode: null,
      sentAt: null,
    };
  }
}

/** The wire shape of an outbox row: the shared SyncChange, without delivery bookkeeping. */
export function toSyncChange(row: OutboxRow): SyncChange {
  return row.op === 'upsert'
    ? { op: 'upsert', idempotencyKey: row.idempotencyKey, baseVersion: row.baseVersion, adaptation: row.adaptation }
    : { op: 'delete', idempotencyKey: row.idempotencyKey, baseVersion: row.baseVersion, id: row.id };
}
