import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page, Worker } from 'playwright-core';
import { AnnotatorUi, type AxeViolation } from '../../support/annotator-ui.js';
import { launchWithExtension, type ExtensionBrowser } from '../../support/chromium.js';
import { startCurriculumServer, lessonPage, type CurriculumServer } from '../../support/curriculum-server.js';
import { ensureExtensionBuilt } from '../../support/extension-build.js';

const require = createRequire(import.meta.url);
/** axe-core's browser bundle, injected into pages under test. */
export const axePath = require.resolve('axe-core/axe.min.js');

/** The violations that block someone: axe's "serious" and "critical". */
export const blocking = (violations: AxeViolation[] | null) =>
  (violations ?? []).filter((v) => v.impact === 'serious' || v.impact === 'critical');

/** Injects axe-core through the debugger (extension pages forbid inline scripts) and runs it on the whole page. */
export async function axeOnPage(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(axePath, 'utf8'));
  return page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run(ctx: Document): Promise<{
            violations: { id: string; impact: AxeViolation['impact']; help: string; nodes: { html: string }[] }[];
          }>;
        };
      }
    ).axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.html.slice(0, 200)),
    }));
  });
}

/** Every row of one of the extension's IndexedDB stores, read inside an extension page or its service worker. */
export function readExtensionStore<T>(target: Pick<Worker, 'evaluate'>, store: string): Promise<T[]> {
  return target.evaluate(
    (name) =>
      new Promise<never[]>((resolve, reject) => {
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
      }),
    store,
  );
}

/** One browser with the built extension and a loopback curriculum site. */
export interface Harness {
  ext: ExtensionBrowser;
  server: CurriculumServer;
  worker: Worker;
  /** Opens a lesson page in a new tab. */
  openLesson(path?: string): Promise<{ page: Page; ui: AnnotatorUi; tabId: number }>;
  /** Turns Margins on for the loopback site through the real popup ("Enable Margins on this site"). */
  enableSite(tabId: number): Promise<void>;
  /** Opens the side panel's page for a tab (as the side panel would show it). */
  openPanel(tabId: number): Promise<Page>;
  /** Rows of one store of the extension's IndexedDB, read in the background. */
  readStore<T = Record<string, unknown>>(store: string): Promise<T[]>;
  close(): Promise<void>;
}

/** Starts everything a browser test needs; call `close()` in afterAll. */
export async function startHarness(opts: { locale?: string; pages?: Record<string, string> } = {}): Promise<Harness> {
  const dir = ensureExtensionBuilt();
  const server = await startCurriculumServer({ '/lesson-3': lessonPage(), ...opts.pages });
  const ext = await launchWithExtension(dir, opts.locale ? { locale: opts.locale } : {});
  const worker = ext.context.serviceWorkers()[0] ?? (await ext.context.waitForEvent('serviceworker'));
  const tabIdOf = async (url: string) => {
    for (let i = 0; i < 100; i++) {
      const id = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
      if (id !== undefined) return id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`No tab found for ${url}`);
  };
  const harness: Harness = {
    ext,
    server,
    worker,
    async openLesson(path = '/lesson-3') {
      const page = await ext.context.newPage();
      await page.goto(`${server.origin}${path}`);
      return { page, ui: await AnnotatorUi.attach(page), tabId: await tabIdOf(page.url()) };
    },
    async enableSite(tabId) {
      const popup = await ext.context.newPage();
      await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
      const enable = popup.getByRole('button', {
        name: /^(Enable Margins on this site|Activar Margins en este sitio)$/,
      });
      const on = popup.getByText(/^Margins (is on for|está activado en) 127\.0\.0\.1/);
      await enable.or(on).first().waitFor();
      if (await enable.isVisible()) await enable.click();
      await on.waitFor();
      await popup.close();
    },
    async openPanel(tabId) {
      const panel = await ext.context.newPage();
      await panel.goto(`chrome-extension://${ext.extensionId}/sidepanel.html?tabId=${tabId}`);
      return panel;
    },
    readStore(store) {
      return readExtensionStore(worker, store);
    },
    async close() {
      await ext.close();
      await server.close();
    },
  };
  return harness;
}

/** Polls `check` until it returns a truthy value (the machine is shared and slow: no fixed sleeps). */
export async function eventually<T>(
  check: () => Promise<T>,
  what: string,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Selects `text` in `selector` and writes an adaptation on it through the real form. */
export async function adaptViaUi(
  page: Page,
  ui: AnnotatorUi,
  opts: { selector: string; text: string; kind: string; body: string; rationale?: string },
): Promise<void> {
  const { selectText } = await import('../../support/annotator-ui.js');
  await selectText(page, opts.selector, opts.text);
  await ui.click('.adapt-button');
  await ui.waitFor('[role="dialog"]');
  await ui.click(`input[name="kinds"][value="${opts.kind}"]`);
  await ui.type('#mg-body', opts.body);
  if (opts.rationale) await ui.type('#mg-rationale', opts.rationale);
  await ui.click('button[type="submit"]');
  await ui.waitFor('[role="dialog"]', { hidden: true });
}

/** The text of every CSS custom highlight range on the page (what the teacher sees highlighted). */
export function highlightedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    CSS.highlights.forEach((highlight) => highlight.forEach((range) => out.push((range as Range).toString())));
    return out.sort();
  });
}
