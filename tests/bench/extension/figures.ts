import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DriverPage } from '../../support/browser-driver.js';
import type { BrowserHarness } from '../../support/extension-harness.js';
import type { FirefoxDriver } from '../../support/firefox.js';

/**
 * The annotator's three figures (issue 4), measured the same way in every browser through the
 * shared driver interface (`tests/support/browser-driver.ts`), so Chromium's and Firefox's numbers
 * sit side by side. Only the main-thread busy time is Chromium's alone (BiDi has no such metric).
 */

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
export const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)] ?? NaN;

/** Gzipped and minified sizes (KB) of the full annotator and of the loader every page of an enabled site gets. */
export function bundleSizes(dir: string): { ui: number; uiRaw: number; loader: number } {
  const read = (file: string) => readFileSync(join(dir, file));
  const gz = (file: string) => gzipSync(read(file), { level: 9 }).length / 1024;
  return {
    ui: gz('content-scripts/annotator-ui.js'),
    uiRaw: read('content-scripts/annotator-ui.js').length / 1024,
    loader: gz('annotator-loader.js'),
  };
}

/**
 * Turns Margins on or off for the loopback site through the background's own commands, from an
 * extension page. Turning it off gives the browser's permission back; Firefox MV3 really removes
 * it (Chromium keeps a build's required hosts), and only a user gesture can ask again, so in
 * Firefox the grant is given back from chrome scope, as the teacher's "Allow" would.
 */
export async function setSiteEnabled(h: BrowserHarness, control: DriverPage, on: boolean): Promise<void> {
  const site = h.server.origin.replace(/:\d+$/, '');
  if (on && h.driver.name === 'firefox')
    await (h.driver as FirefoxDriver).chrome(`(async () => {
      const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
      const policy = WebExtensionPolicy.getByID('margins@margins.education');
      await ExtensionPermissions.add(policy.id, { permissions: [], origins: [${JSON.stringify(`${site}/*`)}] }, policy.extension);
    })()`);
  const result = await control.evaluate(
    ([s, enable]) =>
      chrome.runtime.sendMessage(enable ? { type: 'enableSite', site: s } : { type: 'disableSite', site: s }),
    [site, on] as const,
  );
  if (!(result as { ok?: boolean }).ok)
    throw new Error(`Could not turn Margins ${on ? 'on' : 'off'}: ${JSON.stringify(result)}`);
}

/** One load of `url`: its load event and, where the browser reports it, the main-thread time it cost once settled. */
async function measuredLoad(page: DriverPage, url: string): Promise<{ load: number; task?: number; script?: number }> {
  const before = await page.mainThreadMs();
  await page.goto(url);
  const load = await page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
  );
  if (!before) return { load };
  // Settled: three 100 ms windows in a row with under 0.5 ms of work (reading costs a little), or 3 s.
  let last = (await page.mainThreadMs())!.task;
  const deadline = Date.now() + 3_000;
  for (let quiet = 0; quiet < 3 && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = (await page.mainThreadMs())!.task;
    quiet = now - last < 0.5 ? quiet + 1 : 0;
    last = now;
  }
  const end = (await page.mainThreadMs())!;
  return { load, task: last - before.task, script: end.script - before.script };
}

/** What a page with nothing to show costs with Margins on, as paired differences (on minus off). */
export interface LoadCost {
  pairs: number;
  loadOn: number;
  loadOff: number;
  /** Paired difference of the load event: median and middle half. */
  loadAdded: { median: number; q1: number; q3: number };
  /** Paired difference of main-thread time and of JavaScript time (Chromium only). */
  taskAdded?: { median: number; q1: number; q3: number };
  scriptAdded?: number;
}

export async function pageLoadCost(
  h: BrowserHarness,
  control: DriverPage,
  path: string,
  runs: number,
): Promise<LoadCost> {
  const url = `${h.server.origin}${path}`;
  const page = await h.driver.newPage();
  await page.bringToFront();
  const added: number[] = [];
  const task: number[] = [];
  const script: number[] = [];
  const loads: Record<'on' | 'off', number[]> = { on: [], off: [] };
  // Paired runs: each load with Margins goes with one without, so drifts in the shared machine's
  // load touch both sides alike; which goes first alternates; the first pairs are a warm-up.
  for (let i = -3; i < runs; i++) {
    const sample: Partial<Record<'on' | 'off', Awaited<ReturnType<typeof measuredLoad>>>> = {};
    for (const on of i % 2 === 0 ? [true, false] : [false, true]) {
      await setSiteEnabled(h, control, on);
      sample[on ? 'on' : 'off'] = await measuredLoad(page, url);
    }
    if (i < 0) continue;
    const { on, off } = sample as Record<'on' | 'off', Awaited<ReturnType<typeof measuredLoad>>>;
    loads.on.push(on.load);
    loads.off.push(off.load);
    added.push(on.load - off.load);
    if (on.task !== undefined && off.task !== undefined) task.push(on.task - off.task);
    if (on.script !== undefined && off.script !== undefined) script.push(on.script - off.script);
  }
  await setSiteEnabled(h, control, true);
  await page.close();
  const spread = (xs: number[]) => ({ median: median(xs), q1: quantile(xs, 0.25), q3: quantile(xs, 0.75) });
  return {
    pairs: runs,
    loadOn: median(loads.on),
    loadOff: median(loads.off),
    loadAdded: spread(added),
    ...(task.length ? { taskAdded: spread(task), scriptAdded: median(script) } : {}),
  };
}

/** `count` passages spread over the page, described the way Margins stores them, as a W3C Web Annotation list. */
async function benchAnnotations(page: DriverPage, url: string, count: number): Promise<unknown[]> {
  const selectors = await page.evaluate((n) => {
    const text = document.body.textContent ?? '';
    const paragraphs = [...document.querySelectorAll('p')];
    return Array.from({ length: n }, (_, i) => {
      const p = paragraphs[Math.floor((i * paragraphs.length) / n)]!;
      const start = text.indexOf(p.textContent) + 20;
      const end = start + 40;
      return {
        exact: text.slice(start, end),
        prefix: text.slice(start - 32, start),
        suffix: text.slice(end, end + 32),
        start,
        end,
      };
    });
  }, count);
  return selectors.map((s, i) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: 'Annotation',
    motivation: 'commenting',
    body: [
      { type: 'TextualBody', purpose: 'commenting', value: `Adaptation ${i}: pair students and give fraction strips.` },
      { type: 'TextualBody', purpose: 'tagging', value: 'scaffolding' },
    ],
    target: {
      source: url,
      selector: [
        { type: 'TextQuoteSelector', exact: s.exact, prefix: s.prefix, suffix: s.suffix },
        { type: 'TextPositionSelector', start: s.start, end: s.end },
      ],
    },
  }));
}

/** How long `count` imported adaptations take to be drawn on a big page, after DOMContentLoaded. */
export interface ManyResult {
  count: number;
  drawn: number;
  afterDcl: number;
  afterDclP90: number;
  pageLoad: number;
}

export async function manyAdaptations(
  h: BrowserHarness,
  control: DriverPage,
  path: string,
  count: number,
  runs: number,
): Promise<ManyResult> {
  const url = `${h.server.origin}${path}`;
  const page = await h.driver.newPage(url);
  const report = (await control.evaluate(
    (text) => chrome.runtime.sendMessage({ type: 'importAdaptations', text }),
    JSON.stringify(await benchAnnotations(page, url, count)),
  )) as { ok: boolean; value?: { imported: number } };
  if (report.value?.imported !== count) throw new Error(`Import: ${JSON.stringify(report)}`);
  // In front, as the teacher reading it: a background tab gets no animation frames (Firefox), so
  // the annotator's effects that draw would wait.
  await page.bringToFront();
  // Markers drawn in the annotator's shadow root, polled: each figure includes up to one protocol round trip.
  const markers = `function() { return this.querySelectorAll('.marker').length; }`;
  const afterDcl: number[] = [];
  const loads: number[] = [];
  let drawn = 0;
  for (let run = 0; run <= runs; run++) {
    await page.goto(url);
    const deadline = Date.now() + 30_000;
    let seen = 0;
    while (seen < count && Date.now() < deadline) {
      seen = (await page.shadow<number>('margins-annotator', markers, [])) ?? 0;
      if (seen < count) await new Promise((r) => setTimeout(r, 10));
    }
    const at = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { now: performance.now(), dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    if (seen < count) throw new Error(`Only ${seen} of ${count} markers were drawn in ${h.driver.name} after 30 s.`);
    if (run === 0) continue; // warm-up
    afterDcl.push(at.now - at.dcl);
    loads.push(at.load);
    drawn = seen;
  }
  await page.close();
  return { count, drawn, afterDcl: median(afterDcl), afterDclP90: quantile(afterDcl, 0.9), pageLoad: median(loads) };
}
