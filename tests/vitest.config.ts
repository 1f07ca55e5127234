import { defineConfig } from 'vitest/config';
import { testWorkers } from '../scripts/test-workers.mjs';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // The real-Moodle suite (lms/) runs by default: it skips with a message when PHP or the Moodle
    // source is missing (and fails in CI, where .ci/run installs PHP); MARGINS_LMS_TESTS=0 leaves it out.
    exclude: [
      '**/node_modules/**',
      'bench/**',
      '.tmp/**',
      ...(process.env.MARGINS_LMS_TESTS === '0' ? ['lms/**'] : []),
    ],
    // As many files side by side as the machine has room for (scripts/test-workers.mjs says why).
    maxWorkers: testWorkers().maxWorkers,
    // Set-up hooks start databases and browsers: with two files at once they can take longer than 10 s.
    hookTimeout: 60_000,
    // Builds the extension once for the browser tests (tests/e2e/extension).
    globalSetup: ['support/global-setup.ts'],
  },
});
