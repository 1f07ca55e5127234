import type { Knex } from 'knex';
import { z } from 'zod';
import { MIN_GROUP_SIZE } from '@margins/shared';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { urlHash } from './migrations/010-sync.js';
import { refreshPassages } from './passage-groups.js';
import { dbBool, dbInt, dbNullableText, parseRows } from './rows.js';

/** A passage group row as reports read it. */
export const GroupRowSchema = z.object({
  id: z.string(),
  canonical_url: z.string(),
  page_title: z.string(),
  start_pos: dbInt.nullable(),
  end_pos: dbInt.nullable(),
  quote: z.string(),
  teachers: dbInt,
  schools: dbInt,
  adaptations: dbInt,
  first_at: z.string(),
});
/** A passage group row. */
export type GroupRow = z.infer<typeof GroupRowSchema>;

/** A counted adaptation of a page (no text: the author id stays in the service, never in a response). */
export const MemberRowSchema = z.object({
  adaptation_id: z.string(),
  group_id: z.string(),
  author_user_id: z.string(),
  school_key: z.string(),
  kinds: z.string(),
  needs: z.string(),
  anonymous: dbBool,
  created_at: z.string(),
});
/** A member row. */
export type MemberRow = z.infer<typeof MemberRowSchema>;

/** A member of a page report: the row and its rationale as stored when the adaptation was written. */
export const PageMemberRowSchema = MemberRowSchema.extend({ rationale: z.string(), rationale_flagged: dbBool });
/** A page member row. */
export type PageMemberRow = z.infer<typeof PageMemberRowSchema>;

const MEMBER_COLUMNS = Object.keys(MemberRowSchema.shape);

const GROUP_COLUMNS = Object.keys(GroupRowSchema.shape);
const shown = `teachers >= ${MIN_GROUP_SIZE}`;

/**
 * Reads the precomputed passages (migration 110) for curriculum insight, and the insight settings.
 * Every query is scoped by the caller's tenant first; groups under the minimum size are filtered in
 * SQL, so their rows never reach the service.
 */
export class InsightRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /** The district's sites with page and passage counts. */
  async sites(tenantId: string): Promise<{ site: string; pages: number; passages: number; hidden: number }[]> {
    const rows = await this.k('passage_groups')
      .where('tenant_id', tenantId)
      .groupBy('site')
      .orderBy('site')
      .select(
        'site',
        this.k.raw('COUNT(DISTINCT url_hash) AS pages'),
        this.k.raw(`SUM(CASE WHEN ${shown} THEN 1 ELSE 0 END) AS passages`),
        this.k.raw(`SUM(CASE WHEN ${shown} THEN 0 ELSE 1 END) AS hidden`),
      );
    return parseRows(
      z.object({ site: z.string(), pages: dbInt, passages: dbInt, hidden: dbInt }),
      rows,
      'passage_groups',
    );
  }

  /** Pages of a site with shown passages, the most adapted first. */
  async sitePages(
    tenantId: string,
    site: string,
  ): Promise<{ url: string; title: string; passages: number; topTeachers: number; topSchools: number }[]> {
    const k = this.k;
    const rows = await k('passage_groups')
      .where({ tenant_id: tenantId, site })
      .andWhereRaw(shown)
      .groupBy('url_hash', 'canonical_url')
      .select(
        'canonical_url',
        k.raw('MAX(page_title) AS title'),
        k.raw('COUNT(*) AS passages'),
        k.raw('MAX(teachers) AS top_teachers'),
        k.raw('MAX(schools) AS top_schools'),
      )
      .orderByRaw('MAX(schools) DESC, MAX(teachers) DESC, canonical_url');
    return parseRows(
      z.object({
        canonical_url: z.string(),
        title: z.string(),
        passages: dbInt,
        top_teachers: dbInt,
        top_schools: dbInt,
      }),
      rows,
      'passage_groups',
    ).map((r) => ({
      url: r.canonical_url,
      title: r.title,
      passages: r.passages,
      topTeachers: r.top_teachers,
      topSchools: r.top_schools,
    }));
  }

  /** Passages hidden under the minimum group size, and pages that have only such passages. */
  async siteHidden(tenantId: string, site: string): Promise<{ passages: number; pages: number }> {
    const k = this.k;
    const row: unknown = await k('passage_groups')
      .where({ tenant_id: tenantId, site })
      .first(
        k.raw(`SUM(CASE WHEN ${shown} THEN 0 ELSE 1 END) AS hidden`),
        k.raw('COUNT(DISTINCT url_hash) AS pages'),
        k.raw(`COUNT(DISTINCT CASE WHEN ${shown} THEN url_hash END) AS shown_pages`),
      );
    const r = z.object({ hidden: dbInt.nullable(), pages: dbInt, shown_pages: dbInt }).parse(row);
    return { passages: r.hidden ?? 0, pages: r.pages - r.shown_pages };
  }

  /** The site's shown passages adapted across the most schools, then by the most teachers. */
  async hotSpots(tenantId: string, site: string, limit: number): Promise<GroupRow[]> {
    const rows = await this.k('passage_groups')
      .where({ tenant_id: tenantId, site })
      .andWhereRaw(shown)
      .orderBy([
        { column: 'schools', order: 'desc' },
        { column: 'teachers', order: 'desc' },
        { column: 'first_at' },
        { column: 'id' },
      ])
      .limit(limit)
      .select(GROUP_COLUMNS);
    return parseRows(GroupRowSchema, rows, 'passage_groups');
  }

  /** Teachers per passage whose adaptation came before `since` and on or after it. */
  async beforeAndSince(
    tenantId: string,
    groupIds: string[],
    since: string,
  ): Promise<Map<string, { before: number; since: number }>> {
    const out = new Map<string, { before: number; since: number }>();
    if (!groupIds.length) return out;
    const k = this.k;
    const rows = await k('passage_members')
      .where('tenant_id', tenantId)
      .whereIn('group_id', groupIds)
      .groupBy('group_id')
      .select(
        'group_id',
        k.raw('COUNT(DISTINCT CASE WHEN created_at < ? THEN author_user_id END) AS before', [since]),
        k.raw('COUNT(DISTINCT CASE WHEN created_at >= ? THEN author_user_id END) AS since', [since]),
      );
    for (const r of parseRows(z.object({ group_id: z.string(), before: dbInt, since: dbInt }), rows, 'passage_members'))
      out.set(r.group_id, { before: r.before, since: r.since });
    return out;
  }

  /**
   * Every group of one page (hidden ones included: the service counts them) and its counted
   * adaptations with their rationales as stored when written (migration 111). Two reads of passage
   * rows; no adaptation's JSON, no privacy guard, no people at read time (see creditedNames).
   */
  async page(tenantId: string, url: string): Promise<{ groups: GroupRow[]; members: PageMemberRow[]; site: string }> {
    const where = { tenant_id: tenantId, url_hash: urlHash(url), canonical_url: url };
    const [groups, members] = (await Promise.all([
      this.k('passage_groups')
        .where(where)
        .orderBy('start_pos')
        .select([...GROUP_COLUMNS, 'site']),
      this.k('passage_members')
        .where(where)
        .orderBy([{ column: 'created_at' }, { column: 'adaptation_id' }])
        .select([...MEMBER_COLUMNS, 'rationale', 'rationale_flagged']),
    ])) as [unknown[], unknown[]];
    const withSite = parseRows(GroupRowSchema.extend({ site: z.string() }), groups, 'passage_groups');
    return {
      groups: withSite,
      members: parseRows(PageMemberRowSchema, members, 'passage_members'),
      site: withSite[0]?.site ?? '',
    };
  }

  /**
   * The names of those of `userIds` (the district's) who agreed to be credited by name: asked only
   * when the district allows names, so a page report usually reads no one's name.
   */
  async creditedNames(tenantId: string, userIds: string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    const rows = await this.k('insight_preferences as p')
      .join('users as u', 'u.id', 'p.user_id')
      .where({ 'p.tenant_id': tenantId, 'p.credit_by_name': true })
      .whereIn('p.user_id', [...new Set(userIds)])
      .select('u.id', 'u.name');
    const named = parseRows(z.object({ id: z.string(), name: dbNullableText }), rows, 'users');
    return new Map(named.filter((r) => r.name).map((r) => [r.id, r.name!]));
  }

  /** Members of one page's shown passages, as SQL: `m` is passage_members (the join keeps parameters few). */
  private shownMembers(tenantId: string, url: string): Knex.QueryBuilder {
    const hash = urlHash(url);
    return this.k('passage_members as m')
      .where({ 'm.tenant_id': tenantId, 'm.url_hash': hash, 'm.canonical_url': url, 'm.anonymous': false })
      .whereIn('m.group_id', (g) => {
        g.from('passage_groups')
          .select('id')
          .where({ tenant_id: tenantId, url_hash: hash, canonical_url: url })
          .andWhere('teachers', '>=', MIN_GROUP_SIZE);
      });
  }

  /** "I tried this" outcomes of colleagues (never the author's own) on one page's shown passages, per adaptation and outcome. */
  async pageOutcomes(tenantId: string, url: string): Promise<{ adaptation_id: string; outcome: string; n: number }[]> {
    const rows = (await this.shownMembers(tenantId, url)
      .join('endorsements as e', 'e.adaptation_id', 'm.adaptation_id')
      .andWhereRaw('e.user_id <> m.author_user_id')
      .groupBy('m.adaptation_id', 'e.outcome')
      .select('m.adaptation_id', 'e.outcome', this.k.raw('COUNT(*) AS n'))) as unknown[];
    return parseRows(z.object({ adaptation_id: z.string(), outcome: z.string(), n: dbInt }), rows, 'endorsements');
  }

  /**
   * The shown passages of one page (at most `limit`, the most adapted first) with their members'
   * kinds and authors, for a teacher's extension (issue 20, item 5): two indexed reads of one page.
   */
  async pageHotSpots(
    tenantId: string,
    url: string,
    limit: number,
  ): Promise<{ groups: GroupRow[]; members: { group_id: string; kinds: string; author_user_id: string }[] }> {
    const where = { tenant_id: tenantId, url_hash: urlHash(url), canonical_url: url };
    const groups = parseRows(
      GroupRowSchema,
      await this.k('passage_groups')
        .where(where)
        .andWhere('teachers', '>=', MIN_GROUP_SIZE)
        .orderBy([{ column: 'schools', order: 'desc' }, { column: 'teachers', order: 'desc' }, { column: 'id' }])
        .limit(limit)
        .select(GROUP_COLUMNS),
      'passage_groups',
    );
    if (!groups.length) return { groups, members: [] };
    const members = parseRows(
      z.object({ group_id: z.string(), kinds: z.string(), author_user_id: z.string() }),
      await this.k('passage_members')
        .where(where)
        .whereIn(
          'group_id',
          groups.map((g) => g.id),
        )
        .select('group_id', 'kinds', 'author_user_id'),
      'passage_members',
    );
    return { groups, members };
  }

  /** Whether the district lets insight readers see the names of teachers who agreed (default: no). */
  async nameAuthors(tenantId: string): Promise<boolean> {
    const row: unknown = await this.k('insight_district_settings').where({ tenant_id: tenantId }).first('name_authors');
    return row ? z.object({ name_authors: dbBool }).parse(row).name_authors : false;
  }

  /** Sets the district's naming setting. */
  async setNameAuthors(tenantId: string, on: boolean): Promise<void> {
    await this.k('insight_district_settings')
      .insert({ tenant_id: tenantId, name_authors: on, updated_at: nowIso() })
      .onConflict('tenant_id')
      .merge();
  }

  /** A teacher's insight choices (both off until they choose). */
  async preferences(userId: string): Promise<{ countPrivate: boolean; creditByName: boolean }> {
    const row: unknown = await this.k('insight_preferences')
      .where({ user_id: userId })
      .first('count_private', 'credit_by_name');
    if (!row) return { countPrivate: false, creditByName: false };
    const r = z.object({ count_private: dbBool, credit_by_name: dbBool }).parse(row);
    return { countPrivate: r.count_private, creditByName: r.credit_by_name };
  }

  /**
   * Saves a teacher's choices; when "count my private adaptations" changes, their private adaptations
   * join or leave the passages in the same transaction.
   */
  async setPreferences(
    tenantId: string,
    userId: string,
    p: { countPrivate: boolean; creditByName: boolean },
  ): Promise<void> {
    const before = await this.preferences(userId);
    await this.k.transaction(async (trx: Knex.Transaction) => {
      await trx('insight_preferences')
        .insert({
          user_id: userId,
          tenant_id: tenantId,
          count_private: p.countPrivate,
          credit_by_name: p.creditByName,
          updated_at: nowIso(),
        })
        .onConflict('user_id')
        .merge();
      if (before.countPrivate === p.countPrivate) return;
      const ids = parseRows(
        z.object({ id: z.string() }),
        await trx('adaptations')
          .where({ author_user_id: userId, tenant_id: tenantId, visibility: 'private', deleted: false })
          .select('id'),
        'adaptations',
      ).map((r) => r.id);
      await refreshPassages(trx, ids);
    });
  }
}
