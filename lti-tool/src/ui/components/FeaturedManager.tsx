import { useState } from 'preact/hooks';
import { type ApiError, coachClient } from '../api.js';
import { formatDate } from '../labels.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { Empty, ErrorState, Loading } from './States.js';
import { t } from '../i18n/index.js';

/** Props of {@link FeaturedManager}. */
export type FeaturedManagerProps = { focusHeading: boolean; onOpenPractice: (id: string) => void };

/** The practices your district features at the top of the library, with the reasons teachers see. */
export function FeaturedManager({ focusHeading, onOpenPractice }: FeaturedManagerProps) {
  const list = useLoad(() => coachClient.featured().then((r) => r.featured));
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading);

  return (
    <section aria-labelledby="fm-heading">
      <h2 id="fm-heading" ref={heading} tabIndex={-1}>
        {t('nav.featured')}
      </h2>
      <p>{t('fm.lede')}</p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
      {list.loading && !list.data ? <Loading label={t('fm.loading')} /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && !list.data.length ? <Empty title={t('fm.none')} /> : null}
      {list.data?.length ? (
        <ul class="rows" aria-label={t('nav.featured')}>
          {list.data.map((f) => {
            const title = f.adaptation.page.title || t('practice.untitled');
            return (
              <li key={f.adaptation.id} class="row">
                <div class="row-main">
                  <p class="row-title">
                    <button type="button" class="link" onClick={() => onOpenPractice(f.adaptation.id)}>
                      {title}
                    </button>
                  </p>
                  <p class="prose">“{f.reason}”</p>
                  <p class="meta">{t('fm.by', { name: f.featuredBy.name, date: formatDate(f.featuredAt) })}</p>
                </div>
                <div class="row-actions">
                  <button
                    type="button"
                    onClick={() =>
                      void coachClient.unfeature(f.adaptation.id).then(() => {
                        setNotice(t('fm.stopped', { title }));
                        list.set(list.data!.filter((x) => x.adaptation.id !== f.adaptation.id));
                        requestAnimationFrame(() => document.getElementById('fm-heading')?.focus());
                      }, setError)
                    }
                  >
                    {t('fm.stop')}
                    <span class="visually-hidden"> “{title}”</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
