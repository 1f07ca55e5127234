import { i18n } from '#i18n';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendCommand } from '../protocol/client.js';
import type { ConnectionPreview, ConnectionView } from '../protocol/views.js';
import { defaultDeviceName } from './device-name.js';

/** Props of {@link ConnectForm}. */
export interface ConnectFormProps {
  /** The address and code the Margins page handed over in one click (see listenForHandover); the form then starts at the question. */
  handedOver?: { toolUrl: string; code: string } | null;
  /** Called once this browser is connected. */
  onConnected: (view: ConnectionView) => void;
  /** Called when the teacher cancels the question (one-click path). */
  onCancel?: () => void;
}

/**
 * Connecting this browser to a district: the Margins address and the code (typed, or handed over
 * by the LMS page in one click), then a question that says who and where ("Connect this browser to
 * Riverside USD as Ana Lima?") before the code is spent, so a page cannot connect the teacher's
 * browser to someone else's account unnoticed.
 */
export function ConnectForm({ handedOver, onConnected, onCancel }: ConnectFormProps) {
  const [toolUrl, setToolUrl] = useState(handedOver?.toolUrl ?? '');
  const [code, setCode] = useState(handedOver?.code ?? '');
  const [deviceName, setDeviceName] = useState(defaultDeviceName());
  const [sendPrivate, setSendPrivate] = useState(false);
  const [preview, setPreview] = useState<ConnectionPreview | null>(null);
  const [busy, setBusy] = useState<'checking' | 'connecting' | null>(handedOver ? 'checking' : null);
  const [error, setError] = useState<{ message: string; field?: 'toolUrl' | 'code' } | null>(null);
  const question = useRef<HTMLHeadingElement>(null);
  const errorBox = useRef<HTMLParagraphElement>(null);

  const check = async (url = toolUrl, c = code) => {
    setBusy('checking');
    setError(null);
    const result = await sendCommand({ type: 'previewConnection', toolUrl: url, code: c });
    setBusy(null);
    if (result.ok) {
      setPreview(result.value);
      setTimeout(() => question.current?.focus(), 0);
    } else {
      const field =
        result.error.issues?.some((i) => i.path === 'toolUrl') || result.error.code === 'unavailable'
          ? 'toolUrl'
          : 'code';
      setError({ message: result.error.message, field });
      setTimeout(() => errorBox.current?.focus(), 0);
    }
  };
  useEffect(() => {
    if (handedOver) void check(handedOver.toolUrl, handedOver.code);
  }, []);

  const connect = async () => {
    if (!preview) return;
    setBusy('connecting');
    setError(null);
    const result = await sendCommand({
      type: 'connect',
      toolUrl: preview.toolUrl,
      code,
      deviceName: deviceName.trim() || defaultDeviceName(),
      sendPrivate,
    });
    setBusy(null);
    if (result.ok) onConnected(result.value);
    else {
      setPreview(null);
      setError({ message: result.error.message, field: 'code' });
      setTimeout(() => errorBox.current?.focus(), 0);
    }
  };

  if (preview) {
    return (
      <section class="connect" aria-labelledby="connect-question">
        <h2 id="connect-question" tabIndex={-1} ref={question}>
          {i18n.t('connect.confirmTitle', [preview.district, preview.user])}
        </h2>
        <p class="pair-address">
          <span>{i18n.t('connect.addressLabel')}</span> <strong>{preview.toolUrl}</strong>
        </p>
        {preview.firstTime && (
          <p class="notice" role="note">
            {i18n.t('connect.firstTime')}
          </p>
        )}
        <p>{preview.course ? i18n.t('connect.confirmCourse', [preview.course]) : i18n.t('connect.confirmNoCourse')}</p>
        <h3>{i18n.t('connect.sendHeading')}</h3>
        <ul>
          <li>{i18n.t('connect.sendShared', preview.send.shared)}</li>
          <li>{i18n.t('connect.sendPrivateStays', preview.send.private)}</li>
        </ul>
        <div class="field checkbox">
          <input
            id="send-private"
            type="checkbox"
            checked={sendPrivate}
            onChange={(e) => setSendPrivate(e.currentTarget.checked)}
          />
          <label for="send-private">{i18n.t('connect.sendPrivate')}</label>
        </div>
        <div class="field">
          <label for="device-name">{i18n.t('connect.deviceName')}</label>
          <input
            id="device-name"
            type="text"
            maxLength={100}
            value={deviceName}
            onInput={(e) => setDeviceName(e.currentTarget.value)}
          />
        </div>
        <p class="muted">{i18n.t('connect.notYou')}</p>
        <div class="row">
          <button type="button" class="primary" disabled={busy !== null} onClick={() => void connect()}>
            {busy === 'connecting' ? i18n.t('connect.connecting') : i18n.t('connect.connect')}
          </button>
          <button
            type="button"
            onClick={() => {
              setPreview(null);
              onCancel?.();
            }}
          >
            {i18n.t('connect.cancel')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <form
      class="connect"
      onSubmit={(e) => {
        e.preventDefault();
        void check();
      }}
      noValidate
      aria-labelledby="connect-heading"
    >
      <h2 id="connect-heading">{i18n.t('connect.heading')}</h2>
      <p class="muted">{i18n.t('connect.intro')}</p>
      {error && (
        <p class="error" role="alert" tabIndex={-1} ref={errorBox}>
          {error.message}
        </p>
      )}
      <div class="field">
        <label for="tool-url">{i18n.t('connect.toolUrl')}</label>
        <p class="muted hint" id="tool-url-hint">
          {i18n.t('connect.toolUrlHint')}
        </p>
        <input
          id="tool-url"
          type="url"
          inputMode="url"
          autoComplete="url"
          value={toolUrl}
          aria-describedby="tool-url-hint"
          aria-invalid={error?.field === 'toolUrl' ? 'true' : undefined}
          onInput={(e) => setToolUrl(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="pair-code">{i18n.t('connect.code')}</label>
        <p class="muted hint" id="pair-code-hint">
          {i18n.t('connect.codeHint')}
        </p>
        <input
          id="pair-code"
          type="text"
          autoComplete="one-time-code"
          spellcheck={false}
          maxLength={20}
          value={code}
          aria-describedby="pair-code-hint"
          aria-invalid={error?.field === 'code' ? 'true' : undefined}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </div>
      <button type="submit" class="primary" disabled={busy !== null}>
        {busy === 'checking' ? i18n.t('connect.checking') : i18n.t('connect.check')}
      </button>
    </form>
  );
}
