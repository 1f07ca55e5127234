import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { AdaptationDetailSchema, SharedAdaptation } from '@margins/shared';
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
};

/** One adaptation: the passage it annotates, a link to the page, the adaptation, rationale, evidence and social proof. */
export function Detail({ id, onBack, selectable, selected, onToggle, backLabel, aside }: DetailProps) {
  const [data, setData] = useState<z.infer<typeof AdaptationDetailSchema> | null>(null);
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
  useEffect(() => {
    if (shownId || error) heading.current?.focus();
  }, [shownId, error]);

  const back = (
    <button type="button" class="back" onClick={onBack}>
      ← {backLabel ?? 'Back to the library'}
    </button>
  );
  if (error) {
    return (
      <section aria-labelledby="detail-heading">
        {back}
        <h1 id="detail-heading" ref={heading} tabIndex={-1}>
          {error.payload.code === 'not_found'
            ? 'This practice is not available to you'
            : 'This practice could not be shown'}
        </h1>
        {error.payload.code === 'not_found' ? (
          <p class="state">
            It may be private to its author, shared only with another course, or deleted. If a colleague or coach linked
            it for you, ask them to share it more widely.
          </p>
        ) : (
          <ErrorState error={error} onRetry={load} />
        )}
      </section>
    );
  }
  if (!data) return <Loading label="Loading the practice…" />;
  const a = data.adaptation;
  const q = a.target.quote;
  return (
    <article aria-labelledby="detail-heading">
      {back}
      <h1 id="detail-heading" ref={heading} tabIndex={-1}>
        {a.page.title || 'Untitled page'}
      </h1>
      <p class="tags" aria-label="Kinds">
        {a.kinds.map((k) => (
          <span key={k} class="tag">
            {KIND_LABEL[k] ?? k}
          </span>
        ))}
      </p>
      <p class="meta">
        {a.authorVisible && a.author.name ? `Shared by ${a.author.name}` : 'Shared by a colleague'} · updated{' '}
        {formatDate(a.updatedAt)}
        {a.networkStatus === 'pending' ? ' · waiting for a coach to approve sharing with other districts' : ''}
      </p>
      {aside?.(a)}
      <h2>The passage</h2>
      <blockquote class="passage">
        {q.prefix ? <span class="context">…{q.prefix}</span> : null}
        <mark>{q.exact}</mark>
        {q.suffix ? <span class="context">{q.suffix}…</span> : null}
      </blockquote>
      <p>
        <a href={a.page.url} target="_blank" rel="noopener noreferrer">
          Open the curriculum page<span class="visually-hidden"> (opens in a new tab)</span>
        </a>
      </p>
      <h2>The adaptation</h2>
      <p class="prose">{a.body}</p>
      {a.rationale ? (
        <>
          <h2>Why</h2>
          <p class="prose">{a.rationale}</p>
        </>
      ) : null}
      <h2>Who it is for</h2>
      <ul class="plain">
        {a.audience.gradeBands.length ? <li>{a.audience.gradeBands.map((g) => GRADE_LABEL[g]).join(', ')}</li> : null}
        {a.audience.subjects.length ? <li>{a.audience.subjects.map((s) => SUBJECT_LABEL[s]).join(', ')}</li> : null}
        {a.audience.learnerNeeds.length ? (
          <li>{a.audience.learnerNeeds.map((n) => NEED_LABEL[n]).join(', ')}</li>
        ) : null}
        {!a.audience.gradeBands.length && !a.audience.subjects.length && !a.audience.learnerNeeds.length ? (
          <li>Any learners</li>
        ) : null}
      </ul>
      {a.evidence ? (
        <>
          <h2>Evidence from the author's class</h2>
          <p>
            <strong>{OUTCOME_LABEL[a.evidence.outcome]}</strong>
            {a.evidence.note ? ` — ${a.evidence.note}` : ''}
          </p>
        </>
      ) : null}
      <h2>Colleagues who tried it ({data.endorsements.length})</h2>
      {data.endorsements.length ? (
        <ul class="plain">
          {data.endorsements.map((e) => (
            <li key={e.id}>
              <strong>{OUTCOME_LABEL[e.outcome]}</strong> — {e.endorser.name ?? 'A colleague'}
              {e.note ? `: ${e.note}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p class="meta">Nobody has said they tried it yet.</p>
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
      <h2>Feedback ({data.feedback.length})</h2>
      {data.feedback.length ? (
        <ul class="plain">
          {data.feedback.map((f) => (
            <li key={f.id}>
              <strong>{FEEDBACK_LABEL[f.type]}</strong> from {f.author.name ?? 'a colleague'}: {f.text}
            </li>
          ))}
        </ul>
      ) : (
        <p class="meta">No feedback yet.</p>
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
          <input type="checkbox" checked={selected} onChange={onToggle} /> Add this practice to the course
        </label>
      ) : null}
    </article>
  );
}
