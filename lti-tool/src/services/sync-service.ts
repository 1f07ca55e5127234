import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  AdaptationSchema,
  AppError,
  AuthorSchema,
  IdSchema,
  MAX_PUSH_BATCH,
  parseOrThrow,
  PushResultSchema,
  SyncChangeSchema,
  toFieldIssues,
  type Adaptation,
  type ErrorCode,
  type FieldIssue,
  type PulledChange,
  type PushResult,
  type SyncChange,
} from '@margins/shared';
import type { Db } from '../data/db.js';
import type { LedgerRepo } from '../data/ledger-repo.js';
import type { SyncRepo } from '../data/sync-repo.js';
import type { Actor } from './actor.js';
import type { QuotaService } from './quota-service.js';
import { recordSharingEvent } from './ledger-events.js';
import type { SharedView } from './shared-view.js';
import { checkVisibility, networkStatusAfter, sameContent } from './visibility-rules.js';
import { decodeCursor, encodeCursor, type SyncCursor } from './sync-cursor.js';

/** A push body before each change is parsed on its own (one bad change must not block the rest). */
const PushEnvelopeSchema = z.object({
  changes: z
    .array(z.unknown(), { error: 'Send the changes as a list.' })
    .min(1, 'Send at least one change.')
    .max(MAX_PUSH_BATCH, `Send at most ${MAX_PUSH_BATCH} changes at a time.`),
});

/** Hooks for fault tests: called after a push committed and before it is answered. */
export interface SyncHooks {
  afterPushCommit?(): void | Promise<void>;
}

type ChangeOutcome = Omit<PushResult, 'idempotencyKey'>;

const rejected = (code: ErrorCode, message: string, issues?: FieldIssue[]): ChangeOutcome => ({
  status: 'rejected',
  error: { code, message, ...(issues?.length ? { issues } : {}) },
});
const conflict = (current: Adaptation | null, message: string): ChangeOutcome => ({
  status: 'conflict',
  current,
  error: { code: 'conflict', message },
});

/**
 * Offline-first sync with the extension (DESIGN: Flow 4). Push applies a batch of outbox changes
 * in one transaction, each in its own savepoint, with per-change idempotency keys (stored with the
 * change itself, so a crash between commit and answer leaves a retry answered as "duplicate") and
 * optimistic versions (a stale base version is a conflict carrying the server's copy; nothing is
 * overwritten). Pull reads a snapshot on first use, then the change feed by sequence number.
 */
export class SyncService {
  constructor(
    private readonly d: {
      db: Db;
      repo: SyncRepo;
      ledger: LedgerRepo;
      view: SharedView;
      quota: QuotaService;
      hooks?: SyncHooks;
    },
  ) {}

  /** Applies a push; results come back in request order. */
  async push(actor: Actor, body: unknown): Promise<{ results: PushResult[] }> {
    const { changes } = parseOrThrow(PushEnvelopeSchema, body, 'The push');
    const parsed = changes.map((raw, i) => {
      const r = SyncChangeSchema.safeParse(raw);
      if (r.success) return { key: r.data.idempotencyKey, change: r.data };
      const key = IdSchema.safeParse((raw as { idempotencyKey?: unknown } | null)?.idempotencyKey);
      if (!key.success)
        throw new AppError(
          'validation_failed',
          `Change ${i + 1} has no valid idempotency key, so nothing was applied.`,
          [{ path: `changes.${i}.idempotencyKey`, message: 'Each change needs an idempotency key (a UUID).' }],
        );
      return { key: key.data, issues: toFieldIssues(r.error) };
    });
    const outcomes = await this.withDeadlockRetry(() =>
      this.d.db.knex.transaction(async (trx) => {
        await this.d.repo.lockDistrict(trx, actor.tenantId);
        const out: PushResult[] = [];
        for (const p of parsed) {
          const outcome = p.change
            ? await this.applyInSavepoint(trx, actor, p.change)
            : rejected('validation_failed', 'This change is not valid, so it was not saved.', p.issues);
          out.push(PushResultSchema.parse({ idempotencyKey: p.key, ...outcome }));
        }
        return out;
      }),
    );
    await this.d.hooks?.afterPushCommit?.();
    return { results: outcomes };
  }

  private async applyInSavepoint(trx: Knex.Transaction, actor: Actor, change: SyncChange): Promise<ChangeOutcome> {
    try {
      return await trx.transaction(async (sp) => {
        const requestHash = createHash('sha256').update(JSON.stringify(change)).digest('hex');
        const prior = await this.d.repo.idempotency(sp, actor.userId, change.idempotencyKey);
        if (prior) {
          if (prior.requestHash !== requestHash)
            return rejected(
              'validation_failed',
              'This idempotency key was already used for a different change. Give each change its own key.',
            );
          return {
            status: 'duplicate',
            current: prior.result.current === null ? null : AdaptationSchema.parse(prior.result.current),
          };
        }
        let outcome: ChangeOutcome;
        if (change.op === 'upsert') {
          const before = await this.d.quota.usage(sp, actor);
          outcome = await this.upsert(sp, actor, change);
          // Throws quota_exceeded: this savepoint is undone and the change refused (the extension keeps it queued).
          if (outcome.status === 'applied') await this.d.quota.checkAfterWrite(sp, actor, before);
        } else outcome = await this.remove(sp, actor, change);
        if (outcome.status === 'applied')
          await this.d.repo.recordIdempotency(sp, actor.userId, change.idempotencyKey, requestHash, {
            current: outcome.current ?? null,
          });
        return outcome;
      });
    } catch (e) {
      // An expected refusal undoes this change's savepoint only; anything else fails the whole batch (retried later).
      if (e instanceof AppError) return rejected(e.code, e.message, e.issues);
      throw e;
    }
  }

  private async upsert(
    trx: Knex.Transaction,
    actor: Actor,
    change: Extract<SyncChange, { op: 'upsert' }>,
  ): Promise<ChangeOutcome> {
    const incoming = change.adaptation;
    const existing = await this.d.repo.current(trx, incoming.id);
    if (existing && existing.author_user_id !== actor.userId) {
      return rejected(
        'forbidden',
        'This adaptation belongs to someone else, so your change was not saved. Remix it to make your own copy.',
      );
    }
    if (existing?.deleted)
      return conflict(
        null,
        'This adaptation was deleted on another browser. Save your version as a new adaptation to keep it.',
      );
    // The same content as stored (e.g. the same edit made on two browsers) is no change at all.
    if (existing && sameContent(existing.json, incoming)) return { status: 'applied', current: existing.json };
    if (existing && change.baseVersion !== existing.version) {
      return conflict(
        existing.json,
        change.baseVersion === null
          ? 'An adaptation with this id is already saved. Compare both versions before saving.'
          : 'This adaptation was changed on another browser since you edited it. Compare both versions before saving.',
      );
    }

    const contextPk = existing?.context_pk ?? actor.contextPk;
    const provenance = existing
      ? existing.json.provenance
      : incoming.provenance
        ? await this.provenanceFor(trx, actor, incoming.provenance.remixedFrom)
        : undefined;
    const original = provenance ? await this.d.repo.current(trx, provenance.remixedFrom) : null;
    checkVisibility(incoming.visibility, { contextPk, original: original && !original.deleted ? original : null });

    const name = AuthorSchema.shape.name.safeParse(actor.userName);
    const stored = AdaptationSchema.parse({
      ...incoming,
      author: { id: actor.userId, ...(name.success && name.data ? { name: name.data } : {}) },
      provenance,
      version: existing ? existing.version + 1 : 1,
      createdAt: existing?.json.createdAt ?? incoming.createdAt,
      updatedAt: new Date().toISOString(),
    });
    const meta = { tenantId: actor.tenantId, contextPk, networkStatus: networkStatusAfter(existing, stored) };
    if (existing) await this.d.repo.update(trx, stored, meta);
    else await this.d.repo.insert(trx, stored, meta);

    if (stored.visibility !== 'private') {
      await recordSharingEvent(this.d.ledger, trx, {
        type: 'shared',
        actor,
        beneficiary: null,
        adaptationId: stored.id,
        contextPk,
        data: { visibility: stored.visibility },
        dedupeKey: `shared:${stored.id}`,
      });
    }
    if (!existing && original && original.author_user_id !== actor.userId) {
      await recordSharingEvent(this.d.ledger, trx, {
        type: 'remixed',
        actor,
        beneficiary: { userId: original.author_user_id, tenantId: original.tenant_id },
        adaptationId: original.id,
        contextPk: actor.contextPk,
        data: { remix: stored.id },
        dedupeKey: `remixed:${stored.id}`,
      });
    }
    return { status: 'applied', current: stored };
  }

  private async remove(
    trx: Knex.Transaction,
    actor: Actor,
    change: Extract<SyncChange, { op: 'delete' }>,
  ): Promise<ChangeOutcome> {
    const existing = await this.d.repo.current(trx, change.id);
    if (!existing || existing.deleted) {
      if (existing && existing.author_user_id !== actor.userId)
        return rejected('forbidden', 'This adaptation belongs to someone else.');
      return { status: 'applied', current: null };
    }
    if (existing.author_user_id !== actor.userId)
      return rejected('forbidden', 'This adaptation belongs to someone else, so it was not deleted.');
    if (change.baseVersion !== null && change.baseVersion !== existing.version) {
      return conflict(
        existing.json,
        'This adaptation was changed on another browser since you deleted it here. Compare, then delete it again if you still want to.',
      );
    }
    await this.d.repo.markDeleted(trx, existing.id, existing.version + 1);
    return { status: 'applied', current: null };
  }

  /** Provenance for a remix created offline: the original must be visible to the author of the copy. */
  private async provenanceFor(
    trx: Knex.Transaction,
    actor: Actor,
    remixedFrom: string,
  ): Promise<Adaptation['provenance']> {
    const original = await this.d.repo.visible(actor, remixedFrom, trx);
    if (!original)
      throw new AppError('not_found', 'The adaptation this remixes was not found or is no longer shared with you.', [
        { path: 'adaptation.provenance.remixedFrom', message: 'Not found.' },
      ]);
    return { remixedFrom, originalAuthor: await this.d.view.authorFor(actor, original, trx) };
  }

  /**
   * One page of changes for the caller. Without a cursor: a snapshot of everything visible (own
   * district, then approved network sharing), taken against the feed position read first; then the
   * feed after that position. Adaptations that are deleted or no longer visible come as `remove`.
   */
  async pull(
    actor: Actor,
    query: { cursor?: string | undefined; limit: number },
  ): Promise<{ changes: PulledChange[]; cursor: string; hasMore: boolean }> {
    const cur: SyncCursor = query.cursor
      ? decodeCursor(query.cursor)
      : { phase: 'tenant', upTo: await this.d.repo.maxSeq(), afterId: '' };
    const limit = query.limit;
    if (cur.phase !== 'feed') {
      if (cur.upTo < (await this.d.repo.feedFloor())) throw resyncRequired();
      const read =
        cur.phase === 'tenant'
          ? await this.d.repo.snapshotTenant(actor, cur.afterId, limit + 1)
          : await this.d.repo.snapshotNetwork(actor, cur.afterId, limit + 1);
      const page = read.rows.slice(0, limit);
      const more = read.rows.length > limit;
      const next = more
        ? encodeCursor({ phase: cur.phase, upTo: cur.upTo, afterId: page[page.length - 1]!.id })
        : cur.phase === 'tenant'
          ? encodeCursor({ phase: 'network', upTo: cur.upTo, afterId: '' })
          : encodeCursor({ phase: 'feed', after: cur.upTo });
      return {
        changes: (await this.d.view.shape(actor, page, read.social)).map((adaptation) => ({
          op: 'upsert',
          adaptation,
        })),
        cursor: next,
        hasMore: true,
      };
    }

    const upTo = await this.d.repo.maxSeq();
    const [own, cross] = await Promise.all([
      this.d.repo.tenantFeed(actor, cur.after, upTo, limit + 1),
      this.d.repo.crossTenantFeed(actor, cur.after, upTo, limit + 1),
    ]);
    // Read after the feed: a compaction that committed before the feed was read has raised it by now.
    if (cur.after < (await this.d.repo.feedFloor())) throw resyncRequired();
    const merged = [...own, ...cross].sort((a, b) => a.seq - b.seq);
    const page = merged.slice(0, limit);
    const hasMore = merged.length > limit;
    const lastSeen = new Map<string, number>();
    for (const r of page) lastSeen.set(r.adaptationId, r.seq);
    const ids = [...lastSeen.keys()].sort((a, b) => lastSeen.get(a)! - lastSeen.get(b)!);
    const visible = new Map(
      (await this.d.view.shapeShared(actor, await this.d.repo.visibleByIds(actor, ids))).map((a) => [a.id, a]),
    );
    const out: PulledChange[] = ids.map((id) => {
      const adaptation = visible.get(id);
      return adaptation ? { op: 'upsert', adaptation } : { op: 'remove', id };
    });
    return {
      changes: out,
      cursor: encodeCursor({ phase: 'feed', after: hasMore ? page[page.length - 1]!.seq : Math.max(upTo, cur.after) }),
      hasMore,
    };
  }

  /** PostgreSQL may pick a push as a deadlock victim when another writer locked rows in another order: try once more. */
  private async withDeadlockRetry<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if ((e as { code?: string }).code === '40P01') return run();
      throw e;
    }
  }
}

/**
 * The answer to a cursor older than the compacted change feed (issue 16, item 5): the browser pulls
 * everything again without a cursor and keeps its own changes that were not pushed yet.
 */
function resyncRequired(): AppError {
  return new AppError(
    'resync_required',
    'The district no longer keeps the changes since this sync position (the change feed is compacted after its retention period). Pull again from the start, without a cursor.',
  );
}
