import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_DETAIL_DAYS, MAX_DETAIL_DAYS, MIN_DETAIL_DAYS, RetentionSettingsSchema } from '@margins/shared';
import { ApiError, client } from '../api.js';
import { t } from '../i18n/index.js';
import { ErrorState, Loading } from './States.js';

/**
 * District admins choose how long feedback text, "I tried this" notes and ledger details are kept
 * (issue 16, item 6); counts and metrics stay whatever they choose.
 */
export function RetentionSettings() {
  const [days, setDays] = useState('');
  const [saved, setSaved] = useState<number | null>(null);
  const [feedDays, setFeedDays] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  const load = () => {
    setError(null);
    client.retention().then(
      (s) => {
        setDays(String(s.detailDays));
        setSaved(s.detailDays);
        setFeedDays(s.feedDays);
      },
      (e: ApiError) => setError(e),
    );
  };
  useEffect(load, []);

  const save = (e: Event) => {
    e.preventDefault();
    const parsed = RetentionSettingsSchema.safeParse({ detailDays: Number(days.trim() || NaN) });
    if (!parsed.success || !/^\d+$/.test(days.trim())) {
      setInvalid(t('retention.range', { min: MIN_DETAIL_DAYS, max: MAX_DETAIL_DAYS }));
      return;
    }
    setInvalid('');
    setBusy(true);
    setNotice('');
    client.updateRetention(parsed.data.detailDays).then(
      (s) => {
        setSaved(s.detailDays);
        setNotice(t('retention.saved', { days: s.detailDays }));
        setBusy(false);
      },
      (err: ApiError) => {
        setError(err);
        setBusy(false);
      },
    );
  };

  return (
    <section aria-labelledby="retention-heading">
      <h2 id="retention-heading">{t('retention.heading')}</h2>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} onRetry={load} /> : null}
      {saved === null && !error ? <Loading label={t('retention.loading')} /> : null}
      {saved !== null ? (
        <form onSubmit={save} noValidate>
          <label for="retention-days">{t('retention.days')}</label>
          <input
            id="retention-days"
            type="number"
            inputMode="numeric"
            min={MIN_DETAIL_DAYS}
            max={MAX_DETAIL_DAYS}
            value={days}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={`retention-help${invalid ? ' retention-error' : ''}`}
            onInput={(e) => setDays(e.currentTarget.value)}
          />
          {invalid ? (
            <p id="retention-error" class="field-error" role="alert">
              {invalid}
            </p>
          ) : null}
          <p id="retention-help" class="meta">
            {t('retention.help', { min: MIN_DETAIL_DAYS, max: MAX_DETAIL_DAYS, default: DEFAULT_DETAIL_DAYS })}
          </p>
          {feedDays !== null ? <p class="meta">{t('retention.feed', { days: feedDays })}</p> : null}
          <button type="submit" class="primary" disabled={busy || days.trim() === String(saved)}>
            {busy ? t('retention.saving') : t('retention.save')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
