import { chromiumAvailable } from './chromium.js';
import { ensureExtensionBuilt } from './extension-build.js';

/**
 * Runs once before the test files: builds the extension for the browser tests when its sources
 * changed, so parallel test files never race to build it (and a fresh clone's `pnpm test` works).
 */
export default function setup(): void {
  if (chromiumAvailable()) ensureExtensionBuilt();
}
