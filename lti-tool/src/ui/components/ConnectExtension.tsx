import { useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { DeviceSchema, LaunchSession, PairingCodeCreatedSchema } from '@margins/shared';
import { ApiError, client } from '../api.js';
import { formatDate } from '../labels.js';
import { Empty, ErrorState, Loading } from './States.js';

type Code = z.infer<typeof PairingCodeCreatedSchema>;
type Device = z.infer<typeof DeviceSchema>;

/** Props of {@link ConnectExtension}. */
export type ConnectExtensionProps = { session: LaunchSession };

/** How long the page watches for the browser it opened the extension in to appear (ms). */
const WATCH_MS = 180_000;

/**
 * "Connect the Margins extension" (DESIGN: Flow 3): a one-time code to type into the extension, or
 * one click when the extension is installed in this Chromium browser (its pair.html opens with the
 * code in the URL fragment, which never reaches a server or a log); and the person's connected
 * browsers, each of which can be disconnected.
 */
export function ConnectExtension({ session }: ConnectExtensionProps) {
  const [code, setCode] = useState<Code | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [installed, setInstalled] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [listError, setListError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const codeHeading = useRef<HTMLHeadingElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const known = useRef<Set<string>>(new Set());
  const confirmButton = useRef<HTMLButtonElement>(null);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const loadDevices = () =>
    client.devices().then(
      (r) => {
        setListError(null);
        setDevices(r.devices);
        return r.devices;
      },
      (e: ApiError) => {
        setListError(e);
        return null;
      },
    );
  useEffect(() => void loadDevices(), []);

  // The countdown ticks while a code is shown.
  useEffect(() => {
    if (!code) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [code]);

  const remaining = code ? Math.max(0, Math.floor((Date.parse(code.expiresAt) - now) / 1000)) : 0;
  const expired = !!code && remaining === 0;
  useEffect(() => {
    if (expired) setNotice('The connection code expired. Get a new one when you are ready.');
  }, [expired]);

  const getCode = async () => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const c = await client.pairingCode();
      known.current = new Set((devices ?? []).map((d) => d.id));
      setCode(c);
      setNow(Date.now());
      setInstalled(await findExtension(c.extensionIds));
      setTimeout(() => codeHeading.current?.focus(), 0);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  // After "Connect this browser", watch for the new browser to appear in the list.
  const watch = () => {
    const started = Date.now();
    const tick = async () => {
      if (!mounted.current) return;
      const list = await loadDevices();
      const added = list?.find((d) => !known.current.has(d.id));
      if (added) {
        setCode(null);
        setNotice(`${added.name} is connected. Adaptations you share from it now reach your colleagues.`);
        listHeading.current?.focus();
        return;
      }
      if (Date.now() - started < WATCH_MS) setTimeout(() => void tick(), 2000);
    };
    setTimeout(() => void tick(), 2000);
  };

  const connectHere = () => {
    if (!code || !installed) return;
    const fragment = new URLSearchParams({ tool: code.toolUrl, code: code.code });
    window.open(`chrome-extension://${installed}/pair.html#${fragment}`, '_blank', 'noopener');
    setNotice('The Margins extension opened in a new tab to finish connecting.');
    watch();
  };

  const disconnect = async (d: Device) => {
    setConfirming(null);
    try {
      await client.revokeDevice(d.id);
      setNotice(`${d.name} was disconnected. What it saved stays in that browser; it no longer shares.`);
      await loadDevices();
      listHeading.current?.focus();
    } catch (e) {
      setListError(e as ApiError);
    }
  };

  return (
    <section aria-labelledby="connect-heading">
      <h1 id="connect-heading">Connect the Margins extension</h1>
      <p>
        The Margins extension keeps the adaptations you write in the margins of curriculum pages. Connect it to{' '}
        {session.tenant.name} so what you share reaches your colleagues, and their tested practices appear on your
        pages.
      </p>
      <p class="meta">
        {session.course
          ? `You are connecting from ${session.course.title}: adaptations you share with "Course" go to the people of this course.`
          : 'You opened Margins outside a course, so "Course" sharing will not be available in this browser. To share with a course, open Margins from that course and connect from there.'}
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}

      {code && !expired ? (
        <div class="pairing" aria-labelledby="code-heading">
          <h2 id="code-heading" ref={codeHeading} tabIndex={-1}>
            Your connection code
          </h2>
          <p class="code" aria-label={`Connection code ${code.code.split('').join(' ')}`}>
            {code.code}
          </p>
          <p class="meta">
            Works once, for {Math.floor(remaining / 60)}:{String(remaining % 60).padStart(2, '0')} more minutes.
          </p>
          {installed ? (
            <p>
              <button type="button" class="primary" onClick={connectHere}>
                Connect this browser
              </button>{' '}
              <span class="meta">The extension is installed here: one click finishes connecting.</span>
            </p>
          ) : null}
          <h3>{installed ? 'Or, in another browser' : 'In the extension'}</h3>
          <ol>
            <li>
              Open the Margins extension and choose <strong>Connect to your district</strong>.
            </li>
            <li>
              Enter the Margins address <code>{code.toolUrl}</code>
            </li>
            <li>
              Enter the code <strong>{code.code}</strong>.
            </li>
          </ol>
          <p>
            <button type="button" onClick={() => void getCode()} disabled={busy}>
              Get a new code
            </button>
          </p>
        </div>
      ) : (
        <p>
          <button type="button" class="primary" onClick={() => void getCode()} disabled={busy}>
            {busy ? 'Getting a code…' : 'Get a connection code'}
          </button>
        </p>
      )}

      <h2 id="devices-heading" ref={listHeading} tabIndex={-1}>
        Connected browsers
      </h2>
      {listError ? <ErrorState error={listError} onRetry={() => void loadDevices()} /> : null}
      {devices === null && !listError ? <Loading label="Loading your connected browsers…" /> : null}
      {devices && !devices.length ? (
        <Empty title="No browsers are connected yet.">
          <p>Get a connection code above to connect the Margins extension.</p>
        </Empty>
      ) : null}
      {devices?.length ? (
        <table class="devices">
          <caption class="visually-hidden">Browsers connected to Margins with your account</caption>
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Connected from</th>
              <th scope="col">Connected on</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.name}</th>
                <td>{d.course ?? 'Outside a course'}</td>
                <td>{formatDate(d.createdAt)}</td>
                <td>{d.lastSeenAt ? formatDate(d.lastSeenAt) : 'Not yet'}</td>
                <td>
                  {confirming === d.id ? (
                    <span role="group" aria-label={`Disconnect ${d.name}?`}>
                      <button type="button" class="danger" ref={confirmButton} onClick={() => void disconnect(d)}>
                        Yes, disconnect {d.name}
                      </button>{' '}
                      <button type="button" onClick={() => setConfirming(null)}>
                        Keep it
                      </button>
                    </span>
                  ) : (
                    <button type="button" onClick={() => setConfirming(d.id)}>
                      Disconnect {d.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p class="meta">
        Disconnecting stops a browser from sharing at once. Nothing it saved is deleted: connect it again to share it.
      </p>
    </section>
  );
}

/** The first configured extension id whose pair.html this browser can load (installed, Chromium), or null. */
async function findExtension(ids: string[]): Promise<string | null> {
  for (const id of ids) {
    try {
      const res = await fetch(`chrome-extension://${id}/pair.html`, { cache: 'no-store', credentials: 'omit' });
      if (res.ok) return id;
    } catch {
      // not installed, not Chromium, or not reachable from this page: the typed code still works
    }
  }
  return null;
}
