import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';

/** The browser tab the panel or popup acts on. `url` is undefined where Margins may not read it. */
export interface TargetTab {
  id: number;
  url: string | undefined;
  title: string | undefined;
}

/**
 * The tab to act on: the one named by `?tabId=` (when a panel is opened as a page for another
 * tab), else the active tab of this window, followed as the teacher switches tabs or navigates.
 */
export function useTargetTab(): TargetTab | null {
  const [tab, setTab] = useState<TargetTab | null>(null);
  useEffect(() => {
    const fixed = Number(new URLSearchParams(location.search).get('tabId'));
    const load = async () => {
      const found =
        Number.isInteger(fixed) && fixed > 0
          ? await browser.tabs.get(fixed).catch(() => undefined)
          : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
      setTab(found?.id !== undefined ? { id: found.id, url: found.url, title: found.title } : null);
    };
    void load();
    const onActivated = () => {
      if (!(fixed > 0)) void load();
    };
    const onUpdated = (tabId: number, change: { url?: string; status?: string }) => {
      if (change.url !== undefined || change.status === 'complete') {
        if (fixed > 0 ? tabId === fixed : true) void load();
      }
    };
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, []);
  return tab;
}
