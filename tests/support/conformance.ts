import { describe, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDir } from './conformance-dir.js';

/**
 * The independent conformance material lives beside the checkout (`../shared/conformance`), not in
 * it. Tests that use it run when it is there; elsewhere they are skipped with a message, except in
 * CI (`CI=true`), where its absence fails the run so a green CI always means "checked".
 */
export { conformanceDir };

/** Path of one conformance set (e.g. `web-annotation`), or null when absent outside CI. Throws in CI. */
export function conformanceSet(name: string): string | null {
  const dir = join(conformanceDir, name);
  if (existsSync(dir)) return dir;
  const message = `Conformance set "${name}" not found at ${dir}. It ships beside the checkout as ../shared/conformance (or set MARGINS_CONFORMANCE_DIR).`;
  if (process.env.CI === 'true') throw new Error(`${message} CI requires it.`);
  console.warn(`${message} Skipping the tests that use it.`);
  return null;
}

/**
 * `describe` for a block of conformance tests: runs `body(dir)` when the set is there; otherwise
 * registers one skipped test that says why (the body never runs, so it may read files freely).
 */
export function describeConformance(setName: string, title: string, body: (dir: string) => void): void {
  const dir = conformanceSet(setName);
  describe(title, () => {
    if (dir) body(dir);
    else it.skip(`needs ../shared/conformance/${setName}`, () => {});
  });
}
