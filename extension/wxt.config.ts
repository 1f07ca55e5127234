import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

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
 */
const e2eHosts = process.env.MARGINS_E2E_HOSTS?.split(',').filter(Boolean) ?? [];

export default defineConfig({
  outDir: e2eHosts.length ? '.output/e2e' : '.output',
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({ plugins: [preact()] }),
  manifestVersion: 3,
  zip: {
    artifactTemplate: 'margins-{{version}}-{{browser}}.zip',
    zipSources: false,
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'scripting', 'activeTab', 'contextMenus'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      'adapt-selection': {
        suggested_key: { default: 'Alt+Shift+A' },
        description: '__MSG_commandAdaptSelection__',
      },
    },
    ...(e2eHosts.length ? { host_permissions: e2eHosts } : {}),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'margins@margins.education', strict_min_version: '128.0' } } }
      : {}),
  }),
});
