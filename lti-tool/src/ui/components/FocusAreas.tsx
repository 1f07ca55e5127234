import { useState } from 'preact/hooks';
import type { z } from 'zod';
import type { CoachFocusAreaSchema } from '@margins/shared';
import { type ApiError, coachClient } from '../api.js';
import { t, tn } from '../i18n/index.js';
import { useUnsavedChanges } from '../unsaved.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { Empty, ErrorState, Loading } from './States.js';

type FocusArea = z.infer<typeof CoachFocusAreaSchema>;

/** Props of {@link FocusAreas}. */
export type FocusAreasProps = { focusHeading: boolean };

/** The school's goals: coaches add, rename and remove them; collections align to them. */
export function FocusAreas({ focusHeading }: FocusAreasProps) {
  const list = useLoad(() => coachClient.focusAreas().then((r) => r.focusAreas));
  const [notice, setNotice] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading);

  const done = (message: string, focusId?: string) => {
    setNotice(message);
    setError(null);
    list.reload();
    if (focusId) requestAnimationFrame(() => document.getElementById(focusId)?.focus());
  };

  return (
    <section aria-labelledby="fa-heading">
      <h2 id="fa-heading" ref={heading} tabIndex={-1}>
        {t('nav.focus')}
      </h2>
      <p class="lede">{t('fa.lede')}</p>
      <h3 class="visually-hidden">{t('fa.addHeading')}</h3>
      <FocusAreaForm
        idPrefix="fa-new"
        initial={{ title: '', description: '' }}
        submitLabel={t('fa.add')}
        onSubmit={(v) => coachClient.createFocusArea(v).then(() => done(t('fa.added', { title: v.title })))}
        resetAfter
      />
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
      {list.loading && !list.data ? <Loading label={t('fa.loading')} /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && !list.data.length ? (
        <Empty title={t('fa.none')}>
          <p>{t('fa.noneHint')}</p>
        </Empty>
      ) : null}
      {list.data?.length ? (
        <ul class="rows">
          {list.data.map((f) =>
            editing === f.id ? (
              <li key={f.id} class="row">
                <FocusAreaForm
                  idPrefix={`fa-edit-${f.id}`}
                  initial={f}
                  submitLabel={t('fa.save')}
                  onCancel={() => {
                    setEditing(null);
                    requestAnimationFrame(() => document.getElementById(`fa-editbtn-${f.id}`)?.focus());
                  }}
                  onSubmit={(v) =>
                    coachClient.updateFocusArea(f.id, v).then(() => {
                      setEditing(null);
                      done(t('fa.saved', { title: v.title }), `fa-editbtn-${f.id}`);
                    })
                  }
                />
              </li>
            ) : (
              <li key={f.id} class="row">
                <div class="row-main">
                  <p class="row-title">{f.title}</p>
                  {f.description ? <p class="prose">{f.description}</p> : null}
                  <p class="meta">{tn('fa.collections', f.collectionCount)}</p>
                </div>
                <div class="row-actions">
                  <button type="button" id={`fa-editbtn-${f.id}`} onClick={() => setEditing(f.id)}>
                    {t('fa.edit')} <span class="visually-hidden">“{f.title}”</span>
                  </button>
                  {deleting === f.id ? (
                    <span class="confirm" role="group" aria-label={t('fa.deleteQuestion', { title: f.title })}>
                      <span>{f.collectionCount ? tn('fa.collectionsStay', f.collectionCount) : t('fa.deleteIt')}</span>
                      <button
                        type="button"
                        class="danger"
                        id={`fa-confirm-${f.id}`}
                        onClick={() =>
                          void coachClient.deleteFocusArea(f.id).then(() => {
                            setDeleting(null);
                            done(t('fa.deleted', { title: f.title }), 'fa-heading');
                          }, setError)
                        }
                      >
                        {t('fa.delete')}
                      </button>
                      <button type="button" onClick={() => setDeleting(null)}>
                        {t('ce.keep')}
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      onClick={() => {
                        setDeleting(f.id);
                        requestAnimationFrame(() => document.getElementById(`fa-confirm-${f.id}`)?.focus());
                      }}
                    >
                      {t('fa.delete')} <span class="visually-hidden">“{f.title}”</span>
                    </button>
                  )}
                </div>
              </li>
            ),
          )}
        </ul>
      ) : null}
    </section>
  );
}

type FormValue = { title: string; description: string };

/** Title and description of a focus area, with the server's field messages next to the fields. */
function FocusAreaForm({
  idPrefix,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  resetAfter,
}: {
  idPrefix: string;
  initial: FormValue;
  submitLabel: string;
  onSubmit: (v: FormValue) => Promise<unknown>;
  onCancel?: () => void;
  resetAfter?: boolean;
}) {
  const [v, setV] = useState<FormValue>({ title: initial.title, description: initial.description });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const titleIssue = error?.payload.issues?.find((i) => i.path === 'title')?.message;
  useUnsavedChanges(v.title !== initial.title || v.description !== initial.description, t('unsaved.focusArea'));
  return (
    <form
      class="inline-form two-up"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        onSubmit(v).then(
          () => {
            setBusy(false);
            if (resetAfter) setV({ title: '', description: '' });
          },
          (err: ApiError) => {
            setBusy(false);
            setError(err);
            requestAnimationFrame(() => document.getElementById(`${idPrefix}-title`)?.focus());
          },
        );
      }}
    >
      <div class="field">
        <label for={`${idPrefix}-title`}>{t('ce.title')}</label>
        <input
          id={`${idPrefix}-title`}
          value={v.title}
          maxLength={200}
          required
          aria-invalid={titleIssue ? 'true' : undefined}
          aria-describedby={titleIssue ? `${idPrefix}-title-err` : undefined}
          onInput={(e) => setV({ ...v, title: e.currentTarget.value })}
        />
        {titleIssue ? (
          <p class="field-error" id={`${idPrefix}-title-err`}>
            {titleIssue}
          </p>
        ) : null}
      </div>
      <div class="field">
        <label for={`${idPrefix}-desc`}>{t('fa.description')}</label>
        <textarea
          id={`${idPrefix}-desc`}
          rows={2}
          maxLength={2000}
          value={v.description}
          onInput={(e) => setV({ ...v, description: e.currentTarget.value })}
        />
      </div>
      {error && !titleIssue ? <ErrorState error={error} /> : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('fa.saving') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('fa.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Focus areas for a select (everyone may read them). */
export type FocusAreaOption = Pick<FocusArea, 'id' | 'title'>;
