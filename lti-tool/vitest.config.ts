import { defineConfig } from 'vitest/config';
import { testWorkers } from '../scripts/test-workers.mjs';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // As many files side by side as the machine has room for (scripts/test-workers.mjs says why).
    maxWorkers: testWorkers().maxWorkers,
    // Set-up hooks start databases and browsers: with two files at once they can take longer than 10 s.
    hookTimeout: 60_000,
  },
});
