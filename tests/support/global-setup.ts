import { chromiumAvailable } from './chromium.js';
import { ensureExtensionBuilt } from './extension-build.js';
import { ensureLmsUiBuilt } from './lms-ui-build.js';

/**
 * Runs once before the test files: builds the extension for the browser tests when its sources
 * changed, and the LMS interface when it was never built, so parallel test files never race to
 * build them (and a fresh clone's `pnpm test` works).
 */
export default function setup(): void {
  if (chromiumAvailable()) {
    ensureExtensionBuilt();
    ensureLmsUiBuilt();
  }
}
