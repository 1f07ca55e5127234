import { useState } from 'preact/hooks';
import type { InsightCount, InsightSiteQuery, InsightSiteReport, InsightSites } from '@margins/shared';
import { insightClient } from '../api.js';
import { formatDate, formatNumber, t } from '../i18n/index.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { InsightPage } from './InsightPage.js';
import { Empty, ErrorState, Loading } from './States.js';

/** A people count as text: the number, or "fewer than 5". */
export function countText(c: InsightCount): string {
  return c === 'fewer-than-5' ? t('insight.fewer') : formatNumber(c);
}

/** Props of {@link CurriculumInsight}. */
export type CurriculumInsightProps = { focusHeading: boolean };

/**
 * Curriculum insight for district admins, coaches and curriculum leads (issue 20): pick a curriculum
 * site (and, to see change over time, a date), read its hot spots and pages, open a page's passages.
 * Every figure is about passages of 5 or more teachers; nothing names a teacher unless they agreed.
 */
export function CurriculumInsight({ focusHeading }: CurriculumInsightProps) {
  const sites = useLoad(() => insightClient.sites());
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading);
  return (
    <section aria-labelledby="ci-heading" class="insight">
      <h2 id="ci-heading" ref={heading} tabIndex={-1}>
        {t('insight.heading')}
      </h2>
      <p class="lede">{t('insight.lede')}</p>
      {sites.loading && !sites.data ? <Loading label={t('insight.loadingSites')} /> : null}
      {sites.error ? <ErrorState error={sites.error} onRetry={sites.reload} /> : null}
      {sites.data && !sites.data.sites.length ? (
        <Empty title={t('insight.noSites')}>
          <p>{t('insight.noSitesHelp')}</p>
        </Empty>
      ) : null}
      {sites.data?.sites.length ? <SiteChooser sites={sites.data} /> : null}
    </section>
  );
}

function SiteChooser({ sites }: { sites: InsightSites }) {
  const [site, setSite] = useState(sites.sites[0]!.site);
  const [since, setSince] = useState('');
  const [query, setQuery] = useState<InsightSiteQuery>({ site: sites.sites[0]!.site });
  const [page, setPage] = useState<string | null>(null);
  const report = useLoad(() => insightClient.site(query), [JSON.stringify(query)]);
  return (
    <>
      <form
        class="filters"
        aria-label={t('insight.form')}
        onSubmit={(e) => {
          e.preventDefault();
          setPage(null);
          setQuery({ site, ...(since ? { since } : {}) });
        }}
      >
        <div class="field">
          <label for="ci-site">{t('insight.site')}</label>
          <select id="ci-site" value={site} onChange={(e) => setSite(e.currentTarget.value)}>
            {sites.sites.map((s) => (
              <option key={s.site} value={s.site}>
                {s.site}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="ci-since">{t('insight.since')}</label>
          <input
            id="ci-since"
            type="date"
            value={since}
            aria-describedby="ci-since-help"
            onInput={(e) => setSince(e.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            {t('insight.show')}
          </button>
        </div>
      </form>
      <p id="ci-since-help" class="meta">
        {t('insight.sinceHelp')}
      </p>
      {report.loading ? <Loading label={t('insight.loadingSite')} /> : null}
      {report.error ? <ErrorState error={report.error} onRetry={report.reload} /> : null}
      {report.data && !report.loading && page === null ? <SiteReport report={report.data} onOpen={setPage} /> : null}
      {report.data && page !== null ? (
        <InsightPage url={page} since={report.data.since} onBack={() => setPage(null)} />
      ) : null}
    </>
  );
}

function SiteReport({ report, onOpen }: { report: InsightSiteReport; onOpen: (url: string) => void }) {
  const since = report.since;
  const day = since ? formatDate(`${since}T12:00:00Z`) : '';
  return (
    <div class="metrics">
      <h3>{report.site}</h3>
      <p class="meta">{t('insight.hiddenNote', { passages: report.hiddenPassages, pages: report.hiddenPages })}</p>
      {!report.hotSpots.length ? (
        <Empty title={t('insight.noHotSpots')} />
      ) : (
        <>
          <div class="table-scroll">
            <table class="data">
              <caption>{t('insight.hotSpots')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('insight.col.passage')}</th>
                  <th scope="col">{t('insight.col.page')}</th>
                  <th scope="col">{t('insight.col.teachers')}</th>
                  <th scope="col">{t('insight.col.schools')}</th>
                  <th scope="col">{t('insight.col.adaptations')}</th>
                  {since ? <th scope="col">{t('insight.col.before', { date: day })}</th> : null}
                  {since ? <th scope="col">{t('insight.col.since', { date: day })}</th> : null}
                </tr>
              </thead>
              <tbody>
                {report.hotSpots.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">“{h.quote}”</th>
                    <td>
                      <button type="button" class="link" onClick={() => onOpen(h.url)}>
                        {t('insight.open', { title: h.pageTitle || h.url })}
                      </button>
                    </td>
                    <td>{formatNumber(h.teachers)}</td>
                    <td>{formatNumber(h.schools)}</td>
                    <td>{formatNumber(h.adaptations)}</td>
                    {since ? <td>{h.before === null ? '' : countText(h.before)}</td> : null}
                    {since ? <td>{h.since === null ? '' : countText(h.since)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-scroll">
            <table class="data">
              <caption>{t('insight.pages')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('insight.col.page')}</th>
                  <th scope="col">{t('insight.col.passages')}</th>
                  <th scope="col">{t('insight.col.topTeachers')}</th>
                  <th scope="col">{t('insight.col.schools')}</th>
                </tr>
              </thead>
              <tbody>
                {report.pages.map((p) => (
                  <tr key={p.url}>
                    <th scope="row">
                      <button type="button" class="link" onClick={() => onOpen(p.url)}>
                        {t('insight.open', { title: p.title || p.url })}
                      </button>
                    </th>
                    <td>{formatNumber(p.passages)}</td>
                    <td>{formatNumber(p.topTeachers)}</td>
                    <td>{formatNumber(p.topSchools)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
