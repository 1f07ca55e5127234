import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { BrowserName, DriverPage, ExtensionDriver } from './browser-driver.js';
import { AnnotatorUi, selectText, type AxeViolation } from './annotator-ui.js';
import { chromiumAvailable } from './chromium.js';
import { launchChromiumDriver } from './chromium-driver.js';
import { startCurriculumServer, lessonPage, type CurriculumServer } from './curriculum-server.js';
import { ensureExtensionBuilt } from './extension-build.js';
import { firefoxAvailable, launchFirefoxDriver } from './firefox.js';
import { click, waitFor } from './page-queries.js';

/** axe-core's browser bundle, injected into pages under test. */
export const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The violations that block someone: axe's "serious" and "critical". */
export const blocking = (violations: AxeViolation[] | null) =>
  (violations ?? []).filter((v) => v.impact === 'serious' || v.impact === 'critical');

/**
 * Runs axe-core on a whole page. It is injected through the browser's protocol, which an extension
 * page's CSP (no inline scripts) does not stop.
 */
export async function axeOn(page: DriverPage): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScript(axePath);
  return page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: {
        run(ctx: Document): Promise<{
          violations: { id: string; impact: AxeViolation['impact']; help: string; nodes: { html: string }[] }[];
        }>;
      };
    };
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.html.slice(0, 200)),
    }));
  });
}

/**
 * The browsers the extension's browser tests run in, for `describe.each`: each with whether it is
 * installed (a missing one is skipped with a message, or fails the run in CI).
 */
export function testedBrowsers(): { browser: BrowserName; available: boolean }[] {
  return [
    { browser: 'chromium', available: chromiumAvailable() },
    { browser: 'firefox', available: firefoxAvailable() },
  ];
}

/**
 * Starts `browser` with its e2e build of the extension installed. `locale` runs the browser's UI, and
 * so the extension, in that language (Firefox: set in its locale service, see `launchFirefoxDriver`).
 */
export async function launchExtensionDriver(
  browser: BrowserName,
  opts: { locale?: string; userDataDir?: string } = {},
): Promise<ExtensionDriver> {
  if (browser === 'chromium') return launchChromiumDriver(ensureExtensionBuilt('e2e'), opts);
  if (opts.userDataDir) throw new Error('The Firefox browser tests run in a fresh profile.');
  return launchFirefoxDriver(ensureExtensionBuilt('e2e-firefox'), opts.locale ? { locale: opts.locale } : {});
}

/** One browser with the built extension and a loopback curriculum site. */
export interface BrowserHarness {
  driver: ExtensionDriver;
  server: CurriculumServer;
  /** Opens a lesson page of the server in a new tab. */
  openLesson(path?: string): Promise<{ page: DriverPage; ui: AnnotatorUi; tabId: number }>;
  /** Opens any page in a new tab (in front), with the annotator's UI and the tab's id. */
  openUrl(url: string): Promise<{ page: DriverPage; ui: AnnotatorUi; tabId: number }>;
  /**
   * Turns Margins on for the loopback site by pressing "Enable Margins on this site" in the real
   * popup page. Simulated in both browsers: the popup is opened as a tab for that page (`?tabId=`),
   * since neither protocol clicks the toolbar button; the host was granted at install (e2e build).
   */
  enableSite(tabId: number): Promise<void>;
  /**
   * Opens the side panel's page (Firefox: the sidebar's page) for a tab, in a tab of its own, once the
   * panel says it is ready (`data-ready`: the background answered it).
   */
  openPanel(tabId: number): Promise<DriverPage>;
  /** Opens the popup's page for a tab, in a tab of its own. */
  openPopup(tabId: number): Promise<DriverPage>;
  /** Asks the annotator in a tab whether it runs (null when no content script answers). */
  ping(tabId: number): Promise<unknown>;
  /** Rows of one store of the extension's IndexedDB, read in an extension context. */
  readStore<T = Record<string, unknown>>(store: string): Promise<T[]>;
  close(): Promise<void>;
}

/** Starts everything a browser test needs in `browser`; call `close()` in afterAll. */
export async function startBrowserHarness(
  browser: BrowserName,
  opts: { pages?: Record<string, string>; server?: CurriculumServer; locale?: string } = {},
): Promise<BrowserHarness> {
  // A server passed in belongs to the caller (a world shared with other browsers) and stays open.
  const server = opts.server ?? (await startCurriculumServer({ '/lesson-3': lessonPage(), ...opts.pages }));
  const driver = await launchExtensionDriver(browser, opts.locale ? { locale: opts.locale } : {});
  return harnessOn(driver, server, { ownsServer: !opts.server });
}

/** The harness over a browser already started (`ownsServer`: `close()` stops the server too). */
export function harnessOn(
  driver: ExtensionDriver,
  server: CurriculumServer,
  { ownsServer }: { ownsServer: boolean },
): BrowserHarness {
  const tabIdOf = async (url: string) => {
    for (let i = 0; i < 200; i++) {
      const id = await driver.extension(
        async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null,
        url,
      );
      if (id !== null) return id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`No tab found for ${url}`);
  };
  /** The lesson pages by tab id, to bring one back to the front after an extension page was opened over it. */
  const lessons = new Map<number, DriverPage>();
  const harness: BrowserHarness = {
    driver,
    server,
    openLesson: (path = '/lesson-3') => harness.openUrl(`${server.origin}${path}`),
    async openUrl(url) {
      const page = await driver.newPage(url);
      const tabId = await tabIdOf(page.url());
      lessons.set(tabId, page);
      // Finding the tab may have opened the extension page that reads tabs (Firefox) over it.
      await page.bringToFront();
      return { page, ui: AnnotatorUi.of(page), tabId };
    },
    async enableSite(tabId) {
      const popup = await harness.openPopup(tabId);
      const enable = { role: 'button', name: /^(Enable Margins on this site|Activar Margins en este sitio)$/ } as const;
      const on = { text: /^Margins (is on for|está activado en) 127\.0\.0\.1/ } as const;
      await waitFor(popup, { css: 'main, body', hasText: '127.0.0.1' });
      if (
        await waitFor(popup, enable, { timeout: 3_000 }).then(
          () => true,
          () => false,
        )
      )
        await click(popup, enable);
      await waitFor(popup, on);
      await popup.close();
      // The teacher is back on the lesson (a closed Firefox tab may hand the front to another tab).
      await lessons.get(tabId)?.bringToFront();
    },
    async openPanel(tabId) {
      const panel = await driver.newPage(`${driver.extensionOrigin}sidepanel.html?tabId=${tabId}`);
      // The panel says when the background has answered it; a loaded machine may take long for that.
      await waitFor(panel, { css: 'main[data-ready]' }, { timeout: 60_000 });
      return panel;
    },
    openPopup: (tabId) => driver.newPage(`${driver.extensionOrigin}popup.html?tabId=${tabId}`),
    ping: (tabId) =>
      driver.extension(
        async (id): Promise<unknown> => chrome.tabs.sendMessage(id, { type: 'ping' }).catch(() => null),
        tabId,
      ),
    readStore: (store: string) => driver.extension(readStoreIn, store),
    async close() {
      await driver.close();
      if (ownsServer) await server.close();
    },
  };
  return harness;
}

/** Runs in an extension context: every row of one store of the extension's IndexedDB. */
export function readStoreIn(name: string): Promise<never[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('margins');
    open.onerror = () => reject(open.error ?? new Error('IndexedDB request failed'));
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction(name, 'readonly').objectStore(name).getAll();
      request.onsuccess = () => {
        resolve(request.result as never[]);
        db.close();
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    };
  });
}

/** Selects `text` in `selector` and writes an adaptation on it through the real form. */
export async function adaptWith(
  page: DriverPage | Page,
  ui: AnnotatorUi,
  opts: { selector: string; text: string; kind: string; body: string; rationale?: string },
): Promise<void> {
  await selectText(page, opts.selector, opts.text);
  await ui.click('.adapt-button');
  await ui.waitFor('[role="dialog"]');
  await ui.click(`input[name="kinds"][value="${opts.kind}"]`);
  await ui.type('#mg-body', opts.body);
  if (opts.rationale) await ui.type('#mg-rationale', opts.rationale);
  await ui.click('button[type="submit"]');
  await ui.waitFor('[role="dialog"]', { hidden: true });
}

/**
 * The text of every highlighted passage on the page, as the teacher sees it: CSS custom highlight
 * ranges, or the wrapping fallback's `<margins-hl>` elements where the API is missing.
 */
export function highlighted(page: DriverPage | Page): Promise<string[]> {
  return (page as DriverPage).evaluate(() => {
    const out: string[] = [];
    if (typeof CSS !== 'undefined' && 'highlights' in CSS)
      CSS.highlights.forEach((highlight) => highlight.forEach((range) => out.push((range as Range).toString())));
    document.querySelectorAll('margins-highlight').forEach((el) => out.push(el.textContent ?? ''));
    return out.sort();
  });
}
