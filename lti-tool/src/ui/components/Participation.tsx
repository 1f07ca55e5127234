import { useState } from 'preact/hooks';
import type { ParticipationSettings } from '@margins/shared';
import type { ApiError } from '../api.js';
import { coachClient } from '../coach-api.js';
import { formatDate } from '../labels.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { ErrorState, Loading } from './States.js';

/** Props of {@link Participation}. */
export type ParticipationProps = { courseTitle: string };

/**
 * The course's optional participation grade (AGS): how it is computed, your own participation, and
 * for teachers and coaches of the course, turning it on or off and the posting status (counts only).
 */
export function Participation({ courseTitle }: ParticipationProps) {
  const s = useLoad(() => coachClient.participation());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const heading = useFocusOnMount<HTMLHeadingElement>();

  const run = (p: Promise<ParticipationSettings>, message: (v: ParticipationSettings) => string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    p.then(
      (v) => {
        s.set(v);
        setBusy(false);
        setNotice(message(v));
      },
      (e: ApiError) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <section aria-labelledby="pg-heading">
      <h1 id="pg-heading" ref={heading} tabIndex={-1}>
        Participation grade
      </h1>
      <p>
        For a professional learning course, Margins can post each participant's participation to the course gradebook,
        in a column called "Margins participation" (out of 100). It is off unless a teacher or coach of{' '}
        <strong>{courseTitle}</strong> turns it on.
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {s.loading && !s.data ? <Loading label="Loading the participation grade…" /> : null}
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      {error ? <ErrorState error={error} /> : null}
      {s.data ? (
        <>
          <h2>How it is computed</h2>
          <ul class="plain">
            {s.data.formula.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p class="meta">
            Each part stops counting at its target, so there are several ways to take part and no way to win by doing
            one thing many times. Your own practices never count as tried or as feedback.
          </p>

          <h2>Your participation in this course</h2>
          <p>
            <strong>
              {s.data.mine.score} / {s.data.scoreMaximum}
            </strong>{' '}
            — {s.data.mine.counts.shared} shared, {s.data.mine.counts.tried} tried, {s.data.mine.counts.feedback}{' '}
            feedback
          </p>

          <h2>In the gradebook</h2>
          {!s.data.available ? <p class="state">{s.data.unavailableReason}</p> : null}
          <p>
            The participation grade is <strong>{s.data.enabled ? 'on' : 'off'}</strong> for this course.
          </p>
          {s.data.enabled ? (
            <p class="meta">
              {s.data.summary.posted} of {s.data.summary.participants} participants have a score posted
              {s.data.summary.lastPostedAt ? ` (last on ${formatDate(s.data.summary.lastPostedAt)})` : ''}. Scores are
              posted again when someone's participation changes.
              {s.data.summary.failed ? ` ${s.data.summary.failed} could not be posted.` : ''}
            </p>
          ) : null}
          {s.data.enabled && s.data.summary.lastError ? (
            <p class="state error" role="alert">
              The gradebook refused the last attempt: {s.data.summary.lastError}
            </p>
          ) : null}
          {s.data.canManage ? (
            <div class="actions">
              {s.data.enabled ? (
                <>
                  <button
                    type="button"
                    aria-disabled={busy ? 'true' : undefined}
                    onClick={() =>
                      run(
                        coachClient.postParticipation(),
                        (v) => `Posted. ${v.summary.posted} of ${v.summary.participants} participants have a score.`,
                      )
                    }
                  >
                    {busy ? 'Posting…' : 'Post scores now'}
                  </button>
                  <button
                    type="button"
                    aria-disabled={busy ? 'true' : undefined}
                    onClick={() =>
                      run(
                        coachClient.setParticipation(false),
                        () => 'The participation grade is off. Scores already in the gradebook stay there.',
                      )
                    }
                  >
                    Turn off
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  class="primary"
                  aria-disabled={busy || !s.data.available ? 'true' : undefined}
                  onClick={() =>
                    s.data!.available &&
                    run(
                      coachClient.setParticipation(true),
                      (v) =>
                        `The participation grade is on. ${v.summary.posted} of ${v.summary.participants} participants have a score.`,
                    )
                  }
                >
                  {busy ? 'Turning on…' : 'Turn on the participation grade'}
                </button>
              )}
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
