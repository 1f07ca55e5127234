import { useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import {
  PAIR_CODE,
  PAIR_READY,
  type DeviceSchema,
  type LaunchSession,
  type PairingCodeCreatedSchema,
} from '@margins/shared';
import { ApiError, client } from '../api.js';
import { formatDate } from '../labels.js';
import { Empty, ErrorState, Loading } from './States.js';
import { formatRelative, t } from '../i18n/index.js';

type Code = z.infer<typeof PairingCodeCreatedSchema>;
type Device = z.infer<typeof DeviceSchema>;

/** Props of {@link ConnectExtension}. */
export type ConnectExtensionProps = { session: LaunchSession };

/** How long the page watches for the browser it opened the extension in to appear (ms). */
const WATCH_MS = 180_000;

/**
 * "Connect the Margins extension" (DESIGN: Flow 3): a one-time code to type into the extension, or
 * one click when the extension is installed in this Chromium browser (its pair.html opens and asks
 * this page for the code by postMessage; the code never appears in a URL); and the person's connected
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
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [code]);

  const remaining = code ? Math.max(0, Math.floor((Date.parse(code.expiresAt) - now) / 1000)) : 0;
  const expired = !!code && remaining === 0;
  useEffect(() => {
    if (expired) setNotice(t('cx.expired'));
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
        setNotice(t('cx.connected', { name: added.name }));
        listHeading.current?.focus();
        return;
      }
      if (Date.now() - started < WATCH_MS) setTimeout(() => void tick(), 2000);
    };
    setTimeout(() => void tick(), 2000);
  };

  const connectHere = () => {
    if (!code || !installed) return;
    // The extension's pair.html asks this page (its opener) for the address and code, and takes them only
    // because they come from this address's own origin; nothing goes in the URL (issue 12, item 5).
    const extension = `chrome-extension://${installed}`;
    const opened = window.open(`${extension}/pair.html`, '_blank');
    if (!opened) {
      setNotice(t('cx.blocked'));
      return;
    }
    const answer = (e: MessageEvent) => {
      if (e.source !== opened || e.origin !== extension || (e.data as { type?: unknown } | null)?.type !== PAIR_READY)
        return;
      window.removeEventListener('message', answer);
      opened.postMessage({ type: PAIR_CODE, toolUrl: code.toolUrl, code: code.code }, extension);
    };
    window.addEventListener('message', answer);
    setTimeout(() => window.removeEventListener('message', answer), WATCH_MS);
    setNotice(t('cx.opened'));
    watch();
  };

  const disconnect = async (d: Device) => {
    setConfirming(null);
    try {
      await client.revokeDevice(d.id);
      setNotice(t('cx.disconnected', { name: d.name }));
      await loadDevices();
      listHeading.current?.focus();
    } catch (e) {
      setListError(e as ApiError);
    }
  };

  return (
    <section aria-labelledby="connect-heading">
      <h1 id="connect-heading">{t('cx.heading')}</h1>
      <p>{t('cx.lede', { district: session.tenant.name })}</p>
      <p class="meta">
        {session.course ? t('cx.fromCourse', { course: session.course.title }) : t('cx.outsideCourse')}
      </p>
      <p role="status" aria-live="polite" class="notice">
        {notice}
      </p>
      {error ? <ErrorState error={error} /> : null}

      {code && !expired ? (
        <div class="pairing" aria-labelledby="code-heading">
          <h2 id="code-heading" ref={codeHeading} tabIndex={-1}>
            {t('cx.codeHeading')}
          </h2>
          <p class="code" aria-label={t('cx.codeLabel', { code: code.code.split('').join(' ') })}>
            {code.code}
          </p>
          <p class="meta">
            {t('cx.worksOnce', { time: `${Math.floor(remaining / 60)}:${String(remaining % 60).padStart(2, '0')}` })}
          </p>
          {installed ? (
            <p>
              <button type="button" class="primary" onClick={connectHere}>
                {t('cx.connectHere')}
              </button>{' '}
              <span class="meta">{t('cx.installed')}</span>
            </p>
          ) : null}
          <h3>{installed ? t('cx.otherBrowser') : t('cx.inExtension')}</h3>
          <ol>
            <li>
              {t('cx.step1')} <strong>{t('cx.step1Action')}</strong>.
            </li>
            <li>
              {t('cx.step2')} <code>{code.toolUrl}</code>
            </li>
            <li>
              {t('cx.step3')} <strong>{code.code}</strong>.
            </li>
          </ol>
          <p>
            <button type="button" onClick={() => void getCode()} disabled={busy}>
              {t('cx.newCode')}
            </button>
          </p>
        </div>
      ) : (
        <p>
          <button type="button" class="primary" onClick={() => void getCode()} disabled={busy}>
            {busy ? t('cx.getting') : t('cx.get')}
          </button>
        </p>
      )}

      <h2 id="devices-heading" ref={listHeading} tabIndex={-1}>
        {t('cx.devices')}
      </h2>
      {listError ? <ErrorState error={listError} onRetry={() => void loadDevices()} /> : null}
      {devices === null && !listError ? <Loading label={t('cx.loading')} /> : null}
      {devices && !devices.length ? (
        <Empty title={t('cx.none')}>
          <p>{t('cx.noneHint')}</p>
        </Empty>
      ) : null}
      {devices?.length ? (
        <table class="devices">
          <caption class="visually-hidden">{t('cx.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cx.browser')}</th>
              <th scope="col">{t('cx.from')}</th>
              <th scope="col">{t('cx.on')}</th>
              <th scope="col">{t('cx.lastUsed')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('cx.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.name}</th>
                <td>{d.course ?? t('cx.outside')}</td>
                <td>{formatDate(d.createdAt)}</td>
                <td>
                  {d.lastSeenAt ? <time dateTime={d.lastSeenAt}>{formatRelative(d.lastSeenAt)}</time> : t('cx.notYet')}
                </td>
                <td>
                  {confirming === d.id ? (
                    <span role="group" aria-label={t('cx.disconnectQuestion', { name: d.name })}>
                      <button type="button" class="danger" ref={confirmButton} onClick={() => void disconnect(d)}>
                        {t('cx.yes', { name: d.name })}
                      </button>{' '}
                      <button type="button" onClick={() => setConfirming(null)}>
                        {t('cx.keep')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" onClick={() => setConfirming(d.id)}>
                      {t('cx.disconnect', { name: d.name })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p class="meta">{t('cx.hint')}</p>
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
