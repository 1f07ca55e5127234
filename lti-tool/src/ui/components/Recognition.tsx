import { useState } from 'preact/hooks';
import { BADGE_PATHS, type Recognition as RecognitionItem } from '@margins/shared';
import { type ApiError, recognitionClient, saveFile } from '../api.js';
import { formatDate } from '../labels.js';
import { useFocusOnMount, useLoad } from '../use-load.js';
import { CoachRecognition } from './CoachRecognition.js';
import { Empty, ErrorState, Loading } from './States.js';
import { t } from '../i18n/index.js';

/** Props of {@link RecognitionView}. */
export type RecognitionViewProps = {
  courseTitle: string | null;
  /** A district admin (not a coach) also manages the district's recognition here. */ manage: boolean;
};

/**
 * A teacher's "My recognition" (issue 7): what they earned or were awarded, each an Open Badge to
 * download and verify, with the choice to show it on their courses' walls; then the launch
 * course's recognition wall (and, for a district admin who is not a coach, the district's
 * recognitions to revoke and its rules). Never counts or ranks people.
 */
export function RecognitionView({ courseTitle, manage }: RecognitionViewProps) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section aria-labelledby="rec-heading">
      <h1 id="rec-heading" ref={heading} tabIndex={-1}>
        {t('nav.recognition')}
      </h1>
      <MyRecognition />
      {courseTitle !== null ? <CourseWall courseTitle={courseTitle} /> : null}
      {manage ? (
        <div class="panel">
          <CoachRecognition focusHeading={false} canAward={false} />
        </div>
      ) : null}
    </section>
  );
}

function MyRecognition() {
  const mine = useLoad(() => recognitionClient.mine().then((r) => r.recognitions));
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const replace = (r: RecognitionItem) => mine.set((mine.data ?? []).map((x) => (x.id === r.id ? r : x)));
  return (
    <>
      <h2 id="rec-mine">{t('rec.mine')}</h2>
      <p>
        {t('rec.intro')}{' '}
        <a href={BADGE_PATHS.verifyPage} target="_blank" rel="noopener">
          {t('rec.verifyLink')}
        </a>
        {t('rec.introEnd')}
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
      {mine.loading && !mine.data ? <Loading label={t('rec.loading')} /> : null}
      {mine.error ? <ErrorState error={mine.error} onRetry={mine.reload} /> : null}
      {mine.data && !mine.data.length ? (
        <Empty title={t('rec.none')}>
          <p>{t('rec.noneHint')}</p>
        </Empty>
      ) : null}
      {mine.data?.length ? (
        <ul class="rows" aria-labelledby="rec-mine">
          {mine.data.map((r) => (
            <li key={r.id} class="row">
              <div class="row-main">
                <p class="row-title">
                  {r.title} {r.status === 'revoked' ? <span class="badge revoked">{t('cr.revoked')}</span> : null}
                </p>
                <p class="meta">
                  {r.kind === 'coach'
                    ? t('cr.awardedBy', { name: r.awardedBy?.name ?? t('cr.aCoach'), date: formatDate(r.earnedAt) })
                    : t('rec.earned', { date: formatDate(r.earnedAt) })}
                </p>
                <p>{r.description}</p>
                {r.citation ? <blockquote class="citation">{r.citation}</blockquote> : null}
                {r.status === 'revoked' ? (
                  <p class="meta">
                    {t('cr.revokedOn', { date: formatDate(r.revokedAt!), reason: r.revokedReason ?? '' })}
                  </p>
                ) : (
                  <label class="select">
                    <input
                      type="checkbox"
                      checked={r.onWall}
                      onChange={(e) => {
                        const onWall = e.currentTarget.checked;
                        setError(null);
                        recognitionClient.setWall(r.id, onWall).then((updated) => {
                          replace(updated);
                          setNotice(
                            onWall ? t('rec.onWall', { title: r.title }) : t('rec.offWall', { title: r.title }),
                          );
                        }, setError);
                      }}
                    />
                    {t('rec.showOnWall')}
                    <span class="visually-hidden"> {t('rec.which', { title: r.title })}</span>
                  </label>
                )}
              </div>
              <div class="row-actions">
                <button
                  type="button"
                  onClick={() => {
                    setError(null);
                    recognitionClient.credential(r.id).then((text) => {
                      saveFile(text, `margins-recognition-${r.id}.json`, 'application/ld+json');
                      setNotice(t('rec.downloaded', { title: r.title }));
                    }, setError);
                  }}
                >
                  {t('rec.download')}
                  <span class="visually-hidden"> “{r.title}”</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function CourseWall({ courseTitle }: { courseTitle: string }) {
  const wall = useLoad(() => recognitionClient.wall());
  return (
    <div class="panel">
      <h2 id="rec-wall">{t('rec.wall', { course: courseTitle })}</h2>
      <p>{t('rec.wallLede')}</p>
      {wall.loading && !wall.data ? <Loading label={t('rec.wallLoading')} /> : null}
      {wall.error ? <ErrorState error={wall.error} onRetry={wall.reload} /> : null}
      {wall.data && !wall.data.entries.length ? <Empty title={t('rec.wallNone')} /> : null}
      {wall.data?.entries.length ? (
        <ul class="rows" aria-labelledby="rec-wall">
          {wall.data.entries.map((e) => (
            <li key={e.id} class="row">
              <div class="row-main">
                <p class="row-title">
                  {e.recipientName}: {e.title}
                </p>
                <p class="meta">{formatDate(e.earnedAt)}</p>
                <p>{e.citation ?? e.description}</p>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
