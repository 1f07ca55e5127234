import { useState } from 'preact/hooks';
import type { SharedAdaptation } from '@margins/shared';
import { type ApiError, coachClient } from '../api.js';
import { formatDate, KIND_LABEL } from '../labels.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { Empty, ErrorState, Loading } from './States.js';
import { t } from '../i18n/index.js';

/** Props of {@link Approvals}. */
export type ApprovalsProps = { focusHeading: boolean; onOpenPractice: (id: string) => void };

/**
 * Practices teachers asked to share with other districts: a coach approves (other districts then
 * see it, without the author's name) or declines with a note saying why (it stays in the district).
 */
export function Approvals({ focusHeading, onOpenPractice }: ApprovalsProps) {
  const list = useLoad(() => coachClient.approvals().then((r) => r.pending));
  const [notice, setNotice] = useState('');
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading);

  return (
    <section aria-labelledby="ap-pending-heading">
      <h2 id="ap-pending-heading" ref={heading} tabIndex={-1}>
        {t('approvals.heading')}
      </h2>
      <p>{t('approvals.lede')}</p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {list.loading && !list.data ? <Loading label={t('approvals.loading')} /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && !list.data.length ? (
        <Empty title={t('approvals.none')}>
          <p>{t('approvals.noneHint')}</p>
        </Empty>
      ) : null}
      {list.data?.length ? (
        <ul class="rows" aria-label={t('approvals.waiting')}>
          {list.data.map((a, i) => (
            <Request
              key={a.id}
              a={a}
              onOpen={() => onOpenPractice(a.id)}
              onDecided={(message) => {
                setNotice(message);
                const rest = list.data!.filter((x) => x.id !== a.id);
                list.set(rest);
                const next = rest[Math.min(i, rest.length - 1)];
                requestAnimationFrame(() =>
                  document.getElementById(next ? `ap-note-${next.id}` : 'ap-pending-heading')?.focus(),
                );
              }}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Request({
  a,
  onOpen,
  onDecided,
}: {
  a: SharedAdaptation;
  onOpen: () => void;
  onDecided: (message: string) => void;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const title = a.page.title || t('practice.untitled');
  const noteIssue = error?.payload.issues?.find((i) => i.path === 'note')?.message;
  const decide = (decision: 'approve' | 'decline') => {
    if (busy) return;
    setBusy(true);
    setError(null);
    coachClient.decide(a.id, decision, note).then(
      () => onDecided(decision === 'approve' ? t('approvals.approved', { title }) : t('approvals.declined', { title })),
      (e: ApiError) => {
        setBusy(false);
        setError(e);
        document.getElementById(`ap-note-${a.id}`)?.focus();
      },
    );
  };
  return (
    <li class="row">
      <div class="row-main">
        <p class="row-title">
          <button type="button" class="link" onClick={onOpen}>
            {title}
          </button>
        </p>
        <p class="meta">
          {a.kinds.map((k) => KIND_LABEL[k] ?? k).join(', ')} ·{' '}
          {a.authorVisible && a.author.name ? a.author.name : t('detail.aColleague')} ·{' '}
          {t('approvals.updated', { date: formatDate(a.updatedAt) })}
        </p>
        <p class="excerpt">{a.body.length > 300 ? `${a.body.slice(0, 300)}…` : a.body}</p>
        <div class="field">
          <label for={`ap-note-${a.id}`}>
            {t('approvals.note')}
            <span class="visually-hidden"> {t('approvals.noteOf', { title })}</span> {t('approvals.noteRequired')}
          </label>
          <textarea
            id={`ap-note-${a.id}`}
            rows={2}
            maxLength={1000}
            value={note}
            aria-invalid={noteIssue ? 'true' : undefined}
            aria-describedby={noteIssue ? `ap-note-err-${a.id}` : undefined}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
          {noteIssue ? (
            <p class="field-error" id={`ap-note-err-${a.id}`}>
              {noteIssue}
            </p>
          ) : null}
        </div>
        {error && !noteIssue ? <ErrorState error={error} /> : null}
        <div class="actions">
          <button
            type="button"
            class="primary"
            aria-disabled={busy ? 'true' : undefined}
            onClick={() => decide('approve')}
          >
            {t('approvals.approve')}
            <span class="visually-hidden"> “{title}”</span>
          </button>
          <button type="button" aria-disabled={busy ? 'true' : undefined} onClick={() => decide('decline')}>
            {t('approvals.decline')}
            <span class="visually-hidden"> “{title}”</span>
          </button>
        </div>
      </div>
    </li>
  );
}
