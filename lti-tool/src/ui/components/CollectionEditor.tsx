import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CollectionEntry, CollectionView } from '@margins/shared';
import { type ApiError, coachClient } from '../api.js';
import { formatDate, KIND_LABEL } from '../labels.js';
import { t } from '../i18n/index.js';
import { requestLeave, useAutosave, useUnsavedChanges } from '../unsaved.js';
import { useLoad } from '../use-load.js';
import { AddPractices } from './AddPractices.js';
import { AutosaveStatus, ErrorState, Loading } from './States.js';
import { PublishWarning, usePublishCheck } from './PublishCheck.js';

/** Props of {@link CollectionEditor}. */
export type CollectionEditorProps = {
  id: string;
  onClose: (deleted: boolean) => void;
  onOpenPractice: (id: string) => void;
};

const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

/**
 * One collection in the coach workspace: its details and focus area, its practices in order (moved
 * with Move up / Move down buttons, each with a curation note), adding practices, publishing.
 */
export function CollectionEditor({ id, onClose, onOpenPractice }: CollectionEditorProps) {
  const col = useLoad(() => coachClient.collection(id), [id]);
  const areas = useLoad(() => coachClient.focusAreas().then((r) => r.focusAreas));
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const busy = useRef(false);
  const publishCheck = usePublishCheck();
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    if (col.data || col.error) heading.current?.focus();
  }, [!!col.data, !!col.error]);

  /** Runs a change, shows the collection the server sent back, announces it and puts focus where the person is working. */
  const apply = (
    p: Promise<CollectionView>,
    message: (v: CollectionView) => string,
    focusId?: (v: CollectionView) => string,
  ) => {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    p.then(
      (v) => {
        busy.current = false;
        col.set(v);
        setNotice(message(v));
        if (focusId) focusSoon(focusId(v));
      },
      (e: ApiError) => {
        busy.current = false;
        setError(e);
        focusSoon('ce-error');
      },
    );
  };

  const back = (
    <button type="button" class="back" onClick={() => requestLeave(() => onClose(false))}>
      ← {t('ce.all')}
    </button>
  );
  if (col.error && !col.data) {
    return (
      <section aria-labelledby="ce-heading">
        {back}
        <h2 id="ce-heading" ref={heading} tabIndex={-1}>
          {t('ce.cannotOpen')}
        </h2>
        <ErrorState error={col.error} onRetry={col.reload} />
      </section>
    );
  }
  if (!col.data) return <Loading label={t('cv.opening')} />;
  const c = col.data;
  const publish = (of: CollectionView) => {
    publishCheck.reset();
    apply(
      coachClient.publish(of.id),
      () => t('ce.publishedNotice', { title: of.title }),
      () => 'ce-unpublish',
    );
  };
  const titleOf = (e: CollectionEntry) =>
    e.status === 'visible' ? e.adaptation.page.title || t('practice.untitled') : t('ce.hiddenPractice');
  const move = (e: CollectionEntry & { adaptationId: string }, to: number) =>
    apply(
      coachClient.updateItem(c.id, e.adaptationId, { position: to }),
      (v) => t('ce.moved', { title: titleOf(e), position: to + 1, total: v.entries.length }),
      (v) =>
        to === 0
          ? `ce-down-${e.adaptationId}`
          : to === v.entries.length - 1
            ? `ce-up-${e.adaptationId}`
            : `ce-${to < e.position ? 'up' : 'down'}-${e.adaptationId}`,
    );
  const ids = new Set(
    c.entries.flatMap((e) => (e.status === 'visible' ? [e.adaptation.id] : e.adaptationId ? [e.adaptationId] : [])),
  );

  return (
    <section aria-labelledby="ce-heading">
      {back}
      <h2 id="ce-heading" ref={heading} tabIndex={-1}>
        {c.title}
      </h2>
      <p class="meta">
        <span class={`badge ${c.status}`}>{c.status === 'published' ? t('cc.published') : t('cc.draft')}</span>{' '}
        {c.status === 'published' && c.publishedAt
          ? t('ce.visibleSince', { date: formatDate(c.publishedAt) })
          : t('ce.draftOnly')}
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? (
        <div id="ce-error" tabIndex={-1}>
          <ErrorState error={error} />
        </div>
      ) : null}
      {c.status === 'draft' ? <PublishWarning found={publishCheck.found} onPublishAnyway={() => publish(c)} /> : null}
      <div class="actions">
        {c.status === 'draft' ? (
          <button
            type="button"
            class="primary"
            id="ce-publish"
            onClick={() => void publishCheck.check(c).then((ok) => (ok ? publish(c) : focusSoon('ce-privacy')))}
          >
            {t('ce.publish')}
          </button>
        ) : (
          <button
            type="button"
            id="ce-unpublish"
            onClick={() =>
              apply(
                coachClient.unpublish(c.id),
                () => t('ce.unpublished', { title: c.title }),
                () => 'ce-publish',
              )
            }
          >
            {t('ce.unpublish')}
          </button>
        )}
        {confirmDelete ? (
          <span class="confirm" role="group" aria-label={t('ce.deleteQuestion')}>
            <span>{t('ce.deleteConfirm', { title: c.title })}</span>
            <button
              type="button"
              class="danger"
              id="ce-delete-yes"
              onClick={() => void coachClient.deleteCollection(c.id).then(() => onClose(true), setError)}
            >
              {t('ce.deleteYes')}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirmDelete(false);
                focusSoon('ce-delete');
              }}
            >
              {t('ce.keep')}
            </button>
          </span>
        ) : (
          <button
            type="button"
            id="ce-delete"
            onClick={() => {
              setConfirmDelete(true);
              focusSoon('ce-delete-yes');
            }}
          >
            {t('ce.delete')}
          </button>
        )}
      </div>

      <DetailsForm
        c={c}
        areas={areas.data ?? []}
        onSave={(meta) => apply(coachClient.updateCollection(c.id, meta), () => t('ce.savedDetails'))}
      />

      <h3 id="ce-items-heading">{t('ce.items', { count: c.entries.length })}</h3>
      {c.entries.length ? (
        <ol class="entries" aria-labelledby="ce-items-heading">
          {c.entries.map((e) => {
            const adaptationId = e.status === 'visible' ? e.adaptation.id : e.adaptationId;
            if (!adaptationId) return null;
            const entry = { ...e, adaptationId };
            const title = titleOf(e);
            const last = e.position === c.entries.length - 1;
            return (
              <li key={adaptationId} class="entry">
                <div class="row-main">
                  {e.status === 'visible' ? (
                    <>
                      <p class="row-title">
                        <button type="button" class="link" onClick={() => onOpenPractice(adaptationId)}>
                          {title}
                        </button>
                      </p>
                      <p class="tags">
                        {e.adaptation.kinds.map((k) => (
                          <span key={k} class="tag">
                            {KIND_LABEL[k] ?? k}
                          </span>
                        ))}
                      </p>
                      <NoteEditor
                        id={adaptationId}
                        title={title}
                        note={e.note}
                        save={(note) => coachClient.updateItem(c.id, adaptationId, { note })}
                      />
                    </>
                  ) : (
                    <p class="meta">{t('ce.noLongerShared')}</p>
                  )}
                </div>
                <div class="row-actions">
                  <button
                    type="button"
                    id={`ce-up-${adaptationId}`}
                    aria-disabled={e.position === 0 ? 'true' : undefined}
                    onClick={() => e.position > 0 && move(entry, e.position - 1)}
                  >
                    {t('ce.up')}
                    <span class="visually-hidden"> “{title}”</span>
                  </button>
                  <button
                    type="button"
                    id={`ce-down-${adaptationId}`}
                    aria-disabled={last ? 'true' : undefined}
                    onClick={() => !last && move(entry, e.position + 1)}
                  >
                    {t('ce.down')}
                    <span class="visually-hidden"> “{title}”</span>
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      apply(
                        coachClient.removeItem(c.id, adaptationId),
                        (v) => t('ce.removed', { title, count: v.entries.length }),
                        (v) => {
                          const next = v.entries[Math.min(e.position, v.entries.length - 1)];
                          const nextId = next
                            ? next.status === 'visible'
                              ? next.adaptation.id
                              : next.adaptationId
                            : null;
                          return nextId ? `ce-up-${nextId}` : 'ce-items-heading';
                        },
                      )
                    }
                  >
                    {t('ce.remove')}
                    <span class="visually-hidden"> “{title}”</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      ) : (
        <p class="meta">{t('ce.noItems')}</p>
      )}

      <AddPractices
        inCollection={ids}
        onAdd={(adaptationId, title) =>
          apply(coachClient.addItem(c.id, adaptationId), (v) => t('ce.added', { title, count: v.entries.length }))
        }
        onOpenPractice={onOpenPractice}
      />
    </section>
  );
}

/** Title, description and focus area of a collection. */
function DetailsForm({
  c,
  areas,
  onSave,
}: {
  c: CollectionView;
  areas: { id: string; title: string }[];
  onSave: (meta: { title: string; description: string; focusAreaId: string | null }) => void;
}) {
  const [title, setTitle] = useState(c.title);
  const [description, setDescription] = useState(c.description);
  const [focusAreaId, setFocusAreaId] = useState(c.focusArea?.id ?? '');
  useUnsavedChanges(
    title !== c.title || description !== c.description || focusAreaId !== (c.focusArea?.id ?? ''),
    t('unsaved.collectionDetails'),
  );
  return (
    <form
      class="inline-form"
      aria-labelledby="ce-details-heading"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ title, description, focusAreaId: focusAreaId || null });
      }}
    >
      <h3 id="ce-details-heading">{t('ce.details')}</h3>
      <div class="field">
        <label for="ce-title">{t('ce.title')}</label>
        <input id="ce-title" value={title} maxLength={200} required onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="ce-desc">{t('ce.description')}</label>
        <textarea
          id="ce-desc"
          rows={3}
          maxLength={5000}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="ce-focus">{t('library.focus')}</label>
        <select id="ce-focus" value={focusAreaId} onChange={(e) => setFocusAreaId(e.currentTarget.value)}>
          <option value="">{t('ce.none')}</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.title}
            </option>
          ))}
        </select>
      </div>
      <div class="actions">
        <button type="submit">{t('ce.save')}</button>
      </div>
    </form>
  );
}

/** The coach's note on one entry: why it is in the collection, how to use it. Saves itself as the coach types. */
function NoteEditor({
  id,
  title,
  note,
  save,
}: {
  id: string;
  title: string;
  note: string;
  save: (note: string) => Promise<unknown>;
}) {
  const [value, setValue] = useState(note);
  const { state, flush } = useAutosave(value, note, save, t('unsaved.curationNote', { title }));
  return (
    <div class="note-editor">
      <label for={`ce-note-${id}`}>
        {t('ce.note')}
        <span class="visually-hidden"> {t('ce.noteFor', { title })}</span>
      </label>
      <textarea
        id={`ce-note-${id}`}
        rows={2}
        maxLength={2000}
        value={value}
        placeholder={t('ce.notePlaceholder')}
        aria-describedby={`ce-note-state-${id}`}
        onInput={(e) => setValue(e.currentTarget.value)}
        onBlur={flush}
      />
      <AutosaveStatus id={`ce-note-state-${id}`} state={state} onRetry={flush} />
    </div>
  );
}
