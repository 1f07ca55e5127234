import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountDeletionResult } from '@margins/shared';
import { client, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { ErrorState } from './States.js';

/** Whose account the dialog deletes: the person signed in, or someone a district admin found. */
export type DeletionTarget = { kind: 'me' } | { kind: 'person'; userId: string; name: string };

/** Props of {@link DeleteAccountDialog}. */
export type DeleteAccountDialogProps = {
  target: DeletionTarget;
  /** Called after the deletion committed, with what it did. */
  onDeleted: (result: AccountDeletionResult) => void;
  /** Called when the dialog closes without deleting (focus goes back to what opened it). */
  onClose: () => void;
};

/**
 * Deleting an account (issue 16): a modal dialog that says what goes and what stays, asks what to do
 * with the recognitions (revoke or keep), and deletes only after the person types the confirmation
 * word of their language. "Cancel" is focused first and is what Escape does; everything is reachable
 * by keyboard, and the delete button explains itself while it cannot be used yet.
 */
export function DeleteAccountDialog({ target, onDeleted, onClose }: DeleteAccountDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [choice, setChoice] = useState<'revoke' | 'keep' | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [hint, setHint] = useState('');
  const word = t('deletion.word');
  const ready = choice !== null && typed.trim().toLocaleLowerCase() === word.toLocaleLowerCase();
  const mine = target.kind === 'me';

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    cancel.current?.focus();
    return () => d?.close();
  }, []);

  // Closes the modal first, so the caller can give focus back to what opened it.
  const finish = () => {
    dialog.current?.close();
    onClose();
  };

  const submit = () => {
    if (busy) return;
    if (!ready) return setHint(choice === null ? t('deletion.chooseFirst') : t('deletion.typeFirst', { word }));
    setBusy(true);
    setError(null);
    (mine ? client.deleteMyAccount(choice) : client.deletePerson(target.userId, choice)).then(
      (result) => {
        setBusy(false);
        dialog.current?.close();
        onDeleted(result);
      },
      (e: ApiError) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <dialog
      ref={dialog}
      class="leave-guard delete-account"
      aria-labelledby="del-heading"
      aria-describedby="del-what"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) finish();
      }}
    >
      <h2 id="del-heading">{mine ? t('deletion.titleMine') : t('deletion.titlePerson', { name: target.name })}</h2>
      <div id="del-what">
        <p>{mine ? t('deletion.introMine') : t('deletion.introPerson')}</p>
        <ul>
          <li>{t('deletion.goAdaptations')}</li>
          <li>{t('deletion.goRemixes')}</li>
          <li>{t('deletion.goSaid')}</li>
          <li>{t('deletion.goDevices')}</li>
          <li>{t('deletion.stayMetrics')}</li>
          <li>{t('deletion.stayLocal')}</li>
        </ul>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <fieldset>
          <legend>{t('deletion.recognitions')}</legend>
          {(['revoke', 'keep'] as const).map((c) => (
            <label key={c} class="choice">
              <input
                type="radio"
                name="del-recognitions"
                value={c}
                checked={choice === c}
                onChange={() => {
                  setChoice(c);
                  setHint('');
                }}
              />{' '}
              {c === 'revoke' ? t('deletion.revoke') : t('deletion.keep')}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="del-confirm">{t('deletion.typeLabel', { word })}</label>
          <input
            id="del-confirm"
            autoComplete="off"
            spellcheck={false}
            value={typed}
            maxLength={40}
            onInput={(e) => {
              setTyped(e.currentTarget.value);
              setHint('');
            }}
          />
        </div>
        <p class="meta" role="status" aria-live="polite">
          {busy ? t('deletion.deleting') : hint}
        </p>
        {error ? <ErrorState error={error} /> : null}
        <div class="actions">
          <button type="button" class="primary" ref={cancel} disabled={busy} onClick={finish}>
            {t('deletion.cancel')}
          </button>
          <button type="submit" class="danger" id="del-submit" aria-disabled={ready && !busy ? undefined : 'true'}>
            {mine ? t('deletion.submitMine') : t('deletion.submitPerson')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** What a finished deletion did, in one sentence. */
export function deletionSummary(r: AccountDeletionResult): string {
  return t('deletion.done', {
    adaptations: String(r.adaptationsWithdrawn),
    devices: String(r.devicesDisconnected),
    recognitions: String(r.recognitionsRevoked + r.recognitionsKept),
  });
}
