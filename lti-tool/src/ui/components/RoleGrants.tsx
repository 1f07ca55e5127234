import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, client } from '../api.js';
import { t, type MessageKey } from '../i18n/index.js';
import { useLoad } from '../use-load.js';
import { Empty, ErrorState, Loading } from './States.js';

/** A person a district admin can find and grant a role to. */
export type RolePerson = { userId: string; name: string; email?: string | null };

/** Props of {@link RoleGrants}. */
export type RoleGrantsProps = {
  /** Which role: its words come from the `roles.<role>.*` strings; its heading is `#coaches-heading` or `#leads-heading`. */
  role: 'coach' | 'lead';
  load: () => Promise<RolePerson[]>;
  grant: (userId: string) => Promise<unknown>;
  revoke: (userId: string) => Promise<unknown>;
  /** Settings that belong with the role (shown under the list). */
  children?: ComponentChildren;
};

/**
 * A district admin grants a role (coach, curriculum lead) to people of their own installation and
 * takes it back: find a person who has opened Margins, grant, see who holds it, remove.
 */
export function RoleGrants({ role, load, grant, revoke, children }: RoleGrantsProps) {
  const holders = useLoad(load);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<RolePerson[] | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const say = (key: string, vars: Record<string, string> = {}) => t(`roles.${role}.${key}` as MessageKey, vars);
  const act = (p: Promise<unknown>, message: string) =>
    p.then(
      () => {
        setNotice(message);
        holders.reload();
      },
      (e: ApiError) => setError(e),
    );
  const id = role === 'coach' ? 'coaches' : 'leads';
  const email = (p: RolePerson) => (p.email ? <span class="meta">({p.email})</span> : null);

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h1 id={`${id}-heading`}>{say('heading')}</h1>
      <p class="lede">{say('lede')}</p>
      <h2>{say('add')}</h2>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          client.people(q).then(
            (r) => setFound(r.people),
            (err: ApiError) => setError(err),
          );
        }}
      >
        <div class="field">
          <label for={`${id}-q`}>{t('roles.q')}</label>
          <div class="search-box">
            <input id={`${id}-q`} value={q} onInput={(e) => setQ(e.currentTarget.value)} maxLength={200} />
            <button type="submit" class="primary">
              {t('roles.find')}
            </button>
          </div>
        </div>
      </form>
      {found && !found.length ? <p class="meta">{t('roles.nobody')}</p> : null}
      {found?.length ? (
        <ul class="plain">
          {found.map((p) => (
            <li key={p.userId}>
              {p.name} {email(p)}{' '}
              {holders.data?.some((c) => c.userId === p.userId) ? (
                <span class="meta">{say('already')}</span>
              ) : (
                <button type="button" onClick={() => void act(grant(p.userId), say('granted', { name: p.name }))}>
                  {say('grant', { name: p.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
      <h2>{say('current')}</h2>
      {holders.loading && !holders.data ? <Loading label={say('loading')} /> : null}
      {holders.error ? <ErrorState error={holders.error} onRetry={holders.reload} /> : null}
      {holders.data && !holders.data.length ? <Empty title={say('none')} /> : null}
      {holders.data?.length ? (
        <ul class="plain">
          {holders.data.map((c) => (
            <li key={c.userId}>
              {c.name} {email(c)}{' '}
              <button type="button" onClick={() => void act(revoke(c.userId), say('revoked', { name: c.name }))}>
                {say('revoke', { name: c.name })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </section>
  );
}
