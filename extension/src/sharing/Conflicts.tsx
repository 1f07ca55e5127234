import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import type { Adaptation } from '@margins/shared/adaptation';
import { kindLabel } from '../i18n/labels.js';
import { sendCommand } from '../protocol/client.js';
import type { ConflictView, SyncProblemView } from '../protocol/views.js';

/** Props of {@link Conflicts}. */
export interface ConflictsProps {
  /** Increases when adaptations or the sync status changed, to list again. */
  version: number;
  notify: (message: string) => void;
}

/**
 * Conflicts and refusals, in the panel's Sharing view. A conflict shows this browser's version and
 * the district's side by side; the teacher keeps one or merges them by editing. Refused
 * adaptations are listed with the district's reason.
 */
export function Conflicts({ version, notify }: ConflictsProps) {
  const [conflicts, setConflicts] = useState<ConflictView[] | null>(null);
  const [problems, setProblems] = useState<SyncProblemView[]>([]);
  const load = async () => {
    const [c, p] = await Promise.all([
      sendCommand({ type: 'listConflicts' }),
      sendCommand({ type: 'listSyncProblems' }),
    ]);
    setConflicts(c.ok ? c.value.conflicts : []);
    setProblems(p.ok ? p.value.problems : []);
  };
  useEffect(() => void load(), [version]);
  if (!conflicts) return null;
  return (
    <div>
      {conflicts.length > 0 && (
        <section aria-labelledby="conflicts-heading">
          <h2 id="conflicts-heading">{i18n.t('conflict.heading')}</h2>
          <p class="muted">{i18n.t('conflict.intro')}</p>
          <ul class="cards">
            {conflicts.map((c) => (
              <li key={c.adaptationId}>
                <ConflictCard
                  conflict={c}
                  onDone={(m) => {
                    notify(m);
                    void load();
                  }}
                />
              </li>
            ))}
          </ul>
        </section>
      )}
      {problems.length > 0 && (
        <section aria-labelledby="problems-heading">
          <h2 id="problems-heading">{i18n.t('problem.heading')}</h2>
          <p class="muted">{i18n.t('problem.intro')}</p>
          <ul class="cards">
            {problems.map((p) => (
              <li key={p.adaptationId} class="card">
                <h3 class="page-title">
                  <a href={p.pageUrl} target="_blank" rel="noopener noreferrer">
                    {p.pageTitle || p.pageUrl}
                  </a>
                </h3>
                <p class="body">{p.body.length > 200 ? `${p.body.slice(0, 200)}…` : p.body}</p>
                <p class="error">{p.message}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function ConflictCard({ conflict: c, onDone }: { conflict: ConflictView; onDone: (message: string) => void }) {
  const [merging, setMerging] = useState(false);
  const base = c.mine ?? c.theirs;
  const [body, setBody] = useState(base?.body ?? '');
  const [rationale, setRationale] = useState(base?.rationale ?? '');
  const [error, setError] = useState<{ message: string; privacy: boolean } | null>(null);
  const resolve = async (choice: 'mine' | 'theirs' | 'merged', shareAnyway = false) => {
    setError(null);
    const content =
      choice === 'merged' && base
        ? {
            kinds: base.kinds,
            body,
            rationale,
            audience: base.audience,
            ...(base.evidence ? { evidence: base.evidence } : {}),
            visibility: base.visibility,
          }
        : undefined;
    const result = await sendCommand({
      type: 'resolveConflict',
      id: c.adaptationId,
      choice,
      ...(content ? { content } : {}),
      ...(shareAnyway ? { shareAnyway } : {}),
    });
    if (result.ok) onDone(i18n.t('conflict.resolved'));
    else
      setError({
        message: result.error.message,
        privacy: !!result.error.issues?.some((i) => i.path.startsWith('privacy.')),
      });
  };
  const id = `conflict-${c.adaptationId}`;
  return (
    <article class="card conflict" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="page-title">
        <a href={c.pageUrl} target="_blank" rel="noopener noreferrer">
          {c.pageTitle || c.pageUrl}
        </a>
      </h3>
      <p class="muted">{c.message}</p>
      <div class="versions">
        <Version heading={i18n.t('conflict.mine')} adaptation={c.mine} deleted={i18n.t('conflict.deletedHere')} />
        <Version heading={i18n.t('conflict.theirs')} adaptation={c.theirs} deleted={i18n.t('conflict.deletedThere')} />
      </div>
      {merging && base && (
        <div class="merge">
          <h4>{i18n.t('conflict.mergeHeading')}</h4>
          <div class="field">
            <label for={`${id}-body`}>{i18n.t('form.body')}</label>
            <textarea id={`${id}-body`} rows={5} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for={`${id}-rationale`}>{i18n.t('form.rationale')}</label>
            <textarea
              id={`${id}-rationale`}
              rows={3}
              value={rationale}
              onInput={(e) => setRationale(e.currentTarget.value)}
            />
          </div>
        </div>
      )}
      {error && (
        <div class="error" role="alert">
          <p>{error.message}</p>
          {error.privacy && (
            <button type="button" onClick={() => void resolve('merged', true)}>
              {i18n.t('privacy.shareAnyway')}
            </button>
          )}
        </div>
      )}
      <div class="row">
        {merging ? (
          <>
            <button type="button" class="primary" onClick={() => void resolve('merged')}>
              {i18n.t('conflict.saveMerged')}
            </button>
            <button type="button" onClick={() => setMerging(false)}>
              {i18n.t('connect.cancel')}
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => void resolve('mine')}>
              {i18n.t('conflict.keepMine')}
            </button>
            <button type="button" onClick={() => void resolve('theirs')}>
              {i18n.t('conflict.keepTheirs')}
            </button>
            {base && (
              <button type="button" onClick={() => setMerging(true)}>
                {i18n.t('conflict.merge')}
              </button>
            )}
          </>
        )}
      </div>
    </article>
  );
}

function Version({
  heading,
  adaptation: a,
  deleted,
}: {
  heading: string;
  adaptation: Adaptation | null;
  deleted: string;
}) {
  return (
    <section class="version" aria-label={heading}>
      <h4>{heading}</h4>
      {!a ? (
        <p class="muted">{deleted}</p>
      ) : (
        <>
          <ul class="chips" aria-label={i18n.t('note.kinds')}>
            {a.kinds.map((k) => (
              <li key={k}>{kindLabel(k)}</li>
            ))}
          </ul>
          <p class="body">{a.body}</p>
          {a.rationale && (
            <p>
              <strong>{i18n.t('note.rationale')}: </strong>
              {a.rationale}
            </p>
          )}
          <p class="muted">{i18n.t('panel.updated', [new Date(a.updatedAt).toLocaleString()])}</p>
        </>
      )}
    </section>
  );
}
