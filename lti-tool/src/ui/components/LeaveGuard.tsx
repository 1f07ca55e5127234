import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index.js';
import { answerLeave, usePendingLeave } from '../unsaved.js';

/**
 * Asks before leaving a view with unsaved text (unsaved.ts): a modal dialog naming what would be lost,
 * with "Stay" (the default, focused first, and what Escape does) and "Leave without saving".
 */
export function LeaveGuard() {
  const request = usePendingLeave();
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (request && !d.open) {
      d.showModal();
      stay.current?.focus();
    } else if (!request && d.open) d.close();
  }, [request]);

  return (
    <dialog
      ref={dialog}
      class="leave-guard"
      aria-labelledby="leave-heading"
      aria-describedby="leave-what"
      onCancel={(e) => {
        e.preventDefault();
        answerLeave(false);
      }}
    >
      <h2 id="leave-heading">{t('leave.title')}</h2>
      <div id="leave-what">
        <p>{t('leave.body')}</p>
        <ul>
          {request?.what.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      </div>
      <div class="actions">
        <button type="button" class="primary" ref={stay} onClick={() => answerLeave(false)}>
          {t('leave.stay')}
        </button>
        <button type="button" class="danger" onClick={() => answerLeave(true)}>
          {t('leave.leave')}
        </button>
      </div>
    </dialog>
  );
}
