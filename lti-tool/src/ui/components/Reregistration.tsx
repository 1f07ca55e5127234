import { useState } from 'preact/hooks';
import { ApiError, client } from '../api.js';
import { formatDate } from '../labels.js';
import { ErrorState } from './States.js';
import { t } from '../i18n/index.js';

/**
 * District admins: an install code for registering this district's platform again (the tool deleted
 * and re-added, "Register as new", a manual registration beside a dynamic one), so the new registration
 * joins this district instead of starting a separate one.
 */
export function Reregistration() {
  const [made, setMade] = useState<{ code: string; expiresAt: string; registrationUrl: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const create = () => {
    setBusy(true);
    setError(null);
    client.reregistrationCode().then(
      (r) => {
        setMade(r);
        setBusy(false);
      },
      (e: ApiError) => {
        setError(e);
        setBusy(false);
      },
    );
  };

  return (
    <section aria-labelledby="reregister-heading">
      <h2 id="reregister-heading">{t('rereg.heading')}</h2>
      <p class="meta">{t('rereg.lede')}</p>
      {error ? <ErrorState error={error} onRetry={create} /> : null}
      <button type="button" onClick={create} disabled={busy}>
        {busy ? t('cc.creating') : t('rereg.create')}
      </button>
      <div role="status" aria-live="polite">
        {made ? (
          <p>
            {t('rereg.code')} <code>{made.code}</code> ({t('rereg.until', { date: formatDate(made.expiresAt) })}).{' '}
            {t('rereg.address')} <code>{made.registrationUrl}</code>
          </p>
        ) : null}
      </div>
    </section>
  );
}
