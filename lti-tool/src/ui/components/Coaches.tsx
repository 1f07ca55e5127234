import { useEffect, useState } from 'preact/hooks';
import { ApiError, client } from '../api.js';
import { Empty, ErrorState, Loading } from './States.js';

type Person = { userId: string; name: string; email: string | null };

/** District admins make teachers coaches (and take it back), for their own installation only. */
export function Coaches() {
  const [coaches, setCoaches] = useState<Person[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const [notice, setNotice] = useState('');

  const load = () =>
    client.coaches().then(
      (r) => setCoaches(r.coaches),
      (e: ApiError) => setError(e),
    );
  useEffect(() => void load(), []);

  const act = (p: Promise<unknown>, message: string) =>
    p.then(
      () => {
        setNotice(message);
        void load();
      },
      (e: ApiError) => setError(e),
    );

  return (
    <section aria-labelledby="coaches-heading">
      <h1 id="coaches-heading">Instructional coaches</h1>
      <p>
        Coaches curate collections and approve practices for sharing with other districts. People appear here after they
        have opened Margins once.
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
      {coaches === null && !error ? <Loading label="Loading coaches…" /> : null}
      {coaches && !coaches.length ? <Empty title="There are no coaches yet." /> : null}
      {coaches?.length ? (
        <ul class="plain">
          {coaches.map((c) => (
            <li key={c.userId}>
              {c.name} {c.email ? <span class="meta">({c.email})</span> : null}{' '}
              <button
                type="button"
                onClick={() => void act(client.revokeCoach(c.userId), `${c.name} is no longer a coach.`)}
              >
                Remove {c.name} as coach
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <h2>Add a coach</h2>
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
        <label for="people-q">Name or email</label>{' '}
        <input id="people-q" value={q} onInput={(e) => setQ(e.currentTarget.value)} maxLength={200} />{' '}
        <button type="submit">Find</button>
      </form>
      {found && !found.length ? (
        <p class="meta">Nobody with that name or email has opened Margins from this installation.</p>
      ) : null}
      {found?.length ? (
        <ul class="plain">
          {found.map((p) => (
            <li key={p.userId}>
              {p.name} {p.email ? <span class="meta">({p.email})</span> : null}{' '}
              {coaches?.some((c) => c.userId === p.userId) ? (
                <span class="meta">already a coach</span>
              ) : (
                <button
                  type="button"
                  onClick={() => void act(client.grantCoach(p.userId), `${p.name} is now a coach.`)}
                >
                  Make {p.name} a coach
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
