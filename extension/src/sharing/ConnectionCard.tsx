import { i18n } from '#i18n';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendCommand } from '../protocol/client.js';
import type { SyncStatus } from '../protocol/views.js';
import { ConnectForm } from './ConnectForm.js';

/** Props of {@link ConnectionCard}. */
export interface ConnectionCardProps {
  status: SyncStatus | null;
  /** Asks for the status again (after connecting or disconnecting). */
  refresh: () => Promise<void>;
}

/**
 * This browser's connection and sync, in the panel's Sharing view (the status line is at the top
 * of the panel): connected to whom and where, "Sync now", and Disconnect (asked twice); or the way to connect (typed
 * address and code), with the reason when the district disconnected this browser.
 */
export function ConnectionCard({ status, refresh }: ConnectionCardProps) {
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);
  if (!status) return <p role="status">{i18n.t('panel.loading')}</p>;
  const c = status.connection;

  const disconnect = async () => {
    setConfirming(false);
    const result = await sendCommand({ type: 'disconnect' });
    setMessage(result.ok ? i18n.t('connect.disconnected') : result.error.message);
    await refresh();
  };
  const syncNow = async () => {
    setBusy(true);
    const result = await sendCommand({ type: 'syncNow' });
    setBusy(false);
    if (!result.ok) setMessage(result.error.message);
    await refresh();
  };

  if (c.state !== 'connected') {
    return (
      <div>
        {c.state === 'disconnected' && (
          <div class="notice" role="alert">
            <p>
              <strong>{i18n.t('sync.disconnected', [c.district])}</strong>
            </p>
            <p>{c.reason}</p>
          </div>
        )}
        {message && <p role="status">{message}</p>}
        <ConnectForm
          onConnected={(view) => {
            setMessage(view.state === 'connected' ? i18n.t('connect.connected', [view.district, view.user]) : '');
            void refresh();
            setTimeout(() => heading.current?.focus(), 0);
          }}
        />
      </div>
    );
  }

  return (
    <section class="connection" aria-labelledby="connection-heading">
      <h2 id="connection-heading" tabIndex={-1} ref={heading}>
        {i18n.t('connect.connected', [c.district, c.user])}
      </h2>
      <p class="muted">
        {c.course ? i18n.t('connect.connectedCourse', [c.course]) : i18n.t('connect.confirmNoCourse')}
      </p>
      <p class="muted">{i18n.t('connect.confirmAddress', [c.toolUrl])}</p>
      {status.nextAttemptAt && (
        <p class="muted">{i18n.t('sync.nextAttempt', [new Date(status.nextAttemptAt).toLocaleTimeString()])}</p>
      )}
      {message && <p role="status">{message}</p>}
      <div class="row">
        <button type="button" disabled={busy || status.state === 'syncing'} onClick={() => void syncNow()}>
          {i18n.t('sync.now')}
        </button>
        {confirming ? (
          <span role="group" aria-label={i18n.t('connect.disconnectConfirm')}>
            <span class="muted">{i18n.t('connect.disconnectConfirm')} </span>
            <button type="button" class="danger" ref={yes} onClick={() => void disconnect()}>
              {i18n.t('connect.disconnectYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {i18n.t('connect.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            {i18n.t('connect.disconnect')}
          </button>
        )}
      </div>
    </section>
  );
}
