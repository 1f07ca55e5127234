import { useEffect, useState } from 'preact/hooks';
import { ApiError, client } from '../api.js';
import { ErrorState, Loading } from './States.js';
import { t } from '../i18n/index.js';

/** District admins decide whether colleagues see who wrote an adaptation (never across districts). */
export function SharingSettings() {
  const [show, setShow] = useState<boolean | null>(null);
  const [saved, setSaved] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  const load = () => {
    setError(null);
    client.sharingSettings().then(
      (s) => {
        setShow(s.showAuthorNames);
        setSaved(s.showAuthorNames);
      },
      (e: ApiError) => setError(e),
    );
  };
  useEffect(load, []);

  const save = (e: Event) => {
    e.preventDefault();
    if (show === null) return;
    setBusy(true);
    setNotice('');
    client.updateSharingSettings(show).then(
      (s) => {
        setSaved(s.showAuthorNames);
        setNotice(s.showAuthorNames ? t('sharing.savedNames') : t('sharing.savedAnonymous'));
        setBusy(false);
      },
      (err: ApiError) => {
        setError(err);
        setBusy(false);
      },
    );
  };

  return (
    <section aria-labelledby="sharing-heading">
      <h1 id="sharing-heading">{t('nav.sharing')}</h1>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} onRetry={load} /> : null}
      {show === null && !error ? <Loading label={t('sharing.loading')} /> : null}
      {show !== null ? (
        <form onSubmit={save}>
          <label class="select">
            <input type="checkbox" checked={show} onChange={(e) => setShow(e.currentTarget.checked)} />{' '}
            {t('sharing.showNames')}
          </label>
          <p class="meta">{t('sharing.hint')}</p>
          <button type="submit" class="primary" disabled={busy || show === saved}>
            {busy ? t('fa.saving') : t('sharing.save')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
