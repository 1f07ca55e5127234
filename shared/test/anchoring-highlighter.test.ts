// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { anchorMany, buildTextIndex, createHighlighter, describe as describeRange } from '../src/anchoring/index.js';

/** Wrap-mode draws are applied together in a microtask (see highlight-wrap.ts); tests wait for it. */
const drawn = () => Promise.resolve();

const PAGE =
  '<main><p id="p1">Students add fractions with <b>unlike denominators</b> using area models.</p><p id="p2">Then they check their answers with a partner.</p><table><tbody><tr><td>cell text</td></tr></tbody></table></main>';

function rangeOf(text: string): Range {
  const index = buildTextIndex(document.body);
  const at = index.text.indexOf(text);
  const find = (raw: number, end: boolean) => {
    let i = index.nodes.length - 1;
    while (i > 0 && (end ? index.starts[i]! >= raw : index.starts[i]! > raw)) i--;
    return [index.nodes[i]!, raw - index.starts[i]!] as const;
  };
  const r = document.createRange();
  r.setStart(...find(at, false));
  r.setEnd(...find(at + text.length, true));
  return r;
}

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('the wrapping highlighter (jsdom has no CSS.highlights)', () => {
  it('falls back to wrapping and marks each piece of the passage with its id and style', async () => {
    document.body.innerHTML = PAGE;
    const hl = createHighlighter(document);
    expect(hl.mode).toBe('wrap');
    hl.draw('a1', rangeOf('fractions with unlike denominators using'), 'mine');
    await drawn();
    const wrappers = [...document.querySelectorAll('margins-highlight')];
    expect(wrappers.map((w) => w.textContent).join('')).toBe('fractions with unlike denominators using');
    expect(
      wrappers.every(
        (w) => w.getAttribute('data-margins-id') === 'a1' && w.getAttribute('data-margins-style') === 'mine',
      ),
    ).toBe(true);
    expect(document.querySelector('style[data-margins-highlighter]')?.textContent).toContain(
      'margins-highlight[data-margins-style="colleague"]',
    );
    expect(document.body.textContent).toBe(new DOMParser().parseFromString(PAGE, 'text/html').body.textContent);
  });

  it('leaves the page exactly as it was, text nodes included, after remove and destroy', () => {
    document.body.innerHTML = PAGE;
    const before = document.body.innerHTML;
    const original = document.getElementById('p1')!.firstChild!;
    const hl = createHighlighter(document);
    hl.draw('a1', rangeOf('add fractions'), 'mine');
    hl.draw('a2', rangeOf('fractions with unlike'), 'colleague');
    expect(hl.ids().sort()).toEqual(['a1', 'a2']);
    hl.remove('a1');
    expect(document.querySelectorAll('[data-margins-id="a1"]')).toHaveLength(0);
    hl.destroy();
    expect(document.body.innerHTML).toBe(before);
    expect(document.getElementById('p1')!.firstChild).toBe(original);
    expect(document.getElementById('p1')!.childNodes).toHaveLength(3);
    expect(document.querySelector('style')).toBeNull();
  });

  it('draws many anchored passages, even ones sharing a text node or overlapping, each on its own text', async () => {
    document.body.innerHTML = PAGE;
    const index = buildTextIndex(document.body);
    const items = ['Students add', 'add fractions with unlike', 'denominators using area', 'check their answers'].map(
      (t, i) => ({ id: `a${i}`, target: describeRange(rangeOf(t), index) }),
    );
    const results = anchorMany(items, index);
    const hl = createHighlighter(document);
    for (const [id, r] of results)
      if (r.status === 'anchored') hl.draw(id, r.range, id === 'a1' ? 'colleague' : 'mine');
    await drawn();
    const textOf = (id: string) =>
      [...document.querySelectorAll(`[data-margins-id="${id}"]`)].map((w) => w.textContent).join('');
    expect(items.map((i) => textOf(i.id))).toEqual([
      'Students add',
      'add fractions with unlike',
      'denominators using area',
      'check their answers',
    ]);
    // The overlap is nested: "add" belongs to both, and the topmost (mine over colleague) comes first.
    const add = [...document.querySelectorAll('[data-margins-id="a0"]')].find((w) => w.textContent === 'add')!;
    expect(hl.idsContaining(add.firstChild!)).toEqual(['a0', 'a1']);
    hl.destroy();
    expect(document.body.innerHTML).toBe(PAGE);
  });

  it('changes style in place and finds the adaptations inside a focused element', async () => {
    document.body.innerHTML = PAGE;
    const hl = createHighlighter(document);
    hl.draw('a1', rangeOf('unlike denominators'), 'colleague');
    await drawn();
    hl.setStyle('a1', 'focused');
    expect(document.querySelector('margins-highlight')!.getAttribute('data-margins-style')).toBe('focused');
    expect(hl.idsContaining(document.getElementById('p1')!)).toEqual(['a1']);
    expect(hl.idsContaining(document.getElementById('p2')!)).toEqual([]);
    expect(hl.rectsOf('a1')).toEqual([]); // jsdom has no layout; real Chromium is checked in tests/browser
  });

  it('does not put elements inside tables rows or other places where they would break the page', () => {
    document.body.innerHTML = PAGE;
    const hl = createHighlighter(document);
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('main')!);
    hl.draw('all', range, 'mine');
    hl.ids();
    for (const w of document.querySelectorAll('margins-highlight'))
      expect(['p', 'b', 'td']).toContain(w.parentElement!.localName);
    hl.destroy();
    expect(document.body.innerHTML).toBe(PAGE);
  });

  it('replaces the highlight when the same id is drawn again, and accepts its own prefix', () => {
    document.body.innerHTML = PAGE;
    const hl = createHighlighter(document, { prefix: 'mx' });
    hl.draw('a1', rangeOf('Students'), 'mine');
    hl.draw('a1', rangeOf('partner'), 'mine');
    expect(hl.ids()).toEqual(['a1']); // a query applies pending draws at once
    expect([...document.querySelectorAll('mx-highlight')].map((w) => w.textContent)).toEqual(['partner']);
    expect(() => createHighlighter(document, { prefix: 'Bad Prefix' })).toThrow(/prefix/);
    hl.destroy();
  });
});
