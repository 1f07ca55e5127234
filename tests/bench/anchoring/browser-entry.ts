import { runBenchmark } from './run-bench.js';
import { buildPageHtml } from './scenario.js';

/** Exposes the benchmark to the page so main.ts can run it in Chromium with page.evaluate(). */
(globalThis as unknown as { marginsBench: unknown }).marginsBench = {
  run(seed: number, count: number, environment: string) {
    return runBenchmark(document, buildPageHtml(seed), { seed, count, environment });
  },
};
