import { i18n } from '#i18n';
import type { WxtBrowser as Browser } from 'wxt/browser';
import { sendToAnnotator } from '../protocol/client.js';
import type { SiteService } from './site-service.js';

/** Id of the "Adapt this passage" context-menu entry. */
export const ADAPT_MENU_ID = 'margins-adapt-selection';
/** Name of the keyboard command in the manifest. */
export const ADAPT_COMMAND = 'adapt-selection';

/**
 * The context-menu entry on selections and the keyboard shortcut. Both grant activeTab, so on a
 * site that is not enabled they start the annotator for this one page, then open the form.
 */
export function wireAdaptEntryPoints(browser: Browser, sites: SiteService): void {
  const openForm = async (tabId: number | undefined) => {
    if (tabId === undefined) return;
    try {
      await sites.injectInto(tabId);
    } catch {
      return; // A page Margins cannot run on (browser pages, the web store).
    }
    await sendToAnnotator(tabId, { type: 'openAdaptForm' });
  };
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === ADAPT_MENU_ID) void openForm(tab?.id);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== ADAPT_COMMAND) return;
    if (tab?.id !== undefined) void openForm(tab.id);
    else void browser.tabs.query({ active: true, currentWindow: true }).then(([active]) => openForm(active?.id));
  });
}

/** (Re)creates the context-menu entry; called at install and at browser start. */
export async function createMenus(browser: Browser): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: ADAPT_MENU_ID,
    title: i18n.t('contextMenuAdapt'),
    contexts: ['selection'],
  });
}
