import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ADAPTATION_KINDS, GRADE_BANDS, SUBJECTS, type LaunchSession, type SharedAdaptation } from '@margins/shared';
import { ApiError, client, type Filters } from '../api.js';
import { GRADE_LABEL, KIND_LABEL, SUBJECT_LABEL, formatDate } from '../labels.js';
import { Empty, ErrorState, Loading } from './States.js';

/** Props of {@link Library}. */
export type LibraryProps = {
  session: LaunchSession;
  onOpen: (id: string) => void;
  /** The item to focus when coming back from its detail view. */
  focusId: string | null;
  /** False while a detail view covers the library; focus returns to the opened item when it is shown again. */
  visible: boolean;
  selectable: boolean;
  selected: string[];
  onToggle: (id: string) => void;
  /** Shown first, under the heading (featured practices, "From my mentor", collections to embed). */
  before?: ComponentChildren;
};

const EMPTY_FILTERS = (_session: LaunchSession): Filters => ({
  q: '',
  kind: '',
  gradeBand: '',
  subject: '',
  focusArea: '',
  scope: 'district',
});

/** The practice library: search and filter shared adaptations; results load in pages. */
export function Library({ session, onOpen, focusId, visible, selectable, selected, onToggle, before }: LibraryProps) {
  const [draft, setDraft] = useState<Filters>(() => EMPTY_FILTERS(session));
  const [filters, setFilters] = useState<Filters>(draft);
  const [items, setItems] = useState<SharedAdaptation[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'more' | 'error'>('loading');
  const [error, setError] = useState<ApiError | null>(null);
  const [focusAreas, setFocusAreas] = useState<{ id: string; title: string }[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    client.focusAreas().then(
      (r) => setFocusAreas(r.focusAreas),
      () => setFocusAreas([]),
    );
  }, []);

  const load = (f: Filters, after: string | null) => {
    setStatus(after ? 'more' : 'loading');
    setError(null);
    client.library(f, after).then(
      (page) => {
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setTotal(page.total);
        setCursor(page.nextCursor);
        setStatus('ready');
      },
      (e: ApiError) => {
        setError(e);
        setStatus('error');
      },
    );
  };
  useEffect(() => load(filters, null), [filters]);
  useEffect(() => {
    if (!visible || status !== 'ready') return;
    const el = focusId ? document.getElementById(`open-${focusId}`) : null;
    if (el) el.focus();
  }, [visible]);

  const set = (k: keyof Filters) => (e: Event) =>
    setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const filtered = Object.entries(filters).some(([k, v]) => k !== 'scope' && v);

  return (
    <section aria-labelledby="library-heading">
      <h1 id="library-heading" ref={heading} tabIndex={-1}>
        {selectable ? 'Choose practices to add to your course' : 'Practice library'}
      </h1>
      {before}
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <div class="field wide">
          <label for="f-q">Search</label>
          <input
            id="f-q"
            type="search"
            value={draft.q}
            onInput={set('q')}
            placeholder="Words in the adaptation, rationale or page title"
            maxLength={200}
          />
        </div>
        <fieldset class="field scope">
          <legend>Show practices from</legend>
          {(['course', 'district', 'network'] as const).map((s) => (
            <label key={s} class="radio">
              <input
                type="radio"
                name="scope"
                value={s}
                checked={draft.scope === s}
                disabled={s === 'course' && !session.course}
                onChange={set('scope')}
              />{' '}
              {s === 'course' ? 'This course' : s === 'district' ? session.tenant.name : 'Other districts'}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="f-kind">Kind of adaptation</label>
          <select id="f-kind" value={draft.kind} onChange={set('kind')}>
            <option value="">Any kind</option>
            {ADAPTATION_KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-grade">Grade band</label>
          <select id="f-grade" value={draft.gradeBand} onChange={set('gradeBand')}>
            <option value="">Any grade</option>
            {GRADE_BANDS.map((g) => (
              <option key={g} value={g}>
                {GRADE_LABEL[g]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-subject">Subject</label>
          <select id="f-subject" value={draft.subject} onChange={set('subject')}>
            <option value="">Any subject</option>
            {SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {SUBJECT_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-focus">Focus area</label>
          <select id="f-focus" value={draft.focusArea} onChange={set('focusArea')} disabled={!focusAreas.length}>
            <option value="">{focusAreas.length ? 'Any focus area' : 'No focus areas yet'}</option>
            {focusAreas.map((f) => (
              <option key={f.id} value={f.id}>
                {f.title}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Search
          </button>
          <button
            type="button"
            onClick={() => {
              const cleared = { ...EMPTY_FILTERS(session), scope: draft.scope };
              setDraft(cleared);
              setFilters(cleared);
            }}
          >
            Clear filters
          </button>
        </div>
      </form>

      <p class="count" role="status" aria-live="polite">
        {status === 'loading'
          ? ''
          : status === 'error'
            ? ''
            : `${total} ${total === 1 ? 'practice' : 'practices'} found`}
      </p>
      {status === 'loading' ? <Loading label="Loading practices…" /> : null}
      {status === 'error' && error ? <ErrorState error={error} onRetry={() => load(filters, null)} /> : null}
      {status !== 'loading' && status !== 'error' && items.length === 0 ? (
        filtered ? (
          <Empty title="No practices match these filters.">
            <p>Try fewer filters or other words.</p>
          </Empty>
        ) : (
          <Empty
            title={
              filters.scope === 'course'
                ? 'No practices have been shared from this course yet.'
                : filters.scope === 'network'
                  ? 'No practices from other districts have been approved yet.'
                  : 'No practices have been shared in your district yet.'
            }
          >
            <p>
              Teachers share adaptations from the Margins browser extension while they plan; shared ones appear here.
            </p>
          </Empty>
        )
      ) : null}
      {items.length ? (
        <ul class="results" aria-label="Practices">
          {items.map((a) => (
            <li key={a.id} class="card">
              <h2 class="card-title">
                <button type="button" class="link" id={`open-${a.id}`} onClick={() => onOpen(a.id)}>
                  {a.page.title || a.page.url}
                </button>
              </h2>
              <p class="tags" aria-label="Kinds">
                {a.kinds.map((k) => (
                  <span key={k} class="tag">
                    {KIND_LABEL[k] ?? k}
                  </span>
                ))}
              </p>
              <p class="excerpt">{a.body.length > 240 ? `${a.body.slice(0, 240)}…` : a.body}</p>
              <p class="meta">
                {[
                  a.audience.gradeBands.map((g) => GRADE_LABEL[g]).join(', '),
                  a.audience.subjects.map((s) => SUBJECT_LABEL[s]).join(', '),
                ]
                  .filter(Boolean)
                  .join(' · ')}
                {' · '}
                {a.authorVisible && a.author.name ? `${a.author.name}, ` : ''}
                {formatDate(a.updatedAt)} · {a.endorsementCount} tried it · {a.feedbackCount} feedback
              </p>
              {selectable ? (
                <label class="select">
                  <input type="checkbox" checked={selected.includes(a.id)} onChange={() => onToggle(a.id)} /> Add “
                  {a.page.title || 'this practice'}” to the course
                </label>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {cursor && status !== 'error' ? (
        <button type="button" class="more" disabled={status === 'more'} onClick={() => load(filters, cursor)}>
          {status === 'more' ? 'Loading more…' : 'Show more practices'}
        </button>
      ) : null}
    </section>
  );
}
