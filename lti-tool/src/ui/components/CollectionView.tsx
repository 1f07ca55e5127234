import { useLayoutEffect, useRef } from 'preact/hooks';
import { coachClient } from '../api.js';
import { formatDate, GRADE_LABEL, KIND_LABEL, SUBJECT_LABEL } from '../labels.js';
import { useLoad } from '../use-load.js';
import { ErrorState, Loading } from './States.js';
import { t, tn } from '../i18n/index.js';

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
  useLayoutEffect(() => {
    if (col.data || col.error) heading.current?.focus();
  }, [!!col.data, !!col.error]);

  const back = onBack ? (
    <button type="button" class="back" onClick={onBack}>
      ← {t('back.library')}
    </button>
  ) : null;
  if (col.error) {
    return (
      <section aria-labelledby="cv-heading">
        {back}
        <h1 id="cv-heading" ref={heading} tabIndex={-1}>
          {t('cv.unavailable')}
        </h1>
        <ErrorState error={col.error} onRetry={col.reload} />
      </section>
    );
  }
  if (!col.data) return <Loading label={t('cv.opening')} />;
  const c = col.data;
  const hidden = c.entries.filter((e) => e.status === 'unavailable').length;
  return (
    <article aria-labelledby="cv-heading">
      {back}
      <p class="eyebrow">
        {t('cv.collection')}
        {c.focusArea ? ` · ${c.focusArea.title}` : ''}
      </p>
      <h1 id="cv-heading" ref={heading} tabIndex={-1}>
        {c.title}
      </h1>
      <p class="meta">
        {t('cv.curatedBy', { name: c.curator.name })} ·{' '}
        {c.publishedAt ? t('cv.publishedOn', { date: formatDate(c.publishedAt) }) : t('cv.draft')} ·{' '}
        {tn('cc.practices', c.entries.length)}
      </p>
      {c.description ? <p class="prose">{c.description}</p> : null}
      {hidden ? <p class="state">{tn('cv.hidden', hidden)}</p> : null}
      {c.entries.length ? (
        <ol class="entries" aria-label={t('cv.entries')}>
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
                    {e.adaptation.page.title || t('practice.untitled')}
                  </button>
                </h2>
                {e.note ? (
                  <p class="curation-note">
                    <span class="visually-hidden">{t('cv.coachNote')} </span>
                    {e.note}
                  </p>
                ) : null}
                <p class="tags" aria-label={t('cv.kinds')}>
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
                  {tn('library.tried', e.adaptation.endorsementCount)}
                </p>
              </li>
            ) : (
              <li key={`hidden-${e.position}`} class="entry unavailable">
                <p>{t('cv.entryUnavailable')}</p>
              </li>
            ),
          )}
        </ol>
      ) : (
        <p class="meta">{t('cv.empty')}</p>
      )}
    </article>
  );
}
