import { useEffect, useState } from 'preact/hooks';
import { type ApiError, insightClient } from '../api.js';
import { t } from '../i18n/index.js';
import { useLoad } from '../use-load.js';
import { RoleGrants } from './RoleGrants.js';
import { ErrorState } from './States.js';

/**
 * District admins grant the curriculum lead role (issue 20) to people of their own installation, and
 * choose whether curriculum readers may see the names of teachers who agreed to be credited.
 */
export function CurriculumLeads() {
  const settings = useLoad(() => insightClient.districtSettings());
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <RoleGrants
      role="lead"
      load={() => insightClient.leads().then((r) => r.leads)}
      grant={(id) => insightClient.grantLead(id)}
      revoke={(id) => insightClient.revokeLead(id)}
    >
      {settings.data ? (
        <label class="checkbox">
          <input
            type="checkbox"
            checked={settings.data.nameAuthors}
            onChange={(e) =>
              void insightClient.setDistrictSettings({ nameAuthors: e.currentTarget.checked }).then(
                (next) => {
                  settings.set(next);
                  setNotice(t('leads.saved'));
                },
                (err: ApiError) => setError(err),
              )
            }
          />{' '}
          {t('leads.nameAuthors')}
        </label>
      ) : null}
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
    </RoleGrants>
  );
}

/** A teacher's own choices: count private adaptations anonymously, be credited by name. */
export function InsightPreferencesForm() {
  const [countPrivate, setCountPrivate] = useState(false);
  const [credit, setCredit] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    insightClient.preferences().then(
      (p) => {
        setCountPrivate(p.countPrivateAnonymously);
        setCredit(p.creditByName);
        setLoaded(true);
      },
      (e: ApiError) => setError(e),
    );
  }, []);
  return (
    <section aria-labelledby="prefs-heading">
      <h2 id="prefs-heading">{t('prefs.heading')}</h2>
      {loaded ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            insightClient.setPreferences({ countPrivateAnonymously: countPrivate, creditByName: credit }).then(
              () => setNotice(t('leads.saved')),
              (err: ApiError) => setError(err),
            );
          }}
        >
          <label class="checkbox">
            <input type="checkbox" checked={countPrivate} onChange={(e) => setCountPrivate(e.currentTarget.checked)} />{' '}
            {t('prefs.countPrivate')}
          </label>
          <label class="checkbox">
            <input type="checkbox" checked={credit} onChange={(e) => setCredit(e.currentTarget.checked)} />{' '}
            {t('prefs.credit')}
          </label>
          <button type="submit">{t('prefs.save')}</button>
        </form>
      ) : null}
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
    </section>
  );
}
