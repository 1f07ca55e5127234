import { useState } from 'preact/hooks';
import type { SharedAdaptation } from '@margins/shared';
import { type ApiError, coachClient } from '../api.js';
import { formatDate } from '../labels.js';
import { useLoad } from '../use-load.js';
import { ErrorState } from './States.js';
import { t } from '../i18n/index.js';

/** Props of {@link PracticeCuration}. */
export type PracticeCurationProps = { adaptation: SharedAdaptation; isCoach: boolean };

/**
 * Beside a practice's detail: its author sees the coach's decision on sharing it with other
 * districts; a coach can feature it (with a reason) and add it to one of their collections.
 */
export function PracticeCuration({ adaptation, isCoach }: PracticeCurationProps) {
  const showReview = adaptation.mine && adaptation.visibility === 'network';
  return (
    <>
      {showReview ? <NetworkReviewNote id={adaptation.id} /> : null}
      {isCoach && adaptation.visibility !== 'private' ? <CoachActions adaptation={adaptation} /> : null}
    </>
  );
}

function NetworkReviewNote({ id }: { id: string }) {
  const r = useLoad(() => coachClient.networkReview(id).then((x) => x.review), [id]);
  if (!r.data) return null;
  const review = r.data;
  return (
    <div class={`state ${review.decision === 'declined' ? 'error' : ''}`}>
      <p>
        <strong>{review.decision === 'approved' ? t('pc.approved') : t('pc.notApproved')}</strong>{' '}
        {t('pc.reviewBy', { name: review.reviewer.name, date: formatDate(review.at) })}
        {review.decision === 'declined' ? ` ${t('pc.staysInDistrict')}` : ''}
      </p>
      {review.note ? <p class="prose">“{review.note}”</p> : null}
    </div>
  );
}

function CoachActions({ adaptation }: { adaptation: SharedAdaptation }) {
  const featured = useLoad(
    () => coachClient.featured().then((r) => r.featured.find((f) => f.adaptation.id === adaptation.id) ?? null),
    [adaptation.id],
  );
  const collections = useLoad(() => coachClient.collections('all').then((r) => r.collections));
  const [reason, setReason] = useState('');
  const [collectionId, setCollectionId] = useState('');
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const title = adaptation.page.title || t('pc.thisPractice');
  const fail = (e: ApiError) => setError(e);

  return (
    <section class="panel" aria-labelledby="pc-heading">
      <h2 id="pc-heading">{t('pc.heading')}</h2>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
      {featured.data ? (
        <div>
          <p>{t('pc.featured', { reason: featured.data.reason, name: featured.data.featuredBy.name })}</p>
          <button
            type="button"
            onClick={() =>
              void coachClient.unfeature(adaptation.id).then(() => {
                setNotice(t('fm.stopped', { title }));
                featured.set(null);
              }, fail)
            }
          >
            {t('fm.stop')}
          </button>
        </div>
      ) : featured.loading ? null : (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            coachClient.feature(adaptation.id, reason).then((f) => {
              featured.set(f);
              setNotice(t('pc.featuredNotice', { title }));
              setReason('');
            }, fail);
          }}
        >
          <div class="field">
            <label for="pc-reason">{t('pc.why')}</label>
            <textarea
              id="pc-reason"
              rows={2}
              maxLength={500}
              required
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </div>
          <div class="actions">
            <button type="submit">{t('pc.feature')}</button>
          </div>
        </form>
      )}
      {collections.data?.length ? (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!collectionId) return;
            setError(null);
            const name = collections.data!.find((c) => c.id === collectionId)?.title ?? t('pc.theCollection');
            coachClient.addItem(collectionId, adaptation.id, note).then(() => {
              setNotice(t('pc.added', { title, name }));
              setNote('');
            }, fail);
          }}
        >
          <div class="field">
            <label for="pc-collection">{t('pc.addTo')}</label>
            <select id="pc-collection" value={collectionId} onChange={(e) => setCollectionId(e.currentTarget.value)}>
              <option value="">{t('pc.choose')}</option>
              {collections.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                  {c.status === 'draft' ? ` (${t('pc.draft')})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="pc-note">{t('pc.note')}</label>
            <textarea
              id="pc-note"
              rows={2}
              maxLength={2000}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </div>
          <div class="actions">
            <button type="submit" aria-disabled={!collectionId ? 'true' : undefined}>
              {t('pc.add')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
