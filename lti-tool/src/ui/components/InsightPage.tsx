import type { InsightPageReport, InsightPassage, InsightTally } from '@margins/shared';
import { formatDate, formatNumber, t } from '../i18n/index.js';
import { KIND_LABEL, NEED_LABEL } from '../labels.js';
import { vocabularyLabel } from '@margins/shared';
import { currentLang } from '../i18n/index.js';
import { useState } from 'preact/hooks';
import { type ApiError, insightClient } from '../api.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { countText } from './CurriculumInsight.js';
import { BarChart } from './MetricsCharts.js';
import { Empty, ErrorState, Loading } from './States.js';

/** Props of {@link InsightPage}. */
export type InsightPageProps = { url: string; since: string | null; onBack: () => void };

/** One page of curriculum insight: the strip of passages along the page, kinds and learner groups, then each passage. */
export function InsightPage({ url, since, onBack }: InsightPageProps) {
  const report = useLoad(() => insightClient.page({ url, ...(since ? { since } : {}) }), [url, since]);
  return (
    <div class="metrics">
      <button type="button" class="link" onClick={onBack}>
        {t('insight.back')}
      </button>
      {report.loading ? <Loading label={t('insight.loadingPage')} /> : null}
      {report.error ? <ErrorState error={report.error} onRetry={report.reload} /> : null}
      {report.data && !report.loading ? <PageReport report={report.data} /> : null}
      {report.data?.passages.length && !report.loading ? <Exports url={url} since={since} /> : null}
    </div>
  );
}

function PageReport({ report }: { report: InsightPageReport }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <>
      <h3 id="ci-page-heading" ref={heading} tabIndex={-1}>
        {report.title || report.url}
      </h3>
      <p class="meta">{report.url}</p>
      <p>{t('insight.pageSummary', { teachers: countText(report.teachers), schools: report.schools })}</p>
      {report.hiddenPassages ? <p class="meta">{t('insight.pageHidden', { count: report.hiddenPassages })}</p> : null}
      {!report.passages.length ? (
        <Empty title={t('insight.noPassages')} />
      ) : (
        <>
          <Strip report={report} />
          <Bars
            id="ci-kinds"
            title={t('insight.kindsTitle')}
            description={t('insight.kindsDesc')}
            column={t('insight.col.kind')}
            tallies={report.kinds}
            label={(id) => KIND_LABEL[id] ?? id}
          />
          <Bars
            id="ci-needs"
            title={t('insight.needsTitle')}
            description={t('insight.needsDesc')}
            column={t('insight.col.learners')}
            tallies={report.learnerNeeds}
            label={(id) => NEED_LABEL[id] ?? id}
          />
          <h4>{t('insight.passages')}</h4>
          {report.passages.map((p) => (
            <Passage key={p.id} passage={p} since={report.since} />
          ))}
        </>
      )}
    </>
  );
}

/**
 * The per-page strip: each passage as a bar placed by its character range along the page's text,
 * as tall as the number of teachers who adapted it; its data table follows.
 */
function Strip({ report }: { report: InsightPageReport }) {
  const placed = report.passages.filter((p) => p.start !== null && p.end !== null);
  const w = 640;
  const h = 120;
  const left = 8;
  const base = h - 24;
  const length = Math.max(1, report.length ?? 1);
  const most = Math.max(1, ...placed.map((p) => p.teachers));
  const x = (pos: number) => left + ((w - 2 * left) * pos) / length;
  return (
    <>
      <h4>{t('insight.stripTitle')}</h4>
      {placed.length ? (
        <figure class="chart">
          <svg
            viewBox={`0 0 ${w} ${h}`}
            role="img"
            aria-labelledby="ci-strip-title ci-strip-desc"
            aria-describedby="ci-strip-table"
            focusable="false"
          >
            <title id="ci-strip-title">{t('insight.stripTitle')}</title>
            <desc id="ci-strip-desc">{t('insight.stripDesc')}</desc>
            <rect x={left} y={base} width={w - 2 * left} height={4} class="base" />
            {placed.map((p) => {
              const barH = ((base - 8) * p.teachers) / most;
              const x0 = x(p.start!);
              return (
                <g key={p.id}>
                  <rect
                    x={x0}
                    y={base - barH}
                    width={Math.max(3, x(p.end!) - x0)}
                    height={barH}
                    class="series-1 bar"
                    fill="currentColor"
                  />
                  <text x={x0} y={base - barH - 2} font-size="11" fill="currentColor">
                    {formatNumber(p.teachers)}
                  </text>
                </g>
              );
            })}
            <text x={left} y={h - 6} font-size="11" fill="currentColor">
              0
            </text>
            <text x={w - left} y={h - 6} font-size="11" fill="currentColor" text-anchor="end">
              {formatNumber(length)}
            </text>
          </svg>
        </figure>
      ) : (
        <p class="meta">{t('insight.noPositions')}</p>
      )}
      <div class="table-scroll">
        <table class="data" id="ci-strip-table">
          <caption>{t('insight.stripTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('insight.col.passage')}</th>
              <th scope="col">{t('insight.col.from')}</th>
              <th scope="col">{t('insight.col.to')}</th>
              <th scope="col">{t('insight.col.teachers')}</th>
              <th scope="col">{t('insight.col.schools')}</th>
            </tr>
          </thead>
          <tbody>
            {report.passages.map((p) => (
              <tr key={p.id}>
                <th scope="row">“{p.quote}”</th>
                <td>{p.start === null ? '' : formatNumber(p.start)}</td>
                <td>{p.end === null ? '' : formatNumber(p.end)}</td>
                <td>{formatNumber(p.teachers)}</td>
                <td>{formatNumber(p.schools)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

type BarsProps = {
  id: string;
  title: string;
  description: string;
  column: string;
  tallies: InsightTally[];
  label: (id: string) => string;
};

/** A bar chart of tallies with its data table beside it. */
function Bars({ id, title, description, column, tallies, label }: BarsProps) {
  if (!tallies.length) return null;
  return (
    <div class="chart-with-table">
      <h4>{title}</h4>
      <BarChart
        id={id}
        tableId={`${id}-table`}
        title={title}
        description={description}
        bars={tallies.map((b) => ({ label: label(b.id), value: b.adaptations }))}
      />
      <table class="data" id={`${id}-table`}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{column}</th>
            <th scope="col">{t('insight.col.adaptations')}</th>
          </tr>
        </thead>
        <tbody>
          {tallies.map((b) => (
            <tr key={b.id}>
              <th scope="row">{label(b.id)}</th>
              <td>{formatNumber(b.adaptations)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Passage({ passage: p, since }: { passage: InsightPassage; since: string | null }) {
  const list = (items: InsightTally[], label: (id: string) => string) =>
    items.map((i) => `${label(i.id)} (${formatNumber(i.adaptations)})`).join(', ');
  return (
    <article class="card" aria-labelledby={`ci-p-${p.id}`}>
      <h5 id={`ci-p-${p.id}`}>“{p.quote}”</h5>
      <p>
        {t('insight.passageStats', {
          teachers: p.teachers,
          schools: p.schools,
          adaptations: p.adaptations,
          date: formatDate(p.firstAt),
        })}
      </p>
      {since && p.before !== null && p.since !== null ? (
        <p>
          {t('insight.change', {
            date: formatDate(`${since}T12:00:00Z`),
            before: countText(p.before),
            since: countText(p.since),
          })}
        </p>
      ) : null}
      <p>
        {t('insight.col.kind')}: {list(p.kinds, (id) => KIND_LABEL[id] ?? id)}
      </p>
      {p.learnerNeeds.length ? (
        <p>
          {t('insight.col.learners')}: {list(p.learnerNeeds, (id) => NEED_LABEL[id] ?? id)}
        </p>
      ) : null}
      <p>
        {t('insight.outcomes')}:{' '}
        {p.outcomes.length
          ? p.outcomes
              .map((o) => `${vocabularyLabel('tried', o.outcome, currentLang())} (${formatNumber(o.count)})`)
              .join(', ')
          : t('insight.noOutcomes')}
      </p>
      <h6>{t('insight.rationales')}</h6>
      {p.rationales.length ? (
        <ul class="plain">
          {p.rationales.map((r, i) => (
            <li key={i}>
              <blockquote>{r.text}</blockquote>
              {r.author ? <p class="meta">{t('insight.by', { name: r.author })}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="meta">{t('insight.noRationales')}</p>
      )}
      {p.withheld ? <p class="meta">{t('insight.withheld', { count: p.withheld })}</p> : null}
    </article>
  );
}

/** Downloads the page report for the publisher or the curriculum team: CSV or Web Annotation JSON-LD. */
function Exports({ url, since }: { url: string; since: string | null }) {
  const [state, setState] = useState<{ busy: boolean; notice: string; error: ApiError | null }>({
    busy: false,
    notice: '',
    error: null,
  });
  const run = (format: 'csv' | 'annotations') => {
    if (state.busy) return;
    setState({ busy: true, notice: t('insight.preparing'), error: null });
    insightClient.download({ url, format, ...(since ? { since } : {}) }).then(
      (name) => setState({ busy: false, notice: t('insight.downloaded', { name }), error: null }),
      (error: ApiError) => setState({ busy: false, notice: '', error }),
    );
  };
  return (
    <div class="actions">
      <button type="button" disabled={state.busy} aria-describedby="ci-export-help" onClick={() => run('csv')}>
        {t('insight.exportCsv')}
      </button>
      <button type="button" disabled={state.busy} aria-describedby="ci-export-help" onClick={() => run('annotations')}>
        {t('insight.exportAnnotations')}
      </button>
      <p id="ci-export-help" class="meta">
        {t('insight.exportHelp')}
      </p>
      <p role="status" aria-live="polite" class="notice">
        {state.notice}
      </p>
      {state.error ? <ErrorState error={state.error} /> : null}
    </div>
  );
}
