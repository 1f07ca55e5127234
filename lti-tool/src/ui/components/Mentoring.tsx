import { useState } from 'preact/hooks';
import type { PersonRef } from '@margins/shared';
import { type ApiError, coachClient } from '../api.js';
import { formatDate } from '../labels.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { Empty, ErrorState, Loading } from './States.js';
import { t, tn } from '../i18n/index.js';

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
        {t('nav.mentoring')}
      </h2>
      <p class="lede">{t('mt.lede')}</p>
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
              setNotice(t('mt.paired', { mentor: p.mentor.name, mentee: p.mentee.name }));
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
        <h3 id="mt-new-heading">{t('mt.newHeading')}</h3>
        <PersonPicker id="mt-mentor" role="mentor" chosen={mentor} onChoose={setMentor} />
        <PersonPicker id="mt-mentee" role="mentee" chosen={mentee} onChoose={setMentee} />
        {error ? <ErrorState error={error} /> : null}
        <div class="actions">
          <button type="submit" class="primary" aria-disabled={!mentor || !mentee || busy ? 'true' : undefined}>
            {mentor && mentee ? t('mt.pair', { mentor: mentor.name, mentee: mentee.name }) : t('mt.chooseBoth')}
          </button>
        </div>
      </form>

      <h3>{t('mt.active')}</h3>
      {pairs.loading && !pairs.data ? <Loading label={t('mt.loading')} /> : null}
      {pairs.error ? <ErrorState error={pairs.error} onRetry={pairs.reload} /> : null}
      {pairs.data && !active.length ? <Empty title={t('mt.none')} /> : null}
      {active.length ? (
        <ul class="rows" aria-label={t('mt.activeList')}>
          {active.map((p) => (
            <li key={p.id} class="row">
              <div class="row-main">
                <p class="row-title">{t('mt.mentors', { mentor: p.mentor.name, mentee: p.mentee.name })}</p>
                <p class="meta">
                  {t('mt.since', { date: formatDate(p.createdAt), name: p.createdBy.name })} ·{' '}
                  {activityCounts(p.activities.confirmed, p.activities.pending)}
                </p>
              </div>
              <div class="row-actions">
                <button
                  type="button"
                  onClick={() =>
                    void coachClient.endPair(p.id).then(() => {
                      setNotice(t('mt.endedNotice', { mentor: p.mentor.name, mentee: p.mentee.name }));
                      pairs.reload();
                      requestAnimationFrame(() => document.getElementById('mt-heading')?.focus());
                    }, setError)
                  }
                >
                  {t('mt.end')}
                  <span class="visually-hidden">
                    {' '}
                    {t('mt.endOf', { mentor: p.mentor.name, mentee: p.mentee.name })}
                  </span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {ended.length ? (
        <>
          <h3>{t('mt.ended')}</h3>
          <ul class="plain">
            {ended.map((p) => (
              <li key={p.id}>
                {t('mt.mentored', {
                  mentor: p.mentor.name,
                  mentee: p.mentee.name,
                  from: formatDate(p.createdAt),
                  to: formatDate(p.endedAt!),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** "2 activities confirmed, 1 waiting" for a pair's row. */
function activityCounts(confirmed: number, pending: number): string {
  const done = tn('mt.confirmed', confirmed);
  return pending ? `${done}, ${tn('mt.waiting', pending)}` : done;
}

/** Finds a person of the district by name or email and chooses one (coach views). */
export function PersonPicker({
  id,
  role,
  chosen,
  onChoose,
}: {
  id: string;
  role: 'mentor' | 'mentee' | 'recipient';
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
  const who = t(`picker.${role}`);
  if (chosen) {
    return (
      <p class="chosen">
        {who}: <strong>{chosen.name}</strong>{' '}
        <button
          type="button"
          id={`${id}-change`}
          onClick={() => {
            onChoose(null);
            requestAnimationFrame(() => document.getElementById(`${id}-q`)?.focus());
          }}
        >
          {t('picker.change')}
          <span class="visually-hidden"> ({who})</span>
        </button>
      </p>
    );
  }
  return (
    <fieldset class="field picker">
      <legend>{who}</legend>
      <div class="picker-row">
        <label for={`${id}-q`}>{t('picker.q')}</label>
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
          {t('picker.find')}
          <span class="visually-hidden"> ({who})</span>
        </button>
      </div>
      {error ? <ErrorState error={error} /> : null}
      {found && !found.length ? <p class="meta">{t('picker.nobody')}</p> : null}
      {found?.length ? (
        <ul class="plain" aria-label={t('picker.found', { who })}>
          {found.map((p) => (
            <li key={p.userId}>
              <button
                type="button"
                onClick={() => {
                  onChoose({ userId: p.userId, name: p.name });
                  requestAnimationFrame(() => document.getElementById(`${id}-change`)?.focus());
                }}
              >
                {t('picker.choose', { name: p.name })}
                {p.email ? <span class="meta"> ({p.email})</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
