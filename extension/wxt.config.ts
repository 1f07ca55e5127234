import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { MARGINS_CHROME_EXTENSION_KEY, MARGINS_GECKO_ID } from '@margins/shared/extension-ids';

/**
 * One config for the Chrome/Edge (MV3 service worker + side panel) and Firefox (MV3 event page +
 * sidebar) builds. No content script is declared for all sites: the annotator is registered at run
 * time only on the sites a teacher enables (optional host permissions), or injected once with
 * activeTab (see src/background/site-service.ts).
 *
 * Browser tests only: hosts granted at install (e.g. `http://127.0.0.1/*`), because a headless
 * browser cannot answer the permission prompt. The annotator still runs only where the teacher
 * pressed "Enable Margins on this site"; the prompt path itself is unit-tested
 * (test/site-controls.test.tsx). Such builds go to .output/e2e and are never zipped.
 *
 * Chrome builds carry the public key (`key`) that pins the extension's id, which the district's
 * Margins lists for CORS and for the one-click connection into the web-accessible `pair.html`
 * (see shared/src/extension-ids.ts). The extension calls only the Margins address the teacher
 * connects to, through CORS, so it needs no host permission for it.
 */
const e2eHosts = process.env.MARGINS_E2E_HOSTS?.split(',').filter(Boolean) ?? [];

export default defineConfig({
  outDir: e2eHosts.length ? '.output/e2e' : '.output',
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({ plugins: [preact()] }),
  manifestVersion: 3,
  // The Firefox zip comes with a sources zip, which addons.mozilla.org asks for when code is bundled:
  // the whole workspace (the extension bundles shared/), without dependencies or build output.
  zip: {
    artifactTemplate: 'margins-{{version}}-{{browser}}.zip',
    sourcesTemplate: 'margins-{{version}}-sources.zip',
    sourcesRoot: '..',
    excludeSources: [
      '**/node_modules/**',
      '**/.output/**',
      '**/.wxt/**',
      '**/dist/**',
      '**/.tmp/**',
      '**/.git/**',
      '**/*.sqlite',
    ],
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'scripting', 'activeTab', 'contextMenus', 'alarms'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      'adapt-selection': {
        suggested_key: { default: 'Alt+Shift+A' },
        description: '__MSG_commandAdaptSelection__',
      },
    },
    // The LMS page looks for pair.html to offer connecting in one click, and opens it with the code.
    web_accessible_resources: [{ resources: ['pair.html'], matches: ['http://*/*', 'https://*/*'] }],
    ...(e2eHosts.length ? { host_permissions: e2eHosts } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: MARGINS_GECKO_ID,
              strict_min_version: '128.0',
              // addons.mozilla.org asks every new add-on what leaves the browser. Nothing does unless the
              // teacher connects to their district: then adaptations (page addresses and quoted text)
              // go to the district's own Margins, which the teacher opts into by connecting.
              data_collection_permissions: { required: ['none'], optional: ['websiteContent', 'browsingActivity'] },
            },
          },
        }
      : { key: MARGINS_CHROME_EXTENSION_KEY }),
  }),
});
