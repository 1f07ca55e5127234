import { useState } from 'preact/hooks';
import type { SharedAdaptation } from '@margins/shared';
import { ApiError, client } from '../api.js';
import { KIND_LABEL } from '../labels.js';
import { ErrorState, Loading } from './States.js';

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
      <h3 id="ap-heading">Add practices</h3>
      <form
        role="search"
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <div class="field">
          <label for="ap-q">Find practices</label>
          <input
            id="ap-q"
            type="search"
            value={q}
            maxLength={200}
            placeholder="Words in the practice, its rationale or page title"
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </div>
        <fieldset class="field">
          <legend>From</legend>
          <label class="radio">
            <input
              type="radio"
              name="ap-scope"
              value="district"
              checked={scope === 'district'}
              onChange={() => setScope('district')}
            />{' '}
            Your district
          </label>
          <label class="radio">
            <input
              type="radio"
              name="ap-scope"
              value="network"
              checked={scope === 'network'}
              onChange={() => setScope('network')}
            />{' '}
            Other districts (approved)
          </label>
        </fieldset>
        <div class="actions">
          <button type="submit">Search</button>
        </div>
      </form>
      <p role="status" aria-live="polite" class="count">
        {state.status === 'ready'
          ? `${state.total} ${state.total === 1 ? 'practice' : 'practices'} found${state.total > state.items.length ? `; showing the newest ${state.items.length}, search with more words to narrow it` : ''}`
          : ''}
      </p>
      {state.status === 'loading' ? <Loading label="Searching…" /> : null}
      {error ? <ErrorState error={error} onRetry={search} /> : null}
      {state.status === 'ready' && !state.items.length ? (
        <p class="meta">
          Nothing shared matches. Private practices never appear here: only their authors can see them.
        </p>
      ) : null}
      {state.items.length ? (
        <ul class="rows" aria-label="Search results">
          {state.items.map((a) => {
            const title = a.page.title || 'Untitled practice';
            return (
              <li key={a.id} class="row">
                <div class="row-main">
                  <p class="row-title">
                    <button type="button" class="link" onClick={() => onOpenPractice(a.id)}>
                      {title}
                    </button>
                  </p>
                  <p class="meta">
                    {a.kinds.map((k) => KIND_LABEL[k] ?? k).join(', ')} ·{' '}
                    {a.authorVisible && a.author.name ? a.author.name : 'A colleague'} · {a.endorsementCount} tried it
                    {a.visibility === 'course' ? ' · shared with one course only' : ''}
                  </p>
                </div>
                <div class="row-actions">
                  {inCollection.has(a.id) ? (
                    <span class="meta">In this collection</span>
                  ) : (
                    <button type="button" onClick={() => onAdd(a.id, title)}>
                      Add<span class="visually-hidden"> “{title}”</span> to the collection
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
