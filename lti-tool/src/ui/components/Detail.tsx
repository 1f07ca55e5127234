import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import { safeHref, type AdaptationDetailSchema, type SharedAdaptation } from '@margins/shared';
import { ApiError, client } from '../api.js';
import {
  FEEDBACK_LABEL,
  GRADE_LABEL,
  KIND_LABEL,
  NEED_LABEL,
  OUTCOME_LABEL,
  SUBJECT_LABEL,
  formatDate,
} from '../labels.js';
import { GiveFeedback, TriedThis } from './Respond.js';
import { ErrorState, Loading } from './States.js';
import { t } from '../i18n/index.js';
import { practiceName } from '../practice.js';
import { PracticeEdit } from './PracticeEdit.js';

/** Props of {@link Detail}. */
export type DetailProps = {
  id: string;
  onBack: () => void;
  selectable: boolean;
  selected: boolean;
  onToggle: () => void;
  /** What the back button says (where it goes). */
  backLabel?: string;
  /** More about the practice for this person (a coach's actions, the author's sharing review). */
  aside?: (a: SharedAdaptation) => ComponentChildren;
  /** Open the author's edit form at once (its Edit button in the library). */
  edit?: boolean;
};

/** One adaptation: the passage it annotates, a link to the page, the adaptation, rationale, evidence and social proof. */
export function Detail({ id, onBack, selectable, selected, onToggle, backLabel, aside, edit }: DetailProps) {
  const [data, setData] = useState<z.infer<typeof AdaptationDetailSchema> | null>(null);
  const [editing, setEditing] = useState(!!edit);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const load = () => {
    setError(null);
    setData(null);
    client.detail(id).then(setData, (e: ApiError) => setError(e));
  };
  useEffect(load, [id]);
  // Focus the heading when the practice (or its error) first shows, not when a form below updates it.
  const shownId = data?.adaptation.id;
  useLayoutEffect(() => {
    if (shownId || error) heading.current?.focus();
  }, [shownId, error]);

  const back = (
    <button type="button" class="back" onClick={onBack}>
      ← {backLabel ?? t('back.library')}
    </button>
  );
  if (error) {
    return (
      <section aria-labelledby="detail-heading">
        {back}
        <h1 id="detail-heading" ref={heading} tabIndex={-1}>
          {error.payload.code === 'not_found' ? t('detail.notAvailable') : t('detail.notShown')}
        </h1>
        {error.payload.code === 'not_found' ? (
          <p class="state">{t('detail.notAvailableWhy')}</p>
        ) : (
          <ErrorState error={error} onRetry={load} />
        )}
      </section>
    );
  }
  if (!data) return <Loading label={t('detail.loading')} />;
  const a = data.adaptation;
  const q = a.target.quote;
  const passage = (
    <blockquote class="passage">
      {q.prefix ? <span class="context">…{q.prefix}</span> : null}
      <mark>{q.exact}</mark>
      {q.suffix ? <span class="context">{q.suffix}…</span> : null}
    </blockquote>
  );
  if (editing && a.mine)
    return (
      <article aria-labelledby="detail-heading">
        {back}
        <h1 id="detail-heading" ref={heading} tabIndex={-1}>
          {practiceName(a) || t('detail.untitled')}
        </h1>
        <p class="card-context">{t('card.onPage', { title: a.page.title || a.page.url })}</p>
        {passage}
        <PracticeEdit
          adaptation={a}
          onCancel={() => {
            setEditing(false);
            requestAnimationFrame(() => document.getElementById('pe-open')?.focus());
          }}
          onSaved={(next) => {
            setData((d) => d && { ...d, adaptation: next });
            setEditing(false);
            setSaved(true);
            requestAnimationFrame(() => document.getElementById('pe-open')?.focus());
          }}
        />
      </article>
    );
  return (
    <article aria-labelledby="detail-heading">
      {back}
      <h1 id="detail-heading" ref={heading} tabIndex={-1}>
        {practiceName(a) || t('detail.untitled')}
      </h1>
      <p class="tags" aria-label={t('library.kinds')}>
        {a.kinds.map((k) => (
          <span key={k} class="tag">
            {KIND_LABEL[k] ?? k}
          </span>
        ))}
      </p>
      <p class="card-context">{t('card.onPage', { title: a.page.title || a.page.url })}</p>
      <p class="meta">
        {a.authorVisible && a.author.name
          ? t('detail.sharedBy', { name: a.author.name })
          : t('detail.sharedByColleague')}{' '}
        · {t('detail.updated', { date: formatDate(a.updatedAt) })}
        {a.networkStatus === 'pending' ? ` · ${t('detail.pending')}` : ''}
      </p>
      {a.mine ? (
        <p class="row-actions">
          <button
            type="button"
            id="pe-open"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {t('practice.edit')}
          </button>
          <span role="status" class="notice">
            {saved ? t('practiceEdit.saved') : ''}
          </span>
        </p>
      ) : null}
      {aside?.(a)}
      <h2>{t('detail.passage')}</h2>
      {passage}
      {/* Only an http(s) address becomes a link (the shared check); anything else is not offered. */}
      {safeHref(a.page.url) ? (
        <p>
          <a href={safeHref(a.page.url)!} target="_blank" rel="noopener noreferrer">
            {t('detail.openPage')}
            <span class="visually-hidden">{t('detail.newTab')}</span>
          </a>
        </p>
      ) : null}
      <h2>{t('detail.adaptation')}</h2>
      <p class="prose">{a.body}</p>
      {a.rationale ? (
        <>
          <h2>{t('detail.why')}</h2>
          <p class="prose">{a.rationale}</p>
        </>
      ) : null}
      <h2>{t('detail.forWhom')}</h2>
      <ul class="plain">
        {a.audience.gradeBands.length ? <li>{a.audience.gradeBands.map((g) => GRADE_LABEL[g]).join(', ')}</li> : null}
        {a.audience.subjects.length ? <li>{a.audience.subjects.map((s) => SUBJECT_LABEL[s]).join(', ')}</li> : null}
        {a.audience.learnerNeeds.length ? (
          <li>{a.audience.learnerNeeds.map((n) => NEED_LABEL[n]).join(', ')}</li>
        ) : null}
        {!a.audience.gradeBands.length && !a.audience.subjects.length && !a.audience.learnerNeeds.length ? (
          <li>{t('detail.anyLearners')}</li>
        ) : null}
      </ul>
      {a.evidence ? (
        <>
          <h2>{t('detail.evidence')}</h2>
          <p>
            <strong>{OUTCOME_LABEL[a.evidence.outcome]}</strong>
            {a.evidence.note ? ` — ${a.evidence.note}` : ''}
          </p>
        </>
      ) : null}
      <h2>{t('detail.tried', { count: data.endorsements.length })}</h2>
      {data.endorsements.length ? (
        <ul class="plain">
          {data.endorsements.map((e) => (
            <li key={e.id}>
              <strong>{OUTCOME_LABEL[e.outcome]}</strong> — {e.endorser.name ?? t('detail.aColleague')}
              {e.note ? `: ${e.note}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p class="meta">{t('detail.nobodyTried')}</p>
      )}
      {a.mine ? null : (
        <TriedThis
          key={`tried-${a.id}`}
          adaptationId={a.id}
          mine={a.myEndorsement}
          onSaved={(e) =>
            setData(
              (d) =>
                d && {
                  ...d,
                  adaptation: {
                    ...d.adaptation,
                    myEndorsement: e,
                    endorsementCount: d.adaptation.myEndorsement
                      ? d.adaptation.endorsementCount
                      : d.adaptation.endorsementCount + 1,
                  },
                  endorsements: [e, ...d.endorsements.filter((x) => x.id !== e.id)],
                },
            )
          }
        />
      )}
      <h2>{t('detail.feedback', { count: data.feedback.length })}</h2>
      {data.feedback.length ? (
        <ul class="plain">
          {data.feedback.map((f) => (
            <li key={f.id}>
              <strong>{FEEDBACK_LABEL[f.type]}</strong>{' '}
              {t('detail.feedbackFrom', { name: f.author.name ?? t('detail.aColleague') })}:{' '}
              {f.textRemoved ? <em class="meta">{t('detail.feedbackRemoved')}</em> : f.text}
            </li>
          ))}
        </ul>
      ) : (
        <p class="meta">{t('detail.noFeedback')}</p>
      )}
      {a.mine ? null : (
        <GiveFeedback
          key={`feedback-${a.id}`}
          adaptationId={a.id}
          onSent={(f) =>
            setData(
              (d) =>
                d && {
                  ...d,
                  feedback: [...d.feedback, f],
                  adaptation: { ...d.adaptation, feedbackCount: d.adaptation.feedbackCount + 1 },
                },
            )
          }
        />
      )}
      {selectable ? (
        <label class="select">
          <input type="checkbox" checked={selected} onChange={onToggle} /> {t('detail.addToCourse')}
        </label>
      ) : null}
    </article>
  );
}
