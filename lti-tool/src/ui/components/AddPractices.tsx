import { useState } from 'preact/hooks';
import type { SharedAdaptation } from '@margins/shared';
import { ApiError, client } from '../api.js';
import { clip } from '../practice.js';
import { KIND_LABEL } from '../labels.js';
import { ErrorState, Loading } from './States.js';
import { t, tn } from '../i18n/index.js';

/** Props of {@link AddPractices}. */
export type AddPracticesProps = {
  inCollection: Set<string>;
  onAdd: (id: string, title: string) => void;
  onOpenPractice: (id: string) => void;
};

/** Finds shared practices (the coach's district, or approved ones from other districts) to add to a collection. */
export function AddPractices({ inCollection, onAdd, onOpenPractice }: AddPracticesProps) {
  const [q, setQ] = useState('');
  const [scope, setScope] = useState<'district' | 'network'>('district');
  const [state, setState] = useState<{
    status: 'idle' | 'loading' | 'ready';
    items: SharedAdaptation[];
    total: number;
  }>({ status: 'idle', items: [], total: 0 });
  const [error, setError] = useState<ApiError | null>(null);

  const search = () => {
    setState({ status: 'loading', items: [], total: 0 });
    setError(null);
    client.library({ q, kind: '', gradeBand: '', subject: '', focusArea: '', scope }).then(
      (page) =>
        setState({ status: 'ready', items: page.items.filter((a) => a.visibility !== 'private'), total: page.total }),
      (e: ApiError) => {
        setError(e);
        setState({ status: 'idle', items: [], total: 0 });
      },
    );
  };

  return (
    <section aria-labelledby="ap-heading" class="panel">
      <h3 id="ap-heading">{t('ap.heading')}</h3>
      <form
        role="search"
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <div class="field">
          <label for="ap-q">{t('ap.find')}</label>
          <input
            id="ap-q"
            type="search"
            value={q}
            maxLength={200}
            placeholder={t('ap.placeholder')}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </div>
        <fieldset class="field">
          <legend>{t('ap.from')}</legend>
          <label class="radio">
            <input
              type="radio"
              name="ap-scope"
              value="district"
              checked={scope === 'district'}
              onChange={() => setScope('district')}
            />{' '}
            {t('ap.district')}
          </label>
          <label class="radio">
            <input
              type="radio"
              name="ap-scope"
              value="network"
              checked={scope === 'network'}
              onChange={() => setScope('network')}
            />{' '}
            {t('ap.network')}
          </label>
        </fieldset>
        <div class="actions">
          <button type="submit">{t('ap.search')}</button>
        </div>
      </form>
      <p role="status" aria-live="polite" class="count">
        {state.status === 'ready'
          ? `${tn('library.found', state.total)}${state.total > state.items.length ? t('ap.showingNewest', { count: state.items.length }) : ''}`
          : ''}
      </p>
      {state.status === 'loading' ? <Loading label={t('ap.searching')} /> : null}
      {error ? <ErrorState error={error} onRetry={search} /> : null}
      {state.status === 'ready' && !state.items.length ? <p class="meta">{t('ap.none')}</p> : null}
      {state.items.length ? (
        <ul class="rows" aria-label={t('ap.results')}>
          {state.items.map((a) => {
            const title = a.page.title || t('practice.untitled');
            return (
              <li key={a.id} class="row">
                <div class="row-main">
                  <p class="row-title">
                    <button type="button" class="link" onClick={() => onOpenPractice(a.id)}>
                      {title}
                    </button>
                  </p>
                  {/* The adaptation itself, so practices on the same page can be told apart. */}
                  <p class="excerpt">{clip(a.body, 220)}</p>
                  <p class="meta">
                    {a.kinds.map((k) => KIND_LABEL[k] ?? k).join(', ')} ·{' '}
                    {a.authorVisible && a.author.name ? a.author.name : t('detail.aColleague')} ·{' '}
                    {tn('library.tried', a.endorsementCount)}
                    {a.visibility === 'course' ? ` · ${t('ap.oneCourse')}` : ''}
                  </p>
                </div>
                <div class="row-actions">
                  {inCollection.has(a.id) ? (
                    <span class="meta">{t('ap.inCollection')}</span>
                  ) : (
                    <button type="button" onClick={() => onAdd(a.id, title)}>
                      {t('ap.add')}
                      <span class="visually-hidden"> “{title}”</span> {t('ap.toCollection')}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
