import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * In CI a failed browser or end-to-end test is run once more (vitest.config.ts): a loaded machine
 * makes some of them lose a race they win on an idle one. A second chance must not hide the race, so
 * the run ends by naming every test that passed only on its retry, with its first error.
 */
export default class FlakyReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    let flaky = 0;
    for (const m of modules)
      for (const test of m.children.allTests())
        if (test.diagnostic()?.flaky) {
          flaky++;
          lines.push(`  ${relative(process.cwd(), m.moduleId)} > ${test.fullName}`);
          const failed = test.attempts().find((a) => a.state === 'failed');
          const error = failed?.errors?.[0];
          if (error) {
            const where = error.stack?.split('\n').find((l) => /\.test\.ts:\d/.test(l));
            lines.push(
              `    first try, after ${Math.round(failed.duration / 1000)} s: ${error.message.split('\n').slice(0, 6).join('\n      ')}`,
            );
            if (where) lines.push(`      ${where.trim()}`);
          }
        }
    if (flaky) console.log(`\nPassed only on a retry (${flaky}), a race to look into:\n${lines.join('\n')}\n`);
  }
}
