import { useState } from 'preact/hooks';
import type { SharedAdaptation } from '@margins/shared';
import { type ApiError, coachClient } from '../api.js';
import { KIND_LABEL } from '../labels.js';
import { useLoad } from '../use-load.js';
import { ErrorState } from './States.js';
import { currentLang, t } from '../i18n/index.js';

/** Props of {@link LibraryHighlights}. */
export type LibraryHighlightsProps = { onOpen: (id: string) => void };

/**
 * What comes first in the library: practices the district's coaches feature (with their reason),
 * and, for a teacher with a mentor, "From my mentor". Each shows nothing when it has nothing.
 */
export function LibraryHighlights({ onOpen }: LibraryHighlightsProps) {
  const featured = useLoad(() => coachClient.featured().then((r) => r.featured));
  const mentoring = useLoad(() => coachClient.myMentoring());
  const mentors = mentoring.data?.mentors ?? [];
  return (
    <>
      {featured.error ? <ErrorState error={featured.error} onRetry={featured.reload} /> : null}
      {featured.data?.length ? (
        <section class="highlights" aria-labelledby="hl-featured">
          <h2 id="hl-featured">{t('hl.featured')}</h2>
          <ul class="rows">
            {featured.data.map((f) => (
              <li key={f.adaptation.id} class="row featured">
                <div class="row-main">
                  <p class="row-title">
                    <button
                      type="button"
                      class="link"
                      id={`hl-open-${f.adaptation.id}`}
                      onClick={() => onOpen(f.adaptation.id)}
                    >
                      {f.adaptation.page.title || t('practice.untitled')}
                    </button>
                  </p>
                  <p class="curation-note">
                    “{f.reason}” <span class="meta">— {f.featuredBy.name}</span>
                  </p>
                  <p class="meta">{f.adaptation.kinds.map((k) => KIND_LABEL[k] ?? k).join(', ')}</p>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {mentors.length ? <FromMyMentor names={mentors.map((m) => m.name)} onOpen={onOpen} /> : null}
    </>
  );
}

/** The practices the teacher's mentors share, newest first, a page at a time. */
function FromMyMentor({ names, onOpen }: { names: string[]; onOpen: (id: string) => void }) {
  const [items, setItems] = useState<SharedAdaptation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const first = useLoad(() =>
    coachClient.mentorPractices().then((p) => {
      setItems(p.items);
      setCursor(p.nextCursor);
      return p.total;
    }),
  );
  const loadMore = () => {
    if (!cursor) return;
    setMore(true);
    coachClient.mentorPractices(cursor).then(
      (p) => {
        setItems((prev) => [...prev, ...p.items]);
        setCursor(p.nextCursor);
        setMore(false);
      },
      (e: ApiError) => {
        setError(e);
        setMore(false);
      },
    );
  };
  const who = new Intl.ListFormat(currentLang(), { type: 'conjunction' }).format(names);
  return (
    <section class="highlights" aria-labelledby="hl-mentor">
      <h2 id="hl-mentor">{t('hl.mentor')}</h2>
      <p class="meta">
        {first.data !== null ? t('hl.sharedCount', { who, count: first.data }) : t('hl.shared', { who })}
      </p>
      {first.error ? <ErrorState error={first.error} onRetry={first.reload} /> : null}
      {first.data === 0 ? <p class="meta">{t('hl.noneYet', { who })}</p> : null}
      {items.length ? (
        <ul class="rows">
          {items.map((a) => (
            <li key={a.id} class="row">
              <p class="row-title">
                <button type="button" class="link" onClick={() => onOpen(a.id)}>
                  {a.page.title || t('practice.untitled')}
                </button>
              </p>
              <p class="meta">{a.kinds.map((k) => KIND_LABEL[k] ?? k).join(', ')}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <ErrorState error={error} onRetry={loadMore} /> : null}
      {cursor ? (
        <button
          type="button"
          class="more"
          aria-disabled={more ? 'true' : undefined}
          onClick={() => !more && loadMore()}
        >
          {more ? t('hl.loadingMore') : t('hl.more')}
        </button>
      ) : null}
    </section>
  );
}
