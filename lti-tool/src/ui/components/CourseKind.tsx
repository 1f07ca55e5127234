import { useState } from 'preact/hooks';
import { type ApiError, coachClient } from '../api.js';
import { t } from '../i18n/index.js';
import { ErrorState } from './States.js';

/** Props of {@link CourseKind}. */
export type CourseKindProps = { courseTitle: string; professionalLearning: boolean };

/**
 * Coaches and district admins: mark the course they launched from as a professional-learning course
 * (PD, PLC), where the teachers taking part are enrolled as learners and get in as teachers.
 */
export function CourseKind({ courseTitle, professionalLearning }: CourseKindProps) {
  const [on, setOn] = useState(professionalLearning);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');

  const change = (next: boolean) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    coachClient.setCourseKind(next).then(
      (r) => {
        setOn(r.professionalLearning);
        setBusy(false);
        setNotice(t(r.professionalLearning ? 'courseKind.savedOn' : 'courseKind.savedOff'));
      },
      (e: ApiError) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <section aria-labelledby="ck-heading">
      <h2 id="ck-heading">{t('courseKind.heading')}</h2>
      <p class="meta">{t('courseKind.explain', { course: courseTitle })}</p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={on}
            aria-disabled={busy ? 'true' : undefined}
            onChange={(e) => change(e.currentTarget.checked)}
          />{' '}
          {t('courseKind.label')}
        </label>
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}
    </section>
  );
}
