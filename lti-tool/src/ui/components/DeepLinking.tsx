import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api.js';
import { coachClient } from '../coach-api.js';
import { useLoad } from '../use-load.js';
import { Empty, ErrorState, Loading } from './States.js';

/** Props of {@link DeepLinkCollections}. */
export type DeepLinkCollectionsProps = { selected: string[]; onToggle: (id: string) => void };

/** In a deep-linking launch: the district's published collections, to add to the course like practices. */
export function DeepLinkCollections({ selected, onToggle }: DeepLinkCollectionsProps) {
  const list = useLoad(() => coachClient.collections('published').then((r) => r.collections));
  return (
    <section class="highlights" aria-labelledby="dl-collections">
      <h2 id="dl-collections">Collections</h2>
      <p class="meta">
        A collection is a coach's ordered selection of practices with notes. Choose collections, single practices below,
        or both.
      </p>
      {list.loading && !list.data ? <Loading label="Loading collections…" /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && !list.data.length ? <Empty title="Your coaches have not published any collections yet." /> : null}
      {list.data?.length ? (
        <ul class="rows" aria-label="Published collections">
          {list.data.map((c) => (
            <li key={c.id} class="row">
              <div class="row-main">
                <label class="select">
                  <input type="checkbox" checked={selected.includes(c.id)} onChange={() => onToggle(c.id)} /> Add the
                  collection “{c.title}” to the course
                </label>
                <p class="meta">
                  {c.focusArea ? `${c.focusArea.title} · ` : ''}
                  {c.itemCount === 1 ? '1 practice' : `${c.itemCount} practices`} · curated by {c.curator.name}
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
    collections.length ? `${collections.length} ${collections.length === 1 ? 'collection' : 'collections'}` : '',
    practices.length ? `${practices.length} ${practices.length === 1 ? 'practice' : 'practices'}` : '',
  ].filter(Boolean);
  return (
    <div class="dl-bar" role="region" aria-label="Add to your course">
      {error ? <ErrorState error={error} /> : null}
      <p aria-live="polite">
        {count
          ? `${parts.join(' and ')} selected${tooMany ? ': your learning platform accepts one item here' : ''}`
          : 'Choose collections or practices to add to your course.'}
      </p>
      {options.data?.acceptLineItem ? (
        <label class="select">
          <input type="checkbox" checked={lineItem} onChange={() => setLineItem(!lineItem)} /> Also add a gradebook
          column for the course's Margins participation grade
        </label>
      ) : null}
      <button
        type="button"
        class="primary"
        aria-disabled={!count || busy || tooMany ? 'true' : undefined}
        onClick={send}
      >
        {busy ? 'Adding…' : 'Add to course'}
      </button>
      {answer ? (
        <form ref={form} method="post" action={answer.returnUrl}>
          <input type="hidden" name="JWT" value={answer.jwt} />
        </form>
      ) : null}
    </div>
  );
}
