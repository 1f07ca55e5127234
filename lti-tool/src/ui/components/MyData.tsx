import { useRef, useState } from 'preact/hooks';
import type { AccountDeletionResult } from '@margins/shared';
import { client, saveFile, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { useFocusOnMount } from '../use-load.js';
import { ErrorState } from './States.js';
import { DeleteAccountDialog, deletionSummary } from './DeleteAccount.js';

/**
 * "My data" (issue 16): what the district's Margins keeps about the person, and one download of all
 * of it (JSON, with their adaptations as W3C Web Annotations and their signed credentials).
 */
export function MyData() {
  const heading = useFocusOnMount<HTMLHeadingElement>(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState<AccountDeletionResult | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const done = useFocusOnMount<HTMLHeadingElement>(deleted !== null);
  if (deleted)
    return (
      <section aria-labelledby="md-deleted">
        <h2 id="md-deleted" ref={done} tabIndex={-1}>
          {t('deletion.doneHeading')}
        </h2>
        <p>{deletionSummary(deleted)}</p>
        <p>{t('deletion.doneLocal')}</p>
      </section>
    );
  return (
    <section aria-labelledby="md-heading">
      <h2 id="md-heading" ref={heading} tabIndex={-1}>
        {t('myData.heading')}
      </h2>
      <p>{t('myData.intro')}</p>
      <ul>
        <li>{t('myData.itemProfile')}</li>
        <li>{t('myData.itemAdaptations')}</li>
        <li>{t('myData.itemCredentials')}</li>
        <li>{t('myData.itemSaid')}</li>
        <li>{t('myData.itemDevices')}</li>
        <li>{t('myData.itemRecord')}</li>
      </ul>
      <p class="meta">{t('myData.notKept')}</p>
      {error ? <ErrorState error={error} /> : null}
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          id="md-download"
          aria-disabled={busy ? 'true' : undefined}
          onClick={() => {
            if (busy) return;
            setBusy(true);
            setError(null);
            client.myData().then(
              (text) => {
                setBusy(false);
                saveFile(text, 'margins-my-data.json', 'application/json');
                setNotice(t('myData.downloaded'));
              },
              (e: ApiError) => {
                setBusy(false);
                setError(e);
              },
            );
          }}
        >
          {t('myData.download')}
        </button>
      </div>
      <h3>{t('deletion.heading')}</h3>
      <p>{t('deletion.lede')}</p>
      <div class="actions">
        <button type="button" class="danger" id="md-delete" ref={opener} onClick={() => setDeleting(true)}>
          {t('deletion.open')}
        </button>
      </div>
      {deleting ? (
        <DeleteAccountDialog
          target={{ kind: 'me' }}
          onDeleted={(r) => {
            setDeleting(false);
            setDeleted(r);
          }}
          onClose={() => {
            setDeleting(false);
            opener.current?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
