import { createCssHighlighter } from './highlight-css.js';
import { createWrapHighlighter } from './highlight-wrap.js';

/** How an adaptation's passage is drawn: the teacher's own, a colleague's, or the one in focus. */
export type HighlightStyle = 'mine' | 'colleague' | 'focused';
/** Styles in paint order, lowest first: a focused highlight is drawn over the others. */
export const HIGHLIGHT_STYLES: readonly HighlightStyle[] = ['colleague', 'mine', 'focused'];

/** Draws adaptations' passages on a page and maps points and nodes back to adaptations. */
export interface Highlighter {
  readonly mode: 'css-highlights' | 'wrap';
  /**
   * Draws (or redraws) the highlight of `id`; replaces an existing highlight of that id. In wrap
   * mode the DOM change is applied with the other draws of the same task, in a microtask or at the
   * next query (ids, rectsOf, idsAt, ...), so ranges anchored together are all drawn right.
   */
  draw(id: string, range: Range, style: HighlightStyle): void;
  setStyle(id: string, style: HighlightStyle): void;
  remove(id: string): void;
  clear(): void;
  /** Adaptation ids whose highlight covers the point (for a click / hover); topmost first. */
  idsAt(x: number, y: number): string[];
  /** Adaptation ids whose highlight contains `node` (for keyboard focus moving into a passage, e.g. a link in it). */
  idsContaining(node: Node): string[];
  /** Client rects of a highlight, so the UI can place focusable markers / popovers beside it. */
  rectsOf(id: string): DOMRect[];
  /** Ids currently drawn. */
  ids(): string[];
  /** Removes every highlight, style and wrapper; leaves the page as it was. */
  destroy(): void;
}

/** Options for {@link createHighlighter}. */
export interface HighlighterOptions {
  /** Use the wrapping fallback even where CSS.highlights exists (tests, or pages that need it). */
  forceFallback?: boolean;
  /** Names highlights (`<prefix>-mine`) and the wrapper element (`<prefix>-highlight`); default "margins". */
  prefix?: string;
}

/**
 * Uses the CSS Custom Highlight API where the browser has it, so the page's DOM is not touched;
 * elsewhere wraps the passage's text in custom elements and removes them cleanly. Styles differ by
 * more than colour (a colleague's is underlined dotted, the focused one solid) and follow the
 * system's colours in forced-colours mode.
 */
export function createHighlighter(doc: Document, opts: HighlighterOptions = {}): Highlighter {
  const prefix = opts.prefix ?? 'margins';
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(prefix))
    throw new Error(`The highlight prefix "${prefix}" must be lower-case letters, digits and hyphens.`);
  const win = doc.defaultView as (Window & { CSS?: { highlights?: HighlightRegistry } }) | null;
  const registry = win?.CSS?.highlights;
  const HighlightCtor = (win as unknown as { Highlight?: typeof Highlight } | null)?.Highlight;
  if (!opts.forceFallback && registry && HighlightCtor)
    return createCssHighlighter(doc, prefix, registry, HighlightCtor);
  return createWrapHighlighter(doc, prefix);
}

/** Background, decoration and forced-colours treatment per style (shared by both modes). */
export const STYLE_RULES: Record<HighlightStyle, string> = {
  mine: 'background-color: rgba(255, 214, 64, 0.5);',
  colleague: 'background-color: rgba(120, 190, 255, 0.35); text-decoration: underline dotted rgb(20, 90, 180);',
  focused: 'background-color: rgba(255, 150, 0, 0.55); text-decoration: underline solid rgb(150, 60, 0);',
};

/** Adds a style sheet to the page and returns how to take it away again. */
export function addStyleSheet(doc: Document, css: string, marker: string): () => void {
  const el = doc.createElement('style');
  el.setAttribute(marker, '');
  el.textContent = css;
  (doc.head ?? doc.documentElement).appendChild(el);
  return () => el.remove();
}

/** True when a rect contains the point (edges included). */
export function rectHas(r: DOMRect, x: number, y: number): boolean {
  return r.width > 0 && r.height > 0 && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
}

/** Topmost first: by style (focused, then mine, then colleague), then the shorter (inner) passage. */
export function topmostFirst(
  a: { style: HighlightStyle; length: number },
  b: { style: HighlightStyle; length: number },
): number {
  return HIGHLIGHT_STYLES.indexOf(b.style) - HIGHLIGHT_STYLES.indexOf(a.style) || a.length - b.length;
}
