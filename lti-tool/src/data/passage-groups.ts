import type { Knex } from 'knex';
import { z } from 'zod';
import { findPrivacyConcerns } from '@margins/shared';
import { isPostgres } from './db.js';
import { dbBool, dbInt, dbNullableText, parseRow, parseRows } from './rows.js';

/**
 * Passages across teachers (issue 20, item 2), written once here for both paths:
 *
 * - `refreshPassages` runs in the transaction of every write of an adaptation (sync push, sharing a
 *   copy, seeding): the adaptation's member row is rewritten (or removed when it no longer counts),
 *   then its page is regrouped in this district. A page holds tens of adaptations per district, so a
 *   regroup reads and writes a handful of rows.
 * - `rebuildPassages` recomputes one district from its adaptations in bulk (the migration, bulk loads).
 *
 * An adaptation counts when it is not deleted and is shared beyond "only me", or is private and its
 * author chose to count private adaptations anonymously. Grouping: ranges of the same canonical page
 * that overlap (W3C TextPositionSelector offsets) are one passage, transitively; an adaptation without
 * a position joins the passage of a positioned one whose quote contains its quote (or the other way
 * round), else the passages made of quotes alone (one quote containing the other). The passage's id is
 * its earliest member's adaptation id, so it stays put while that adaptation counts.
 */

/** The part of a member that grouping needs. */
export interface MemberFacts {
  id: string;
  author: string;
  school: string;
  start: number | null;
  end: number | null;
  quoteKey: string;
  quote: string;
  createdAt: string;
}

/** One passage of a page, as grouping makes it. */
export interface PassageGroup {
  id: string;
  members: string[];
  start: number | null;
  end: number | null;
  quote: string;
  teachers: number;
  schools: number;
  firstAt: string;
}

/** The quote as grouping compares it: lower case, whitespace collapsed, at most 300 characters. */
export function quoteKey(exact: string): string {
  return exact.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 300);
}

const contains = (a: string, b: string) => a.length > 0 && b.length > 0 && (a.includes(b) || b.includes(a));

/** Groups one page's members into passages (pure, so it is tested on its own). */
export function groupPassages(members: MemberFacts[]): PassageGroup[] {
  const sorted = [...members].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const positioned = sorted.filter((m) => m.start !== null && m.end !== null);
  const ranged: { m: MemberFacts; start: number; end: number }[] = positioned.map((m) => ({
    m,
    start: m.start!,
    end: m.end!,
  }));
  const quoteOnly: MemberFacts[] = [];
  for (const m of sorted) {
    if (m.start !== null && m.end !== null) continue;
    const host = positioned.find((p) => contains(p.quoteKey, m.quoteKey));
    if (host) ranged.push({ m, start: host.start!, end: host.end! });
    else quoteOnly.push(m);
  }
  const clusters: MemberFacts[][] = [];
  ranged.sort((a, b) => a.start - b.start || a.end - b.end);
  let current: MemberFacts[] = [];
  let reach = -1;
  for (const r of ranged) {
    if (current.length && r.start < reach) {
      current.push(r.m);
      reach = Math.max(reach, r.end);
    } else {
      if (current.length) clusters.push(current);
      current = [r.m];
      reach = r.end;
    }
  }
  if (current.length) clusters.push(current);
  // Quotes alone: union of members whose quotes contain one another.
  const parent = quoteOnly.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < quoteOnly.length; i++)
    for (let j = i + 1; j < quoteOnly.length; j++)
      if (contains(quoteOnly[i]!.quoteKey, quoteOnly[j]!.quoteKey)) parent[root(j)] = root(i);
  const byRoot = new Map<number, MemberFacts[]>();
  quoteOnly.forEach((m, i) => byRoot.set(root(i), [...(byRoot.get(root(i)) ?? []), m]));
  clusters.push(...byRoot.values());

  const order = new Map(sorted.map((m, i) => [m.id, i]));
  return clusters.map((c) => {
    c.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    const first = c[0]!;
    const starts = c.filter((m) => m.start !== null);
    const ranges = ranged.filter((r) => c.includes(r.m));
    return {
      id: first.id,
      members: c.map((m) => m.id),
      start: ranges.length ? Math.min(...ranges.map((r) => r.start)) : null,
      end: ranges.length ? Math.max(...ranges.map((r) => r.end)) : null,
      quote: (starts[0] ?? first).quote,
      teachers: new Set(c.map((m) => m.author)).size,
      schools: new Set(c.map((m) => m.school).filter((s) => s !== '')).size,
      firstAt: first.createdAt,
    };
  });
}

/** What a member row needs from the adaptation's JSON (a narrow parse: the row was validated on write). */
const AnchorJson = z.object({
  kinds: z.array(z.string()),
  rationale: z.string().default(''),
  audience: z.object({ learnerNeeds: z.array(z.string()).default([]) }).default({ learnerNeeds: [] }),
  target: z.object({
    quote: z.object({ exact: z.string() }),
    position: z.object({ start: z.number().int(), end: z.number().int() }).optional(),
  }),
});

const SourceRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  author_user_id: z.string(),
  visibility: z.string(),
  deleted: dbBool,
  canonical_url: z.string(),
  url_hash: z.string(),
  page_title: z.string(),
  json: z.string(),
  created_at: z.string(),
  school: dbNullableText,
  count_private: dbBool.nullable(),
});

/** The columns and joins that give an adaptation's school and its author's choice about private ones. */
function sourceQuery(k: Knex | Knex.Transaction): Knex.QueryBuilder {
  return k('adaptations as a')
    .leftJoin('course_contexts as c', 'c.id', 'a.context_pk')
    .leftJoin('users as u', 'u.id', 'a.author_user_id')
    .leftJoin('insight_preferences as p', 'p.user_id', 'a.author_user_id')
    .select(
      'a.id',
      'a.tenant_id',
      'a.author_user_id',
      'a.visibility',
      'a.deleted',
      'a.canonical_url',
      'a.url_hash',
      'a.page_title',
      'a.json',
      'a.created_at',
      k.raw('COALESCE(c.school_id, u.school_id) AS school'),
      'p.count_private',
    );
}

/** The site of a canonical page: its origin. */
export function siteOf(canonicalUrl: string): string {
  try {
    return new URL(canonicalUrl).origin;
  } catch {
    return '';
  }
}

/** The member row of an adaptation, or null when it does not count. */
function memberRow(r: z.output<typeof SourceRow>): Record<string, unknown> | null {
  if (r.deleted) return null;
  const anonymous = r.visibility === 'private';
  if (anonymous && !r.count_private) return null;
  const j = AnchorJson.safeParse(JSON.parse(r.json));
  if (!j.success) return null;
  const pos = j.data.target.position;
  return {
    adaptation_id: r.id,
    tenant_id: r.tenant_id,
    site: siteOf(r.canonical_url).slice(0, 300),
    url_hash: r.url_hash,
    canonical_url: r.canonical_url,
    page_title: r.page_title,
    group_id: r.id,
    author_user_id: r.author_user_id,
    school_key: (r.school ?? '').slice(0, 255),
    start_pos: pos ? pos.start : null,
    end_pos: pos ? pos.end : null,
    quote_key: quoteKey(j.data.target.quote.exact),
    quote: j.data.target.quote.exact,
    kinds: j.data.kinds.join(',').slice(0, 500),
    needs: j.data.audience.learnerNeeds.join(',').slice(0, 300),
    anonymous,
    created_at: r.created_at,
    ...rationaleColumns(anonymous ? '' : j.data.rationale),
  };
}

/**
 * A member's rationale as the page report shows it, checked once when the adaptation is written
 * (migration 111): the text (never for an anonymous private one) and whether the privacy guard
 * flags it, so reading a page joins no adaptation and runs no guard.
 */
export function rationaleColumns(rationale: string): { rationale: string; rationale_flagged: boolean } {
  const text = rationale.trim();
  return { rationale: text, rationale_flagged: text !== '' && findPrivacyConcerns(text).length > 0 };
}

const MemberRow = z.object({
  adaptation_id: z.string(),
  author_user_id: z.string(),
  school_key: z.string(),
  start_pos: dbInt.nullable(),
  end_pos: dbInt.nullable(),
  quote_key: z.string(),
  quote: z.string(),
  created_at: z.string(),
  page_title: z.string(),
  site: z.string(),
});

function factsOf(r: z.output<typeof MemberRow>): MemberFacts {
  return {
    id: r.adaptation_id,
    author: r.author_user_id,
    school: r.school_key,
    start: r.start_pos,
    end: r.end_pos,
    quoteKey: r.quote_key,
    quote: r.quote,
    createdAt: r.created_at,
  };
}

/** The group rows of one page of one district. */
function groupRows(
  page: { tenantId: string; site: string; urlHash: string; url: string; title: string },
  groups: PassageGroup[],
) {
  return groups.map((g) => ({
    id: g.id,
    tenant_id: page.tenantId,
    site: page.site,
    url_hash: page.urlHash,
    canonical_url: page.url,
    page_title: page.title,
    start_pos: g.start,
    end_pos: g.end,
    quote: g.quote.slice(0, 2000),
    teachers: g.teachers,
    schools: g.schools,
    adaptations: g.members.length,
    first_at: g.firstAt,
  }));
}

/** Regroups one page of one district from its member rows. */
async function regroupPage(k: Knex.Transaction, tenantId: string, urlHash: string, url: string): Promise<void> {
  if (isPostgres(k)) await k.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`passages:${tenantId}:${urlHash}`]);
  const rows = parseRows(
    MemberRow,
    await k('passage_members')
      .where({ tenant_id: tenantId, url_hash: urlHash, canonical_url: url })
      .select(Object.keys(MemberRow.shape)),
    'passage_members',
  );
  await k('passage_groups').where({ tenant_id: tenantId, url_hash: urlHash, canonical_url: url }).del();
  if (!rows.length) return;
  const groups = groupPassages(rows.map(factsOf));
  const newest = [...rows].sort((a, b) => b.created_at.localeCompare(a.created_at))[0]!;
  await k('passage_groups').insert(
    groupRows({ tenantId, site: newest.site, urlHash, url, title: newest.page_title }, groups),
  );
  for (const g of groups) await k('passage_members').whereIn('adaptation_id', g.members).update({ group_id: g.id });
}

/**
 * Brings the passages of `adaptationIds` up to date after they were written (call in the same
 * transaction as the write): their member rows, then every page they were or now are on.
 */
export async function refreshPassages(k: Knex.Transaction, adaptationIds: string[]): Promise<void> {
  const pages = new Map<string, { tenantId: string; urlHash: string; url: string }>();
  const PageRow = z.object({ tenant_id: z.string(), url_hash: z.string(), canonical_url: z.string() });
  for (const id of adaptationIds) {
    const old: unknown = await k('passage_members')
      .where({ adaptation_id: id })
      .first('tenant_id', 'url_hash', 'canonical_url');
    if (old) {
      const o = parseRow(PageRow, old, 'passage_members');
      pages.set(`${o.tenant_id}|${o.url_hash}|${o.canonical_url}`, {
        tenantId: o.tenant_id,
        urlHash: o.url_hash,
        url: o.canonical_url,
      });
      await k('passage_members').where({ adaptation_id: id }).del();
    }
    const src: unknown = await sourceQuery(k).where('a.id', id).first();
    if (!src) continue;
    const row = memberRow(parseRow(SourceRow, src, 'adaptations'));
    if (!row) continue;
    await k('passage_members').insert(row);
    const p = { tenantId: String(row.tenant_id), urlHash: String(row.url_hash), url: String(row.canonical_url) };
    pages.set(`${p.tenantId}|${p.urlHash}|${p.url}`, p);
  }
  for (const p of pages.values()) await regroupPage(k, p.tenantId, p.urlHash, p.url);
}

/** Rows per bulk insert (SQLite allows 32,766 bound values; a member row has 19). */
const BATCH = 500;

/**
 * Recomputes one district's passages from its adaptations, reading them page by page in url order
 * and writing members and groups in bulk inserts (a million adaptations in minutes, not hours).
 */
export async function rebuildPassages(k: Knex | Knex.Transaction, tenantId: string): Promise<void> {
  if (!k.isTransaction) return (k as Knex).transaction((trx) => rebuildPassages(trx, tenantId));
  await k('passage_members').where({ tenant_id: tenantId }).del();
  await k('passage_groups').where({ tenant_id: tenantId }).del();
  let members: Record<string, unknown>[] = [];
  let groups: Record<string, unknown>[] = [];
  const flush = async (force: boolean) => {
    if (members.length >= BATCH || (force && members.length)) {
      for (let i = 0; i < members.length; i += BATCH) await k('passage_members').insert(members.slice(i, i + BATCH));
      members = [];
    }
    if (groups.length >= BATCH || (force && groups.length)) {
      for (let i = 0; i < groups.length; i += BATCH) await k('passage_groups').insert(groups.slice(i, i + BATCH));
      groups = [];
    }
  };
  let page: Record<string, unknown>[] = [];
  const closePage = () => {
    if (!page.length) return;
    const first = page[0]!;
    const found = groupPassages(page.map((m) => factsOf(MemberRow.parse(m))));
    const groupOf = new Map<string, string>();
    for (const g of found) for (const id of g.members) groupOf.set(id, g.id);
    for (const m of page) members.push({ ...m, group_id: groupOf.get(String(m.adaptation_id)) });
    groups.push(
      ...groupRows(
        {
          tenantId,
          site: String(first.site),
          urlHash: String(first.url_hash),
          url: String(first.canonical_url),
          title: String(first.page_title),
        },
        found,
      ),
    );
    page = [];
  };
  let after: { hash: string; id: string } | null = null;
  for (;;) {
    const q = sourceQuery(k)
      .where('a.tenant_id', tenantId)
      .orderBy([{ column: 'a.url_hash' }, { column: 'a.id' }])
      .limit(5_000);
    if (after) {
      const a = after;
      q.andWhere((w) => {
        w.where('a.url_hash', '>', a.hash).orWhere((x) => {
          x.where('a.url_hash', a.hash).andWhere('a.id', '>', a.id);
        });
      });
    }
    const rows = parseRows(SourceRow, (await q) as unknown[], 'adaptations');
    if (!rows.length) break;
    for (const r of rows) {
      const m = memberRow(r);
      if (!m) continue;
      const last = page[page.length - 1];
      if (last && (last.url_hash !== m.url_hash || last.canonical_url !== m.canonical_url)) closePage();
      page.push(m);
    }
    const tail = rows[rows.length - 1]!;
    after = { hash: tail.url_hash, id: tail.id };
    await flush(false);
  }
  closePage();
  await flush(true);
}

/** Rebuilds every district (the migration). */
export async function regroupAll(k: Knex | Knex.Transaction): Promise<void> {
  const tenants = parseRows(z.object({ id: z.string() }), await k('tenants').select('id'), 'tenants');
  for (const t of tenants) await rebuildPassages(k, t.id);
}
