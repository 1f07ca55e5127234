import { i18n } from '#i18n';
import { useRef, useState } from 'preact/hooks';
import type { ConnectionView } from '../protocol/views.js';
import { ConnectForm } from '../sharing/ConnectForm.js';
import { SyncBadge } from '../sharing/SyncBadge.js';
import { useSyncStatus } from '../sharing/use-sync-status.js';

/** What the LMS page handed over in pair.html's fragment. */
export interface Handover {
  toolUrl: string;
  code: string;
}

/**
 * Reads `#tool=<address>&code=<code>` and removes it from the address bar and the session history
 * at once, so the code is not left where a screenshot, a shared screen or the history could show
 * it. (A fragment is never sent to a server.) Null when the page was opened without one.
 */
export function takeHandover(win: Window): Handover | null {
  const hash = win.location.hash.slice(1);
  if (!hash) return null;
  win.history.replaceState(null, '', win.location.pathname);
  const params = new URLSearchParams(hash);
  const toolUrl = params.get('tool')?.slice(0, 2_000) ?? '';
  const code = params.get('code')?.slice(0, 40) ?? '';
  return toolUrl && code ? { toolUrl, code } : null;
}

/** Props of {@link PairApp}. */
export interface PairAppProps {
  handover: Handover | null;
  /** True when another page shows this one in a frame: then it refuses to connect (no clickjacking). */
  framed: boolean;
}

/**
 * pair.html: where the LMS's "Connect this browser" lands (one click), and where the popup's
 * "Connect to your district" opens (typed address and code). Asks before connecting, says the
 * result, and shows the connection when there is one.
 */
export function PairApp({ handover, framed }: PairAppProps) {
  const { status, refresh } = useSyncStatus();
  const [done, setDone] = useState<ConnectionView | null>(null);
  const [declined, setDeclined] = useState(false);
  const result = useRef<HTMLHeadingElement>(null);
  if (framed)
    return (
      <main>
        <h1>{i18n.t('connect.pageTitle')}</h1>
        <p class="error">{i18n.t('connect.framed')}</p>
      </main>
    );
  const connected = done ?? (status?.connection.state === 'connected' ? status.connection : null);

  return (
    <main>
      <h1>{i18n.t('connect.pageTitle')}</h1>
      {done?.state === 'connected' ? (
        <section aria-labelledby="pair-result">
          <h2 id="pair-result" tabIndex={-1} ref={result}>
            {i18n.t('connect.connected', [done.district, done.user])}
          </h2>
          <p>{i18n.t('connect.connectedDone')}</p>
          {done.course && <p class="muted">{i18n.t('connect.connectedCourse', [done.course])}</p>}
          <SyncBadge status={status} />
        </section>
      ) : (
        <>
          {connected?.state === 'connected' && (
            <p class="notice">{i18n.t('connect.connected', [connected.district, connected.user])}</p>
          )}
          {status && status.connection.state === 'disconnected' && (
            <div class="notice" role="alert">
              <p>{status.connection.reason}</p>
            </div>
          )}
          {declined ? <p role="status">{i18n.t('connect.declined')}</p> : null}
          <ConnectForm
            handedOver={declined ? null : handover}
            onCancel={() => setDeclined(true)}
            onConnected={(view) => {
              setDone(view);
              void refresh();
              setTimeout(() => result.current?.focus(), 0);
            }}
          />
        </>
      )}
    </main>
  );
}
