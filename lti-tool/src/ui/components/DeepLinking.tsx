import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiError, coachClient } from '../api.js';
import { useLoad } from '../use-load.js';
import { Empty, ErrorState, Loading } from './States.js';
import { currentLang, t, tn } from '../i18n/index.js';

/** Props of {@link DeepLinkCollections}. */
export type DeepLinkCollectionsProps = { selected: string[]; onToggle: (id: string) => void };

/** In a deep-linking launch: the district's published collections, to add to the course like practices. */
export function DeepLinkCollections({ selected, onToggle }: DeepLinkCollectionsProps) {
  const list = useLoad(() => coachClient.collections('published').then((r) => r.collections));
  return (
    <section class="highlights" aria-labelledby="dl-collections">
      <h2 id="dl-collections">{t('nav.collections')}</h2>
      <p class="meta">{t('dl.lede')}</p>
      {list.loading && !list.data ? <Loading label={t('cc.loading')} /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && !list.data.length ? <Empty title={t('dl.none')} /> : null}
      {list.data?.length ? (
        <ul class="rows" aria-label={t('dl.published')}>
          {list.data.map((c) => (
            <li key={c.id} class="row">
              <div class="row-main">
                <label class="select">
                  <input type="checkbox" checked={selected.includes(c.id)} onChange={() => onToggle(c.id)} />{' '}
                  {t('dl.addCollection', { title: c.title })}
                </label>
                <p class="meta">
                  {c.focusArea ? `${c.focusArea.title} · ` : ''}
                  {tn('cc.practices', c.itemCount)} · {t('dl.curatedBy', { name: c.curator.name })}
                </p>
                {c.description ? (
                  <p class="excerpt">
                    {c.description.length > 200 ? `${c.description.slice(0, 200)}…` : c.description}
                  </p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Props of {@link DeepLinkBar}. */
export type DeepLinkBarProps = { practices: string[]; collections: string[] };

/**
 * Deep-linking mode: sends the chosen collections and practices back to the course (one Deep
 * Linking 2.0 response per launch), optionally with a gradebook column for the participation grade.
 */
export function DeepLinkBar({ practices, collections }: DeepLinkBarProps) {
  const options = useLoad(() => coachClient.deepLinkOptions());
  const [lineItem, setLineItem] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [answer, setAnswer] = useState<{ returnUrl: string; jwt: string } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (answer) form.current?.submit();
  }, [answer]);
  const count = practices.length + collections.length;
  const tooMany = options.data && !options.data.acceptMultiple && count > 1;
  const send = () => {
    if (!count || busy || tooMany) return;
    setBusy(true);
    setError(null);
    coachClient
      .deepLink({ adaptationIds: practices, collectionIds: collections, participationLineItem: lineItem })
      .then(setAnswer, (e: ApiError) => {
        setError(e);
        setBusy(false);
      });
  };
  const parts = [
    collections.length ? tn('fa.collections', collections.length) : '',
    practices.length ? tn('cc.practices', practices.length) : '',
  ].filter(Boolean);
  return (
    <div class="dl-bar" role="region" aria-label={t('dl.region')}>
      {error ? <ErrorState error={error} /> : null}
      <p aria-live="polite">
        {count
          ? `${t('dl.selected', { what: new Intl.ListFormat(currentLang(), { type: 'conjunction' }).format(parts) })}${tooMany ? t('dl.tooMany') : ''}`
          : t('dl.choose')}
      </p>
      {options.data?.acceptLineItem ? (
        <label class="select">
          <input type="checkbox" checked={lineItem} onChange={() => setLineItem(!lineItem)} /> {t('dl.lineItem')}
        </label>
      ) : null}
      <button
        type="button"
        class="primary"
        aria-disabled={!count || busy || tooMany ? 'true' : undefined}
        onClick={send}
      >
        {busy ? t('dl.adding') : t('dl.add')}
      </button>
      {answer ? (
        <form ref={form} method="post" action={answer.returnUrl}>
          <input type="hidden" name="JWT" value={answer.jwt} />
        </form>
      ) : null}
    </div>
  );
}
