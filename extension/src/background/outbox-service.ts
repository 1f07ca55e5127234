import type { Adaptation } from '@margins/shared/adaptation';
import type { SyncChange } from '@margins/shared/api';
import type { MarginsDb, OutboxRow } from './db.js';

/**
 * Every local change is appended here, in the same transaction as the change itself, with a
 * fresh idempotency key so a push retried after a lost response is applied once. Issue 6's
 * SyncService drains it: `due()` -> push `toSyncChange(row)` -> `delivered()` or `failed()`.
 */
export class OutboxService {
  constructor(
    private readonly db: MarginsDb,
    private readonly newId: () => string,
    private readonly now: () => Date,
  ) {}

  /** Records a create or an edit. Call inside the transaction that writes the adaptation. */
  async upserted(adaptation: Adaptation, baseVersion: number | null): Promise<void> {
    await this.db.outbox.add({ ...this.bookkeeping(adaptation.id), op: 'upsert', baseVersion, adaptation });
  }

  /** Records a delete. Call inside the transaction that removes the adaptation. */
  async deleted(id: string, baseVersion: number | null): Promise<void> {
    await this.db.outbox.add({ ...this.bookkeeping(id), op: 'delete', baseVersion, id });
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

  /** The server applied (or had already applied) these changes. */
  async delivered(idempotencyKeys: readonly string[]): Promise<void> {
    await this.db.outbox.where('idempotencyKey').anyOf([...idempotencyKeys]).delete();
  }

  /** A push failed: count the attempt and back off exponentially (1 s, 2 s, 4 s ... at most 1 h). */
  async failed(idempotencyKey: string, error: string): Promise<void> {
    const now = this.now().getTime();
    await this.db.outbox.where('idempotencyKey').equals(idempotencyKey).modify((row) => {
      row.attempts += 1;
      row.nextAttemptAt = now + Math.min(3_600_000, 1_000 * 2 ** (row.attempts - 1));
      row.lastError = error.slice(0, 500);
    });
  }

  private bookkeeping(adaptationId: string) {
    return {
      idempotencyKey: this.newId(),
      adaptationId,
      attempts: 0,
      nextAttemptAt: 0,
      createdAt: this.now().toISOString(),
      lastError: null,
    };
  }
}

/** The wire shape of an outbox row: the shared SyncChange, without delivery bookkeeping. */
export function toSyncChange(row: OutboxRow): SyncChange {
  return row.op === 'upsert'
    ? { op: 'upsert', idempotencyKey: row.idempotencyKey, baseVersion: row.baseVersion, adaptation: row.adaptation }
    : { op: 'delete', idempotencyKey: row.idempotencyKey, baseVersion: row.baseVersion, id: row.id };
}
