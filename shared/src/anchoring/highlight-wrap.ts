import {
  addStyleSheet,
  HIGHLIGHT_STYLES,
  rectHas,
  STYLE_RULES,
  topmostFirst,
  type Highlighter,
  type HighlightStyle,
} from './highlighter.js';

/** Elements whose text must not be wrapped (it is not rendered inline, or an element there would break the page). */
const NO_WRAP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'colgroup',
  'title',
  'head',
  'iframe',
  'object',
]);

interface Entry {
  style: HighlightStyle;
  wrappers: HTMLElement[];
  length: number;
}

/**
 * Fallback highlighter for browsers without CSS.highlights (and jsdom): wraps each text node of a
 * passage in a `<prefix>-highlight` element and, on removal, unwraps them and merges the text
 * nodes it split, so the page's own nodes come back as they were.
 *
 * Wrapping moves text nodes, which would shift any live Range with an end inside them (including
 * ranges the caller anchored but has not drawn yet). So draws are queued and applied together:
 * first every pending range's boundaries are split (splitText keeps live ranges right), then the
 * text nodes of every pending range are collected, and only then is anything moved.
 */
export function createWrapHighlighter(doc: Document, prefix: string): Highlighter {
  const tag = `${prefix}-highlight`;
  const idAttr = `data-${prefix}-id`;
  const styleAttr = `data-${prefix}-style`;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, { range: Range; style: HighlightStyle }>();
  /** Text nodes this highlighter created by splitting the page's: merged back on removal. */
  const created = new WeakSet<Text>();
  const css =
    `${tag} { all: unset; display: inline; }\n` +
    HIGHLIGHT_STYLES.map((s) => `${tag}[${styleAttr}="${s}"] { ${STYLE_RULES[s]} }`).join('\n') +
    `\n@media (forced-colors: active) { ${tag} { background-color: Highlight; color: HighlightText; forced-color-adjust: none; } }`;
  const removeSheet = addStyleSheet(doc, css, `data-${prefix}-highlighter`);
  let scheduled = false;

  const split = (node: Node, offset: number) => {
    if (node.nodeType !== 3) return;
    const t = node as Text;
    if (offset > 0 && offset < t.length) created.add(t.splitText(offset));
  };

  const flush = () => {
    if (pending.size === 0) return;
    const batch = [...pending];
    pending.clear();
    for (const [, { range }] of batch) {
      split(range.endContainer, range.endOffset);
      split(range.startContainer, range.startOffset);
    }
    const plans = batch.map(([id, { range, style }]) => ({
      id,
      style,
      nodes: textNodesIn(range),
      length: range.toString().length,
    }));
    for (const { id, style, nodes, length } of plans) {
      const wrappers: HTMLElement[] = [];
      for (const node of nodes) {
        const w = doc.createElement(tag);
        w.setAttribute(idAttr, id);
        w.setAttribute(styleAttr, style);
        node.parentNode!.insertBefore(w, node);
        w.appendChild(node);
        wrappers.push(w);
      }
      entries.set(id, { style, wrappers, length });
    }
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      flush();
    });
  };

  const unwrap = (id: string) => {
    const e = entries.get(id);
    if (!e) return;
    entries.delete(id);
    const parents = new Set<Node>();
    for (const w of e.wrappers) {
      const parent = w.parentNode;
      if (!parent) continue;
      while (w.firstChild) parent.insertBefore(w.firstChild, w);
      w.remove();
      parents.add(parent);
    }
    for (const parent of parents) mergeSplits(parent);
  };

  const mergeSplits = (parent: Node) => {
    for (let n = parent.firstChild; n;) {
      const next = n.nextSibling;
      const prev = n.previousSibling;
      if (n.nodeType === 3 && created.has(n as Text) && prev?.nodeType === 3) {
        (prev as Text).appendData((n as Text).data);
        n.parentNode!.removeChild(n);
      }
      n = next;
    }
  };

  const clear = () => {
    pending.clear();
    for (const id of [...entries.keys()]) unwrap(id);
  };

  const hitsOf = (ids: Iterable<string>) =>
    [...new Set(ids)]
      .map((id) => ({ id, style: entries.get(id)!.style, length: entries.get(id)!.length }))
      .sort(topmostFirst)
      .map((h) => h.id);

  return {
    mode: 'wrap',
    draw(id, range, style) {
      pending.delete(id);
      unwrap(id);
      pending.set(id, { range, style });
      schedule();
    },
    setStyle(id, style) {
      const p = pending.get(id);
      if (p) p.style = style;
      const e = entries.get(id);
      if (!e) return;
      e.style = style;
      for (const w of e.wrappers) w.setAttribute(styleAttr, style);
    },
    remove(id) {
      flush();
      unwrap(id);
    },
    clear,
    idsAt(x, y) {
      flush();
      const hitTestable = doc as Document & { elementsFromPoint?: (x: number, y: number) => Element[] };
      if (typeof hitTestable.elementsFromPoint === 'function') {
        const els = hitTestable.elementsFromPoint(x, y);
        const ids = els
          .filter((el) => el.localName === tag)
          .map((el) => el.getAttribute(idAttr)!)
          .filter((id) => entries.has(id));
        if (ids.length) return hitsOf(ids);
      }
      const ids = [...entries]
        .filter(([, e]) => e.wrappers.some((w) => Array.from(w.getClientRects?.() ?? []).some((r) => rectHas(r, x, y))))
        .map(([id]) => id);
      return hitsOf(ids);
    },
    idsContaining(node) {
      flush();
      const ids: string[] = [];
      for (let n: Node | null = node; n; n = n.parentNode) {
        if (n.nodeType === 1 && (n as Element).localName === tag) {
          const id = (n as Element).getAttribute(idAttr);
          if (id && entries.has(id)) ids.push(id);
        }
      }
      // A node that contains whole highlights (a paragraph with a highlighted word) also counts.
      if (node.nodeType === 1)
        for (const w of (node as Element).querySelectorAll(tag)) ids.push(w.getAttribute(idAttr)!);
      return hitsOf(ids.filter((id) => entries.has(id)));
    },
    rectsOf(id) {
      flush();
      const e = entries.get(id);
      if (!e) return [];
      return e.wrappers
        .flatMap((w) => Array.from(w.getClientRects?.() ?? []))
        .filter((r) => r.width > 0 && r.height > 0);
    },
    ids() {
      flush();
      return [...entries.keys()];
    },
    destroy() {
      clear();
      removeSheet();
    },
  };
}

/** The non-blank text nodes wholly inside `range` whose parent may hold an inline element. */
function textNodesIn(range: Range): Text[] {
  if (range.collapsed) return [];
  let root: Node = range.commonAncestorContainer;
  if (root.nodeType === 3) root = root.parentNode ?? root;
  const doc = root.ownerDocument ?? (root as Document);
  const out: Text[] = [];
  const walker = doc.createTreeWalker(root, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (t.length === 0 || !/\S/.test(t.data)) continue;
    if (range.comparePoint(t, 0) < 0) continue;
    if (range.comparePoint(t, t.length) > 0) break;
    const parent = t.parentNode;
    if (!parent || parent.nodeType !== 1 || NO_WRAP.has((parent as Element).localName)) continue;
    out.push(t);
  }
  return out;
}
