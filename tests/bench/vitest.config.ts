import { defineConfig } from 'vitest/config';

/**
 * Benchmarks are not tests: they run only with `pnpm --filter @margins/tests bench` (`vitest bench`)
 * and print figures. Vitest 5 runs `*.bench.ts` files in its benchmark project, where the `bench`
 * fixture of a test is available (badges.bench.ts); plain tests that print figures run there too.
 */
export default defineConfig({
  test: {
    benchmark: { include: ['**/*.bench.ts'] },
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
