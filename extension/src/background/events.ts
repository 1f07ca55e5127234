import type { WxtBrowser as Browser } from 'wxt/browser';
import { tryCanonicalPageUrl } from '@margins/shared/page-url';
import type { AdaptationsChanged, SyncStatusChanged } from '../protocol/page-messages.js';
import type { SyncStatus } from '../protocol/views.js';

/**
 * Tells whoever shows a page's adaptations that they changed: the extension's pages (panel,
 * popup) and the annotator in each open tab of that page. Only the page URL is sent; each
 * listener fetches what it may see. Tabs whose address Margins may not read are not told.
 */
export function createChangeBroadcaster(browser: Browser): (pageUrl: string) => void {
  return (pageUrl) => {
    const event: AdaptationsChanged = { type: 'adaptationsChanged', pageUrl };
    browser.runtime.sendMessage(event).catch(() => {
      // No extension page is open: nothing to tell.
    });
    void browser.tabs
      .query({})
      .then((tabs) => {
        for (const tab of tabs) {
          if (tab.id === undefined || !tab.url || tryCanonicalPageUrl(tab.url) !== pageUrl) continue;
          browser.tabs.sendMessage(tab.id, event).catch(() => {
            // The tab has no annotator running (the site is not enabled there).
          });
        }
      })
      .catch(() => {});
  };
}

/**
 * The same for many pages at once (a pull): one look at the open tabs, each tab told about its own
 * page; extension pages get one event per page, or one for all (`*`) after a large pull. `*` in
 * the list tells every tab (the connection changed).
 */
export function createPagesBroadcaster(browser: Browser): (pageUrls: readonly string[]) => void {
  return (pageUrls) => {
    if (!pageUrls.length) return;
    const pages = new Set(pageUrls);
    const toPanels = pages.size > 20 ? ['*'] : [...pages];
    for (const pageUrl of toPanels) {
      const event: AdaptationsChanged = { type: 'adaptationsChanged', pageUrl };
      browser.runtime.sendMessage(event).catch(() => {});
    }
    void browser.tabs
      .query({})
      .then((tabs) => {
        for (const tab of tabs) {
          const url = tab.url ? tryCanonicalPageUrl(tab.url) : null;
          if (tab.id === undefined || !url || !(pages.has(url) || pages.has('*'))) continue;
          const event: AdaptationsChanged = { type: 'adaptationsChanged', pageUrl: url };
          browser.tabs.sendMessage(tab.id, event).catch(() => {});
        }
      })
      .catch(() => {});
  };
}

/** Tells the extension's pages (popup, panel, pair page) that the sync status changed. */
export function createStatusBroadcaster(browser: Browser): (status: SyncStatus) => void {
  return (status) => {
    const event: SyncStatusChanged = { type: 'syncStatusChanged', status };
    browser.runtime.sendMessage(event).catch(() => {});
  };
}
