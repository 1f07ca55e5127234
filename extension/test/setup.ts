import 'fake-indexeddb/auto';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// The fake browser has no i18n: serve the English messages the way Chrome does ($1..$9 substitutions).
const messages = generateChromeMessages(await parseMessagesFile(`${process.env.MARGINS_LOCALES_DIR}en.yml`));
Object.assign(fakeBrowser, {
  i18n: {
    getUILanguage: () => 'en',
    getMessage(name: string, substitutions?: string | string[]) {
      const entry = messages[name];
      if (!entry) return '';
      const subs = ([] as string[]).concat(substitutions ?? []);
      let text = entry.message;
      for (const [placeholder, { content }] of Object.entries(entry.placeholders ?? {})) {
        text = text.replaceAll(`$${placeholder.toUpperCase()}$`, content).replaceAll(`$${placeholder}$`, content);
      }
      return text.replace(/\$(\d)/g, (_m, d: string) => subs[Number(d) - 1] ?? '').replace(/\$\$/g, '$');
    },
  },
});
