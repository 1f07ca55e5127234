import { useState } from 'preact/hooks';
import {
  METRICS,
  type MetricCell,
  type MetricsQuery,
  type MetricsReport,
  type MetricsRow,
  type MetricsScopes,
} from '@margins/shared';
import type { ApiError } from '../api.js';
import { metricsClient } from '../metrics-api.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { BarChart, chartValue, LineChart } from './MetricsCharts.js';
import { Empty, ErrorState, Loading } from './States.js';

/** A cell as text: a share with what it counts, a count, or why it is not shown. */
export function cellText(c: MetricCell, format: 'count' | 'share' | 'index'): string {
  if (c.status === 'suppressed')
    return c.reason === 'small-group' ? 'fewer than 5' : 'hidden (protects a smaller group)';
  if (c.status === 'not-applicable') return 'not applicable';
  if (format === 'count')
    return c.denominator ? `${c.value.toLocaleString('en-US')} of ${c.denominator}` : c.value.toLocaleString('en-US');
  if (format === 'index') return c.value.toFixed(2);
  const pct = `${Math.round(c.value * 100)}%`;
  return c.numerator !== null && c.denominator !== null
    ? `${pct} (${c.numerator.toLocaleString('en-US')} of ${c.denominator.toLocaleString('en-US')})`
    : pct;
}

/** Props of {@link LeadershipMetrics}. */
export type LeadershipMetricsProps = { focusHeading: boolean };

/**
 * Leadership metrics for coaches and district admins (issue 7): pick a scope and period, see the
 * figures for the whole period, charts per month (each with its data table), the kinds in use and,
 * for the district, the schools, and download them as CSV. Figures are about groups only: small
 * groups read "fewer than 5".
 */
export function LeadershipMetrics({ focusHeading }: LeadershipMetricsProps) {
  const scopes = useLoad(() => metricsClient.scopes());
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading);
  return (
    <section aria-labelledby="lm-heading">
      <h2 id="lm-heading" ref={heading} tabIndex={-1}>
        Leadership metrics
      </h2>
      <p>
        How many people share, try and give feedback on practices, how far practices travel, how many kinds of
        adaptation are in use, and how evenly contributions are spread. Figures are about groups, never about one
        person; a group of fewer than 5 people is hidden.
      </p>
      {scopes.loading && !scopes.data ? <Loading label="Loading your district’s schools and courses…" /> : null}
      {scopes.error ? <ErrorState error={scopes.error} onRetry={scopes.reload} /> : null}
      {scopes.data ? <MetricsView scopes={scopes.data} /> : null}
    </section>
  );
}

function MetricsView({ scopes }: { scopes: MetricsScopes }) {
  const [scope, setScope] = useState<MetricsQuery['scope']>('district');
  const [school, setSchool] = useState(scopes.schools[0]?.id ?? '');
  const [course, setCourse] = useState(scopes.courses[0]?.id ?? '');
  const [from, setFrom] = useState(scopes.defaultFrom);
  const [to, setTo] = useState(scopes.defaultTo);
  const [query, setQuery] = useState<MetricsQuery>({
    scope: 'district',
    from: scopes.defaultFrom,
    to: scopes.defaultTo,
  });
  const [formIssue, setFormIssue] = useState('');
  const report = useLoad(() => metricsClient.report(query), [JSON.stringify(query)]);
  const [csv, setCsv] = useState<{ busy: boolean; notice: string; error: ApiError | null }>({
    busy: false,
    notice: '',
    error: null,
  });

  const submit = (e: Event) => {
    e.preventDefault();
    if (!/^\d{4}-\d{2}$/.test(from) || !/^\d{4}-\d{2}$/.test(to))
      return setFormIssue('Give both months as YYYY-MM, for example 2026-03.');
    if (from > to) return setFormIssue('The first month must not be after the last month.');
    setFormIssue('');
    setQuery({ scope, ...(scope === 'school' ? { id: school } : scope === 'course' ? { id: course } : {}), from, to });
  };
  const download = () => {
    if (csv.busy) return;
    setCsv({ busy: true, notice: 'Preparing the CSV file…', error: null });
    metricsClient.downloadCsv(query).then(
      (name) => setCsv({ busy: false, notice: `Downloaded ${name}.`, error: null }),
      (error: ApiError) => setCsv({ busy: false, notice: '', error }),
    );
  };

  return (
    <>
      <form class="filters" onSubmit={submit} aria-label="Choose what the metrics are about">
        <fieldset class="field wide">
          <legend>Scope</legend>
          <label class="radio">
            <input
              type="radio"
              name="lm-scope"
              value="district"
              checked={scope === 'district'}
              onChange={() => setScope('district')}
            />{' '}
            The district ({scopes.district.label})
          </label>
          <label class="radio">
            <input
              type="radio"
              name="lm-scope"
              value="school"
              checked={scope === 'school'}
              disabled={!scopes.schools.length}
              onChange={() => setScope('school')}
            />{' '}
            A school
          </label>
          <label class="radio">
            <input
              type="radio"
              name="lm-scope"
              value="course"
              checked={scope === 'course'}
              disabled={!scopes.courses.length}
              onChange={() => setScope('course')}
            />{' '}
            A course
          </label>
          {!scopes.schools.length ? (
            <p class="meta">No schools yet: your learning platform has not sent a school with any launch.</p>
          ) : null}
        </fieldset>
        {scope === 'school' ? (
          <div class="field">
            <label for="lm-school">School</label>
            <select id="lm-school" value={school} onChange={(e) => setSchool(e.currentTarget.value)}>
              {scopes.schools.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {scope === 'course' ? (
          <div class="field">
            <label for="lm-course">Course</label>
            <select id="lm-course" value={course} onChange={(e) => setCourse(e.currentTarget.value)}>
              {scopes.courses.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="field">
          <label for="lm-from">First month</label>
          <input
            id="lm-from"
            type="month"
            value={from}
            aria-invalid={formIssue ? 'true' : undefined}
            aria-describedby={formIssue ? 'lm-form-issue' : undefined}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="lm-to">Last month</label>
          <input
            id="lm-to"
            type="month"
            value={to}
            aria-invalid={formIssue ? 'true' : undefined}
            aria-describedby={formIssue ? 'lm-form-issue' : undefined}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Show metrics
          </button>
          {formIssue ? (
            <p id="lm-form-issue" class="field-error" role="alert">
              {formIssue}
            </p>
          ) : null}
        </div>
      </form>
      {report.loading ? <Loading label="Computing the metrics…" /> : null}
      {report.error ? <ErrorState error={report.error} onRetry={report.reload} /> : null}
      {report.data && !report.loading ? (
        <Report report={report.data} onDownload={download} downloading={csv.busy} />
      ) : null}
      <p role="status" aria-live="polite" class="notice">
        {csv.notice}
      </p>
      {csv.error ? <ErrorState error={csv.error} /> : null}
    </>
  );
}

const labelOf = (key: (typeof METRICS)[number]['key']) => METRICS.find((m) => m.key === key)!;

function Report({
  report,
  onDownload,
  downloading,
}: {
  report: MetricsReport;
  onDownload: () => void;
  downloading: boolean;
}) {
  const t = report.total;
  const months = report.months.map((m) => m.period);
  const hidden = t.cells.members.status === 'suppressed';
  const empty = t.cells.members.status === 'shown' && t.cells.members.value === 0;
  const scopeName =
    report.scope.type === 'district'
      ? `District: ${report.scope.label}`
      : report.scope.type === 'school'
        ? `School: ${report.scope.label}`
        : `Course: ${report.scope.label}`;
  return (
    <div class="metrics">
      <h3>
        {scopeName}, {report.from} to {report.to}
      </h3>
      <div class="actions">
        <button type="button" onClick={onDownload} disabled={downloading} aria-describedby="lm-csv-help">
          Download CSV
        </button>
        <p id="lm-csv-help" class="meta">
          One line per month and metric; hidden figures are empty and marked as suppressed.
        </p>
      </div>
      {hidden ? (
        <div class="state empty">
          <p class="empty-title">
            {t.cells.members.status === 'suppressed' && t.cells.members.reason === 'complementary'
              ? 'These figures are hidden to protect a smaller group'
              : 'Fewer than 5 people: figures hidden'}
          </p>
          <p>
            {t.cells.members.status === 'suppressed' && t.cells.members.reason === 'complementary'
              ? 'Another school in the district has fewer than 5 people. Showing this one would let anyone work out that school’s figures by subtracting from the district’s, so both are hidden.'
              : 'Metrics for groups of fewer than 5 people could point at one person, so they are not shown. Choose a larger group, such as the school or the district.'}
          </p>
        </div>
      ) : empty ? (
        <Empty title="No one has launched Margins here yet">
          <p>
            Figures appear once people open Margins from this {report.scope.type} and share, try or give feedback on
            practices.
          </p>
        </Empty>
      ) : (
        <>
          <table class="data">
            <caption>
              The whole period ({report.from} to {report.to})
            </caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Value</th>
                <th scope="col">What it means</th>
              </tr>
            </thead>
            <tbody>
              {METRICS.map((m) => (
                <tr key={m.key}>
                  <th scope="row">{m.label}</th>
                  <td>{cellText(t.cells[m.key], m.format)}</td>
                  <td>{m.help}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Participation by month</h4>
          <LineChart
            id="lm-participation"
            tableId="lm-months"
            title="Participation by month"
            description={`Share of members who shared, tried, gave feedback, or did any of the three, each month from ${report.from} to ${report.to}. Months with hidden figures leave a gap. The numbers are in the table "Month by month".`}
            months={months}
            series={(['shared', 'tried', 'feedback', 'participated'] as const).map((k) => ({
              key: k,
              label: labelOf(k).label,
              values: report.months.map((r) => chartValue(r.cells[k])),
            }))}
          />
          <h4>Spread by month</h4>
          <LineChart
            id="lm-spread"
            tableId="lm-months"
            title="Spread of shared practices by month"
            description="Share of the practices shared so far that someone outside the author's course, or outside the author's school, tried or remixed. The numbers are in the table Month by month."
            months={months}
            series={(['spreadCourse', 'spreadSchool'] as const).map((k) => ({
              key: k,
              label: labelOf(k).label,
              values: report.months.map((r) => chartValue(r.cells[k])),
            }))}
          />
          <MonthTable rows={report.months} />
          {report.kinds.status === 'shown' ? (
            <>
              <h4>Kinds of adaptation in use</h4>
              <BarChart
                id="lm-kinds"
                tableId="lm-kinds-table"
                title="Uses of each adaptation kind over the period"
                description={`How often each of the ${report.kindsTotal} kinds appeared in a practice shared or tried. The numbers are in the table below.`}
                bars={report.kinds.uses.map((k) => ({ label: k.label, value: k.uses }))}
              />
              <table class="data" id="lm-kinds-table">
                <caption>
                  Uses of each kind ({report.from} to {report.to})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Uses</th>
                  </tr>
                </thead>
                <tbody>
                  {report.kinds.uses.map((k) => (
                    <tr key={k.kind}>
                      <th scope="row">{k.label}</th>
                      <td>{k.uses.toLocaleString('en-US')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      )}
      {report.breakdown.length ? <SchoolTable report={report} /> : null}
    </div>
  );
}

function MonthTable({ rows }: { rows: MetricsRow[] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="lm-months-caption">
      <table class="data" id="lm-months">
        <caption id="lm-months-caption">Month by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            {METRICS.map((m) => (
              <th key={m.key} scope="col">
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.period}>
              <th scope="row">{r.period}</th>
              {METRICS.map((m) => (
                <td key={m.key}>{cellText(r.cells[m.key], m.format)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SchoolTable({ report }: { report: MetricsReport }) {
  const cols = METRICS.filter((m) => m.key !== 'topTenthShare');
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="lm-schools-caption">
      <table class="data">
        <caption id="lm-schools-caption">
          By school ({report.from} to {report.to})
        </caption>
        <thead>
          <tr>
            <th scope="col">School</th>
            {cols.map((m) => (
              <th key={m.key} scope="col">
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.breakdown.map((b) => (
            <tr key={b.id}>
              <th scope="row">{b.label}</th>
              {cols.map((m) => (
                <td key={m.key}>{cellText(b.row.cells[m.key], m.format)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
