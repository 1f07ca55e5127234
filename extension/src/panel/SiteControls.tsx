import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';
import { sendCommand } from '../protocol/client.js';
import { SITES_CHANGED_KEY } from '../protocol/site-events.js';
import type { SiteStatus } from '../protocol/views.js';
import type { TargetTab } from './target-tab.js';

/** Props of {@link SiteControls}. */
export interface SiteControlsProps {
  tab: TargetTab;
  /** Called after Margins was turned on or off, or started once, in the tab. */
  onChanged?: () => void;
}

/**
 * Whether Margins runs on the tab's site, and the controls to change it: "Enable Margins on this
 * site" asks the browser for access to that one site (it must be asked from the click itself),
 * "Use on this page only" runs it once through activeTab, and "Turn off" gives access back.
 */
export function SiteControls({ tab, onChanged }: SiteControlsProps) {
  const [status, setStatus] = useState<SiteStatus | null>(null);
  const [message, setMessage] = useState('');
  const refresh = async () => {
    if (!tab.url) return setStatus(null);
    const result = await sendCommand({ type: 'getSiteStatus', url: tab.url });
    setStatus(result.ok ? result.value : null);
  };
  useEffect(() => void refresh(), [tab.id, tab.url]);
  // Follow changes made elsewhere (the popup, another window): a side panel or sidebar stays open.
  useEffect(() => {
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SITES_CHANGED_KEY in changes) {
        void refresh();
        onChanged?.();
      }
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, [tab.id, tab.url]);

  if (!tab.url) return <p class="muted">{i18n.t('panel.noPage')}</p>;
  if (!status) return null;
  if (!status.site) return <p class="muted">{i18n.t('panel.pageNotSupported')}</p>;
  const site = status.site;
  const host = new URL(site).host;

  const enable = async () => {
    // Only a click may ask for a permission: request first, before any other await.
    const granted = await browser.permissions.request({ origins: [`${site}/*`] }).catch(() => false);
    if (!granted) return setMessage(i18n.t('site.denied'));
    const result = await sendCommand({ type: 'enableSite', site, tabId: tab.id });
    setMessage(result.ok ? '' : result.error.message);
    await refresh();
    onChanged?.();
  };
  const disable = async () => {
    const result = await sendCommand({ type: 'disableSite', site });
    setMessage(result.ok ? '' : result.error.message);
    await refresh();
    onChanged?.();
  };
  const once = async () => {
    const result = await sendCommand({ type: 'activateOnce', tabId: tab.id });
    setMessage(result.ok ? i18n.t('site.useOnceDone') : result.error.message);
    onChanged?.();
  };

  return (
    <section class="site" aria-labelledby="site-status">
      <p id="site-status" class={status.enabled ? 'on' : 'off'}>
        {status.enabled ? i18n.t('site.on', [host]) : i18n.t('site.off', [host])}
      </p>
      <div class="row">
        {status.enabled ? (
          <button type="button" onClick={() => void disable()}>
            {i18n.t('site.disable')}
          </button>
        ) : (
          <>
            <button type="button" class="primary" onClick={() => void enable()}>
              {i18n.t('site.enable')}
            </button>
            <button type="button" onClick={() => void once()}>
              {i18n.t('site.useOnce')}
            </button>
          </>
        )}
      </div>
      <p role="status" class="muted">
        {message}
      </p>
    </section>
  );
}
