import { i18n } from '#i18n';
import { useRef, useState } from 'preact/hooks';
import { PAIR_CODE, PAIR_READY } from '@margins/shared/extension-ids';
import type { ConnectionView } from '../protocol/views.js';
import { ConnectForm } from '../sharing/ConnectForm.js';
import { SyncBadge } from '../sharing/SyncBadge.js';
import { useSyncStatus } from '../sharing/use-sync-status.js';

/** What the Margins page that opened pair.html handed over (by postMessage, see {@link listenForHandover}). */
export interface Handover {
  toolUrl: string;
  code: string;
}

/** The outcome of a handover: accepted, or refused because another site sent it. */
export type HandoverOutcome = { ok: true; handover: Handover } | { ok: false; from: string; toolUrl: string };

/**
 * The one-click connection (issue 12, item 5). pair.html is web-accessible, so any site can open it;
 * what a site cannot fake is its own origin. So the address and code are not read from the URL: the
 * page that opened this one (window.opener) is asked for them by postMessage, and its answer is taken
 * only when the browser-reported origin of the sender is the origin of the Margins address it names,
 * i.e. when the Margins page itself asks. Anything else is refused and said. Returns a function that
 * stops listening.
 */
export function listenForHandover(win: Window, done: (outcome: HandoverOutcome) => void): () => void {
  const opener = win.opener as Window | null;
  if (!opener) return () => undefined;
  const onMessage = (e: MessageEvent) => {
    if (e.source !== opener) return;
    const data = e.data as { type?: unknown; toolUrl?: unknown; code?: unknown } | null;
    if (data?.type !== PAIR_CODE || typeof data.toolUrl !== 'string' || typeof data.code !== 'string') return;
    stop();
    const toolUrl = data.toolUrl.slice(0, 2_000);
    let origin = '';
    try {
      origin = new URL(toolUrl).origin;
    } catch {
      // not an address: refused below
    }
    if (!origin || origin === 'null' || origin !== e.origin) done({ ok: false, from: e.origin, toolUrl });
    else done({ ok: true, handover: { toolUrl, code: data.code.slice(0, 40) } });
  };
  const stop = () => win.removeEventListener('message', onMessage);
  win.addEventListener('message', onMessage);
  // Nothing secret in the question; the answer's origin is what is checked.
  opener.postMessage({ type: PAIR_READY }, '*');
  return stop;
}

/**
 * Removes a fragment (an address and code left by an older LMS page's one-click link, or put there by
 * another site) from the address bar and the history, unread. Called before the page renders anything,
 * so a code never stays visible or in the history while the page loads.
 */
export function dropFragment(win: Window): void {
  if (win.location.hash) win.history.replaceState(null, '', win.location.pathname);
}

/** Props of {@link PairApp}. */
export interface PairAppProps {
  /** The handover from the opener, once it answered (accepted or refused); null while there is none. */
  handover: HandoverOutcome | null;
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
          {handover && !handover.ok ? (
            <p class="error" role="alert">
              {i18n.t('connect.refusedOrigin', [handover.from, handover.toolUrl])}
            </p>
          ) : null}
          <ConnectForm
            key={handover?.ok ? handover.handover.code : 'typed'}
            handedOver={declined || !handover?.ok ? null : handover.handover}
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
