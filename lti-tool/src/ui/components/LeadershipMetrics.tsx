import { useState } from 'preact/hooks';
import type { MetricsQuery, MetricsScopes } from '@margins/shared';
import { type ApiError, metricsClient } from '../api.js';
import { t } from '../i18n/index.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { Report } from './MetricsReport.js';
import { ErrorState, Loading } from './States.js';

export { cellText } from '../metrics-text.js';

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
        {t('nav.metrics')}
      </h2>
      <p class="lede">{t('lm.lede')}</p>
      {scopes.loading && !scopes.data ? <Loading label={t('lm.loadingScopes')} /> : null}
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
    if (!/^\d{4}-\d{2}$/.test(from) || !/^\d{4}-\d{2}$/.test(to)) return setFormIssue(t('lm.monthFormat'));
    if (from > to) return setFormIssue(t('lm.monthOrder'));
    setFormIssue('');
    setQuery({ scope, ...(scope === 'school' ? { id: school } : scope === 'course' ? { id: course } : {}), from, to });
  };
  const download = () => {
    if (csv.busy) return;
    setCsv({ busy: true, notice: t('lm.preparing'), error: null });
    metricsClient.downloadCsv(query).then(
      (name) => setCsv({ busy: false, notice: t('lm.downloaded', { name }), error: null }),
      (error: ApiError) => setCsv({ busy: false, notice: '', error }),
    );
  };

  return (
    <>
      <form class="filters" onSubmit={submit} aria-label={t('lm.formLabel')}>
        <fieldset class="field wide">
          <legend>{t('lm.scope')}</legend>
          <label class="radio">
            <input
              type="radio"
              name="lm-scope"
              value="district"
              checked={scope === 'district'}
              onChange={() => setScope('district')}
            />{' '}
            {t('lm.theDistrict', { name: scopes.district.label })}
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
            {scopes.schools.length ? t('lm.aSchool') : t('lm.aSchoolNone')}
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
            {t('lm.aCourse')}
          </label>
        </fieldset>
        {scope === 'school' ? (
          <div class="field">
            <label for="lm-school">{t('lm.school')}</label>
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
            <label for="lm-course">{t('lm.course')}</label>
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
          <label for="lm-from">{t('lm.from')}</label>
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
          <label for="lm-to">{t('lm.to')}</label>
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
            {t('lm.show')}
          </button>
          {formIssue ? (
            <p id="lm-form-issue" class="field-error" role="alert">
              {formIssue}
            </p>
          ) : null}
        </div>
      </form>
      {report.loading ? <Loading label={t('lm.computing')} /> : null}
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
