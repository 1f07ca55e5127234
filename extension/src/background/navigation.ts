import type { WxtBrowser as Browser } from 'wxt/browser';
import { tryCanonicalPageUrl } from '@margins/shared/page-url';
import { sendToAnnotator } from '../protocol/client.js';
import type { MarginsDb } from './db.js';
import type { SiteService } from './site-service.js';

/**
 * Single-page curriculum sites change lessons without loading a page (history.pushState, hash
 * routes), so the content scripts never start again. The browser still reports the new address
 * for tabs Margins may see: the annotator is told to load the new page's adaptations, and where
 * only the loader runs, the annotator is started when the new page has something to show.
 */
export function wireSpaNavigation(browser: Browser, db: MarginsDb, sites: SiteService): void {
  // A pushState reports "loading" with the new address, then "complete"; so does a real page load,
  // whose fresh scripts have already looked up the new address (pageChangedInPlace tells them apart).
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status !== 'complete' || !tab.url) return;
    void pageChangedInPlace(tabId, tab.url, db, sites).catch(() => {});
  });
}

/** Handles a tab whose address changed without a page load. Exported for tests. */
export async function pageChangedInPlace(
  tabId: number,
  url: string,
  db: MarginsDb,
  sites: SiteService,
): Promise<'reloaded' | 'started' | 'nothing'> {
  const pageUrl = tryCanonicalPageUrl(url);
  if (!pageUrl) return 'nothing';
  const ping = await sendToAnnotator(tabId, { type: 'ping' });
  if (!ping.ok) return 'nothing'; // Margins does not run in this tab (or the page is still loading).
  if (tryCanonicalPageUrl(ping.value.loadedUrl) === pageUrl) return 'nothing'; // Already showing this page.
  if (ping.value.full) {
    await sendToAnnotator(tabId, { type: 'adaptationsChanged', pageUrl });
    return 'reloaded';
  }
  const [adaptations, drafts] = await Promise.all([
    db.adaptations.where('pageUrl').equals(pageUrl).count(),
    db.drafts.where('pageUrl').equals(pageUrl).count(),
  ]);
  if (adaptations + drafts === 0) return 'nothing';
  await sites.injectInto(tabId);
  return 'started';
}
