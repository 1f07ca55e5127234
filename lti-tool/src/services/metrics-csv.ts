import { METRICS, type MetricCell, type MetricsReport, type MetricsRow } from '@margins/shared';
import { csvDocument } from './csv.js';

/** The CSV header: one line per scope, period and metric (long format, easy to pivot in a spreadsheet). */
export const CSV_COLUMNS = [
  'scope_type',
  'scope',
  'period',
  'metric',
  'value',
  'numerator',
  'denominator',
  'suppressed',
  'note',
] as const;

function format(cell: Extract<MetricCell, { status: 'shown' }>, key: string): string {
  const m = METRICS.find((x) => x.key === key)!;
  return m.format === 'count' ? String(cell.value) : cell.value.toFixed(4);
}

function rowLines(scopeType: string, scope: string, row: MetricsRow): string[][] {
  return METRICS.map((m) => {
    const c = row.cells[m.key];
    const base = [scopeType, scope, row.period, m.label];
    if (c.status === 'shown')
      return [
        ...base,
        format(c, m.key),
        c.numerator === null ? '' : String(c.numerator),
        c.denominator === null ? '' : String(c.denominator),
        'false',
        '',
      ];
    if (c.status === 'suppressed')
      return [
        ...base,
        '',
        '',
        '',
        'true',
        c.reason === 'small-group' ? 'fewer than 5 people' : 'hidden so a smaller group cannot be worked out',
      ];
    return [...base, '', '', '', 'false', 'not applicable'];
  });
}

/** A URL- and header-safe slug for the file name. */
function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'scope'
  );
}

/**
 * The report as CSV: UTF-8 with a byte-order mark (so spreadsheets read accents right), CRLF lines,
 * suppressed cells empty with `suppressed=true` and the reason in `note`. Kind uses follow as
 * `metric = "Uses: <kind>"` lines for the whole period.
 */
export function metricsCsv(report: MetricsReport): { filename: string; body: string } {
  const scopeType = report.scope.type;
  const lines: string[][] = [[...CSV_COLUMNS]];
  lines.push(...rowLines(scopeType, report.scope.label, report.total));
  for (const row of report.months) lines.push(...rowLines(scopeType, report.scope.label, row));
  for (const b of report.breakdown) lines.push(...rowLines('school', b.label, b.row));
  const period = report.total.period;
  if (report.kinds.status === 'shown') {
    for (const k of report.kinds.uses)
      lines.push([scopeType, report.scope.label, period, `Uses: ${k.label}`, String(k.uses), '', '', 'false', '']);
  } else {
    lines.push([
      scopeType,
      report.scope.label,
      period,
      'Uses of each kind',
      '',
      '',
      '',
      'true',
      report.kinds.reason === 'small-group' ? 'fewer than 5 people' : 'hidden so a smaller group cannot be worked out',
    ]);
  }
  const body = csvDocument(lines);
  const name = scopeType === 'district' ? 'district' : `${scopeType}-${slug(report.scope.label)}`;
  return { filename: `margins-metrics-${name}-${report.from}-to-${report.to}.csv`, body };
}
