import { defineConfig } from 'vitest/config';

/** Benchmarks are not tests: they run only with `pnpm --filter @margins/tests bench` and print figures. */
export default defineConfig({
  test: {
    include: ['**/*.bench.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
