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

  const submit = (e: Event) => {
    e.preventDefault();
    if (!outcome) {
      setError(new ApiError({ code: 'validation_failed', message: 'Choose how it went.' }, 400));
      return;
    }
    if (guard.stop(note)) return;
    setBusy(true);
    setError(null);
    client.endorse(adaptationId, { outcome: outcome as Endorsement['outcome'], note }).then(
      (saved) => {
        setBusy(false);
        setNotice(mine ? 'Your update is saved.' : 'Thank you: colleagues now see that you tried it.');
        onSaved(saved);
      },
      (err: ApiError) => {
        setBusy(false);
        setError(err);
      },
    );
  };

  return (
    <form class="respond" aria-labelledby="tried-heading" onSubmit={submit} noValidate>
      <h2 id="tried-heading">I tried this</h2>
      {mine ? (
        <p>
          You said: <strong>{OUTCOME_LABEL[mine.outcome]}</strong>
          {mine.note ? ` — ${mine.note}` : ''}. You can update it.
        </p>
      ) : null}
      <fieldset>
        <legend>How did it go in your class?</legend>
        {ENDORSEMENT_OUTCOMES.map((o) => (
          <label key={o} class="radio">
            <input type="radio" name="tried-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />{' '}
            {OUTCOME_LABEL[o]}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="tried-note">What happened (optional)</label>
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
        {busy ? 'Saving…' : guard.concerns.length ? 'Share anyway' : mine ? 'Update' : 'Save'}
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

  const submit = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) {
      setError(new ApiError({ code: 'validation_failed', message: 'Write your feedback first.' }, 400));
      return;
    }
    if (guard.stop(text)) return;
    setBusy(true);
    setError(null);
    client.feedback(adaptationId, { type, text }).then(
      (sent) => {
        setBusy(false);
        setText('');
        guard.reset();
        setNotice('Your feedback was sent to the author.');
        onSent(sent);
      },
      (err: ApiError) => {
        setBusy(false);
        setError(err);
      },
    );
  };

  return (
    <form class="respond" aria-labelledby="feedback-form-heading" onSubmit={submit} noValidate>
      <h2 id="feedback-form-heading">Give feedback</h2>
      <fieldset>
        <legend>Kind of feedback</legend>
        {FEEDBACK_TYPES.map((t) => (
          <label key={t} class="radio">
            <input type="radio" name="feedback-type" value={t} checked={type === t} onChange={() => setType(t)} />{' '}
            {FEEDBACK_LABEL[t]}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="feedback-text">Your feedback</label>
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
        {busy ? 'Sending…' : guard.concerns.length ? 'Send anyway' : 'Send feedback'}
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
    stop(text: string): boolean {
      if (concerns.length) return false;
      const found = findPrivacyConcerns(text);
      setConcerns(found);
      return found.length > 0;
    },
    reset: () => setConcerns([]),
  };
}

function PrivacyWarning({ concerns }: { concerns: PrivacyConcern[] }) {
  if (!concerns.length) return null;
  return (
    <div class="state warning" role="alert">
      <p>Before you share, check this text: it may identify a student.</p>
      <ul>
        {concerns.map((c) => (
          <li key={`${c.index}-${c.kind}`}>
            “{c.text}”: {c.message}
          </li>
        ))}
      </ul>
      <p class="meta">Edit the text, or send it as it is if it does not identify anyone.</p>
    </div>
  );
}
