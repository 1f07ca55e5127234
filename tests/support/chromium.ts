import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * One place that knows how to start the machine's Chromium for browser tests and benchmarks.
 * Debian's chromium is used (`apt-get install -y chromium`); Playwright's own browser download is
 * not reachable here. Outside CI a missing browser skips the browser tests with a message; in CI
 * (`CI=true`) it fails them, since `.ci/run` installs it.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the (closed) network and quiet in a container. */
export const chromiumArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-gpu',
  '--disable-quic',
  '--disable-dev-shm-usage',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

/** True when Chromium can be started; otherwise explains how to install it (and throws in CI). */
export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  const message = `Chromium not found at ${chromiumPath}. Install it with: sudo apt-get update && sudo apt-get install -y chromium (or set CHROMIUM_PATH).`;
  if (process.env.CI === 'true') throw new Error(`${message} CI requires it.`);
  console.warn(`${message} Skipping browser tests.`);
  return false;
}

/** A headless Chromium for page-level tests (no extension). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/** A persistent Chromium profile with an unpacked extension loaded, and how to clean it up. */
export interface ExtensionBrowser {
  context: BrowserContext;
  /** The extension's id, read from its service worker URL. */
  extensionId: string;
  close(): Promise<void>;
}

/**
 * Starts Chromium with the built extension in `extensionDir` loaded into a fresh profile
 * (extensions need a persistent context). Pass `userDataDir` to reuse a profile across restarts,
 * `locale` (e.g. `es`) to run the browser's UI, and so the extension's strings, in that language.
 */
export async function launchWithExtension(
  extensionDir: string,
  opts: { userDataDir?: string; locale?: string } = {},
): Promise<ExtensionBrowser> {
  const ownDir = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'margins-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      ...chromiumArgs,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...(opts.locale ? [`--lang=${opts.locale}`] : []),
    ],
    // On Linux the browser's UI language (which extensions' i18n follows) comes from LANGUAGE.
    ...(opts.locale ? { locale: opts.locale, env: { ...process.env, LANGUAGE: opts.locale } } : {}),
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async close() {
      await context.close();
      if (ownDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
