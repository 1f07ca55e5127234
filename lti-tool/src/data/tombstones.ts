import type { Knex } from 'knex';
import { z } from 'zod';
import { urlHash } from './migrations/010-sync.js';
import { refreshPassages } from './passage-groups.js';
import type { StoredAdaptation } from './adaptations-repo.js';
import { AdaptationSchema } from '@margins/shared';
import { dbJson } from './rows.js';
import { dbBool, dbInt, dbNullableText, parseRow } from './rows.js';

/**
 * "Deleted means deleted" (issue 16, item 5): a deleted adaptation stays as a tombstone so every
 * browser is told to drop it, but a tombstone keeps ids and times only. Its text, page and facets are
 * blanked in the same statement that marks it deleted, and what colleagues wrote about it (feedback
 * text, endorsement notes, curation notes, the reason it was featured) goes with it.
 */

/** What a tombstone's `json` column holds: ids and times, never content. */
export const TombstoneJsonSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  deleted: z.literal(true),
  updatedAt: z.string(),
});

/** A deleted adaptation as stored: who wrote it and when it went, nothing it said. */
export interface Tombstone {
  id: string;
  tenant_id: string;
  author_user_id: string;
  context_pk: string | null;
  visibility: StoredAdaptation['visibility'];
  network_status: StoredAdaptation['network_status'];
  version: number;
  deleted: true;
  json: null;
  updated_at: string;
}

/** A stored adaptation or its tombstone (writers that must know an id was used read this). */
export type StoredOrTombstone = StoredAdaptation | Tombstone;

// Written out rather than derived from StoredAdaptationSchema: adaptations-repo imports this module.
const TombstoneRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  author_user_id: z.string(),
  context_pk: dbNullableText,
  visibility: z.enum(['private', 'course', 'district', 'network']),
  network_status: z.enum(['none', 'pending', 'approved']),
  version: dbInt,
  deleted: dbBool,
  updated_at: z.string(),
});

let liveSchema: z.ZodType<StoredAdaptation> | null = null;
/** The schema of a live row (StoredAdaptationSchema, rebuilt here to keep the import one way). */
function live(): z.ZodType<StoredAdaptation> {
  liveSchema ??= TombstoneRowSchema.extend({
    json: dbJson(AdaptationSchema),
  }) as unknown as z.ZodType<StoredAdaptation>;
  return liveSchema;
}

/** Parses a row of `adaptations` that may be a tombstone (whose JSON is not an adaptation any more). */
export function parseStoredOrTombstone(row: unknown): StoredOrTombstone {
  const meta = parseRow(TombstoneRowSchema, row, 'adaptations');
  if (meta.deleted) return { ...meta, deleted: true, json: null };
  return parseRow(live(), row, 'adaptations');
}

/** The columns that turn a row into a tombstone at `version` (content blanked). */
export function tombstoneColumns(id: string, version: number, at: string) {
  return {
    deleted: true,
    version,
    updated_at: at,
    json: JSON.stringify(TombstoneJsonSchema.parse({ id, version, deleted: true, updatedAt: at })),
    search_text: '',
    page_title: '',
    canonical_url: '',
    url_hash: urlHash(''),
  };
}

/**
 * Blanks what others wrote about deleted adaptations: feedback text, endorsement notes, curation
 * notes, network review notes, and the featured entry. Counts that matter to metrics live in the
 * ledger, which keeps its events (ids only).
 */
export async function blankDependents(trx: Knex.Transaction, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await trx('feedback').whereIn('adaptation_id', chunk).update({ text: '' });
    await trx('endorsements').whereIn('adaptation_id', chunk).update({ note: '' });
    await trx('collection_items').whereIn('adaptation_id', chunk).update({ note: '' });
    await trx('network_reviews').whereIn('adaptation_id', chunk).update({ note: '' });
    await trx('featured_adaptations').whereIn('adaptation_id', chunk).del();
    await trx('adaptation_tags').whereIn('adaptation_id', chunk).del();
  }
}

/**
 * Turns adaptations into tombstones, each at its next version (the feed triggers tell every browser
 * that saw one to drop it), blanks what was said about them and takes them out of passage groups.
 */
export async function tombstone(
  trx: Knex.Transaction,
  items: readonly { id: string; version: number }[],
  at: string,
): Promise<void> {
  for (const a of items)
    await trx('adaptations')
      .where({ id: a.id })
      .update(tombstoneColumns(a.id, a.version, at));
  const ids = items.map((a) => a.id);
  await blankDependents(trx, ids);
  await refreshPassages(trx, ids);
}
