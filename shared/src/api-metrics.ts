import { z } from 'zod';
import { endpoint } from './api-endpoint.js';
import { MIN_GROUP_SIZE } from './metrics.js';

/**
 * The leadership metrics part of the REST contract (issue 7): a report for one scope and period, its
 * CSV export, and the scopes a coach or district admin can pick. Definitions live in metrics.ts.
 * Nothing here names a person or lists practices: every figure is a count or a share of a group.
 */

/** A month, "YYYY-MM" (UTC calendar months). */
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Give a month as YYYY-MM, for example 2026-03.');

/** The longest period one report covers (in months). */
export const MAX_REPORT_MONTHS = 36;

/** What a report is about. */
export const MetricsScopeTypeSchema = z.enum(['district', 'school', 'course'], {
  error: 'Choose a scope: district, school or course.',
});
/** A scope type. */
export type MetricsScopeType = z.infer<typeof MetricsScopeTypeSchema>;

/** The report request (query string). `id` names the school or course; `from`/`to` default to the last 12 months. */
export const MetricsQuerySchema = z
  .object({
    scope: MetricsScopeTypeSchema.default('district'),
    id: z.string().min(1).max(255).optional(),
    from: MonthSchema.optional(),
    to: MonthSchema.optional(),
  })
  .strict()
  .refine((q) => q.scope === 'district' || q.id !== undefined, {
    message: 'Choose which school or course.',
    path: ['id'],
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'The period must start before it ends.',
    path: ['from'],
  });
/** A report request. */
export type MetricsQuery = z.infer<typeof MetricsQuerySchema>;

/** One figure of a report: shown, hidden to protect a small group, or meaningless here (e.g. no practices shared yet). */
export const MetricCellSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('shown'),
    value: z.number(),
    /** What was counted (people, practices, kinds), where the value is a share or a count of something. */
    numerator: z.number().int().nonnegative().nullable(),
    denominator: z.number().int().nonnegative().nullable(),
  }),
  z.object({ status: z.literal('suppressed'), reason: z.enum(['small-group', 'complementary']) }),
  z.object({ status: z.literal('not-applicable') }),
]);
/** A report cell. */
export type MetricCell = z.infer<typeof MetricCellSchema>;

/** How a metric's value reads. */
export type MetricFormat = 'count' | 'share' | 'index';

/** The metrics of a row, in display order, with what each means (README, table headers, CSV). */
export const METRICS = [
  {
    key: 'members',
    label: 'Members',
    format: 'count',
    help: 'People who launched Margins in this scope by the end of the period.',
  },
  {
    key: 'shared',
    label: 'Shared a practice',
    format: 'share',
    help: 'Share of members who shared a practice in the period.',
  },
  {
    key: 'tried',
    label: 'Tried a colleague’s practice',
    format: 'share',
    help: 'Share of members who said "I tried this", with an outcome, on a colleague’s practice.',
  },
  {
    key: 'feedback',
    label: 'Gave feedback',
    format: 'share',
    help: 'Share of members who gave structured feedback on a colleague’s practice.',
  },
  {
    key: 'participated',
    label: 'Any of the three',
    format: 'share',
    help: 'Share of members who shared, tried or gave feedback.',
  },
  {
    key: 'spreadCourse',
    label: 'Spread beyond the course',
    format: 'share',
    help: 'Share of practices shared here (by the end of the period) that someone outside the author’s course tried or remixed.',
  },
  {
    key: 'spreadSchool',
    label: 'Spread beyond the school',
    format: 'share',
    help: 'Share of practices shared here (by the end of the period) that someone from another school or district tried or remixed.',
  },
  {
    key: 'kindsInUse',
    label: 'Kinds in use',
    format: 'count',
    help: 'How many of the 12 adaptation kinds appear in practices shared or tried in the period.',
  },
  {
    key: 'topTenthShare',
    label: 'Share by the most active tenth',
    format: 'share',
    help: 'Share of all contributions made by the most active 10% of contributors (lower is more even).',
  },
  {
    key: 'evenness',
    label: 'Evenness',
    format: 'index',
    help: 'Normalised entropy of contributions across contributors: 1 is perfectly even, near 0 is one person.',
  },
] as const satisfies readonly { key: string; label: string; format: MetricFormat; help: string }[];
/** A metric key. */
export type MetricKey = (typeof METRICS)[number]['key'];

/** One row of a report: a month or the whole period, every metric a cell. */
export const MetricsRowSchema = z.object({
  /** "2026-03" for a month, "2026-01..2026-06" for the whole period. */
  period: z.string(),
  cells: z.object(
    Object.fromEntries(METRICS.map((m) => [m.key, MetricCellSchema])) as Record<MetricKey, typeof MetricCellSchema>,
  ),
});
/** A report row. */
export type MetricsRow = z.infer<typeof MetricsRowSchema>;

/** Uses of one adaptation kind in the period (practices shared or tried with that kind). */
export const KindUseSchema = z.object({ kind: z.string(), label: z.string(), uses: z.number().int().nonnegative() });

/** A leadership metrics report. */
export const MetricsReportSchema = z.object({
  scope: z.object({ type: MetricsScopeTypeSchema, id: z.string().nullable(), label: z.string() }),
  from: MonthSchema,
  to: MonthSchema,
  minGroupSize: z.literal(MIN_GROUP_SIZE),
  /** How many kinds the taxonomy has (the range's maximum). */
  kindsTotal: z.number().int().positive(),
  total: MetricsRowSchema,
  months: z.array(MetricsRowSchema),
  /** Every kind of the taxonomy with its uses in the period, or hidden with the whole scope. */
  kinds: z.discriminatedUnion('status', [
    z.object({ status: z.literal('shown'), uses: z.array(KindUseSchema) }),
    z.object({ status: z.literal('suppressed'), reason: z.enum(['small-group', 'complementary']) }),
  ]),
  /** The district's schools (and people with no school recorded) over the whole period; empty for other scopes. */
  breakdown: z.array(z.object({ id: z.string(), label: z.string(), row: MetricsRowSchema })),
  generatedAt: z.string(),
});
/** A metrics report. */
export type MetricsReport = z.infer<typeof MetricsReportSchema>;

/** What a report can be about: the district's schools and courses (names of places, never of people). */
export const MetricsScopesSchema = z.object({
  district: z.object({ label: z.string() }),
  schools: z.array(z.object({ id: z.string(), label: z.string() })),
  courses: z.array(z.object({ id: z.string(), label: z.string() })),
  /** The default period (the last 12 months up to this one). */
  defaultFrom: MonthSchema,
  defaultTo: MonthSchema,
});
/** Metrics scopes. */
export type MetricsScopes = z.infer<typeof MetricsScopesSchema>;

/** The leadership metrics endpoints (coaches and district admins of the launch's district only). */
export const metricsApi = {
  scopes: endpoint({ method: 'GET', path: '/api/v1/metrics/scopes', auth: 'launch', response: MetricsScopesSchema }),
  report: endpoint({
    method: 'GET',
    path: '/api/v1/metrics/report',
    auth: 'launch',
    query: MetricsQuerySchema,
    response: MetricsReportSchema,
  }),
  /** The same report as CSV (text/csv, UTF-8, one line per row and metric). */
  csv: endpoint({
    method: 'GET',
    path: '/api/v1/metrics/report.csv',
    auth: 'launch',
    query: MetricsQuerySchema,
    response: z.string(),
  }),
} as const;
