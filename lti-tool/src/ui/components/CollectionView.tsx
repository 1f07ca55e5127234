import { useEffect, useRef } from 'preact/hooks';
import { coachClient } from '../coach-api.js';
import { formatDate, GRADE_LABEL, KIND_LABEL, SUBJECT_LABEL } from '../labels.js';
import { useLoad } from '../use-load.js';
import { ErrorState, Loading } from './States.js';

/** Props of {@link CollectionView}. */
export type CollectionViewProps = { id: string; onOpenPractice: (id: string) => void; onBack?: () => void };

/**
 * A coach's collection as teachers read it (what a deep-linked course link opens): the coach's
 * introduction, then each practice in order with the curation note. A practice the reader may not
 * see is shown as such, without its content.
 */
export function CollectionView({ id, onOpenPractice, onBack }: CollectionViewProps) {
  const col = useLoad(() => coachClient.collection(id), [id]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (col.data || col.error) heading.current?.focus();
  }, [!!col.data, !!col.error]);

  const back = onBack ? (
    <button type="button" class="back" onClick={onBack}>
      ← Back to the library
    </button>
  ) : null;
  if (col.error) {
    return (
      <section aria-labelledby="cv-heading">
        {back}
        <h1 id="cv-heading" ref={heading} tabIndex={-1}>
          This collection is not available
        </h1>
        <ErrorState error={col.error} onRetry={col.reload} />
      </section>
    );
  }
  if (!col.data) return <Loading label="Opening the collection…" />;
  const c = col.data;
  const hidden = c.entries.filter((e) => e.status === 'unavailable').length;
  return (
    <article aria-labelledby="cv-heading">
      {back}
      <p class="eyebrow">Collection{c.focusArea ? ` · ${c.focusArea.title}` : ''}</p>
      <h1 id="cv-heading" ref={heading} tabIndex={-1}>
        {c.title}
      </h1>
      <p class="meta">
        Curated by {c.curator.name}
        {c.publishedAt ? ` · published ${formatDate(c.publishedAt)}` : ' · draft (only coaches can see it)'} ·{' '}
        {c.entries.length === 1 ? '1 practice' : `${c.entries.length} practices`}
      </p>
      {c.description ? <p class="prose">{c.description}</p> : null}
      {hidden ? (
        <p class="state">
          {hidden === 1 ? 'One practice in this collection is' : `${hidden} practices in this collection are`} not
          shared with you: {hidden === 1 ? 'it may be' : 'they may be'} shared only with another course, or no longer
          shared by the author.
        </p>
      ) : null}
      {c.entries.length ? (
        <ol class="entries" aria-label="Practices in this collection">
          {c.entries.map((e) =>
            e.status === 'visible' ? (
              <li key={e.adaptation.id} class="entry">
                <h2 class="card-title">
                  <button
                    type="button"
                    class="link"
                    id={`cv-open-${e.adaptation.id}`}
                    onClick={() => onOpenPractice(e.adaptation.id)}
                  >
                    {e.adaptation.page.title || 'Untitled practice'}
                  </button>
                </h2>
                {e.note ? (
                  <p class="curation-note">
                    <span class="visually-hidden">Coach's note: </span>
                    {e.note}
                  </p>
                ) : null}
                <p class="tags" aria-label="Kinds">
                  {e.adaptation.kinds.map((k) => (
                    <span key={k} class="tag">
                      {KIND_LABEL[k] ?? k}
                    </span>
                  ))}
                </p>
                <p class="excerpt">
                  {e.adaptation.body.length > 240 ? `${e.adaptation.body.slice(0, 240)}…` : e.adaptation.body}
                </p>
                <p class="meta">
                  {[
                    e.adaptation.audience.gradeBands.map((g) => GRADE_LABEL[g]).join(', '),
                    e.adaptation.audience.subjects.map((s) => SUBJECT_LABEL[s]).join(', '),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                  {' · '}
                  {e.adaptation.endorsementCount} tried it
                </p>
              </li>
            ) : (
              <li key={`hidden-${e.position}`} class="entry unavailable">
                <p>
                  This practice is not available to you. It may be shared only with another course, private to its
                  author, or deleted.
                </p>
              </li>
            ),
          )}
        </ol>
      ) : (
        <p class="meta">This collection has no practices yet.</p>
      )}
    </article>
  );
}
