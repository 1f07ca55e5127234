import { useEffect, useRef, useState } from 'preact/hooks';
import type { CollectionEntry, CollectionView } from '@margins/shared';
import type { ApiError } from '../api.js';
import { coachClient } from '../coach-api.js';
import { formatDate, KIND_LABEL } from '../labels.js';
import { useLoad } from '../use-load.js';
import { AddPractices } from './AddPractices.js';
import { ErrorState, Loading } from './States.js';

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
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
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
    <button type="button" class="back" onClick={() => onClose(false)}>
      ← All collections
    </button>
  );
  if (col.error && !col.data) {
    return (
      <section aria-labelledby="ce-heading">
        {back}
        <h2 id="ce-heading" ref={heading} tabIndex={-1}>
          This collection could not be opened
        </h2>
        <ErrorState error={col.error} onRetry={col.reload} />
      </section>
    );
  }
  if (!col.data) return <Loading label="Opening the collection…" />;
  const c = col.data;
  const titleOf = (e: CollectionEntry) =>
    e.status === 'visible' ? e.adaptation.page.title || 'Untitled practice' : 'A practice you cannot see';
  const move = (e: CollectionEntry & { adaptationId: string }, to: number) =>
    apply(
      coachClient.updateItem(c.id, e.adaptationId, { position: to }),
      (v) => `Moved “${titleOf(e)}” to position ${to + 1} of ${v.entries.length}.`,
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
        <span class={`badge ${c.status}`}>{c.status === 'published' ? 'Published' : 'Draft'}</span>{' '}
        {c.status === 'published' && c.publishedAt
          ? `Teachers can see it since ${formatDate(c.publishedAt)}.`
          : 'Only coaches can see it until you publish it.'}
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? (
        <div id="ce-error" tabIndex={-1}>
          <ErrorState error={error} />
        </div>
      ) : null}
      <div class="actions">
        {c.status === 'draft' ? (
          <button
            type="button"
            class="primary"
            id="ce-publish"
            onClick={() =>
              apply(
                coachClient.publish(c.id),
                () => `Published “${c.title}”. Teachers can now see it and it can be added to courses.`,
                () => 'ce-unpublish',
              )
            }
          >
            Publish
          </button>
        ) : (
          <button
            type="button"
            id="ce-unpublish"
            onClick={() =>
              apply(
                coachClient.unpublish(c.id),
                () => `“${c.title}” is a draft again. Links to it in courses say it is not available.`,
                () => 'ce-publish',
              )
            }
          >
            Back to draft
          </button>
        )}
        {confirmDelete ? (
          <span class="confirm" role="group" aria-label="Delete this collection?">
            <span>Delete “{c.title}”? Links to it in courses will say it is not available.</span>
            <button
              type="button"
              class="danger"
              id="ce-delete-yes"
              onClick={() => void coachClient.deleteCollection(c.id).then(() => onClose(true), setError)}
            >
              Delete collection
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirmDelete(false);
                focusSoon('ce-delete');
              }}
            >
              Keep it
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
            Delete…
          </button>
        )}
      </div>

      <DetailsForm
        c={c}
        areas={areas.data ?? []}
        onSave={(meta) => apply(coachClient.updateCollection(c.id, meta), () => 'Saved the details.')}
      />

      <h3 id="ce-items-heading">Practices in this collection ({c.entries.length})</h3>
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
                        onSave={(note) =>
                          apply(
                            coachClient.updateItem(c.id, adaptationId, { note }),
                            () => `Saved the note for “${title}”.`,
                          )
                        }
                      />
                    </>
                  ) : (
                    <p class="meta">
                      A practice that is no longer shared with you (its author may have made it private or deleted it).
                      Remove it, or ask the author.
                    </p>
                  )}
                </div>
                <div class="row-actions">
                  <button
                    type="button"
                    id={`ce-up-${adaptationId}`}
                    aria-disabled={e.position === 0 ? 'true' : undefined}
                    onClick={() => e.position > 0 && move(entry, e.position - 1)}
                  >
                    Move up<span class="visually-hidden"> “{title}”</span>
                  </button>
                  <button
                    type="button"
                    id={`ce-down-${adaptationId}`}
                    aria-disabled={last ? 'true' : undefined}
                    onClick={() => !last && move(entry, e.position + 1)}
                  >
                    Move down<span class="visually-hidden"> “{title}”</span>
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      apply(
                        coachClient.removeItem(c.id, adaptationId),
                        (v) => `Removed “${title}”. ${v.entries.length} left.`,
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
                    Remove<span class="visually-hidden"> “{title}”</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      ) : (
        <p class="meta">No practices yet. Find some below.</p>
      )}

      <AddPractices
        inCollection={ids}
        onAdd={(adaptationId, title) =>
          apply(coachClient.addItem(c.id, adaptationId), (v) => `Added “${title}” as practice ${v.entries.length}.`)
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
  return (
    <form
      class="inline-form"
      aria-labelledby="ce-details-heading"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ title, description, focusAreaId: focusAreaId || null });
      }}
    >
      <h3 id="ce-details-heading">Details</h3>
      <div class="field">
        <label for="ce-title">Title</label>
        <input id="ce-title" value={title} maxLength={200} required onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="ce-desc">What this collection is for (shown to teachers)</label>
        <textarea
          id="ce-desc"
          rows={3}
          maxLength={5000}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="ce-focus">Focus area</label>
        <select id="ce-focus" value={focusAreaId} onChange={(e) => setFocusAreaId(e.currentTarget.value)}>
          <option value="">None</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.title}
            </option>
          ))}
        </select>
      </div>
      <div class="actions">
        <button type="submit">Save details</button>
      </div>
    </form>
  );
}

/** The coach's note on one entry: why it is in the collection, how to use it. */
function NoteEditor({
  id,
  title,
  note,
  onSave,
}: {
  id: string;
  title: string;
  note: string;
  onSave: (note: string) => void;
}) {
  const [value, setValue] = useState(note);
  useEffect(() => setValue(note), [note]);
  return (
    <div class="note-editor">
      <label for={`ce-note-${id}`}>
        Curation note<span class="visually-hidden"> for “{title}”</span>
      </label>
      <textarea
        id={`ce-note-${id}`}
        rows={2}
        maxLength={2000}
        value={value}
        placeholder="Why it is here, and how to use it"
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button
        type="button"
        aria-disabled={value === note ? 'true' : undefined}
        onClick={() => value !== note && onSave(value)}
      >
        Save note<span class="visually-hidden"> for “{title}”</span>
      </button>
    </div>
  );
}
