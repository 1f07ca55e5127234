import type { PushResult } from '@margins/shared/api';
import type { MarginsDb, OutboxRow } from './db.js';
import { toSyncChange, type OutboxService } from './outbox-service.js';

/**
 * The push's data work: which outbox rows fit one request, and what the answer does to this browser's data
 * (applied, duplicate, conflict, held back, refused). The push side's counterpart of pull-applier.ts, apart
 * from SyncService's sequencing, retries and status.
 */

/**
 * Records what the district said about each change of a batch, in one transaction, and returns the pages
 * whose adaptations changed. A change the answer does not mention is tried again later.
 */
export async function applyPushResults(
  { db, outbox }: { db: MarginsDb; outbox: OutboxService },
  rows: readonly OutboxRow[],
  results: readonly PushResult[],
  at: string,
): Promise<Set<string>> {
  const byKey = new Map(results.map((r) => [r.idempotencyKey, r]));
  const missing: string[] = [];
  const pages = new Set<string>();
  await db.transaction('rw', [db.adaptations, db.outbox, db.trash, db.conflicts], async () => {
    for (const row of rows) {
      const r = byKey.get(row.idempotencyKey);
      if (!r) {
        missing.push(row.idempotencyKey);
        continue;
      }
      const live = await db.adaptations.get(row.adaptationId);
      if (live) pages.add(live.pageUrl);
      if (r.status === 'applied' || r.status === 'duplicate') {
        await outbox.delivered([row.idempotencyKey]);
        if (row.op === 'delete') await db.trash.update(row.adaptationId, { serverDeleted: true });
        else if (r.current && live)
          await db.adaptations.put({ ...live, syncedVersion: r.current.version, syncProblem: null });
        else if (r.current)
          await db.trash
            .where('id')
            .equals(row.adaptationId)
            .modify((t) => {
              t.row.syncedVersion = r.current!.version;
            });
      } else if (r.status === 'conflict') {
        // Both versions are kept for the teacher to compare; nothing is overwritten on either side.
        await outbox.dropFor(row.adaptationId);
        const trashed = live ? null : await db.trash.get(row.adaptationId);
        const pageUrl = live?.pageUrl ?? trashed?.row.pageUrl ?? r.current?.page.url ?? '';
        await db.conflicts.put({
          adaptationId: row.adaptationId,
          pageUrl,
          mine: live?.adaptation ?? null,
          theirs: r.current ?? null,
          message: r.error?.message ?? 'This adaptation was changed in two places.',
          detectedAt: at,
        });
        pages.add(pageUrl);
      } else if (r.error?.code === 'quota_exceeded') {
        // The district is full for now: the change stays queued and is sent again later (status() says why).
        await outbox.heldBack([row.idempotencyKey], r.error.code, r.error.message);
      } else {
        await outbox.delivered([row.idempotencyKey]);
        const problem = {
          code: r.error?.code ?? 'validation_failed',
          message: r.error?.message ?? 'The district did not accept this change.',
          at,
        };
        if (live) await db.adaptations.put({ ...live, syncProblem: problem });
      }
    }
  });
  if (missing.length) await outbox.failed(missing, 'The district did not answer for this change.');
  return pages;
}

/** The longest prefix of `rows` whose JSON fits in `limit` bytes (at least one row: the district says if it is too large). */
export function fitBytes(rows: readonly OutboxRow[], limit: number): OutboxRow[] {
  const out: OutboxRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = new TextEncoder().encode(JSON.stringify(toSyncChange(row))).length + 1;
    if (out.length && bytes + size > limit) break;
    out.push(row);
    bytes += size;
  }
  return out;
}
