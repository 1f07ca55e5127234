import { i18n } from '#i18n';
import { uiLocale } from '../i18n/labels.js';

/** Sets the page's language and title from the browser's UI language (screen readers read the right voice). */
export function localiseDocument(): void {
  document.documentElement.lang = uiLocale();
  document.title = i18n.t('panel.title');
}
