import { useState } from 'preact/hooks';
import {
  ENDORSEMENT_OUTCOMES,
  FEEDBACK_TYPES,
  findPrivacyConcerns,
  type Endorsement,
  type Feedback,
  type PrivacyConcern,
} from '@margins/shared';
import { ApiError, client } from '../api.js';
import { FEEDBACK_LABEL, OUTCOME_LABEL } from '../labels.js';
import { ErrorState } from './States.js';
import { useUnsavedChanges } from '../unsaved.js';
import { t } from '../i18n/index.js';

/** Props of {@link TriedThis}. */
export type TriedThisProps = { adaptationId: string; mine: Endorsement | null; onSaved: (e: Endorsement) => void };

/** "I tried this": how it went in the teacher's class, with an optional note; sending again updates it. */
export function TriedThis({ adaptationId, mine, onSaved }: TriedThisProps) {
  const [outcome, setOutcome] = useState<string>(mine?.outcome ?? '');
  const [note, setNote] = useState(mine?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const guard = usePrivacyGuard();
  useUnsavedChanges(note.trim() !== '' && note !== (mine?.note ?? ''), t('unsaved.triedNote'));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!outcome) {
      setError(new ApiError({ code: 'validation_failed', message: t('respond.chooseOutcome') }, 400));
      return;
    }
    if (await guard.stop(note)) return;
    setBusy(true);
    setError(null);
    client.endorse(adaptationId, { outcome: outcome as Endorsement['outcome'], note }).then(
      (saved) => {
        setBusy(false);
        setNotice(mine ? t('respond.updated') : t('respond.thanks'));
        onSaved(saved);
      },
      (err: ApiError) => {
        setBusy(false);
        setError(err);
      },
    );
  };

  return (
    <form class="respond" aria-labelledby="tried-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="tried-heading">{t('respond.tried')}</h2>
      {mine ? (
        <p>
          {t('respond.youSaid')} <strong>{OUTCOME_LABEL[mine.outcome]}</strong>
          {mine.note ? ` — ${mine.note}` : ''}. {t('respond.canUpdate')}
        </p>
      ) : null}
      <fieldset>
        <legend>{t('respond.how')}</legend>
        {ENDORSEMENT_OUTCOMES.map((o) => (
          <label key={o} class="radio">
            <input type="radio" name="tried-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />{' '}
            {OUTCOME_LABEL[o]}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="tried-note">{t('respond.what')}</label>
        <textarea
          id="tried-note"
          rows={3}
          maxLength={2000}
          value={note}
          onInput={(e) => {
            setNote(e.currentTarget.value);
            guard.reset();
          }}
        />
      </div>
      <PrivacyWarning concerns={guard.concerns} />
      {error ? <ErrorState error={error} /> : null}
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      <button type="submit" class="primary" disabled={busy}>
        {busy
          ? t('fa.saving')
          : guard.concerns.length
            ? t('respond.shareAnyway')
            : mine
              ? t('respond.update')
              : t('sharing.save')}
      </button>
    </form>
  );
}

/** Props of {@link GiveFeedback}. */
export type GiveFeedbackProps = { adaptationId: string; onSent: (f: Feedback) => void };

/** Structured feedback: what worked, a question, or a suggestion. */
export function GiveFeedback({ adaptationId, onSent }: GiveFeedbackProps) {
  const [type, setType] = useState<Feedback['type']>('what-worked');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const guard = usePrivacyGuard();
  useUnsavedChanges(text.trim() !== '', t('unsaved.feedback'));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) {
      setError(new ApiError({ code: 'validation_failed', message: t('respond.writeFirst') }, 400));
      return;
    }
    if (await guard.stop(text)) return;
    setBusy(true);
    setError(null);
    client.feedback(adaptationId, { type, text }).then(
      (sent) => {
        setBusy(false);
        setText('');
        guard.reset();
        setNotice(t('respond.sent'));
        onSent(sent);
      },
      (err: ApiError) => {
        setBusy(false);
        setError(err);
      },
    );
  };

  return (
    <form class="respond" aria-labelledby="feedback-form-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="feedback-form-heading">{t('respond.give')}</h2>
      <fieldset>
        <legend>{t('respond.kind')}</legend>
        {FEEDBACK_TYPES.map((ft) => (
          <label key={ft} class="radio">
            <input type="radio" name="feedback-type" value={ft} checked={type === ft} onChange={() => setType(ft)} />{' '}
            {FEEDBACK_LABEL[ft]}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="feedback-text">{t('respond.yours')}</label>
        <textarea
          id="feedback-text"
          rows={3}
          maxLength={2000}
          required
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            guard.reset();
          }}
        />
      </div>
      <PrivacyWarning concerns={guard.concerns} />
      {error ? <ErrorState error={error} /> : null}
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('respond.sending') : guard.concerns.length ? t('respond.sendAnyway') : t('respond.send')}
      </button>
    </form>
  );
}

/**
 * The privacy guard before text leaves for colleagues: the first submit of a text that seems to name
 * a student (or holds an email or ID number) stops and says so; editing clears it; submitting again
 * sends as written (the teacher decides).
 */
function usePrivacyGuard() {
  const [concerns, setConcerns] = useState<PrivacyConcern[]>([]);
  return {
    concerns,
    /** True when sending should stop to show the warning. */
    async stop(text: string): Promise<boolean> {
      if (concerns.length) return false;
      const found = await concernsOf(text);
      setConcerns(found);
      return found.length > 0;
    },
    reset: () => setConcerns([]),
  };
}

/**
 * The tool's check (issue 16): the learners of the writer's courses (NRPS) and the name detector;
 * the cue-word check here when the tool cannot answer (offline, rate limited), so nothing is skipped.
 */
async function concernsOf(text: string): Promise<PrivacyConcern[]> {
  if (!text.trim()) return [];
  try {
    const { findings } = await client.privacyCheck({ fields: { text } });
    return findings.map((f) => ({
      kind: f.kind,
      index: f.index,
      text: text.slice(f.index, f.index + f.length),
      message:
        f.source === 'roster'
          ? t('respond.roster')
          : f.kind === 'student-name'
            ? t('respond.studentName')
            : t('respond.personal'),
    }));
  } catch {
    return findPrivacyConcerns(text);
  }
}

function PrivacyWarning({ concerns }: { concerns: PrivacyConcern[] }) {
  if (!concerns.length) return null;
  return (
    <div class="state warning" role="alert">
      <p>{t('respond.check')}</p>
      <ul>
        {concerns.map((c) => (
          <li key={`${c.index}-${c.kind}`}>
            “{c.text}”: {c.message}
          </li>
        ))}
      </ul>
      <p class="meta">{t('respond.checkHint')}</p>
    </div>
  );
}
