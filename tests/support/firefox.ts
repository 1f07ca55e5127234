import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { splitCombo, type DriverPage, type ExtensionDriver } from './browser-driver.js';

/**
 * Debian's Firefox ESR (`apt-get install -y firefox-esr`), driven headless by puppeteer-core over
 * WebDriver BiDi. Outside CI a missing browser skips the Firefox tests with a message; in CI
 * (`CI=true`) it fails them, since `.ci/run` installs it.
 */
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** True when Firefox can be started; otherwise explains how to install it (and throws in CI). */
export function firefoxAvailable(): boolean {
  if (process.env.MARGINS_REAL_CLIENTS === '0') return false; // a quicker local run (vitest.config.ts)
  if (existsSync(firefoxPath)) return true;
  const message = `Firefox ESR not found at ${firefoxPath}. Install it with: sudo apt-get update && sudo apt-get install -y firefox-esr (or set FIREFOX_PATH).`;
  if (process.env.CI === 'true') throw new Error(`${message} CI requires it.`);
  console.warn(`${message} Skipping the Firefox browser tests.`);
  return false;
}

/** The add-on id of the Firefox build (browser_specific_settings.gecko.id). */
const GECKO_ID = 'margins@margins.education';

/** A BiDi remote value as Firefox sends it (only what we read). */
interface RemoteValue {
  type: string;
  value?: unknown;
}
interface BidiResult {
  result: { type: 'success' | 'exception'; result?: RemoteValue; exceptionDetails?: { text: string } };
}

/**
 * Starts Firefox ESR headless with the unpacked build in `extensionDir` installed through BiDi
 * `webExtension.install`. The moz-extension UUID is chosen up front (pref
 * `extensions.webextensions.uuids`) so extension pages can be opened by address.
 * `--remote-allow-system-access` lets a test run chrome-scope script for what BiDi cannot click
 * (the toolbar button, the permission doorhanger): see {@link FirefoxDriver.chrome}.
 */
export async function launchFirefoxDriver(
  extensionDir: string,
  opts: { locale?: string } = {},
): Promise<FirefoxDriver> {
  const uuid = randomUUID();
  const downloads = mkdtempSync(join(tmpdir(), 'margins-ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
    },
  });
  if (opts.locale) {
    // Debian's firefox-esr ships the en-US interface alone (no language pack): the locale service is
    // told the language is available and wanted, as Firefox's own tests do, before the add-on starts.
    const now = await chromeEvaluate<string>(
      browser,
      `(() => { Services.locale.availableLocales = [${JSON.stringify(opts.locale)}, 'en-US']; Services.locale.requestedLocales = [${JSON.stringify(opts.locale)}]; return Services.locale.appLocaleAsBCP47; })()`,
    );
    if (now !== opts.locale) throw new Error(`Firefox did not switch its interface to ${opts.locale} (it is ${now})`);
  }
  await browser.installExtension(extensionDir);
  const origin = `moz-extension://${uuid}/`;
  let control: DriverPage | null = null;
  const driver: FirefoxDriver = {
    name: 'firefox',
    extensionOrigin: origin,
    browser,
    async newPage(url) {
      const page = firefoxPage(browser, await browser.newPage(), downloads);
      if (url) await page.goto(url);
      return page;
    },
    async extension(fn, arg) {
      // Firefox's event page has no handle over BiDi: an extension page shares its APIs and IndexedDB.
      control ??= await driver.newPage(`${origin}pair.html`);
      return control.evaluate(fn, arg);
    },
    chrome: (expression) => chromeEvaluate(browser, expression),
    async close() {
      await browser.close();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
  return driver;
}

/** The Firefox driver, with chrome-scope script for what BiDi cannot reach. */
export interface FirefoxDriver extends ExtensionDriver {
  browser: Browser;
  /** Evaluates an expression in the browser window's chrome scope (system privileges); the result must be JSON. */
  chrome<T>(expression: string): Promise<T>;
}

/** The raw WebDriver BiDi connection under puppeteer (typed loosely: we send a few commands, Firefox's `moz:` ones too). */
function bidi(browser: Browser): { send(method: string, params: Record<string, unknown>): Promise<unknown> } {
  return (browser as unknown as { connection: { send(m: string, p: Record<string, unknown>): Promise<unknown> } })
    .connection;
}

/** Evaluates an expression in the browser window's chrome scope (system privileges); the result must be JSON. */
async function chromeEvaluate<T>(browser: Browser, expression: string): Promise<T> {
  const tree = (await bidi(browser).send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as {
    result: { contexts: { context: string; url: string }[] };
  };
  const win = tree.result.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (!win) throw new Error('No browser window in chrome scope');
  return bidiEvaluate<T>(browser, win.context, expression);
}

/**
 * Runs in the tab's content process (a frame script, system privileges): shadows `CSS` and
 * `Highlight` on the window as the extension's content-script sandbox sees it (Xray expandos are
 * per compartment, so the page itself keeps the API), then answers whether the sandbox was found.
 */
const HIDE_HIGHLIGHT_API = `
  let found = false;
  try {
    const { ExtensionContent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionContent.sys.mjs');
    const context = ExtensionContent.getContextByExtensionId(${JSON.stringify(GECKO_ID)}, content);
    if (context) {
      Cu.evalInSandbox(
        "const css = { escape: (s) => CSS.escape(s), supports: (...a) => CSS.supports(...a) };" +
          "Object.defineProperty(window, 'CSS', { value: css, configurable: true, writable: true });" +
          "Object.defineProperty(window, 'Highlight', { value: undefined, configurable: true, writable: true });",
        context.sandbox,
      );
      found = Cu.evalInSandbox("typeof document.defaultView.CSS.highlights === 'undefined'", context.sandbox);
    }
  } finally {
    sendAsyncMessage('margins-test:highlight-api', found);
  }
`;

/** Evaluates `expression` in a browsing context; the result crosses as JSON (BiDi values need no decoding then). */
async function bidiEvaluate<T>(browser: Browser, context: string, expression: string): Promise<T> {
  const response = (await bidi(browser).send('script.evaluate', {
    expression: `(async () => { const v = await (${expression}); return v === undefined ? undefined : JSON.stringify(v); })()`,
    target: { context },
    awaitPromise: true,
  })) as BidiResult;
  const { result } = response;
  if (result.type === 'exception') throw new Error(result.exceptionDetails?.text ?? 'script failed');
  return (result.result?.type === 'string' ? JSON.parse(result.result.value as string) : undefined) as T;
}

function firefoxPage(browser: Browser, page: Page, downloads: string): DriverPage {
  const context = () => (page.mainFrame() as unknown as { _id: string })._id;
  const send = (method: string, params: Record<string, unknown>) =>
    bidi(browser).send(method, params) as Promise<BidiResult>;
  return {
    url: () => page.url(),
    // BiDi navigation directly: puppeteer's goto waits for events Firefox does not send for moz-extension pages.
    goto: async (url) => void (await send('browsingContext.navigate', { context: context(), url, wait: 'complete' })),
    reload: async () => void (await send('browsingContext.reload', { context: context(), wait: 'complete' })),
    close: () => page.close(),
    // BiDi browsingContext.activate.
    bringToFront: () => page.bringToFront(),
    setViewport: (width, height) => page.setViewport({ width, height }),
    evaluate: (fn, arg) =>
      bidiEvaluate(browser, context(), `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`),
    evaluateSource: (expression) => bidiEvaluate(browser, context(), expression),
    async shadow<T>(host: string, fn: string, args: unknown[]): Promise<T | null> {
      // BiDi serialises an element's shadow root, closed ones included, as a reference script can use as `this`.
      const found = await send('script.evaluate', {
        expression: `document.querySelector(${JSON.stringify(host)})`,
        target: { context: context() },
        awaitPromise: false,
        serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
      });
      const shadow = (found.result.result?.value as { shadowRoot?: { sharedId: string } } | undefined)?.shadowRoot;
      if (!shadow) return null;
      const called = await send('script.callFunction', {
        functionDeclaration: `async function(...a) { const v = await (${fn}).apply(this, a.map((x) => JSON.parse(x))); return v === undefined ? undefined : JSON.stringify(v); }`,
        this: { sharedId: shadow.sharedId },
        arguments: args.map((value) => ({ type: 'string', value: JSON.stringify(value) })),
        target: { context: context() },
        awaitPromise: true,
      });
      if (called.result.type === 'exception') throw new Error(called.result.exceptionDetails?.text);
      const value = called.result.result;
      return (value?.type === 'string' ? JSON.parse(value.value as string) : undefined) as T;
    },
    // BiDi runs script in the page or in its own sandboxes, never in an extension's content-script
    // sandbox, and Firefox 153 has no pref left to turn the API off: a frame script loaded from
    // chrome scope (--remote-allow-system-access) reaches that sandbox in the tab's process.
    async removeHighlightApiForContentScripts() {
      await page.bringToFront();
      return chromeEvaluate<boolean>(
        browser,
        `new Promise((resolve, reject) => {
          const tab = gBrowser.selectedBrowser;
          if (tab.currentURI.spec !== ${JSON.stringify(page.url())}) return reject(new Error('not the selected tab: ' + tab.currentURI.spec));
          tab.messageManager.addMessageListener('margins-test:highlight-api', (m) => resolve(m.data));
          tab.messageManager.loadFrameScript('data:,' + encodeURIComponent(${JSON.stringify(HIDE_HIGHLIGHT_API)}), false);
        })`,
      );
    },
    // A bundle is statements, not an expression: run it as a function's body (with `this` the window, as a script's).
    addScript: async (path) =>
      void (await bidiEvaluate(browser, context(), `(function () {\n${readFileSync(path, 'utf8')}\n}).call(window)`)),
    mouse: { move: (x, y) => page.mouse.move(x, y), click: (x, y) => page.mouse.click(x, y) },
    keyboard: {
      async press(combo) {
        const { modifiers, key } = splitCombo(combo);
        for (const m of modifiers) await page.keyboard.down(m as never);
        await page.keyboard.press(key as never);
        for (const m of modifiers.reverse()) await page.keyboard.up(m as never);
      },
      type: (text, opts) => page.keyboard.type(text, opts),
    },
    async crash() {
      await page.bringToFront();
      const pid = await chromeEvaluate<number>(
        browser,
        `(() => {
          const tab = gBrowser.selectedBrowser;
          if (tab.currentURI.spec !== ${JSON.stringify(page.url())}) throw new Error('not the selected tab: ' + tab.currentURI.spec);
          return tab.browsingContext.currentWindowGlobal.osPid;
        })()`,
      );
      process.kill(pid, 'SIGKILL');
      // The tab shows Firefox's crash page once the parent process has seen its content process end.
      await chromeEvaluate(
        browser,
        `new Promise((resolve) => {
          const gone = () => gBrowser.selectedTab.hasAttribute('crashed') || gBrowser.selectedBrowser.browsingContext.currentWindowGlobal?.osPid !== ${pid};
          const check = () => (gone() ? resolve(true) : setTimeout(check, 50));
          check();
        })`,
      );
    },
    mainThreadMs: async () => null,
    async setInputFiles(selector, file) {
      const dir = mkdtempSync(join(tmpdir(), 'margins-ff-upload-'));
      const path = join(dir, file.name);
      writeFileSync(path, file.buffer);
      const input = await page.$(selector);
      if (!input) throw new Error(`No ${selector} on the page`);
      await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
    },
    async download(trigger) {
      const before = new Set(readdirSync(downloads));
      await trigger();
      const deadline = Date.now() + 15_000;
      for (;;) {
        const done = readdirSync(downloads).filter((f) => !before.has(f) && !f.endsWith('.part'));
        const partial = readdirSync(downloads).some((f) => f.endsWith('.part'));
        if (done.length && !partial)
          return { filename: done[0]!, text: readFileSync(join(downloads, done[0]!), 'utf8') };
        if (Date.now() > deadline) throw new Error('No download finished');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
