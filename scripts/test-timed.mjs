// `pnpm test`: format check, lint, type-check, then each package's tests, one after the other,
// stopping at the first failure like `a && b && c`, and printing how long each part took at the end
// (so a slow part shows up in CI logs without anyone having to time it).
import { spawnSync } from 'node:child_process';
import { testWorkers } from './test-workers.mjs';

const PACKAGES = ['shared', 'extension', 'lti-tool', 'tests'];
const parts = [
  ['format', 'pnpm run format:check'],
  ['lint', 'pnpm run lint --no-cache'],
  ['typecheck', 'pnpm run typecheck'],
  ...PACKAGES.map((p) => [`test ${p}`, `pnpm --filter @margins/${p} run test`]),
];

// Decided once, before this run's own checks load the machine, for every package's Vitest. (Running
// format, lint and type-check side by side was tried and measured slower: lint took 100 s instead of
// about 48 s next to the type-check on 2 cores.)
const workers = testWorkers();
process.env.MARGINS_TEST_WORKERS = String(workers.maxWorkers);
console.log(`pnpm test: ${workers.maxWorkers} test file(s) at a time (${workers.reason})`);

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const times = [];
let failed = null;
const started = Date.now();
for (const [name, command] of parts) {
  const t0 = Date.now();
  const { status, signal } = spawnSync(command, { stdio: 'inherit', shell: true });
  times.push([name, Date.now() - t0]);
  if (status !== 0) {
    failed = `${name} (${signal ?? `exit ${status}`})`;
    break;
  }
}
const width = Math.max(...parts.map(([name]) => name.length));
console.log('\npnpm test: time per part');
for (const [name, ms] of times) console.log(`  ${name.padEnd(width)}  ${seconds(ms).padStart(9)}`);
for (const [name] of parts.slice(times.length)) console.log(`  ${name.padEnd(width)}  ${'not run'.padStart(9)}`);
console.log(`  ${'total'.padEnd(width)}  ${seconds(Date.now() - started).padStart(9)}`);
if (failed) {
  console.log(`pnpm test: FAILED at ${failed}`);
  process.exit(1);
}
