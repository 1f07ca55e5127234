import { CharClass, charClass, foldChar } from './normalize.js';

const TEXT_NODE = 3;
const SHOW_TEXT = 0x4;

/**
 * The page's text, walked once and reused by every anchor() call until the page changes.
 * `text` is the concatenated data of every text node under `root` (what `root.textContent` is for
 * an element), so W3C TextPosition offsets are offsets into it. `key` is the same text in matching
 * form (see normalize.ts) and `keyToRaw` maps each key character back to `text`.
 */
export interface TextIndex {
  readonly root: Node;
  readonly text: string;
  /** `text` with whitespace runs collapsed, invisible characters dropped and typography folded. */
  readonly key: string;
  /** keyToRaw[i]: offset in `text` of key character i; one extra entry holds `text.length`. */
  readonly keyToRaw: Uint32Array;
  /** The non-empty text nodes, in document order. */
  readonly nodes: readonly Text[];
  /** starts[i]: offset in `text` where nodes[i] begins; one extra entry holds `text.length`. */
  readonly starts: Uint32Array;
  /** Offsets in `text` of the first half of each surrogate pair (W3C positions count code points). */
  readonly astral: Uint32Array;
}

/** Thrown when an index is used after the page's text nodes changed under it: build a new one. */
export class StaleTextIndexError extends Error {
  constructor() {
    super('The page changed after its text index was built; call buildTextIndex(root) again.');
    this.name = 'StaleTextIndexError';
  }
}

/** Walks `root` once and builds the index every describe/anchor call on that page shares. */
export function buildTextIndex(root: Node): TextIndex {
  const nodes: Text[] = [];
  const startList: number[] = [];
  const parts: string[] = [];
  let total = 0;
  const add = (n: Text) => {
    const d = n.data;
    if (d.length === 0) return;
    nodes.push(n);
    startList.push(total);
    parts.push(d);
    total += d.length;
  };
  if (root.nodeType === TEXT_NODE) add(root as Text);
  else {
    const doc = root.ownerDocument ?? (root as Document);
    const walker = doc.createTreeWalker(root, SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) add(n as Text);
  }
  const text = parts.join('');
  const starts = new Uint32Array(nodes.length + 1);
  starts.set(startList);
  starts[nodes.length] = total;

  const keyToRaw = new Uint32Array(total + 1);
  const codes = new Uint16Array(total);
  const astral: number[] = [];
  let k = 0;
  let space = false;
  for (let i = 0; i < total; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) {
      keyToRaw[k] = i;
      codes[k++] = c;
      space = false;
      continue;
    }
    const cls = charClass(c);
    if (cls === CharClass.Ignore) continue;
    if (cls === CharClass.Space) {
      if (space) continue;
      space = true;
      keyToRaw[k] = i;
      codes[k++] = 0x20;
      continue;
    }
    space = false;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < total) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) astral.push(i);
    }
    keyToRaw[k] = i;
    codes[k++] = foldChar(c);
  }
  keyToRaw[k] = total;
  return {
    root,
    text,
    key: decodeCodes(codes, k),
    keyToRaw: keyToRaw.subarray(0, k + 1),
    nodes,
    starts,
    astral: Uint32Array.from(astral),
  };
}

/** UTF-16 codes -> string, in chunks (fromCharCode.apply has an argument limit). */
function decodeCodes(codes: Uint16Array, length: number): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < length; i += CHUNK) {
    chunks.push(String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + CHUNK)) as unknown as number[]));
  }
  return chunks.join('');
}

/** Duck-typing test used where a caller may pass a root node or an index. */
export function isTextIndex(x: unknown): x is TextIndex {
  return typeof x === 'object' && x !== null && 'keyToRaw' in x && 'starts' in x && 'root' in x;
}

/** First index i with arr[i] >= x (arr ascending), searching [lo, hi). */
function lowerBound(arr: Uint32Array, x: number, lo = 0, hi = arr.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The key offset of the first key character at or after raw offset `raw`. */
export function rawToKey(index: TextIndex, raw: number): number {
  return lowerBound(index.keyToRaw, raw);
}

/** Raw [start, end) of the key span [ks, ke). */
export function keySpanToRaw(index: TextIndex, ks: number, ke: number): [number, number] {
  const start = index.keyToRaw[ks]!;
  const end = ke > ks ? index.keyToRaw[ke - 1]! + 1 : start;
  // A folded whitespace run at the end of a span stands for the whole run; one char is enough.
  return [start, end];
}

/** W3C positions count code points; `text` offsets count UTF-16 units. */
export function unitsToCodePoints(index: TextIndex, units: number): number {
  // Pairs that end at or before `units` each count one less.
  return units - lowerBound(index.astral, units - 1);
}

/** Inverse of {@link unitsToCodePoints}. */
export function codePointsToUnits(index: TextIndex, cps: number): number {
  const a = index.astral;
  // The number of pairs before code point `cps`: largest i with a[i] - i < cps.
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! - mid < cps) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(cps + lo, index.text.length);
}

const nodeMaps = new WeakMap<TextIndex, Map<Node, number>>();

/** Position of a text node in `index.nodes` (built on first use: describe and range hints need it). */
function nodeIndexOf(index: TextIndex, node: Node): number | undefined {
  let map = nodeMaps.get(index);
  if (!map) {
    map = new Map();
    index.nodes.forEach((n, i) => map!.set(n, i));
    nodeMaps.set(index, map);
  }
  return map.get(node);
}

/** Raw offset of the point just before `node` (the start of the first indexed text at or after it). */
export function rawOffsetBefore(index: TextIndex, node: Node): number {
  const root = index.root;
  let n: Node | null = node;
  while (n) {
    if (n.nodeType === TEXT_NODE) {
      const i = nodeIndexOf(index, n);
      if (i !== undefined) return index.starts[i]!;
    }
    if (n.firstChild) {
      n = n.firstChild;
      continue;
    }
    while (n && n !== root && !n.nextSibling) n = n.parentNode;
    if (!n || n === root) return index.text.length;
    n = n.nextSibling;
  }
  return index.text.length;
}

/** Raw offset of the point just after `node`'s subtree. */
function rawOffsetAfter(index: TextIndex, node: Node): number {
  let n: Node | null = node;
  while (n && n !== index.root && !n.nextSibling) n = n.parentNode;
  if (!n || n === index.root) return index.text.length;
  return rawOffsetBefore(index, n.nextSibling!);
}

/** Raw offset of a DOM boundary point (a Range's start or end), or null when it is outside the root. */
export function rawOffsetOfBoundary(index: TextIndex, container: Node, offset: number): number | null {
  if (container !== index.root && !index.root.contains(container)) return null;
  if (container.nodeType === TEXT_NODE) {
    const i = nodeIndexOf(index, container);
    if (i !== undefined) return index.starts[i]! + Math.min(offset, (container as Text).length);
    return rawOffsetBefore(index, container);
  }
  if (container.nodeType !== 1 && container.nodeType !== 9 && container.nodeType !== 11)
    return rawOffsetBefore(index, container);
  const child = container.childNodes[offset];
  return child ? rawOffsetBefore(index, child) : rawOffsetAfter(index, container);
}

/** The text node holding raw offset `raw` and the offset inside it; `end` picks the node a span ends in. */
function locate(index: TextIndex, raw: number, end: boolean): [Text, number] {
  const { starts, nodes } = index;
  // Last node whose start is <= the character we need (raw for a start, raw - 1 for an end).
  const ch = end ? raw - 1 : raw;
  let i = lowerBound(starts, ch + 1, 0, nodes.length) - 1;
  if (i < 0) i = 0;
  if (i >= nodes.length) i = nodes.length - 1;
  const node = nodes[i]!;
  const off = raw - starts[i]!;
  if (node.length !== starts[i + 1]! - starts[i]! || !index.root.contains(node)) throw new StaleTextIndexError();
  return [node, off];
}

/** A live DOM Range over raw [start, end) (live so it follows later DOM edits such as wrapping). */
export function rangeFromRaw(index: TextIndex, start: number, end: number): Range {
  const doc = index.root.ownerDocument ?? (index.root as Document);
  const range = doc.createRange();
  if (index.nodes.length === 0) {
    range.selectNodeContents(index.root);
    return range;
  }
  const [sn, so] = locate(index, start, false);
  const [en, eo] = end > start ? locate(index, end, true) : [sn, so];
  // Start from the first node so each boundary is compared with a nearby one (DOM implementations
  // without native ranges, such as jsdom, otherwise walk the document from its beginning).
  range.selectNodeContents(sn);
  range.setStart(sn, so);
  range.setEnd(en, eo);
  return range;
}

/** The text node containing raw offset `raw` (for a span's first or last character). */
export function nodeAtRaw(index: TextIndex, raw: number, end: boolean): Text | undefined {
  if (index.nodes.length === 0) return undefined;
  return locate(index, raw, end)[0];
}

/** True while every indexed text node is still in the page with the length it had. */
export function textIndexIsCurrent(index: TextIndex): boolean {
  const { nodes, starts, root } = index;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.length !== starts[i + 1]! - starts[i]! || !root.contains(n)) return false;
  }
  return true;
}

/** Where a DOM range lies in `index.text` (UTF-16 offsets), or null when it is outside the index's root. */
export function textOffsetsOf(range: Range, index: TextIndex): { start: number; end: number } | null {
  const start = rawOffsetOfBoundary(index, range.startContainer, range.startOffset);
  const end = rawOffsetOfBoundary(index, range.endContainer, range.endOffset);
  return start === null || end === null ? null : { start, end };
}

const lowerKeys = new WeakMap<TextIndex, string>();

/** The key text in lower case with the same offsets (for case-insensitive context search), made once per index. */
export function lowerKeyOf(index: TextIndex): string {
  let lower = lowerKeys.get(index);
  if (lower === undefined) {
    lower = index.key.toLowerCase();
    if (lower.length !== index.key.length) {
      // A few characters (such as "İ") lower-case to two; keep those as they are so offsets stay aligned.
      let out = '';
      for (const ch of index.key) {
        const l = ch.toLowerCase();
        out += l.length === ch.length ? l : ch;
      }
      lower = out;
    }
    lowerKeys.set(index, lower);
  }
  return lower;
}
