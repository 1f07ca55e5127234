import { useState } from 'preact/hooks';
import type { PersonRef } from '@margins/shared';
import type { ApiError } from '../api.js';
import { coachClient } from '../coach-api.js';
import { formatDate } from '../labels.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { Empty, ErrorState, Loading } from './States.js';

/** Props of {@link Mentoring}. */
export type MentoringProps = { focusHeading: boolean };

/** Coaches pair an experienced teacher (mentor) with a newer one, who then follows the mentor's shared practices. */
export function Mentoring({ focusHeading }: MentoringProps) {
  const pairs = useLoad(() => coachClient.pairs().then((r) => r.pairs));
  const [mentor, setMentor] = useState<PersonRef | null>(null);
  const [mentee, setMentee] = useState<PersonRef | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading);
  const active = pairs.data?.filter((p) => !p.endedAt) ?? [];
  const ended = pairs.data?.filter((p) => p.endedAt) ?? [];

  return (
    <section aria-labelledby="mt-heading">
      <h2 id="mt-heading" ref={heading} tabIndex={-1}>
        Mentoring
      </h2>
      <p>
        Pair an experienced teacher with a newer one. The newer teacher finds "From my mentor" in the library: the
        practices the mentor shares (never private ones). Being a mentor counts as a contribution.
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      <form
        class="inline-form"
        aria-labelledby="mt-new-heading"
        onSubmit={(e) => {
          e.preventDefault();
          if (!mentor || !mentee || busy) return;
          setBusy(true);
          setError(null);
          coachClient.createPair(mentor.userId, mentee.userId).then(
            (p) => {
              setBusy(false);
              setNotice(`${p.mentor.name} now mentors ${p.mentee.name}.`);
              setMentor(null);
              setMentee(null);
              pairs.reload();
            },
            (err: ApiError) => {
              setBusy(false);
              setError(err);
            },
          );
        }}
      >
        <h3 id="mt-new-heading">Pair a mentor and a newer teacher</h3>
        <PersonPicker id="mt-mentor" role="mentor" chosen={mentor} onChoose={setMentor} />
        <PersonPicker id="mt-mentee" role="newer teacher" chosen={mentee} onChoose={setMentee} />
        {error ? <ErrorState error={error} /> : null}
        <div class="actions">
          <button type="submit" class="primary" aria-disabled={!mentor || !mentee || busy ? 'true' : undefined}>
            {mentor && mentee ? `Pair ${mentor.name} with ${mentee.name}` : 'Choose both people to pair them'}
          </button>
        </div>
      </form>

      <h3>Active pairs</h3>
      {pairs.loading && !pairs.data ? <Loading label="Loading pairs…" /> : null}
      {pairs.error ? <ErrorState error={pairs.error} onRetry={pairs.reload} /> : null}
      {pairs.data && !active.length ? <Empty title="No active mentoring pairs." /> : null}
      {active.length ? (
        <ul class="rows" aria-label="Active mentoring pairs">
          {active.map((p) => (
            <li key={p.id} class="row">
              <div class="row-main">
                <p class="row-title">
                  {p.mentor.name} mentors {p.mentee.name}
                </p>
                <p class="meta">
                  Since {formatDate(p.createdAt)}, paired by {p.createdBy.name}
                </p>
              </div>
              <div class="row-actions">
                <button
                  type="button"
                  onClick={() =>
                    void coachClient.endPair(p.id).then(() => {
                      setNotice(`Ended the pairing of ${p.mentor.name} and ${p.mentee.name}.`);
                      pairs.reload();
                      requestAnimationFrame(() => document.getElementById('mt-heading')?.focus());
                    }, setError)
                  }
                >
                  End pairing
                  <span class="visually-hidden">
                    {' '}
                    of {p.mentor.name} and {p.mentee.name}
                  </span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {ended.length ? (
        <>
          <h3>Ended</h3>
          <ul class="plain">
            {ended.map((p) => (
              <li key={p.id}>
                {p.mentor.name} mentored {p.mentee.name} ({formatDate(p.createdAt)} to {formatDate(p.endedAt!)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Finds a person of the district by name or email and chooses one (coach views). */
export function PersonPicker({
  id,
  role,
  chosen,
  onChoose,
}: {
  id: string;
  role: string;
  chosen: PersonRef | null;
  onChoose: (p: PersonRef | null) => void;
}) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<(PersonRef & { email: string | null })[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const find = () => {
    setError(null);
    coachClient.people(q).then((r) => setFound(r.people), setError);
  };
  if (chosen) {
    return (
      <p class="chosen">
        The {role}: <strong>{chosen.name}</strong>{' '}
        <button
          type="button"
          id={`${id}-change`}
          onClick={() => {
            onChoose(null);
            requestAnimationFrame(() => document.getElementById(`${id}-q`)?.focus());
          }}
        >
          Change<span class="visually-hidden"> the {role}</span>
        </button>
      </p>
    );
  }
  return (
    <fieldset class="field picker">
      <legend>The {role}</legend>
      <div class="picker-row">
        <label for={`${id}-q`}>Name or email</label>
        <input
          id={`${id}-q`}
          value={q}
          maxLength={200}
          onInput={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              find();
            }
          }}
        />
        <button type="button" onClick={find}>
          Find<span class="visually-hidden"> the {role}</span>
        </button>
      </div>
      {error ? <ErrorState error={error} /> : null}
      {found && !found.length ? (
        <p class="meta">Nobody with that name has opened Margins in your district yet.</p>
      ) : null}
      {found?.length ? (
        <ul class="plain" aria-label={`People found for the ${role}`}>
          {found.map((p) => (
            <li key={p.userId}>
              <button
                type="button"
                onClick={() => {
                  onChoose({ userId: p.userId, name: p.name });
                  requestAnimationFrame(() => document.getElementById(`${id}-change`)?.focus());
                }}
              >
                Choose {p.name}
                {p.email ? <span class="meta"> ({p.email})</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
