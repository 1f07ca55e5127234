import { i18n } from '#i18n';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FieldIssue } from '@margins/shared/errors';
import { endorsementLabel, feedbackTypeLabel } from '../../i18n/labels.js';
import { authorLine } from '../../i18n/social.js';
import { FEEDBACK_TYPE_IDS, TRIED_OUTCOME_IDS } from '../../i18n/vocabulary.js';
import type { Result } from '../../protocol/result.js';
import type { ColleagueAdaptation } from '../../protocol/views.js';
import { trapTab } from './focus.js';
import { concernsOf, PrivacyGuard } from './PrivacyGuard.js';

/** Props of {@link RespondDialog}. */
export interface RespondDialogProps {
  kind: 'endorse' | 'feedback';
  adaptation: ColleagueAdaptation;
  onSend: (choice: string, text: string, shareAnyway: boolean) => Promise<Result<unknown>>;
  onClose: () => void;
}

/**
 * "I tried this" (how it went, and an optional note; one per teacher, editable) or structured
 * feedback (what worked, a question, a suggestion) for a colleague's adaptation: a small modal
 * dialog with the privacy guard on the text before it leaves the machine.
 */
export function RespondDialog({ kind, adaptation: a, onSend, onClose }: RespondDialogProps) {
  const endorse = kind === 'endorse';
  const [choice, setChoice] = useState<string>(endorse ? (a.myEndorsement?.outcome ?? '') : '');
  const [text, setText] = useState(endorse ? (a.myEndorsement?.note ?? '') : '');
  const [error, setError] = useState('');
  const [guarding, setGuarding] = useState(false);
  /** What the background refused (its detector and the district's roster), issue 16. */
  const [refused, setRefused] = useState<FieldIssue[]>([]);
  const [sending, setSending] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // What had focus when the dialog opened, read while rendering: the effect below runs a frame later,
  // when a slow or background tab may already have moved focus elsewhere.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  useEffect(() => {
    heading.current?.focus();
    return () => {
      if (opener && opener !== document.body && opener.isConnected) opener.focus();
    };
  }, []);
  const field = {
    id: 'mg-respond-text',
    label: endorse ? i18n.t('colleague.noteLabel') : i18n.t('colleague.feedbackText'),
    text,
    issue: endorse ? 'note' : 'text',
  };
  const found = guarding ? concernsOf([field], refused) : [];
  const ids: readonly string[] = endorse ? TRIED_OUTCOME_IDS : FEEDBACK_TYPE_IDS;
  const label = endorse ? endorsementLabel : feedbackTypeLabel;

  const send = async (shareAnyway: boolean) => {
    if (!choice) return setError(endorse ? i18n.t('colleague.chooseOutcome') : i18n.t('colleague.chooseType'));
    if (!endorse && !text.trim()) return setError(i18n.t('colleague.writeFeedback'));
    if (!shareAnyway && concernsOf([field]).length) {
      setGuarding(true);
      setTimeout(() => dialog.current?.querySelector<HTMLElement>('.privacy')?.focus(), 0);
      return;
    }
    setError('');
    setSending(true);
    const result = await onSend(choice, text, shareAnyway);
    setSending(false);
    if (!result.ok) {
      if (result.error.issues?.some((i) => i.path.startsWith('privacy.'))) {
        setRefused(result.error.issues);
        setGuarding(true);
      } else setError(result.error.message);
    }
  };

  return (
    <div
      class="fixed dialog small"
      role="dialog"
      aria-modal="true"
      aria-labelledby="mg-respond-title"
      ref={dialog}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        } else if (e.key === 'Tab' && dialog.current) trapTab(e, dialog.current);
      }}
    >
      <header>
        <h2 id="mg-respond-title" tabIndex={-1} ref={heading}>
          {endorse ? i18n.t('colleague.endorseTitle') : i18n.t('colleague.feedbackTitle')}
        </h2>
        <button type="button" class="link" aria-label={i18n.t('form.close')} onClick={onClose}>
          ✕
        </button>
      </header>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send(false);
        }}
        noValidate
      >
        <p class="meta">{authorLine(a)}</p>
        <blockquote>{a.body.length > 300 ? `${a.body.slice(0, 300)}…` : a.body}</blockquote>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <fieldset>
          <legend>{endorse ? i18n.t('colleague.outcomeLegend') : i18n.t('colleague.feedbackType')}</legend>
          {ids.map((id) => (
            <label class="choice" key={id}>
              <input
                type="radio"
                name="mg-respond-choice"
                value={id}
                checked={choice === id}
                onChange={() => setChoice(id)}
              />
              <span>{label(id)}</span>
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="mg-respond-text">{field.label}</label>
          <textarea
            id="mg-respond-text"
            rows={4}
            maxLength={2000}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <PrivacyGuard
          found={found}
          onShareAnyway={() => void send(true)}
          onEdit={() => dialog.current?.querySelector<HTMLElement>('#mg-respond-text')?.focus()}
        />
      </form>
      <footer>
        <button type="button" class="primary" disabled={sending} onClick={() => void send(false)}>
          {sending ? i18n.t('colleague.sending') : endorse ? i18n.t('colleague.saveTried') : i18n.t('colleague.send')}
        </button>
        <button type="button" onClick={onClose}>
          {i18n.t('form.cancel')}
        </button>
      </footer>
    </div>
  );
}
