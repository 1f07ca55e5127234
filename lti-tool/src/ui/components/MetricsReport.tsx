import { METRICS, type MetricsReport, type MetricsRow } from '@margins/shared';
import { formatNumber, t } from '../i18n/index.js';
import { KIND_LABEL } from '../labels.js';
import { cellText, formatMonth, metricHelp, metricLabel } from '../metrics-text.js';
import { BarChart, chartValue, LineChart } from './MetricsCharts.js';
import { Empty } from './States.js';

/** A metrics report: the whole period, charts per month with their tables, kinds in use, and schools. */
export function Report({
  report,
  onDownload,
  downloading,
}: {
  report: MetricsReport;
  onDownload: () => void;
  downloading: boolean;
}) {
  const total = report.total;
  const months = report.months.map((m) => m.period);
  const hidden = total.cells.members.status === 'suppressed';
  const empty = total.cells.members.status === 'shown' && total.cells.members.value === 0;
  const scopeName = t(`lm.scopeName.${report.scope.type}`, { name: report.scope.label });
  const period = { from: formatMonth(report.from), to: formatMonth(report.to) };
  return (
    <div class="metrics">
      <h3>
        {scopeName}, {t('lm.period', period)}
      </h3>
      <div class="actions">
        <button type="button" onClick={onDownload} disabled={downloading} aria-describedby="lm-csv-help">
          {t('lm.csv')}
        </button>
        <p id="lm-csv-help" class="meta">
          {t('lm.csvHelp')}
        </p>
      </div>
      {hidden ? (
        <div class="state empty">
          <p class="empty-title">
            {total.cells.members.status === 'suppressed' && total.cells.members.reason === 'complementary'
              ? t('lm.hiddenComplementary')
              : t('lm.hiddenSmall')}
          </p>
          <p>
            {total.cells.members.status === 'suppressed' && total.cells.members.reason === 'complementary'
              ? t('lm.hiddenComplementaryHint')
              : t('lm.hiddenSmallHint')}
          </p>
        </div>
      ) : empty ? (
        <Empty title={t('lm.empty')}>
          <p>{t(`lm.emptyHint.${report.scope.type}`)}</p>
        </Empty>
      ) : (
        <>
          <table class="data">
            <caption>{t('lm.whole', period)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('lm.metric')}</th>
                <th scope="col">{t('lm.value')}</th>
                <th scope="col">{t('lm.means')}</th>
              </tr>
            </thead>
            <tbody>
              {METRICS.map((m) => (
                <tr key={m.key}>
                  <th scope="row">{metricLabel(m.key)}</th>
                  <td>{cellText(total.cells[m.key], m.format)}</td>
                  <td>{metricHelp(m.key)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{t('lm.participation')}</h4>
          <LineChart
            id="lm-participation"
            tableId="lm-months"
            title={t('lm.participation')}
            description={t('lm.participationDesc', period)}
            months={months.map(formatMonth)}
            series={(['shared', 'tried', 'feedback', 'participated'] as const).map((k) => ({
              key: k,
              label: metricLabel(k),
              values: report.months.map((r) => chartValue(r.cells[k])),
            }))}
          />
          <h4>{t('lm.spread')}</h4>
          <LineChart
            id="lm-spread"
            tableId="lm-months"
            title={t('lm.spreadTitle')}
            description={t('lm.spreadDesc')}
            months={months.map(formatMonth)}
            series={(['spreadCourse', 'spreadSchool'] as const).map((k) => ({
              key: k,
              label: metricLabel(k),
              values: report.months.map((r) => chartValue(r.cells[k])),
            }))}
          />
          <MonthTable rows={report.months} />
          {report.kinds.status === 'shown' ? (
            <>
              <h4>{t('lm.kinds')}</h4>
              <BarChart
                id="lm-kinds"
                tableId="lm-kinds-table"
                title={t('lm.kindsTitle')}
                description={t('lm.kindsDesc', { count: report.kindsTotal })}
                bars={report.kinds.uses.map((k) => ({ label: KIND_LABEL[k.kind] ?? k.label, value: k.uses }))}
              />
              <table class="data" id="lm-kinds-table">
                <caption>{t('lm.kindsCaption', period)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('lm.kind')}</th>
                    <th scope="col">{t('lm.uses')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.kinds.uses.map((k) => (
                    <tr key={k.kind}>
                      <th scope="row">{KIND_LABEL[k.kind] ?? k.label}</th>
                      <td>{formatNumber(k.uses)}</td>
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

/** One row of a {@link MetricsTable}: its header cell and its figures. */
interface MetricsTableRow {
  key: string;
  header: string;
  row: MetricsRow;
}

/** A data table of metrics, one row per month or school: the figures behind a chart, as text. */
function MetricsTable(props: {
  id?: string;
  captionId: string;
  caption: string;
  firstColumn: string;
  cols: readonly (typeof METRICS)[number][];
  rows: MetricsTableRow[];
}) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={props.captionId}>
      <table class="data" id={props.id}>
        <caption id={props.captionId}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.firstColumn}</th>
            {props.cols.map((m) => (
              <th key={m.key} scope="col">
                {metricLabel(m.key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.header}</th>
              {props.cols.map((m) => (
                <td key={m.key}>{cellText(r.row.cells[m.key], m.format)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MonthTable({ rows }: { rows: MetricsRow[] }) {
  return (
    <MetricsTable
      id="lm-months"
      captionId="lm-months-caption"
      caption={t('lm.months')}
      firstColumn={t('lm.month')}
      cols={METRICS}
      rows={rows.map((r) => ({ key: r.period, header: formatMonth(r.period), row: r }))}
    />
  );
}

function SchoolTable({ report }: { report: MetricsReport }) {
  return (
    <MetricsTable
      captionId="lm-schools-caption"
      caption={t('lm.bySchool', { from: formatMonth(report.from), to: formatMonth(report.to) })}
      firstColumn={t('lm.school')}
      cols={METRICS.filter((m) => m.key !== 'topTenthShare')}
      rows={report.breakdown.map((b) => ({ key: b.id, header: b.id === '' ? t('lm.noSchool') : b.label, row: b.row }))}
    />
  );
}
