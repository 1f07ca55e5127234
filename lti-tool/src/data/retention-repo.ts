import { z } from 'zod';
import { DEFAULT_DETAIL_DAYS } from '@margins/shared';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { dbInt, parseRow, parseRows } from './rows.js';

/** What one district's detail purge removed. */
export interface DetailPurge {
  feedbackTexts: number;
  endorsementNotes: number;
  ledgerDetails: number;
}

/**
 * Data access for retention (issue 16, items 5 and 6): the change feed's compaction floor, each
 * district's retention setting, and the removal of details past it. Counts never change: rows stay,
 * only free text and ledger details go.
 */
export class RetentionRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /**
   * Removes every change-feed row up to the newest one written before `before` (deletion notices and
   * the changes later ones superseded alike: a full resync reads each adaptation's current state from
   * the adaptations themselves) and raises the floor to it, in one transaction. Returns the rows removed.
   */
  async compactFeed(before: string): Promise<{ removed: number; floor: number }> {
    return this.k.transaction(async (trx) => {
      const row = await trx('adaptation_changes').where('at', '<', before).max({ m: 'seq' }).first();
      const m = parseRow(z.object({ m: dbInt.nullable() }), row, 'adaptation_changes').m;
      const prior: unknown = await trx('sync_feed_floor').where({ id: 1 }).first('floor_seq');
      const floor = prior ? parseRow(z.object({ floor_seq: dbInt }), prior, 'sync_feed_floor').floor_seq : 0;
      if (m === null || m <= floor) return { removed: 0, floor };
      const removed = await trx('adaptation_changes').where('seq', '<=', m).del();
      await trx('sync_feed_floor')
        .insert({ id: 1, floor_seq: m, compacted_at: nowIso() })
        .onConflict('id')
        .merge(['floor_seq', 'compacted_at']);
      return { removed, floor: m };
    });
  }

  /** A district's detail retention in days (the default when it chose none); null for no such district. */
  async detailDays(tenantId: string): Promise<number | null> {
    const row: unknown = await this.k('tenants as t')
      .leftJoin('tenant_retention_settings as s', 's.tenant_id', 't.id')
      .where('t.id', tenantId)
      .first('s.detail_days');
    if (!row) return null;
    return parseRow(z.object({ detail_days: dbInt.nullable() }), row, 'tenants').detail_days ?? DEFAULT_DETAIL_DAYS;
  }

  /** Sets a district's detail retention (validated by the caller). */
  async setDetailDays(tenantId: string, days: number): Promise<void> {
    await this.k('tenant_retention_settings')
      .insert({ tenant_id: tenantId, detail_days: days, updated_at: nowIso() })
      .onConflict('tenant_id')
      .merge(['detail_days', 'updated_at']);
  }

  /** Every district with its detail retention in days. */
  async allDetailDays(): Promise<{ tenantId: string; days: number }[]> {
    const rows = await this.k('tenants as t')
      .leftJoin('tenant_retention_settings as s', 's.tenant_id', 't.id')
      .select('t.id as tenant_id', 's.detail_days');
    return parseRows(z.object({ tenant_id: z.string(), detail_days: dbInt.nullable() }), rows, 'tenants').map((r) => ({
      tenantId: r.tenant_id,
      days: r.detail_days ?? DEFAULT_DETAIL_DAYS,
    }));
  }

  /**
   * Removes a district's details older than `before`: feedback text (the feedback stays, marked), "I
   * tried this" notes (the outcome stays) and every ledger detail but an endorsement's outcome (the
   * one detail metrics read; see metrics-rollup.ts). Safe to run again: what is gone is not counted twice.
   */
  async purgeDetails(tenantId: string, before: string): Promise<DetailPurge> {
    const k = this.k;
    const pg = this.db.kind === 'postgres';
    return k.transaction(async (trx) => {
      const feedbackTexts = await trx('feedback')
        .where('tenant_id', tenantId)
        .andWhere('created_at', '<', before)
        .whereNull('text_removed_at')
        .update({ text: '', text_removed_at: nowIso() });
      const endorsementNotes = await trx('endorsements')
        .where('tenant_id', tenantId)
        .andWhere('updated_at', '<', before)
        .andWhere('note', '<>', '')
        .update({ note: '' });
      const kept = pg
        ? `CASE WHEN (data_json::jsonb -> 'outcome') IS NOT NULL THEN json_build_object('outcome', data_json::jsonb -> 'outcome')::text ELSE '{}' END`
        : `CASE WHEN json_type(data_json, '$.outcome') IS NOT NULL THEN json_object('outcome', json_extract(data_json, '$.outcome')) ELSE '{}' END`;
      const hasMore = pg
        ? `(data_json::jsonb - 'outcome') <> '{}'::jsonb`
        : `json_remove(data_json, '$.outcome') <> '{}'`;
      const ledgerDetails = await trx('contribution_events')
        .where('tenant_id', tenantId)
        .andWhere('at', '<', before)
        .andWhereRaw(hasMore)
        .update({ data_json: trx.raw(kept) });
      return { feedbackTexts, endorsementNotes, ledgerDetails };
    });
  }
}
