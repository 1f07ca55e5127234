// How many test files Vitest runs side by side (the tool's and the cross-package suites). The files
// use their own ports (0) and databases, so they can share the machine; whether they should depends on
// what else it does. Vitest's default is cores - 1 (one file at a time on a 2-core machine), which
// leaves the many seconds a browser test spends waiting on a page unused. On an idle machine we run
// as many files as there are cores; on a busy one (other builds, other suites: load above the core
// count) we keep Vitest's default, because there the extra file only stretches the others' waits
// past their budgets. MARGINS_TEST_WORKERS overrides both.
import { availableParallelism, loadavg } from 'node:os';

/** The worker count for this run, and why, for the config's `maxWorkers`. */
export function testWorkers() {
  const cores = availableParallelism();
  const asked = Number(process.env.MARGINS_TEST_WORKERS);
  if (Number.isInteger(asked) && asked > 0) return { maxWorkers: asked, reason: 'MARGINS_TEST_WORKERS' };
  const load = loadavg()[0];
  return load < cores * 1.5
    ? { maxWorkers: cores, reason: `idle machine (load ${load.toFixed(1)} on ${cores} cores)` }
    : { maxWorkers: Math.max(1, cores - 1), reason: `busy machine (load ${load.toFixed(1)} on ${cores} cores)` };
}
