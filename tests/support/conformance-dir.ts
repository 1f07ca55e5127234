import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the conformance folder beside the checkout (overridable with
 * MARGINS_CONFORMANCE_DIR). Separate from conformance.ts so scripts outside vitest (benchmarks) can use it.
 */
export const conformanceDir =
  process.env.MARGINS_CONFORMANCE_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../..', '../shared/conformance');
