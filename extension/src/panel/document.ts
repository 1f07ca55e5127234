import { i18n } from '#i18n';
import { browser } from 'wxt/browser';

/** Sets the page's language and title from the browser's UI language (screen readers read the right voice). */
export function localiseDocument(): void {
  document.documentElement.lang = browser.i18n.getUILanguage().split('-')[0] === 'es' ? 'es' : 'en';
  document.title = i18n.t('panel.title');
}
