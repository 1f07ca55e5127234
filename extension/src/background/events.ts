import type { WxtBrowser as Browser } from 'wxt/browser';
import { tryCanonicalPageUrl } from '@margins/shared/page-url';
import type { AdaptationsChanged } from '../protocol/page-messages.js';

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
