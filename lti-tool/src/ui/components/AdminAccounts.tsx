import { useRef, useState } from 'preact/hooks';
import { ApiError, client } from '../api.js';
import { t } from '../i18n/index.js';
import { useFocusOnMount } from '../use-load.js';
import { DeleteAccountDialog, deletionSummary, type DeletionTarget } from './DeleteAccount.js';
import { ErrorState } from './States.js';

type Person = { userId: string; name: string; email: string | null };

/**
 * District admins delete the account of someone who left (issue 16): find the person among those who
 * opened Margins from this installation, then the same dialog and choices a teacher has for their own.
 */
export function AdminAccounts() {
  const heading = useFocusOnMount<HTMLHeadingElement>(true);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [target, setTarget] = useState<(DeletionTarget & { kind: 'person' }) | null>(null);
  const [notice, setNotice] = useState('');
  const opener = useRef<HTMLButtonElement | null>(null);
  const search = () =>
    client.people(q).then(
      (r) => {
        setFound(r.people);
        setError(null);
      },
      (e: ApiError) => setError(e),
    );

  return (
    <section aria-labelledby="acc-heading">
      <h1 id="acc-heading" ref={heading} tabIndex={-1}>
        {t('accounts.heading')}
      </h1>
      <p class="lede">{t('accounts.lede')}</p>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <div class="field">
          <label for="acc-q">{t('accounts.search')}</label>
          <div class="search-box">
            <input id="acc-q" value={q} onInput={(e) => setQ(e.currentTarget.value)} maxLength={200} />
            <button type="submit" class="primary">
              {t('accounts.find')}
            </button>
          </div>
        </div>
      </form>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
      {found && !found.length ? <p class="meta">{t('accounts.none')}</p> : null}
      {found?.length ? (
        <ul class="plain">
          {found.map((p) => (
            <li key={p.userId}>
              {p.name} {p.email ? <span class="meta">({p.email})</span> : null}{' '}
              <button
                type="button"
                class="danger"
                onClick={(e) => {
                  opener.current = e.currentTarget;
                  setTarget({ kind: 'person', userId: p.userId, name: p.name });
                }}
              >
                {t('accounts.delete', { name: p.name })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {target ? (
        <DeleteAccountDialog
          target={target}
          onDeleted={(r) => {
            setNotice(`${t('accounts.deleted', { name: target.name })} ${deletionSummary(r)}`);
            setFound((list) => list?.filter((p) => p.userId !== target.userId) ?? null);
            setTarget(null);
            heading.current?.focus();
          }}
          onClose={() => {
            setTarget(null);
            opener.current?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
