import type { TextIndex } from '@margins/shared/anchoring';

/**
 * The edits a live curriculum page goes through, as text splices on the page's text nodes (the DOM
 * keeps its shape), with the bookkeeping that says where a passage is afterwards. DOM-only, so the
 * robustness test, the calibration and the benchmark (in Node and in Chromium) share it.
 */

/** The edits a live page goes through, named as in the issue. */
export const EDITS = [
  'unchanged',
  'text-inserted-before-and-after',
  'typo-in-quote',
  'edited-prefix',
  'quote-repeated-earlier',
  'reflowed-whitespace',
  'passage-deleted',
] as const;
/** One edit kind. */
export type EditKind = (typeof EDITS)[number];

/** A text splice in `index.text` offsets: delete `remove` characters at `at` and insert `insert`. */
export interface Splice {
  at: number;
  remove: number;
  insert: string;
}

/**
 * Applies `kind` to the page under `root` for the passage at raw [start, end) of `index` (built
 * on that page), and returns where the passage is afterwards (raw offsets in the new text), or
 * null when the edit removed it, or undefined when the edit does not apply (no words before the
 * passage to edit). Edits change text nodes in place, so the DOM keeps its shape.
 */
export function applyEdit(
  index: TextIndex,
  start: number,
  end: number,
  kind: EditKind,
): { start: number; end: number } | null | undefined {
  const splices = editSplices(index.text, start, end, kind);
  if (!splices) return undefined;
  applySplices(index, splices);
  return kind === 'passage-deleted' ? null : { start: shiftThrough(splices, start), end: shiftThrough(splices, end) };
}

/** The splices that make edit `kind` to the passage at [start, end) of `text` (undefined: does not apply). */
export function editSplices(text: string, start: number, end: number, kind: EditKind): Splice[] | undefined {
  const splices: Splice[] = [];
  const wordStart = (at: number) => {
    while (at > 0 && /\S/.test(text[at - 1]!)) at--;
    return at;
  };
  switch (kind) {
    case 'unchanged':
      break;
    case 'text-inserted-before-and-after': {
      // Far enough not to touch the 32 characters of context, near enough to shift the positions.
      const before = start > 200 ? wordStart(start - 120) : 0;
      splices.push({ at: before, remove: 0, insert: 'A new sentence the publisher added here. ' });
      splices.push({ at: Math.min(text.length, end + 120), remove: 0, insert: ' Another added sentence. ' });
      break;
    }
    case 'typo-in-quote': {
      // One letter in the middle of the quote becomes a different one.
      let at = start + ((end - start) >> 1);
      while (at < end - 1 && !/\p{L}/u.test(text[at]!)) at++;
      splices.push({ at, remove: 1, insert: text[at] === 'x' ? 'z' : 'x' });
      break;
    }
    case 'edited-prefix': {
      // A word in the context just before the quote is replaced by another (not the adjacent one when there is a choice).
      const from = Math.max(0, start - 40);
      const words = [...text.slice(from, start).matchAll(/\p{L}+/gu)].map((m) => ({
        at: from + m.index,
        len: m[0].length,
      }));
      const word = words.filter((w) => w.at + w.len <= start - 6).pop() ?? words.pop();
      if (!word) return undefined;
      splices.push({ at: word.at, remove: word.len, insert: word.len > 4 ? 'revised' : 'new' });
      break;
    }
    case 'quote-repeated-earlier': {
      // The same words appear again earlier on the page, in a different sentence.
      const at = start > 400 ? wordStart(start - 300) : 0;
      splices.push({ at, remove: 0, insert: `See also: ${text.slice(start, end)}. ` });
      break;
    }
    case 'reflowed-whitespace': {
      // Re-wrapped source: spaces in and around the passage become line breaks with indentation, breaks become spaces.
      const from = Math.max(0, start - 48);
      const to = Math.min(text.length, end + 48);
      const re = /\s+/g;
      re.lastIndex = from;
      for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
        if (m.index + m[0].length > to) break;
        splices.push({ at: m.index, remove: m[0].length, insert: m[0].includes('\n') ? ' ' : '\n        ' });
      }
      break;
    }
    case 'passage-deleted':
      splices.push({ at: start, remove: end - start, insert: '' });
      break;
  }
  return splices;
}

/** Where offset `x` of the old text is after the splices (splices wholly before it move it). */
export function shiftThrough(splices: readonly Splice[], x: number): number {
  return x + splices.filter((s) => s.at + s.remove <= x).reduce((d, s) => d + s.insert.length - s.remove, 0);
}

/** Applies non-overlapping splices to the text nodes of the page `index` was built on (last first, so earlier offsets stay valid). */
export function applySplices(index: TextIndex, splices: Splice[]): void {
  for (const s of [...splices].sort((a, b) => b.at - a.at)) {
    // Removal may span several text nodes: remove piecewise, then insert in the first.
    let at = s.at;
    let remaining = s.remove;
    let first: { node: Text; offset: number } | undefined;
    while (true) {
      const i = nodeIndexAt(index, at, remaining === 0 && at > 0);
      const node = index.nodes[i]!;
      const offset = at - index.starts[i]!;
      first ??= { node, offset };
      const take = Math.min(remaining, node.length - offset);
      if (take > 0) node.deleteData(offset, take);
      remaining -= take;
      if (remaining <= 0) break;
      at = index.starts[i + 1]!;
    }
    if (s.insert) first.node.insertData(first.offset, s.insert);
  }
}

/** The node holding raw offset `at` (the one it ends when `atEnd`). */
function nodeIndexAt(index: TextIndex, at: number, atEnd: boolean): number {
  const { starts, nodes } = index;
  let i = 0;
  while (i + 1 < nodes.length && (atEnd ? starts[i + 1]! < at : starts[i + 1]! <= at)) i++;
  return i;
}

/** How a re-anchoring came out against the known answer. */
export type Verdict = 'right' | 'wrong' | 'missed' | 'orphaned-correctly';

/** Right = the drawn span overlaps the true one by at least 80 % of their union. */
export function judge(
  found: { start: number; end: number } | null,
  expected: { start: number; end: number } | null,
): Verdict {
  if (!expected) return found ? 'wrong' : 'orphaned-correctly';
  if (!found) return 'missed';
  const inter = Math.max(0, Math.min(found.end, expected.end) - Math.max(found.start, expected.start));
  const union = Math.max(found.end, expected.end) - Math.min(found.start, expected.start);
  return union > 0 && inter / union >= 0.8 ? 'right' : 'wrong';
}
