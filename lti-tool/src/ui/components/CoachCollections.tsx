import { useState } from 'preact/hooks';
import type { CollectionSummary } from '@margins/shared';
import { type ApiError, coachClient } from '../api.js';
import { formatDate } from '../labels.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { CollectionEditor } from './CollectionEditor.js';
import { Empty, ErrorState, Loading } from './States.js';
import { t, tn } from '../i18n/index.js';

/** Props of {@link CoachCollections}. */
export type CoachCollectionsProps = { focusHeading: boolean; onOpenPractice: (id: string) => void };

/** The coach's collections (drafts and published), a form to start one, and the editor of the one opened. */
export function CoachCollections({ focusHeading, onOpenPractice }: CoachCollectionsProps) {
  const [open, setOpen] = useState<string | null>(null);
  const list = useLoad(() => coachClient.collections('all').then((r) => r.collections), [open]);
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading && !open);

  if (open) {
    return (
      <CollectionEditor
        id={open}
        onOpenPractice={onOpenPractice}
        onClose={(deleted) => {
          setOpen(null);
          requestAnimationFrame(() => document.getElementById(deleted ? 'cc-heading' : `cc-open-${open}`)?.focus());
        }}
      />
    );
  }
  return (
    <section aria-labelledby="cc-heading">
      <h2 id="cc-heading" ref={heading} tabIndex={-1}>
        {t('nav.collections')}
      </h2>
      <p class="lede">{t('cc.lede')}</p>
      <NewCollection onCreated={(id) => setOpen(id)} />
      {list.loading && !list.data ? <Loading label={t('cc.loading')} /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && !list.data.length ? (
        <Empty title={t('cc.none')}>
          <p>{t('cc.noneHint')}</p>
        </Empty>
      ) : null}
      {list.data?.length ? (
        <ul class="rows" aria-label={t('nav.collections')}>
          {list.data.map((c) => (
            <CollectionRow key={c.id} c={c} onOpen={() => setOpen(c.id)} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function CollectionRow({ c, onOpen }: { c: CollectionSummary; onOpen: () => void }) {
  return (
    <li class="row">
      <div class="row-main">
        <p class="row-title">
          <button type="button" class="link" id={`cc-open-${c.id}`} onClick={onOpen}>
            {c.title}
          </button>{' '}
          <span class={`badge ${c.status}`}>{c.status === 'published' ? t('cc.published') : t('cc.draft')}</span>
        </p>
        <p class="meta">
          {c.focusArea ? c.focusArea.title : t('cc.noFocus')} · {tn('cc.practices', c.itemCount)} ·{' '}
          {t('cc.by', { name: c.curator.name })} · {t('cc.updated', { date: formatDate(c.updatedAt) })}
        </p>
      </div>
    </li>
  );
}

/** Starts a draft collection and opens it. */
function NewCollection({ onCreated }: { onCreated: (id: string) => void }) {
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const issue = error?.payload.issues?.find((i) => i.path === 'title')?.message;
  return (
    <form
      class="inline-form"
      aria-labelledby="cc-new-heading"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        coachClient.createCollection({ title, description: '', focusAreaId: null }).then(
          (c) => onCreated(c.id),
          (err: ApiError) => {
            setBusy(false);
            setError(err);
          },
        );
      }}
    >
      <h3 id="cc-new-heading" class="visually-hidden">
        {t('cc.start')}
      </h3>
      <div class="field">
        <label for="cc-new-title">{t('cc.newTitle')}</label>
        <div class="search-box">
          <input
            id="cc-new-title"
            value={title}
            maxLength={200}
            required
            aria-invalid={issue ? 'true' : undefined}
            aria-describedby={issue ? 'cc-new-title-err' : undefined}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('cc.creating') : t('cc.create')}
          </button>
        </div>
        {issue ? (
          <p class="field-error" id="cc-new-title-err">
            {issue}
          </p>
        ) : null}
      </div>
      {error && !issue ? <ErrorState error={error} /> : null}
    </form>
  );
}
