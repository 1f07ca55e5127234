import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'bench/**', '.tmp/**'],
    // Builds the extension once for the browser tests (tests/e2e/extension).
    globalSetup: ['support/global-setup.ts'],
  },
});
