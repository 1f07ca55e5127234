import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// WXT's plugin swaps `wxt/browser` for its in-memory fake browser and resolves #i18n; test/setup.ts
// adds IndexedDB (fake-indexeddb) and the English messages.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    env: { MARGINS_LOCALES_DIR: fileURLToPath(new URL('./locales/', import.meta.url)) },
  },
});
