import { createHash } from 'node:crypto';
import type { Migration } from '../migrations.js';

/** Rows read and blanked per round. */
const BATCH = 500;

/**
 * "Deleted means deleted" (issue 16, item 5): tombstones written before this version kept the whole
 * adaptation (text, rationale, quote, page) in `json` and `search_text`. This blanks them to ids and
 * times, as data/tombstones.ts now does at deletion, and blanks what colleagues wrote about them
 * (feedback text, endorsement notes, curation and review notes; featured entries go). Written out
 * here rather than imported, so later changes to the runtime code never change this migration.
 */
export const migration082: Migration = {
  version: 82,
  name: 'tombstones keep ids and times only',
  async up(k) {
    // Passage groups came with migration 110: a database older than that has none to clean.
    const passages = await k.schema.hasTable('passage_members');
    const emptyUrlHash = createHash('sha256').update('').digest('hex').slice(0, 32);
    let after = '';
    for (;;) {
      const rows: { id: string; version: number | string; updated_at: string }[] = await k('adaptations')
        .where('deleted', true)
        .andWhere('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .select('id', 'version', 'updated_at');
      if (!rows.length) break;
      for (const r of rows) {
        const version = Number(r.version);
        await k('adaptations')
          .where('id', r.id)
          .update({
            json: JSON.stringify({ id: r.id, version, deleted: true, updatedAt: r.updated_at }),
            search_text: '',
            page_title: '',
            canonical_url: '',
            url_hash: emptyUrlHash,
          });
      }
      const ids = rows.map((r) => r.id);
      await k('feedback').whereIn('adaptation_id', ids).update({ text: '' });
      await k('endorsements').whereIn('adaptation_id', ids).update({ note: '' });
      await k('collection_items').whereIn('adaptation_id', ids).update({ note: '' });
      await k('network_reviews').whereIn('adaptation_id', ids).update({ note: '' });
      await k('featured_adaptations').whereIn('adaptation_id', ids).del();
      await k('adaptation_tags').whereIn('adaptation_id', ids).del();
      if (passages) await k('passage_members').whereIn('adaptation_id', ids).del();
      after = rows[rows.length - 1]!.id;
    }
  },
};
