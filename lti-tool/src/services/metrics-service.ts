import {
  ADAPTATION_KINDS,
  AppError,
  evennessOf,
  MAX_REPORT_MONTHS,
  MIN_GROUP_SIZE,
  monthEnd,
  monthsBetween,
  suppressPartition,
  type MetricCell,
  type MetricKey,
  type MetricsQuery,
  vocabularyLabel,
  type MetricsReport,
  type MetricsRow,
  type MetricsScopes,
  type SuppressionReason,
} from '@margins/shared';
import type { ActivityBucket, MetricsRepo, ScopeFilter, SpreadGroup } from '../data/metrics-repo.js';
import type { LaunchContext } from '../lti/launch-context.js';
import { requireMetricsViewer } from './coach-access.js';
import { metricsCsv } from './metrics-csv.js';

/** The label of people whose launches carried no school. */
export const NO_SCHOOL_LABEL = 'No school recorded';

const shown = (value: number, numerator: number | null, denominator: number | null): MetricCell => ({
  status: 'shown',
  value,
  numerator,
  denominator,
});
const hidden = (reason: SuppressionReason): MetricCell => ({ status: 'suppressed', reason });
const NA: MetricCell = { status: 'not-applicable' };

/** A month `n` months before `month` ("YYYY-MM"). */
function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
}

/** A resolved report scope. */
interface Scope {
  type: MetricsReport['scope']['type'];
  id: string | null;
  label: string;
  filter: ScopeFilter;
}

/** What one row is computed from (everything already aggregated: counts, never people). */
interface RowInput {
  period: string;
  members: number;
  reason: SuppressionReason | null;
  buckets: ActivityBucket[];
  spread: { course: [number, number]; school: [number, number] };
  kindsInUse: number;
}

/** Practices shared by the end of `month`, and how many of them had spread by then ([spread, shared]). */
function spreadAt(groups: SpreadGroup[], month: string): RowInput['spread'] {
  const out = { course: [0, 0] as [number, number], school: [0, 0] as [number, number] };
  for (const g of groups) {
    if (g.month > month) continue;
    if (g.hasCourse) {
      out.course[1] += g.practices;
      if (g.outsideCourse && g.outsideCourse <= month) out.course[0] += g.practices;
    }
    if (g.hasSchool) {
      out.school[1] += g.practices;
      if (g.outsideSchool && g.outsideSchool <= month) out.school[0] += g.practices;
    }
  }
  return out;
}

/** One report row from aggregated counts, applying small-group suppression to every cell. */
function buildRow(r: RowInput): MetricsRow {
  const cells = {} as Record<MetricKey, MetricCell>;
  const all = (c: MetricCell) => {
    for (const k of [
      'members',
      'shared',
      'tried',
      'feedback',
      'participated',
      'spreadCourse',
      'spreadSchool',
      'kindsInUse',
      'topTenthShare',
      'evenness',
    ] as const)
      cells[k] = c;
  };
  if (r.reason) {
    all(hidden(r.reason));
    return { period: r.period, cells };
  }
  all(NA);
  cells.members = shown(r.members, r.members, null);
  if (r.members === 0) return { period: r.period, cells };
  for (const key of ['shared', 'tried', 'feedback', 'participated'] as const) {
    const n = Math.min(
      r.members,
      r.buckets.reduce((s, b) => s + b[key], 0),
    );
    cells[key] = shown(n / r.members, n, r.members);
  }
  const [course, school] = [r.spread.course, r.spread.school];
  if (course[1] > 0) cells.spreadCourse = shown(course[0] / course[1], course[0], course[1]);
  if (school[1] > 0) cells.spreadSchool = shown(school[0] / school[1], school[0], school[1]);
  cells.kindsInUse = shown(r.kindsInUse, r.kindsInUse, ADAPTATION_KINDS.length);
  const e = evennessOf(r.buckets.map((b) => ({ contributions: b.contributions, people: b.people })));
  if (e.contributors > 0 && e.contributors < MIN_GROUP_SIZE) {
    cells.topTenthShare = hidden('small-group');
    cells.evenness = hidden('small-group');
  } else if (e.contributors > 0) {
    cells.topTenthShare = shown(e.topTenthShare!, null, e.contributors);
    cells.evenness = e.normalisedEntropy === null ? NA : shown(e.normalisedEntropy, null, e.contributors);
  }
  return { period: r.period, cells };
}

/**
 * Leadership metrics (issue 7; definitions in shared/src/metrics.ts): reports per district, school or
 * course and month, built from the monthly rollups, with small groups suppressed. Coaches and
 * district admins of the launch's district only; every query is scoped by the launch's tenant.
 */
export class MetricsService {
  constructor(private readonly deps: { repo: MetricsRepo; now?: () => Date }) {}

  private thisMonth(): string {
    return (this.deps.now?.() ?? new Date()).toISOString().slice(0, 7);
  }

  /** The schools and courses a report can be about, and the default period. */
  async scopes(ctx: LaunchContext): Promise<MetricsScopes> {
    requireMetricsViewer(ctx);
    const [schools, courses] = await Promise.all([
      this.deps.repo.schools(ctx.tenant.id),
      this.deps.repo.courses(ctx.tenant.id),
    ]);
    const to = this.thisMonth();
    return {
      district: { label: ctx.tenant.name },
      schools: schools.map((id) => ({ id, label: id })),
      courses: courses.map((c) => ({ id: c.id, label: c.title || 'Untitled course' })),
      defaultFrom: monthsBefore(to, 11),
      defaultTo: to,
    };
  }

  /** The report for one scope and period. */
  async report(ctx: LaunchContext, q: MetricsQuery): Promise<MetricsReport> {
    requireMetricsViewer(ctx);
    const tenantId = ctx.tenant.id;
    const to = q.to ?? this.thisMonth();
    const from = q.from ?? monthsBefore(to, 11);
    if (from > to) throw new AppError('validation_failed', 'The period must start before it ends.');
    const months = monthsBetween(from, to);
    if (months.length > MAX_REPORT_MONTHS)
      throw new AppError(
        'validation_failed',
        `A report covers at most ${MAX_REPORT_MONTHS} months: choose a shorter period.`,
      );
    const scope = await this.resolve(ctx, q);
    const repo = this.deps.repo;
    const period = `${from}..${to}`;
    const membership = await this.membership(scope, months);

    const [monthly, whole, spread, kinds] = await Promise.all([
      repo.activity(scope.filter, from, to, 'month'),
      repo.activity(scope.filter, from, to, 'period'),
      repo.spread(scope.filter, to),
      repo.kinds(scope.filter, from, to),
    ]);
    const kindsIn = (month: string | null) =>
      new Set(kinds.filter((k) => k.uses > 0 && (month === null || k.month === month)).map((k) => k.kind)).size;
    const rows = months.map((m) =>
      buildRow({
        period: m,
        members: membership.members.get(m)!,
        reason: membership.reason.get(m) ?? null,
        buckets: monthly.filter((b) => b.month === m),
        spread: spreadAt(spread, m),
        kindsInUse: kindsIn(m),
      }),
    );
    const totalReason = membership.reason.get(to) ?? null;
    const total = buildRow({
      period,
      members: membership.members.get(to)!,
      reason: totalReason,
      buckets: whole,
      spread: spreadAt(spread, to),
      kindsInUse: kindsIn(null),
    });
    const uses = new Map<string, number>();
    for (const k of kinds) uses.set(k.kind, (uses.get(k.kind) ?? 0) + k.uses);

    return {
      scope: { type: scope.type, id: scope.id, label: scope.label },
      from,
      to,
      minGroupSize: MIN_GROUP_SIZE,
      kindsTotal: ADAPTATION_KINDS.length,
      total,
      months: rows,
      kinds: totalReason
        ? { status: 'suppressed', reason: totalReason }
        : {
            status: 'shown',
            uses: ADAPTATION_KINDS.map((k) => ({
              kind: k.id,
              label: vocabularyLabel('kind', k.id),
              uses: uses.get(k.id) ?? 0,
            })),
          },
      breakdown: scope.type === 'district' ? await this.schoolBreakdown(tenantId, from, to, period, spread, kinds) : [],
      generatedAt: new Date().toISOString(),
    };
  }

  /** The report as a CSV file (name and body). */
  async csv(ctx: LaunchContext, q: MetricsQuery): Promise<{ filename: string; body: string }> {
    return metricsCsv(await this.report(ctx, q));
  }

  private async resolve(ctx: LaunchContext, q: MetricsQuery): Promise<Scope> {
    const tenantId = ctx.tenant.id;
    if (q.scope === 'district') return { type: 'district', id: null, label: ctx.tenant.name, filter: { tenantId } };
    if (q.scope === 'school') {
      if (!(await this.deps.repo.schools(tenantId)).includes(q.id!))
        throw new AppError('not_found', 'No one from that school has used Margins in your district.');
      return { type: 'school', id: q.id!, label: q.id!, filter: { tenantId, school: q.id! } };
    }
    const course = (await this.deps.repo.courses(tenantId)).find((c) => c.id === q.id);
    if (!course) throw new AppError('not_found', 'That course is not one of your district’s courses.');
    return {
      type: 'course',
      id: course.id,
      label: course.title || 'Untitled course',
      filter: { tenantId, course: course.id },
    };
  }

  /**
   * Members of the scope at the end of each month, and which months must be hidden. A school is one
   * group of the district's partition into schools (plus people with no school), so complementary
   * suppression is decided over the whole partition, the same way in every report that shows it.
   */
  private async membership(
    scope: Scope,
    months: string[],
  ): Promise<{ members: Map<string, number>; reason: Map<string, SuppressionReason> }> {
    const members = new Map<string, number>();
    const reason = new Map<string, SuppressionReason>();
    const last = months[months.length - 1]!;
    if (scope.type === 'course') {
      const rows = await this.deps.repo.courseMembers(scope.id!, monthEnd(last));
      for (const m of months)
        members.set(
          m,
          rows.filter((r) => r.month <= m).reduce((s, r) => s + r.n, 0),
        );
    } else {
      const rows = await this.deps.repo.districtMembers(scope.filter.tenantId, monthEnd(last));
      for (const m of months) {
        const bySchool = new Map<string, number>();
        for (const r of rows) if (r.month <= m) bySchool.set(r.school, (bySchool.get(r.school) ?? 0) + r.n);
        const district = [...bySchool.values()].reduce((s, n) => s + n, 0);
        if (scope.type === 'district') members.set(m, district);
        else {
          members.set(m, bySchool.get(scope.id!) ?? 0);
          const why = suppressPartition(
            [...bySchool].map(([id, n]) => ({ id, members: n })),
            district,
          ).get(scope.id!);
          if (why) reason.set(m, why);
        }
      }
    }
    if (scope.type !== 'school')
      for (const [m, n] of members) if (n > 0 && n < MIN_GROUP_SIZE) reason.set(m, 'small-group');
    return { members, reason };
  }

  /**
   * The district's schools over the whole period, with complementary suppression across them. Spread
   * and kinds come from the district's own rows (each practice and use has one school); people are
   * counted once more, per school.
   */
  private async schoolBreakdown(
    tenantId: string,
    from: string,
    to: string,
    period: string,
    spread: SpreadGroup[],
    kinds: { school: string; kind: string; uses: number }[],
  ): Promise<MetricsReport['breakdown']> {
    const [rows, activity] = await Promise.all([
      this.deps.repo.districtMembers(tenantId, monthEnd(to)),
      this.deps.repo.activity({ tenantId }, from, to, 'school'),
    ]);
    const bySchool = new Map<string, number>();
    for (const r of rows) bySchool.set(r.school, (bySchool.get(r.school) ?? 0) + r.n);
    const district = [...bySchool.values()].reduce((s, n) => s + n, 0);
    const reasons = suppressPartition(
      [...bySchool].map(([id, n]) => ({ id, members: n })),
      district,
    );
    const ids = [...bySchool.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
    return ids.map((id) => {
      const reason = reasons.get(id) ?? null;
      const kindsInUse = reason
        ? 0
        : new Set(kinds.filter((k) => k.school === id && k.uses > 0).map((k) => k.kind)).size;
      const row = buildRow({
        period,
        members: bySchool.get(id)!,
        reason,
        buckets: reason ? [] : activity.filter((b) => b.school === id),
        spread: reason
          ? { course: [0, 0], school: [0, 0] }
          : spreadAt(
              spread.filter((g) => g.school === id),
              to,
            ),
        kindsInUse,
      });
      return { id, label: id === '' ? NO_SCHOOL_LABEL : id, row };
    });
  }
}
