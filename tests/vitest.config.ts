import { defineConfig } from 'vitest/config';
import { testWorkers } from '../scripts/test-workers.mjs';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // The real-Moodle suite (lms/) runs by default: it skips with a message when PHP or the Moodle
    // source is missing (and fails in CI, where .ci/run installs PHP); MARGINS_LMS_TESTS=0 leaves it out.
    // MARGINS_REAL_CLIENTS=0 leaves out every real-client suite (the real Moodle, several tool
    // instances behind nginx, and Firefox: support/firefox.ts) for a quicker local run; CI runs them all.
    exclude: [
      '**/node_modules/**',
      'bench/**',
      '.tmp/**',
      ...(process.env.MARGINS_LMS_TESTS === '0' || process.env.MARGINS_REAL_CLIENTS === '0' ? ['lms/**'] : []),
      ...(process.env.MARGINS_REAL_CLIENTS === '0' ? ['scale/multi-instance.test.ts'] : []),
    ],
    // As many files side by side as the machine has room for (scripts/test-workers.mjs says why).
    maxWorkers: testWorkers().maxWorkers,
    // Set-up hooks start databases and browsers: with two files at once they can take longer than 10 s.
    hookTimeout: 60_000,
    // In CI a failed test runs once more (a browser test can lose a race on a loaded machine that it
    // wins on an idle one); the flaky reporter names each one that passed only then, so none is hidden.
    retry: process.env.CI === 'true' ? 1 : 0,
    reporters: ['default', './support/flaky-reporter.ts'],
    // Builds the extension once for the browser tests (tests/e2e/extension).
    globalSetup: ['support/global-setup.ts'],
  },
});
