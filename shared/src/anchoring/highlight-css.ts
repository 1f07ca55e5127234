import {
  addStyleSheet,
  HIGHLIGHT_STYLES,
  rectHas,
  STYLE_RULES,
  topmostFirst,
  type Highlighter,
  type HighlightStyle,
} from './highlighter.js';

interface Entry {
  range: Range;
  style: HighlightStyle;
}

/**
 * Highlights through the CSS Custom Highlight API (https://drafts.csswg.org/css-highlight-api-1/):
 * one Highlight per style registered as `<prefix>-<style>`, painted by `::highlight()` rules. The
 * page's DOM is never changed, and the Ranges are live, so they follow later page edits.
 */
export function createCssHighlighter(
  doc: Document,
  prefix: string,
  registry: HighlightRegistry,
  HighlightCtor: typeof Highlight,
): Highlighter {
  const entries = new Map<string, Entry>();
  const sets = new Map<HighlightStyle, Highlight>();
  HIGHLIGHT_STYLES.forEach((style, priority) => {
    const h = new HighlightCtor();
    h.priority = priority;
    sets.set(style, h);
    registry.set(`${prefix}-${style}`, h);
  });
  const css =
    HIGHLIGHT_STYLES.map((s) => `::highlight(${prefix}-${s}) { ${STYLE_RULES[s]} }`).join('\n') +
    `\n@media (forced-colors: active) { ${HIGHLIGHT_STYLES.map((s) => `::highlight(${prefix}-${s})`).join(', ')} { background-color: Highlight; color: HighlightText; } }`;
  const removeSheet = addStyleSheet(doc, css, `data-${prefix}-highlighter`);

  const remove = (id: string) => {
    const e = entries.get(id);
    if (!e) return;
    sets.get(e.style)!.delete(e.range);
    entries.delete(id);
  };

  const clear = () => {
    for (const h of sets.values()) h.clear();
    entries.clear();
  };

  return {
    mode: 'css-highlights',
    draw(id, range, style) {
      remove(id);
      entries.set(id, { range, style });
      sets.get(style)!.add(range);
    },
    setStyle(id, style) {
      const e = entries.get(id);
      if (!e || e.style === style) return;
      sets.get(e.style)!.delete(e.range);
      e.style = style;
      sets.get(style)!.add(e.range);
    },
    remove,
    clear,
    idsAt(x, y) {
      const hits: { id: string; style: HighlightStyle; length: number }[] = [];
      for (const [id, e] of entries) {
        if (Array.from(e.range.getClientRects()).some((r) => rectHas(r, x, y)))
          hits.push({ id, style: e.style, length: e.range.toString().length });
      }
      return hits.sort(topmostFirst).map((h) => h.id);
    },
    idsContaining(node) {
      const hits: { id: string; style: HighlightStyle; length: number }[] = [];
      for (const [id, e] of entries) {
        if (!e.range.collapsed && e.range.intersectsNode(node))
          hits.push({ id, style: e.style, length: e.range.toString().length });
      }
      return hits.sort(topmostFirst).map((h) => h.id);
    },
    rectsOf(id) {
      const e = entries.get(id);
      return e ? Array.from(e.range.getClientRects()).filter((r) => r.width > 0 && r.height > 0) : [];
    },
    ids: () => [...entries.keys()],
    destroy() {
      clear();
      for (const style of HIGHLIGHT_STYLES) {
        const name = `${prefix}-${style}`;
        if (registry.get(name) === sets.get(style)) registry.delete(name);
      }
      removeSheet();
    },
  };
}
