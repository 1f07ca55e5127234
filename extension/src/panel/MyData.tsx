import { i18n } from '#i18n';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendCommand } from '../protocol/client.js';
import type { SyncStatus } from '../protocol/views.js';
import { saveFile } from './save-file.js';

/** Props of {@link MyData}. */
export interface MyDataProps {
  status: SyncStatus | null;
  /** Asks for the status again (after the account was deleted and the browser disconnected). */
  refresh: () => Promise<void>;
}

/**
 * "My data" in the browser (issue 16): download everything this browser keeps as one JSON file and,
 * when connected, delete the account from the district after an explicit confirmation (a choice for
 * the recognition badges and the typed confirmation word). Afterwards the browser is disconnected and
 * keeps the teacher's own adaptations.
 */
export function MyData({ status, refresh }: MyDataProps) {
  const [message, setMessage] = useState('');
  const [asking, setAsking] = useState(false);
  const [choice, setChoice] = useState<'revoke' | 'keep' | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const first = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) first.current?.focus();
  }, [asking]);
  const connected = status?.connection.state === 'connected' ? status.connection : null;
  const word = i18n.t('myData.word');
  const ready = choice !== null && typed.trim().toLocaleLowerCase() === word.toLocaleLowerCase();

  const download = async () => {
    const result = await sendCommand({ type: 'exportMyData' });
    if (!result.ok) return setMessage(result.error.message);
    saveFile(result.value.json, result.value.fileName, 'application/json');
    setMessage(i18n.t('myData.downloaded'));
  };
  const cancel = () => {
    setAsking(false);
    setChoice(null);
    setTyped('');
    setError('');
    opener.current?.focus();
  };
  const remove = async () => {
    if (busy) return;
    if (!ready) return setError(choice === null ? i18n.t('myData.chooseFirst') : i18n.t('myData.typeFirst', [word]));
    setBusy(true);
    setError('');
    const result = await sendCommand({ type: 'deleteAccount', recognitions: choice });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setAsking(false);
    setMessage(i18n.t('myData.deleted', [String(result.value.adaptationsWithdrawn)]));
    await refresh();
  };

  return (
    <section aria-labelledby="mydata-heading">
      <h2 id="mydata-heading">{i18n.t('myData.heading')}</h2>
      <p class="muted">{i18n.t('myData.hint')}</p>
      <button type="button" class="primary" onClick={() => void download()}>
        {i18n.t('myData.download')}
      </button>
      <p role="status">{message}</p>
      {connected && !asking && (
        <>
          <h3>{i18n.t('myData.deleteHeading', [connected.district])}</h3>
          <p class="muted">{i18n.t('myData.deleteHint')}</p>
          <button type="button" class="danger" ref={opener} onClick={() => setAsking(true)}>
            {i18n.t('myData.deleteOpen')}
          </button>
        </>
      )}
      {connected && asking && (
        <form
          class="confirm-delete"
          aria-labelledby="delete-confirm-heading"
          onSubmit={(e) => {
            e.preventDefault();
            void remove();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !busy) {
              e.preventDefault();
              cancel();
            }
          }}
        >
          <h3 id="delete-confirm-heading">{i18n.t('myData.confirmHeading', [connected.district])}</h3>
          <ul>
            <li>{i18n.t('myData.goShared')}</li>
            <li>{i18n.t('myData.goRemixes')}</li>
            <li>{i18n.t('myData.stayLocal')}</li>
          </ul>
          <fieldset>
            <legend>{i18n.t('myData.recognitions')}</legend>
            {(['revoke', 'keep'] as const).map((c, i) => (
              <label key={c}>
                <input
                  type="radio"
                  name="delete-recognitions"
                  value={c}
                  ref={i === 0 ? first : undefined}
                  checked={choice === c}
                  onChange={() => setChoice(c)}
                />{' '}
                {i18n.t(c === 'revoke' ? 'myData.revoke' : 'myData.keep')}
              </label>
            ))}
          </fieldset>
          <label for="delete-word" class="label">
            {i18n.t('myData.typeLabel', [word])}
          </label>
          <input
            id="delete-word"
            autoComplete="off"
            spellcheck={false}
            maxLength={40}
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <p role="status">{busy ? i18n.t('myData.deleting') : ''}</p>
          <div class="actions">
            <button type="button" onClick={cancel} disabled={busy}>
              {i18n.t('myData.cancel')}
            </button>
            <button type="submit" class="danger" aria-disabled={ready && !busy ? undefined : 'true'}>
              {i18n.t('myData.deleteConfirm')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
