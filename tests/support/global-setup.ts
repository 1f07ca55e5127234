import { chromiumAvailable } from './chromium.js';
import { ensureExtensionBuilt } from './extension-build.js';
import { firefoxAvailable } from './firefox.js';
import { ensureLmsUiBuilt } from './lms-ui-build.js';
import { ensureToolServerBuilt } from './tool-build.js';

/**
 * Runs once before the test files: builds the extension for the browser tests when its sources
 * changed, the LMS interface when it was never built, and the tool's server bundle when its sources
 * changed, so parallel test files never race to build them (and a fresh clone's `pnpm test` works).
 */
export default function setup(): void {
  ensureToolServerBuilt();
  ensureLmsUiBuilt();
  if (chromiumAvailable()) ensureExtensionBuilt();
  if (firefoxAvailable()) ensureExtensionBuilt('e2e-firefox');
}
