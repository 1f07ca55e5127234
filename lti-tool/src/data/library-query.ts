import type { Knex } from 'knex';
import { z } from 'zod';
import { StoredAdaptationSchema, TAG_PREFIX, type StoredAdaptation } from './adaptation-rows.js';
import { dbInt, likeEscape, parseRow, parseRows } from './rows.js';
import { visibleTo, type Viewer } from './visibility.js';

/**
 * The library's filtered, paged query (facets, focus area, search text) and the keyset paging it shares
 * with a mentor's practices: the largest read of adaptations, kept apart from AdaptationsRepo's one-row
 * reads and writes.
 */

/** Library filters after parsing (shared LibraryQuerySchema). */
export interface LibraryFilter {
  scope: 'course' | 'district' | 'network';
  q?: string | undefined;
  kind?: string | undefined;
  gradeBand?: string | undefined;
  subject?: string | undefined;
  focusArea?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** A page of stored adaptations, the total for the same filter, and where the next page starts. */
export interface AdaptationPage {
  items: StoredAdaptation[];
  total: number;
  nextCursor: string | null;
}

function encodeCursor(updatedAt: string, id: string): string {
  return Buffer.from(`${updatedAt}|${id}`).toString('base64url');
}
function decodeCursor(cursor: string): { updatedAt: string; id: string } | null {
  const [updatedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return updatedAt && id ? { updatedAt, id } : null;
}

/** A page of the library for `viewer`, newest first, with the total count for the same filter. */
export async function libraryPage(k: Knex, viewer: Viewer, f: LibraryFilter): Promise<AdaptationPage> {
  const base = () => {
    let q = visibleTo(k('adaptations as a').where('a.deleted', false), viewer, f.scope);
    const tagTenant = f.scope === 'network' ? null : viewer.tenantId;
    for (const [key, prefix] of Object.entries(TAG_PREFIX) as [keyof typeof TAG_PREFIX, string][]) {
      const value = f[key];
      if (!value) continue;
      q = q.whereIn('a.id', (s) => {
        s.from('adaptation_tags')
          .select('adaptation_id')
          .where('tag', prefix + value);
        if (tagTenant) s.andWhere('tenant_id', tagTenant);
      });
    }
    if (f.focusArea) {
      q = q.whereIn(
        'a.id',
        (s) => {
          s.from('collection_items as ci')
            .join('collections as c', 'c.id', 'ci.collection_id')
            .select('ci.adaptation_id')
            .where({ 'c.tenant_id': viewer.tenantId, 'c.focus_area_id': f.focusArea })
            .whereNotNull('c.published_at');
        }, // drafts stay the coaches' own
      );
    }
    if (f.q) q = q.andWhereRaw(`a.search_text LIKE ? ESCAPE '\\'`, [`%${likeEscape(f.q.toLowerCase())}%`]);
    return q;
  };
  return newestFirstPage(base, f.cursor, f.limit);
}

/**
 * One page of the adaptations `base` selects (as `a`), newest first (updated_at, then id) after `cursor`,
 * with the total `base` counts: the keyset paging of the library and of a mentor's practices.
 */
export async function newestFirstPage(
  base: () => Knex.QueryBuilder,
  cursor: string | undefined,
  limit: number,
): Promise<AdaptationPage> {
  let page = base();
  const cur = cursor ? decodeCursor(cursor) : null;
  if (cur)
    page = page.andWhere((w) => {
      w.where('a.updated_at', '<', cur.updatedAt).orWhere((x) => {
        x.where('a.updated_at', cur.updatedAt).andWhere('a.id', '<', cur.id);
      });
    });
  const [rows, countRow] = (await Promise.all([
    page
      .select('a.*')
      .orderBy([
        { column: 'a.updated_at', order: 'desc' },
        { column: 'a.id', order: 'desc' },
      ])
      .limit(limit + 1),
    base().count({ n: '*' }).first(),
  ])) as [unknown[], unknown];
  const items = parseRows(StoredAdaptationSchema, rows.slice(0, limit), 'adaptations');
  const last = items[items.length - 1];
  return {
    items,
    total: parseRow(z.object({ n: dbInt }), countRow, 'count').n,
    nextCursor: rows.length > limit && last ? encodeCursor(last.updated_at, last.id) : null,
  };
}
