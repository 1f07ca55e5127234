import { useState } from 'preact/hooks';
import {
  MENTORING_ACTIVITY_KINDS,
  MENTORING_MINUTES,
  type MentoringActivity,
  type MentoringActivityKind,
} from '@margins/shared';
import { type ApiError, coachClient } from '../api.js';
import { t, tn } from '../i18n/index.js';
import { formatDate, MENTORING_LABEL } from '../labels.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { Empty, ErrorState, Loading } from './States.js';

/** Today in the teacher's own time zone, as the date input wants it. */
function localToday(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** The other person of an activity's pair, seen from `me`. */
function partnerOf(a: MentoringActivity, me: string): string {
  return a.mentor.userId === me ? a.mentee.name : a.mentor.name;
}

/** Props of {@link MyMentoring}. */
export type MyMentoringProps = { userId: string; focusHeading: boolean };

/**
 * A teacher's own mentoring (issue 15 item 8): the pairs a coach made, a form to log what the pair did
 * together, and the activities waiting for this teacher's confirmation. A confirmed activity is the
 * mentor's contribution; the pairing alone earns nothing.
 */
export function MyMentoring({ userId, focusHeading }: MyMentoringProps) {
  const mine = useLoad(() => coachClient.myMentoring());
  const activities = useLoad(() => coachClient.mentoringActivities().then((r) => r.activities));
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const pairs = [
    ...(mine.data?.mentees ?? []).map((p) => ({
      ...p,
      label: t('mentoring.youMentor', { name: p.name, date: formatDate(p.since) }),
    })),
    ...(mine.data?.mentors ?? []).map((p) => ({
      ...p,
      label: t('mentoring.mentorsYou', { name: p.name, date: formatDate(p.since) }),
    })),
  ];
  // What waits for this teacher's answer comes first: it is the one thing to do here.
  const waiting = activities.data?.filter((a) => a.awaitsMe) ?? [];
  const others = activities.data?.filter((a) => !a.awaitsMe) ?? [];

  const answer = (a: MentoringActivity, confirm: boolean) => {
    setError(null);
    (confirm ? coachClient.confirmActivity(a.id) : coachClient.declineActivity(a.id)).then(
      (done) => {
        setNotice(confirm ? t('mentoring.confirmed', { name: done.mentor.name }) : t('mentoring.declined'));
        activities.reload();
      },
      (err: ApiError) => setError(err),
    );
  };

  return (
    <section class="my-mentoring" aria-labelledby="mm-heading">
      <h1 id="mm-heading" ref={heading} tabIndex={-1}>
        {t('mentoring.title')}
      </h1>
      <p class="lede">{t('mentoring.lede')}</p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {mine.loading && !mine.data ? <Loading label={t('mentoring.loading')} /> : null}
      {mine.error ? <ErrorState error={mine.error} onRetry={mine.reload} /> : null}
      {mine.data && !pairs.length ? (
        <Empty title={t('mentoring.none')}>
          <p>{t('mentoring.noneHint')}</p>
        </Empty>
      ) : null}
      {pairs.length ? (
        <ul class="plain" aria-label={t('mentoring.title')}>
          {pairs.map((p) => (
            <li key={p.pairId}>{p.label}</li>
          ))}
        </ul>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      {activities.loading && !activities.data ? <Loading label={t('mentoring.loading')} /> : null}
      {activities.error ? <ErrorState error={activities.error} onRetry={activities.reload} /> : null}
      {waiting.length ? (
        <>
          <h2 id="mm-waiting">{tn('mentoring.awaitsYou', waiting.length)}</h2>
          <ActivityList labelledBy="mm-waiting" activities={waiting} userId={userId} onAnswer={answer} />
        </>
      ) : null}
      {pairs.length ? (
        <LogActivity
          pairs={pairs}
          onLogged={(a) => {
            setNotice(t('mentoring.logged', { name: partnerOf(a, userId) }));
            activities.reload();
          }}
        />
      ) : null}
      {activities.data && (pairs.length || others.length) ? (
        <>
          <h2 id="mm-activities">{t('mentoring.activities')}</h2>
          {others.length ? (
            <ActivityList labelledBy="mm-activities" activities={others} userId={userId} onAnswer={answer} />
          ) : (
            <Empty title={t('mentoring.noActivities')} />
          )}
        </>
      ) : null}
    </section>
  );
}

/** Activities as rows, with Confirm and "It did not happen" on those awaiting the teacher. */
function ActivityList({
  labelledBy,
  activities,
  userId,
  onAnswer,
}: {
  labelledBy: string;
  activities: MentoringActivity[];
  userId: string;
  onAnswer: (a: MentoringActivity, confirm: boolean) => void;
}) {
  return (
    <ul class="rows" aria-labelledby={labelledBy}>
      {activities.map((a) => {
        const line = t('mentoring.activityLine', {
          kind: MENTORING_LABEL[a.kind]!,
          name: partnerOf(a, userId),
          date: formatDate(`${a.happenedOn}T12:00:00Z`),
          minutes: a.minutes,
        });
        return (
          <li key={a.id} class="row">
            <div class="row-main">
              <p class="row-title">{line}</p>
              <p class="meta">
                {t(`mentoring.status.${a.status}`)} · {t('mentoring.loggedBy', { name: a.loggedBy.name })}
              </p>
            </div>
            {a.awaitsMe ? (
              <div class="row-actions">
                <button type="button" class="primary" onClick={() => onAnswer(a, true)}>
                  {t('mentoring.confirm')}
                  <span class="visually-hidden">: {line}</span>
                </button>
                <button type="button" onClick={() => onAnswer(a, false)}>
                  {t('mentoring.decline')}
                  <span class="visually-hidden">: {line}</span>
                </button>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** The form that logs one activity of one of the teacher's pairs. */
function LogActivity({
  pairs,
  onLogged,
}: {
  pairs: { pairId: string; name: string; label: string }[];
  onLogged: (a: MentoringActivity) => void;
}) {
  const [pairId, setPairId] = useState(pairs[0]!.pairId);
  const [kind, setKind] = useState<MentoringActivityKind>('co-planning');
  const [happenedOn, setHappenedOn] = useState(localToday());
  const [minutes, setMinutes] = useState('30');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  return (
    <form
      class="inline-form"
      aria-labelledby="mm-log-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        setBusy(true);
        setError(null);
        coachClient.logActivity({ pairId, kind, happenedOn, minutes: Number(minutes) }).then(
          (a) => {
            setBusy(false);
            onLogged(a);
          },
          (err: ApiError) => {
            setBusy(false);
            setError(err);
          },
        );
      }}
    >
      <h2 id="mm-log-heading">{t('mentoring.logTitle')}</h2>
      {pairs.length > 1 ? (
        <div class="field">
          <label for="mm-pair">{t('mentoring.with')}</label>
          <select id="mm-pair" value={pairId} onChange={(e) => setPairId(e.currentTarget.value)}>
            {pairs.map((p) => (
              <option key={p.pairId} value={p.pairId}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div class="field">
        <label for="mm-kind">{t('mentoring.kind')}</label>
        <select id="mm-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as MentoringActivityKind)}>
          {MENTORING_ACTIVITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {MENTORING_LABEL[k]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="mm-date">{t('mentoring.date')}</label>
        <input
          id="mm-date"
          type="date"
          required
          max={localToday()}
          value={happenedOn}
          onInput={(e) => setHappenedOn(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="mm-minutes">{t('mentoring.minutes')}</label>
        <input
          id="mm-minutes"
          type="number"
          inputMode="numeric"
          required
          min={MENTORING_MINUTES.min}
          max={MENTORING_MINUTES.max}
          step={5}
          aria-describedby="mm-minutes-hint"
          value={minutes}
          onInput={(e) => setMinutes(e.currentTarget.value)}
        />
        <p class="meta" id="mm-minutes-hint">
          {t('mentoring.minutesHint', { min: MENTORING_MINUTES.min, max: MENTORING_MINUTES.max })}
        </p>
      </div>
      {error ? <ErrorState error={error} /> : null}
      <div class="actions">
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {busy ? t('mentoring.logging') : t('mentoring.log')}
        </button>
      </div>
    </form>
  );
}
