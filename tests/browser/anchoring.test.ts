import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';

/**
 * The anchoring module in real Chromium: the CSS Custom Highlight mode (which jsdom cannot run),
 * hit-testing with idsAt() and rectsOf() against real layout, and the wrap fallback there too.
 * The module is bundled with esbuild and exposed to the page as `MarginsAnchoring`.
 */

const entry = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/src/anchoring/index.ts');

const PAGE = `<!doctype html><html><head><style>body { font: 20px/1.6 sans-serif; margin: 40px; width: 600px; }</style></head><body>
<main><h1>Lesson 3: Adding fractions</h1>
<p id="p1">Students add fractions with <b>unlike denominators</b> using <a id="link" href="#models">area models</a>, then check their answers with a partner.</p>
<p id="p2">Exit ticket: each student solves two problems and explains one strategy in writing.</p></main></body></html>`;

type Api = typeof import('@margins/shared/anchoring');
declare const MarginsAnchoring: Api;

describe.skipIf(!chromiumAvailable())('anchoring in real Chromium', () => {
  let browser: Browser;
  let page: Page;
  let script: string;

  beforeAll(async () => {
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'MarginsAnchoring',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'warning',
    });
    script = out.outputFiles[0]!.text;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage();
    await page.setContent(PAGE);
    await page.addScriptTag({ content: script });
  });

  /** In the page: anchors `text` (described on the unchanged page) and draws it with `style` under `id`. */
  const drawIn = (
    p: Page,
    items: [string, string, 'mine' | 'colleague' | 'focused'][],
    opts: { forceFallback?: boolean } = {},
  ) =>
    p.evaluate(
      ([items, opts]) => {
        const A = MarginsAnchoring;
        const index = A.buildTextIndex(document.body);
        const sel = (text: string) => {
          const at = index.text.indexOf(text);
          const find = (raw: number, end: boolean) => {
            let i = index.nodes.length - 1;
            while (i > 0 && (end ? index.starts[i]! >= raw : index.starts[i]! > raw)) i--;
            return [index.nodes[i]!, raw - index.starts[i]!] as const;
          };
          const r = document.createRange();
          r.setStart(...find(at, false));
          r.setEnd(...find(at + text.length, true));
          return A.describe(r, index);
        };
        const results = A.anchorMany(
          items.map(([id, text]) => ({ id, target: sel(text) })),
          index,
        );
        const hl = A.createHighlighter(document, opts);
        for (const [id, , style] of items) {
          const r = results.get(id)!;
          if (r.status === 'anchored') hl.draw(id, r.range, style);
        }
        (window as unknown as { hl: unknown }).hl = hl;
        return hl.mode;
      },
      [items, opts] as const,
    );

  it('draws with CSS highlights without changing the page, and maps a click back to the topmost adaptation', async () => {
    const before = await page.evaluate(() => document.body.innerHTML);
    const mode = await drawIn(page, [
      ['colleague-1', 'add fractions with unlike denominators', 'colleague'],
      ['mine-1', 'unlike denominators using area models', 'mine'],
      ['focused-1', 'denominators', 'focused'],
    ]);
    expect(mode).toBe('css-highlights');
    const state = await page.evaluate(() => {
      const hl = (window as unknown as { hl: ReturnType<typeof MarginsAnchoring.createHighlighter> }).hl;
      const rects = hl
        .rectsOf('focused-1')
        .map((r) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width }));
      const p1 = document.getElementById('p1')!.getBoundingClientRect();
      const within = hl
        .rectsOf('mine-1')
        .every(
          (r) => r.left >= p1.left - 1 && r.right <= p1.right + 1 && r.top >= p1.top - 1 && r.bottom <= p1.bottom + 1,
        );
      const c = rects[0]!;
      const exit = document.getElementById('p2')!.getBoundingClientRect();
      return {
        html: document.body.innerHTML,
        registered: ['mine', 'colleague', 'focused'].map((s) => CSS.highlights.get(`margins-${s}`)?.size ?? 0),
        rects: rects.length,
        within,
        atFocused: hl.idsAt(c.x, c.y),
        atNothing: hl.idsAt(exit.left + 5, exit.top + 5),
        inLink: hl.idsContaining(document.getElementById('link')!.firstChild!),
        styleRules: document
          .querySelector('style[data-margins-highlighter]')
          ?.textContent?.includes('::highlight(margins-colleague)'),
      };
    });
    expect(state.html).toBe(before);
    expect(state.registered).toEqual([1, 1, 1]);
    expect(state.rects).toBeGreaterThan(0);
    expect(state.within).toBe(true);
    expect(state.atFocused).toEqual(['focused-1', 'mine-1', 'colleague-1']);
    expect(state.atNothing).toEqual([]);
    expect(state.inLink).toEqual(['mine-1']);
    expect(state.styleRules).toBe(true);
  }, 30_000);

  it('restyles, removes and, on destroy, unregisters every highlight and style', async () => {
    const before = await page.evaluate(() => document.body.innerHTML);
    await drawIn(page, [['a', 'check their answers with a partner', 'colleague']]);
    const after = await page.evaluate(() => {
      const hl = (window as unknown as { hl: ReturnType<typeof MarginsAnchoring.createHighlighter> }).hl;
      hl.setStyle('a', 'focused');
      const moved = [CSS.highlights.get('margins-colleague')!.size, CSS.highlights.get('margins-focused')!.size];
      hl.remove('a');
      const removed = hl.rectsOf('a').length;
      hl.destroy();
      return {
        moved,
        removed,
        names: [...CSS.highlights.keys()],
        style: !!document.querySelector('style[data-margins-highlighter]'),
        html: document.body.innerHTML,
      };
    });
    expect(after).toEqual({ moved: [0, 1], removed: 0, names: [], style: false, html: before });
  }, 30_000);

  it('falls back to wrapping in Chromium too, hit-tests through the layout and leaves no trace', async () => {
    const before = await page.evaluate(() => document.body.innerHTML);
    const mode = await drawIn(
      page,
      [
        ['w1', 'solves two problems', 'mine'],
        ['w2', 'two problems and explains', 'colleague'],
      ],
      { forceFallback: true },
    );
    expect(mode).toBe('wrap');
    const state = await page.evaluate(() => {
      const hl = (window as unknown as { hl: ReturnType<typeof MarginsAnchoring.createHighlighter> }).hl;
      const r = hl.rectsOf('w1').at(-1)!; // the part inside both highlights
      const both = document.querySelectorAll(
        'margins-highlight[data-margins-id="w1"] margins-highlight, margins-highlight[data-margins-id="w2"] margins-highlight',
      ).length;
      const rects = hl.rectsOf('w2').length;
      const text = document.getElementById('p2')!.textContent;
      const at = hl.idsAt(r.right - 3, r.top + r.height / 2);
      hl.destroy();
      return { at, both, rects, text, html: document.body.innerHTML };
    });
    expect(state.at).toEqual(['w1', 'w2']);
    expect(state.both).toBeGreaterThan(0);
    expect(state.rects).toBeGreaterThan(0);
    expect(state.text).toBe('Exit ticket: each student solves two problems and explains one strategy in writing.');
    expect(state.html).toBe(before);
  }, 30_000);

  it('re-anchors a passage after the page changed, from a real selection', async () => {
    const result = await page.evaluate(() => {
      const A = MarginsAnchoring;
      const sel = window.getSelection()!;
      const p = document.getElementById('p2')!.firstChild!;
      sel.setBaseAndExtent(p, 13, p, 45);
      const target = A.describe(sel.getRangeAt(0), document.body);
      document.getElementById('p2')!.innerHTML =
        'New! Exit   ticket:\n each <em>student</em> solves two problems and explains one strategy in writing.';
      document.querySelector('main')!.insertAdjacentHTML('afterbegin', '<p>Warm-up: count by halves to five.</p>');
      const r = A.anchor(target, A.buildTextIndex(document.body));
      return {
        exact: target.quote.exact,
        status: r.status,
        text: r.status === 'anchored' ? r.range.toString() : '',
        strategy: r.status === 'anchored' ? r.strategy : '',
      };
    });
    expect(result).toEqual({
      exact: 'each student solves two problems',
      status: 'anchored',
      text: 'each student solves two problems',
      strategy: 'exact',
    });
  }, 30_000);
});
