import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ADAPTATION_KINDS, GRADE_BANDS, SUBJECTS, type LaunchSession, type SharedAdaptation } from '@margins/shared';
import { ApiError, client, type Filters } from '../api.js';
import { GRADE_LABEL, KIND_LABEL, NEED_LABEL, SUBJECT_LABEL, formatDate } from '../labels.js';
import { clip, practiceName, workedFor } from '../practice.js';
import { Empty, ErrorState, Loading } from './States.js';
import { currentLang, t, tn } from '../i18n/index.js';

/** Props of {@link Library}. */
export type LibraryProps = {
  session: LaunchSession;
  /** Opens a practice; `edit` opens the author's edit form at once. */
  onOpen: (id: string, edit?: boolean) => void;
  /** The item to focus when coming back from its detail view. */
  focusId: string | null;
  /** False while a detail view covers the library; focus returns to the opened item when it is shown again. */
  visible: boolean;
  selectable: boolean;
  selected: string[];
  onToggle: (id: string) => void;
  /** Shown under the search form (featured practices, "From my mentor", collections to embed). */
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
  useLayoutEffect(() => {
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
        {selectable ? t('library.headingPick') : t('library.heading')}
      </h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <div class="field wide">
          <label for="f-q">{t('library.search')}</label>
          {/* The primary action sits next to the words, so both are in the first screenful of a small frame. */}
          <div class="search-box">
            <input
              id="f-q"
              type="search"
              value={draft.q}
              onInput={set('q')}
              placeholder={t('library.searchPlaceholder')}
              maxLength={200}
            />
            <button type="submit" class="primary">
              {t('library.search')}
            </button>
          </div>
        </div>
        <fieldset class="field scope" aria-describedby="library-scope-hint">
          <legend>{t('library.scope')}</legend>
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
              {s === 'course'
                ? t('library.scope.course')
                : s === 'district'
                  ? session.tenant.name
                  : t('library.scope.network')}
            </label>
          ))}
          <p class="meta" id="library-scope-hint">
            {scopeHint(draft.scope, session)}
          </p>
        </fieldset>
        <div class="field">
          <label for="f-kind">{t('library.kind')}</label>
          <select id="f-kind" value={draft.kind} onChange={set('kind')}>
            <option value="">{t('library.anyKind')}</option>
            {ADAPTATION_KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {KIND_LABEL[k.id]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-grade">{t('library.grade')}</label>
          <select id="f-grade" value={draft.gradeBand} onChange={set('gradeBand')}>
            <option value="">{t('library.anyGrade')}</option>
            {GRADE_BANDS.map((g) => (
              <option key={g} value={g}>
                {GRADE_LABEL[g]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-subject">{t('library.subject')}</label>
          <select id="f-subject" value={draft.subject} onChange={set('subject')}>
            <option value="">{t('library.anySubject')}</option>
            {SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {SUBJECT_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-focus">{t('library.focus')}</label>
          <select id="f-focus" value={draft.focusArea} onChange={set('focusArea')} disabled={!focusAreas.length}>
            <option value="">{focusAreas.length ? t('library.anyFocus') : t('library.noFocus')}</option>
            {focusAreas.map((f) => (
              <option key={f.id} value={f.id}>
                {f.title}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button
            type="button"
            onClick={() => {
              const cleared = { ...EMPTY_FILTERS(session), scope: draft.scope };
              setDraft(cleared);
              setFilters(cleared);
            }}
          >
            {t('library.clear')}
          </button>
        </div>
      </form>
      {before}

      <p class="count" role="status" aria-live="polite">
        {status === 'loading' ? '' : status === 'error' ? '' : tn('library.found', total)}
      </p>
      {status === 'loading' ? <Loading label={t('library.loading')} /> : null}
      {status === 'error' && error ? <ErrorState error={error} onRetry={() => load(filters, null)} /> : null}
      {status !== 'loading' && status !== 'error' && items.length === 0 ? (
        filtered ? (
          <Empty title={t('library.noMatch')}>
            <p>{t('library.noMatchHint')}</p>
          </Empty>
        ) : (
          <Empty
            title={
              filters.scope === 'course'
                ? t('library.emptyCourse')
                : filters.scope === 'network'
                  ? t('library.emptyNetwork')
                  : t('library.emptyDistrict')
            }
          >
            <p>{t('library.emptyHint')}</p>
          </Empty>
        )
      ) : null}
      {items.length ? (
        <ul class="results" aria-label={t('library.results')}>
          {items.map((a) => (
            <li key={a.id} class="card">
              <h2 class="card-title">
                <button type="button" class="link" id={`open-${a.id}`} onClick={() => onOpen(a.id)}>
                  {practiceName(a)}
                </button>
              </h2>
              <p class="card-context">{t('card.onPage', { title: a.page.title || a.page.url })}</p>
              <blockquote class="card-quote">
                <span class="visually-hidden">{t('card.passage')} </span>“{clip(a.target.quote.exact, 160)}”
              </blockquote>
              <p class="tags" aria-label={t('library.kinds')}>
                {a.kinds.map((k) => (
                  <span key={k} class="tag">
                    {KIND_LABEL[k] ?? k}
                  </span>
                ))}
                {a.audience.learnerNeeds.map((n) => (
                  <span key={n} class="tag learners">
                    {NEED_LABEL[n] ?? n}
                  </span>
                ))}
              </p>
              <p class="meta">
                {[
                  a.audience.gradeBands.map((g) => GRADE_LABEL[g]).join(', '),
                  a.audience.subjects.map((s) => SUBJECT_LABEL[s]).join(', '),
                  a.authorVisible && a.author.name ? t('card.by', { name: a.author.name }) : '',
                  formatDate(a.updatedAt),
                  a.endorsementCount
                    ? t('card.tried', { count: a.endorsementCount, worked: workedFor(a) })
                    : t('card.notTried'),
                  tn('library.feedback', a.feedbackCount),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              {a.mine && !selectable ? (
                <button type="button" class="card-edit" onClick={() => onOpen(a.id, true)}>
                  {t('practice.edit')} <span class="visually-hidden">“{practiceName(a)}”</span>
                </button>
              ) : null}
              {selectable ? (
                <label class="select">
                  <input type="checkbox" checked={selected.includes(a.id)} onChange={() => onToggle(a.id)} />{' '}
                  {t('library.addToCourse', { title: practiceName(a) || t('library.thisPractice') })}
                </label>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {cursor && status !== 'error' ? (
        <button type="button" class="more" disabled={status === 'more'} onClick={() => load(filters, cursor)}>
          {status === 'more' ? t('library.loadingMore') : t('library.more')}
        </button>
      ) : null}
    </section>
  );
}

/** What a library scope covers, in words: which courses' shared practices it includes (issue 15 item 4). */
function scopeHint(scope: 'course' | 'district' | 'network', session: LaunchSession): string {
  const district = session.tenant.name;
  if (scope === 'network') return t('library.scopeHint.network');
  if (scope === 'course' && session.course)
    return t('library.scopeHint.course', { course: session.course.title, district });
  const courses = session.courses.map((c) => c.title);
  return courses.length
    ? t('library.scopeHint.district', {
        district,
        courses: new Intl.ListFormat(currentLang(), { type: 'conjunction' }).format(courses),
      })
    : t('library.scopeHint.districtNoCourses', { district });
}
