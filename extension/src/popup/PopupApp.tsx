import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { SiteControls } from '../panel/SiteControls.js';
import { KeepsLink } from '../sharing/KeepsLink.js';
import { SyncBadge } from '../sharing/SyncBadge.js';
import { useSyncStatus } from '../sharing/use-sync-status.js';
import { useTargetTab } from '../panel/target-tab.js';

/** The side panel / sidebar opener of each browser (neither is in the polyfill's types). */
interface PanelApis {
  chrome?: { sidePanel?: { open(options: { windowId: number }): Promise<void> } };
  browser?: { sidebarAction?: { open(): Promise<void> } };
}

/** The toolbar popup: whether Margins runs on this site, the switch to change it, and the way to the side panel. */
export function PopupApp() {
  const tab = useTargetTab();
  const { status } = useSyncStatus();
  const connect = async () => {
    await browser.tabs.create({ url: browser.runtime.getURL('/pair.html') });
    window.close();
  };
  const openPanel = async () => {
    const g = globalThis as PanelApis;
    if (g.browser?.sidebarAction) await g.browser.sidebarAction.open();
    else if (g.chrome?.sidePanel) {
      const win = await (
        globalThis as unknown as { chrome: { windows: { getCurrent(): Promise<{ id: number }> } } }
      ).chrome.windows.getCurrent();
      await g.chrome.sidePanel.open({ windowId: win.id });
    }
    window.close();
  };
  return (
    <main>
      <h1>{i18n.t('panel.title')}</h1>
      {tab && <SiteControls tab={tab} />}
      {status?.connection.state === 'connected' && (
        <p class="muted">{i18n.t('connect.connected', [status.connection.district, status.connection.user])}</p>
      )}
      <SyncBadge
        status={status}
        onAct={() =>
          void (status?.state === 'not-connected' || status?.state === 'disconnected' ? connect() : openPanel())
        }
      />
      <button type="button" onClick={() => void openPanel()}>
        {i18n.t('site.openPanel')}
      </button>
      <KeepsLink status={status} />
    </main>
  );
}
