/**
 * The list of enabled sites changed (turned on or off from the popup, the panel, or the browser's
 * settings). Told through `storage.onChanged`, which reaches every open extension page in Chrome and
 * Firefox alike, so a side panel or sidebar opened earlier shows the new state instead of a stale one.
 */
export const SITES_CHANGED_KEY = 'sitesChanged';

/** The part of `browser.storage` the notice needs. */
export interface LocalStorage {
  set(items: Record<string, unknown>): Promise<void>;
}

/** Records a change of the enabled sites (a fresh value each time, so every change fires the event). */
export function notifySitesChanged(local: LocalStorage): Promise<void> {
  return local.set({ [SITES_CHANGED_KEY]: `${Date.now()}-${Math.random()}` });
}
