import type { Knex } from 'knex';
import { z } from 'zod';
import type { Adaptation } from '@margins/shared';
import { adaptationRow, writeTags } from './adaptations-repo.js';
import { nowIso } from './db.js';
import { refreshPassages } from './passage-groups.js';
import { parseStoredOrTombstone, tombstone, type StoredOrTombstone } from './tombstones.js';
import { CHANGE_FEED_LOCK_KEY, FEED_COLUMNS } from './migrations/010-sync.js';
import { dbBool, parseRow, parseRows } from './rows.js';
import { ADAPTATION_COLUMNS, SyncReads } from './sync-reads.js';

export { MAX_PAGE_ADAPTATIONS, type FeedRow, type SharedRows } from './sync-reads.js';

/** What an applied push stored under its idempotency key. */
export const IdempotentResultSchema = z.object({ current: z.unknown().nullable() });

/**
 * How long this process reuses a district's "show author names" setting. A change made in this
 * process applies at once; other processes sharing the database follow within this time.
 */
export const SETTINGS_CACHE_MS = 10_000;

/**
 * Data access for sync with the extension: versioned writes of adaptations, push idempotency
 * records, and the district sharing settings; the reads that pulls and page lookups make (change
 * feed, snapshots, page lookup by URL) are SyncReads' (sync-reads.ts). Every read that returns
 * adaptations applies the visibility rule in SQL.
 */
export class SyncRepo extends SyncReads {
  private readonly namesCache = new Map<string, { show: boolean; at: number }>();

  /**
   * Takes the district's write lock first thing in a writing transaction (PostgreSQL): writers of one
   * district (pushes, endorsements, feedback, remixes) run one at a time, so they never wait on each
   * other's rows in opposite orders (the district's usage row is written by all of them), while
   * districts write side by side. The change feed's own lock is taken only at commit (migration 091).
   * No-op on SQLite, which has one writer at a time.
   */
  async lockDistrict(trx: Knex.Transaction, tenantId: string): Promise<void> {
    if (this.db.kind === 'postgres')
      await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, [`sync:${tenantId}`]);
  }

  /**
   * Takes the change-feed lock first thing (PostgreSQL), for a writer that inserts feed rows itself
   * rather than through the triggers (a district's bulk re-announcement). No-op on SQLite.
   */
  async lockFeed(trx: Knex.Transaction): Promise<void> {
    if (this.db.kind === 'postgres') await trx.raw(`SELECT pg_advisory_xact_lock(${CHANGE_FEED_LOCK_KEY})`);
  }

  /** An adaptation or its tombstone, for a writer about to change it. */
  async current(trx: Knex.Transaction | Knex, id: string): Promise<StoredOrTombstone | null> {
    const row: unknown = await trx('adaptations as a').where('a.id', id).first(ADAPTATION_COLUMNS);
    return row ? parseStoredOrTombstone(row) : null;
  }

  /** Stores a new adaptation (the feed trigger records it). */
  async insert(
    trx: Knex.Transaction,
    a: Adaptation,
    meta: { tenantId: string; contextPk: string | null; networkStatus: 'none' | 'pending' | 'approved' },
  ): Promise<void> {
    await trx('adaptations').insert(adaptationRow(a, { ...meta, deleted: false }));
    await writeTags(trx, a, meta.tenantId);
    await refreshPassages(trx, [a.id]);
  }

  /** Replaces a stored adaptation's content, version and audience. */
  async update(
    trx: Knex.Transaction,
    a: Adaptation,
    meta: { tenantId: string; contextPk: string | null; networkStatus: 'none' | 'pending' | 'approved' },
  ): Promise<void> {
    const { id, created_at: _created, ...row } = adaptationRow(a, { ...meta, deleted: false });
    await trx('adaptations').where({ id }).update(row);
    await writeTags(trx, a, meta.tenantId);
    await refreshPassages(trx, [id]);
  }

  /** Marks an adaptation deleted: a tombstone of ids and times (tombstones.ts), so every device is told to remove it. */
  async markDeleted(trx: Knex.Transaction, id: string, version: number): Promise<void> {
    await tombstone(trx, [{ id, version }], nowIso());
  }

  /** The stored outcome of a push change applied under `key` by `userId`. */
  async idempotency(
    trx: Knex.Transaction,
    userId: string,
    key: string,
  ): Promise<{ requestHash: string; result: z.infer<typeof IdempotentResultSchema> } | null> {
    const row: unknown = await trx('sync_idempotency')
      .where({ user_id: userId, idempotency_key: key })
      .first('request_hash', 'result_json');
    if (!row) return null;
    const r = parseRow(z.object({ request_hash: z.string(), result_json: z.string() }), row, 'sync_idempotency');
    return { requestHash: r.request_hash, result: IdempotentResultSchema.parse(JSON.parse(r.result_json)) };
  }

  /** Records an applied change under its key, in the same transaction as the change itself. */
  async recordIdempotency(
    trx: Knex.Transaction,
    userId: string,
    key: string,
    requestHash: string,
    result: z.infer<typeof IdempotentResultSchema>,
  ): Promise<void> {
    await trx('sync_idempotency').insert({
      user_id: userId,
      idempotency_key: key,
      request_hash: requestHash,
      result_json: JSON.stringify(result),
      created_at: nowIso(),
    });
  }

  /** Forgets idempotency records older than `before` (a retry that late is a new change). */
  async purgeIdempotency(before: string): Promise<number> {
    return this.k('sync_idempotency').where('created_at', '<', before).del();
  }

  /** Whether each tenant shows author names to colleagues (default: yes). */
  async showAuthorNames(tenantIds: string[], k: Knex | Knex.Transaction = this.k): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    const now = Date.now();
    const missing = [...new Set(tenantIds)].filter((t) => {
      const hit = this.namesCache.get(t);
      if (hit && now - hit.at < SETTINGS_CACHE_MS) out.set(t, hit.show);
      return !out.has(t);
    });
    if (!missing.length) return out;
    for (const t of missing) out.set(t, true);
    const rows = await k('tenant_sharing_settings')
      .whereIn('tenant_id', missing)
      .select('tenant_id', 'show_author_names');
    for (const r of parseRows(
      z.object({ tenant_id: z.string(), show_author_names: dbBool }),
      rows,
      'tenant_sharing_settings',
    ))
      out.set(r.tenant_id, r.show_author_names);
    if (this.namesCache.size > 10_000) this.namesCache.clear();
    for (const t of missing) this.namesCache.set(t, { show: out.get(t)!, at: now });
    return out;
  }

  /**
   * Sets whether a tenant shows author names to colleagues. Every shared adaptation of the tenant is
   * put on the change feed again, so browsers that pulled it with (or without) names get it re-sent.
   */
  async setShowAuthorNames(tenantId: string, show: boolean): Promise<void> {
    this.namesCache.delete(tenantId);
    await this.k.transaction(async (trx) => {
      await this.lockFeed(trx);
      await trx('tenant_sharing_settings')
        .insert({ tenant_id: tenantId, show_author_names: show, updated_at: nowIso() })
        .onConflict('tenant_id')
        .merge();
      const select = trx('adaptations as a')
        .where('a.tenant_id', tenantId)
        .andWhere('a.deleted', false)
        .andWhere('a.visibility', '<>', 'private')
        .select(
          'a.id',
          'a.tenant_id',
          'a.author_user_id',
          'a.visibility',
          'a.context_pk',
          'a.network_status',
          'a.deleted',
          'a.visibility',
          'a.context_pk',
          'a.network_status',
          'a.deleted',
          trx.raw('?', [false]),
          trx.raw('?', [nowIso()]),
        )
        .toSQL();
      await trx.raw(`INSERT INTO adaptation_changes (${FEED_COLUMNS}) ${select.sql}`, select.bindings);
    });
    this.namesCache.delete(tenantId);
  }
}
