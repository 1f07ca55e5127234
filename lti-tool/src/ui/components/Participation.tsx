import { useState } from 'preact/hooks';
import type { ParticipationSettings } from '@margins/shared';
import { type ApiError, coachClient } from '../api.js';
import { formatDate } from '../labels.js';
import { participationFormula } from '../participation-text.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { ErrorState, Loading } from './States.js';
import { formatNumber, t, tn } from '../i18n/index.js';

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
        {t('nav.participation')}
      </h1>
      <p>
        {t('pg.lede')} <strong>{courseTitle}</strong>
        {t('pg.ledeEnd')}
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {s.loading && !s.data ? <Loading label={t('pg.loading')} /> : null}
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      {error ? <ErrorState error={error} /> : null}
      {s.data ? (
        <>
          <h2>{t('pg.how')}</h2>
          <ul class="plain">
            {participationFormula().map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p class="meta">{t('pg.howHint')}</p>

          <h2>{t('pg.yours')}</h2>
          <p>
            <strong>
              {formatNumber(s.data.mine.score)} / {formatNumber(s.data.scoreMaximum)}
            </strong>{' '}
            —{' '}
            {t('pg.counts', {
              shared: s.data.mine.counts.shared,
              tried: s.data.mine.counts.tried,
              feedback: s.data.mine.counts.feedback,
            })}
          </p>

          <h2>{t('pg.gradebook')}</h2>
          {!s.data.available ? <p class="state">{s.data.unavailableReason}</p> : null}
          {s.data.enabled && (s.data.summary.failed > 0 || s.data.summary.lastError) ? (
            <>
              <p>
                {t('pg.onBut')} <strong>{t('pg.refused')}</strong>.
              </p>
              <p class="state error" role="alert">
                {s.data.summary.advice ?? t('pg.refusedLast')}
                {s.data.summary.lastError ? ` ${t('pg.platformSaid', { error: s.data.summary.lastError })}` : ''}
              </p>
            </>
          ) : (
            <p>
              {t('pg.is')} <strong>{s.data.enabled ? t('pg.on') : t('pg.off')}</strong> {t('pg.forCourse')}
            </p>
          )}
          {s.data.enabled ? (
            <p class="meta">
              {t('pg.posted', { posted: s.data.summary.posted, participants: s.data.summary.participants })}
              {s.data.summary.lastPostedAt
                ? ` ${t('pg.lastOn', { date: formatDate(s.data.summary.lastPostedAt) })}`
                : ''}
              . {t('pg.again')}
              {s.data.summary.failed ? ` ${tn('pg.failed', s.data.summary.failed)}` : ''}
              {s.data.summary.notGraded ? ` ${tn('pg.notGraded', s.data.summary.notGraded)}` : ''}
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
                      run(coachClient.postParticipation(), (v) =>
                        v.summary.failed || v.summary.lastError
                          ? t('pg.notAll', { advice: v.summary.advice ?? '' })
                          : t('pg.postedNotice', { posted: v.summary.posted, participants: v.summary.participants }),
                      )
                    }
                  >
                    {busy ? t('pg.posting') : t('pg.postNow')}
                  </button>
                  <button
                    type="button"
                    aria-disabled={busy ? 'true' : undefined}
                    onClick={() => run(coachClient.setParticipation(false), () => t('pg.turnedOff'))}
                  >
                    {t('pg.turnOff')}
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  class="primary"
                  aria-disabled={busy || !s.data.available ? 'true' : undefined}
                  onClick={() =>
                    s.data!.available &&
                    run(coachClient.setParticipation(true), (v) =>
                      v.summary.failed || v.summary.lastError
                        ? t('pg.onRefused', { advice: v.summary.advice ?? '' })
                        : t('pg.onNotice', { posted: v.summary.posted, participants: v.summary.participants }),
                    )
                  }
                >
                  {busy ? t('pg.turningOn') : t('pg.turnOn')}
                </button>
              )}
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
