import {
  ADAPTATION_KINDS,
  AppError,
  insightCount,
  LEARNER_NEEDS,
  MIN_GROUP_SIZE,
  tryCanonicalPageUrl,
  vocabularyLabel,
  ENDORSEMENT_OUTCOMES,
  type InsightExportQuery,
  type InsightPageQuery,
  type InsightPageReport,
  type InsightPassage,
  type InsightPassageSummary,
  type InsightPreferences,
  type InsightSiteQuery,
  type InsightSiteReport,
  type InsightSites,
  type InsightTally,
} from '@margins/shared';
import { randomUUID } from 'node:crypto';
import type { LedgerRepo } from '../data/ledger-repo.js';
import { insightAnnotations, insightCsv } from './insight-export.js';
import type { GroupRow, InsightRepo, MemberRow } from '../data/insight-repo.js';
import { hasRole, type LaunchContext } from '../lti/launch-context.js';
import { requireInsightReader } from './coach-access.js';

/** How many hot spots a site report lists. */
export const HOT_SPOT_LIMIT = 50;

/** Tallies of comma-joined ids over members, most used first (then in the vocabulary's order), zeros left out. */
function tally(members: MemberRow[], column: 'kinds' | 'needs'): InsightTally[] {
  const counts = new Map<string, number>();
  for (const m of members)
    for (const id of m[column].split(',').filter(Boolean)) counts.set(id, (counts.get(id) ?? 0) + 1);
  const order: readonly string[] = column === 'kinds' ? ADAPTATION_KINDS.map((k) => k.id) : LEARNER_NEEDS;
  const vocabulary = column === 'kinds' ? 'kind' : 'learner';
  return [...counts]
    .sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([id, adaptations]) => ({ id, label: vocabularyLabel(vocabulary, id), adaptations }));
}

/** Items by key, in their order. */
function bucket<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

/** Teachers per passage whose adaptation came before `since` and on or after it, from the page's members. */
function splitAt(byGroup: Map<string, MemberRow[]>, since: string): Map<string, { before: number; since: number }> {
  const out = new Map<string, { before: number; since: number }>();
  for (const [id, ms] of byGroup) {
    const before = new Set(ms.filter((m) => m.created_at < since).map((m) => m.author_user_id));
    const after = new Set(ms.filter((m) => m.created_at >= since).map((m) => m.author_user_id));
    out.set(id, { before: before.size, since: after.size });
  }
  return out;
}

/** The UTC instant a "since" day starts. */
const dayStart = (day: string) => `${day}T00:00:00.000Z`;

function summary(g: GroupRow, change: { before: number; since: number } | undefined): InsightPassageSummary {
  return {
    id: g.id,
    url: g.canonical_url,
    pageTitle: g.page_title,
    quote: g.quote,
    start: g.start_pos,
    end: g.end_pos,
    teachers: g.teachers,
    schools: g.schools,
    adaptations: g.adaptations,
    firstAt: g.first_at,
    before: change ? insightCount(change.before) : null,
    since: change ? insightCount(change.since) : null,
  };
}

/**
 * Curriculum insight (issue 20): per curriculum site, page and passage, how many teachers adapted it,
 * in how many schools, how, for whom, with what outcome and why. Reads the passages precomputed by
 * data/passage-groups.ts; passages of fewer than MIN_GROUP_SIZE teachers are never shown (the rule of
 * the leadership metrics), and every query is scoped by the launch's district.
 */
export class InsightService {
  constructor(private readonly deps: { repo: InsightRepo; ledger?: LedgerRepo }) {}

  /** The district's curriculum sites. */
  async sites(ctx: LaunchContext): Promise<InsightSites> {
    requireInsightReader(ctx);
    return { minGroupSize: MIN_GROUP_SIZE, sites: await this.deps.repo.sites(ctx.tenant.id) };
  }

  /** One site: pages with shown passages and the hot spots, optionally split at a date. */
  async site(ctx: LaunchContext, q: InsightSiteQuery): Promise<InsightSiteReport> {
    requireInsightReader(ctx);
    const t = ctx.tenant.id;
    const repo = this.deps.repo;
    const [pages, hidden, hot] = await Promise.all([
      repo.sitePages(t, q.site),
      repo.siteHidden(t, q.site),
      repo.hotSpots(t, q.site, HOT_SPOT_LIMIT),
    ]);
    const change = q.since
      ? await repo.beforeAndSince(
          t,
          hot.map((g) => g.id),
          dayStart(q.since),
        )
      : new Map<string, { before: number; since: number }>();
    return {
      site: q.site,
      since: q.since ?? null,
      minGroupSize: MIN_GROUP_SIZE,
      pages,
      hotSpots: hot.map((g) => summary(g, change.get(g.id))),
      hiddenPassages: hidden.passages,
      hiddenPages: hidden.pages,
      generatedAt: new Date().toISOString(),
    };
  }

  /** One page: its shown passages in page order, with kinds, learner groups, outcomes and rationales. */
  async page(ctx: LaunchContext, q: InsightPageQuery): Promise<InsightPageReport> {
    return (await this.build(ctx, q)).report;
  }

  /**
   * The page report as a file for the publisher or the district's curriculum team (CSV, or a W3C Web
   * Annotation collection anchored on the publisher's page). Every teacher whose shared adaptation is
   * in it is credited in the ledger ('informed-curriculum', once per adaptation), so a recognition
   * rule can say "your adaptation informed a curriculum revision".
   */
  async export(ctx: LaunchContext, q: InsightExportQuery): Promise<{ filename: string; type: string; body: string }> {
    const { report, credited } = await this.build(ctx, q);
    if (!this.deps.ledger) throw new AppError('unavailable');
    await this.deps.ledger.append(
      credited.map((c) => ({
        tenantId: ctx.tenant.id,
        type: 'informed-curriculum' as const,
        actorUserId: ctx.user.id,
        beneficiaryUserId: c.author,
        adaptationId: c.adaptationId,
        data: { format: q.format },
        dedupeKey: `informed-curriculum:${c.adaptationId}`,
      })),
    );
    const day = report.generatedAt.slice(0, 10);
    return q.format === 'csv'
      ? { filename: `margins-curriculum-insight-${day}.csv`, type: 'text/csv; charset=utf-8', body: insightCsv(report) }
      : {
          filename: `margins-curriculum-insight-${day}.jsonld`,
          type: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
          body: JSON.stringify(insightAnnotations(report, { id: `urn:uuid:${randomUUID()}` }), null, 2),
        };
  }

  private async build(
    ctx: LaunchContext,
    q: InsightPageQuery,
  ): Promise<{ report: InsightPageReport; credited: { adaptationId: string; author: string }[] }> {
    requireInsightReader(ctx);
    const url = tryCanonicalPageUrl(q.url);
    if (!url) throw new AppError('validation_failed', 'The page address is not a web page address.');
    const t = ctx.tenant.id;
    const repo = this.deps.repo;
    const { groups, members, site } = await repo.page(t, url);
    const shownGroups = groups.filter((g) => g.teachers >= MIN_GROUP_SIZE);
    const byGroup = bucket(members, (m) => m.group_id);
    // Text and outcomes only of shared adaptations in shown passages (anonymous private ones add counts only).
    const [outcomes, nameAuthors] = await Promise.all([repo.pageOutcomes(t, url), repo.nameAuthors(t)]);
    const shownIds = new Set(shownGroups.map((g) => g.id));
    const names = nameAuthors
      ? await repo.creditedNames(
          t,
          members.filter((m) => !m.anonymous && shownIds.has(m.group_id)).map((m) => m.author_user_id),
        )
      : new Map<string, string>();
    const change = q.since ? splitAt(byGroup, dayStart(q.since)) : new Map<string, { before: number; since: number }>();
    const groupOf = new Map(members.map((m) => [m.adaptation_id, m.group_id]));
    const outcomesOf = bucket(outcomes, (o) => groupOf.get(o.adaptation_id)!);
    const credited: { adaptationId: string; author: string }[] = [];
    const passages: InsightPassage[] = shownGroups.map((g) => {
      const ms = byGroup.get(g.id) ?? [];
      let withheld = 0;
      const shownTexts: InsightPassage['rationales'] = [];
      for (const m of ms) {
        if (m.anonymous) continue;
        credited.push({ adaptationId: m.adaptation_id, author: m.author_user_id });
        if (!m.rationale) continue;
        if (m.rationale_flagged) {
          withheld += 1;
          continue;
        }
        shownTexts.push({ text: m.rationale, author: names.get(m.author_user_id) ?? null });
      }
      const counts = new Map<string, number>();
      for (const o of outcomesOf.get(g.id) ?? []) counts.set(o.outcome, (counts.get(o.outcome) ?? 0) + o.n);
      return {
        ...summary(g, change.get(g.id)),
        kinds: tally(ms, 'kinds'),
        learnerNeeds: tally(ms, 'needs'),
        outcomes: ENDORSEMENT_OUTCOMES.filter((o) => counts.has(o)).map((o) => ({
          outcome: o,
          label: vocabularyLabel('tried', o),
          count: counts.get(o)!,
        })),
        rationales: shownTexts,
        withheld,
      };
    });
    const shownMembers = shownGroups.flatMap((g) => byGroup.get(g.id) ?? []);
    const ends = groups.map((g) => g.end_pos).filter((e): e is number => e !== null);
    const report: InsightPageReport = {
      url,
      title: groups[0]?.page_title ?? '',
      site,
      since: q.since ?? null,
      minGroupSize: MIN_GROUP_SIZE,
      teachers: insightCount(new Set(members.map((m) => m.author_user_id)).size),
      schools: new Set(members.map((m) => m.school_key).filter(Boolean)).size,
      length: ends.length ? Math.max(...ends) : null,
      passages,
      hiddenPassages: groups.length - shownGroups.length,
      kinds: tally(shownMembers, 'kinds'),
      learnerNeeds: tally(shownMembers, 'needs'),
      generatedAt: new Date().toISOString(),
    };
    return { report, credited };
  }

  /** The caller's own insight choices. */
  async preferences(ctx: LaunchContext): Promise<InsightPreferences> {
    const p = await this.deps.repo.preferences(ctx.user.id);
    return { countPrivateAnonymously: p.countPrivate, creditByName: p.creditByName };
  }

  /** Saves the caller's own insight choices. */
  async setPreferences(ctx: LaunchContext, p: InsightPreferences): Promise<InsightPreferences> {
    await this.deps.repo.setPreferences(ctx.tenant.id, ctx.user.id, {
      countPrivate: p.countPrivateAnonymously,
      creditByName: p.creditByName,
    });
    return this.preferences(ctx);
  }

  /** Whether the district lets readers see credited names (district admins). */
  async districtSettings(ctx: LaunchContext): Promise<{ nameAuthors: boolean }> {
    requireDistrictAdmin(ctx);
    return { nameAuthors: await this.deps.repo.nameAuthors(ctx.tenant.id) };
  }

  /** Sets the district's naming setting (district admins). */
  async setDistrictSettings(ctx: LaunchContext, s: { nameAuthors: boolean }): Promise<{ nameAuthors: boolean }> {
    requireDistrictAdmin(ctx);
    await this.deps.repo.setNameAuthors(ctx.tenant.id, s.nameAuthors);
    return this.districtSettings(ctx);
  }
}

function requireDistrictAdmin(ctx: LaunchContext): void {
  if (!hasRole(ctx, 'district-admin'))
    throw new AppError('forbidden', 'Only a district admin can change what curriculum insight shows.');
}
