import { readFileSync } from 'node:fs';
import type { CDPSession, Page, Worker } from 'playwright-core';
import type { DriverPage, ExtensionDriver } from './browser-driver.js';
import { launchWithExtension, type ExtensionBrowser } from './chromium.js';

interface DomNode {
  nodeName: string;
  backendNodeId: number;
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

function find(node: DomNode, test: (n: DomNode) => boolean): DomNode | undefined {
  if (test(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const hit = find(child, test);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Runs `fn` with `this` bound to the closed shadow root of `host`, reached the way only a debugger
 * can (Chrome DevTools Protocol, `pierce`): page scripts still cannot.
 */
export async function cdpShadowRun<T>(cdp: CDPSession, host: string, fn: string, args: unknown[]): Promise<T | null> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const hostNode = find(root, (n) => n.nodeName === host.toUpperCase());
  const shadow = hostNode?.shadowRoots?.[0];
  if (!shadow) return null;
  const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId })) as {
    object: { objectId: string };
  };
  const result = (await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: fn,
    arguments: args.map((value) => ({ value })),
    returnByValue: true,
    awaitPromise: true,
  })) as { result: { value: T }; exceptionDetails?: { exception?: { description?: string }; text: string } };
  await cdp.send('Runtime.releaseObject', { objectId: object.objectId });
  if (result.exceptionDetails)
    throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
  return result.result.value;
}

/** A Playwright page behind the shared driver interface; `playwright` is the page itself, for Chromium-only tests. */
export type ChromiumPage = DriverPage & { playwright: Page };

/** A Playwright page behind the shared driver interface. */
export function chromiumPage(page: Page): ChromiumPage {
  let cdp: CDPSession | null = null;
  let perf: CDPSession | null = null;
  return {
    playwright: page,
    url: () => page.url(),
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    close: () => page.close(),
    bringToFront: () => page.bringToFront(),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    evaluateSource: (expression) => page.evaluate(expression) as never,
    async shadow(host, fn, args) {
      cdp ??= await page.context().newCDPSession(page);
      return cdpShadowRun(cdp, host, fn, args);
    },
    async removeHighlightApiForContentScripts() {
      // The extension's isolated world (one per frame, shared by all its content scripts), found
      // through the DevTools protocol's execution contexts.
      const session = await page.context().newCDPSession(page);
      const worlds: number[] = [];
      session.on(
        'Runtime.executionContextCreated',
        ({ context }: { context: { id: number; auxData?: { type?: string } } }) => {
          if (context.auxData?.type === 'isolated') worlds.push(context.id);
        },
      );
      await session.send('Runtime.enable');
      for (const contextId of worlds)
        await session.send('Runtime.evaluate', {
          contextId,
          expression: 'delete globalThis.Highlight; delete globalThis.HighlightRegistry; delete CSS.highlights;',
        });
      await session.detach();
      return worlds.length > 0;
    },
    addScript: async (path) => void (await page.evaluate(readFileSync(path, 'utf8'))),
    mouse: { move: (x, y) => page.mouse.move(x, y), click: (x, y) => page.mouse.click(x, y) },
    keyboard: { press: (key) => page.keyboard.press(key), type: (text, opts) => page.keyboard.type(text, opts) },
    async crash() {
      const cdp = await page.context().newCDPSession(page);
      const crashed = page.waitForEvent('crash');
      void cdp.send('Page.crash').catch(() => {});
      await crashed;
    },
    setInputFiles: (selector, file) => page.locator(selector).setInputFiles(file),
    async mainThreadMs() {
      if (!perf) {
        perf = await page.context().newCDPSession(page);
        await perf.send('Performance.enable');
      }
      const { metrics } = await perf.send('Performance.getMetrics');
      const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
      return { task: get('TaskDuration'), script: get('ScriptDuration') };
    },
    async download(trigger) {
      const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
      return { filename: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
    },
  };
}

/** The Chromium driver, with Playwright's handles for the tests that run in Chromium only. */
export interface ChromiumDriver extends ExtensionDriver {
  ext: ExtensionBrowser;
  /** The extension's service worker as it runs now. */
  worker(): Promise<Worker>;
  newPage(url?: string): Promise<ChromiumPage>;
}

/** Chromium with the unpacked extension in `extensionDir` (see `launchWithExtension`: `locale` sets the UI language, `userDataDir` reuses a profile). */
export async function launchChromiumDriver(
  extensionDir: string,
  opts: { locale?: string; userDataDir?: string } = {},
): Promise<ChromiumDriver> {
  const ext = await launchWithExtension(extensionDir, opts);
  const worker = async () =>
    ext.context.serviceWorkers()[0] ?? ext.context.waitForEvent('serviceworker', { timeout: 15_000 });
  return {
    name: 'chromium',
    extensionOrigin: `chrome-extension://${ext.extensionId}/`,
    ext,
    worker,
    async newPage(url) {
      const page = await ext.context.newPage();
      if (url) await page.goto(url);
      return chromiumPage(page);
    },
    extension: async (fn, arg) => (await worker()).evaluate(fn as never, arg) as never,
    close: () => ext.close(),
  };
}
