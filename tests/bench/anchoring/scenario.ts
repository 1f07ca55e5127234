import type { TextIndex } from '@margins/shared/anchoring';
import { EDITS, editSplices, type EditKind, type Splice } from '../../support/text-edits.js';
import { mulberry32 } from '../prng.js';

/**
 * The benchmark's input, built deterministically from a seed: a curriculum-like page with over
 * 1 MB of text (units, lessons, lists, inline markup, indentation, and a teacher note repeated in
 * every lesson, so there are look-alikes and exact copies), and 1,000 disjoint passages on it.
 */

/** The benchmark's seeded random numbers (the scenarios are reproducible from their seed). */
export const seeded = mulberry32;

const WORDS = (
  'students teacher fraction fractions denominator numerator model models area number line compare order equivalent ' +
  'strategy strategies explain reasoning partner group discuss write record answer answers check problem problems solve ' +
  'estimate measure length unit units whole part parts equal share shares represent representation diagram table data ' +
  'graph question questions evidence claim text reading read vocabulary word words sentence paragraph summary main idea ' +
  'detail details author purpose character setting plot theme experiment hypothesis observe observation result results ' +
  'energy force motion plant plants animal habitat water cycle weather map region history source primary secondary'
).split(' ');

const NOTE =
  'Teacher note: review the key vocabulary before the lesson and let students work in pairs before sharing with the class.';

/** The page as HTML, with at least `minText` characters of text in its body. */
export function buildPageHtml(seed: number, minText = 1_048_576): string {
  const rand = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const sentence = () => {
    const n = 6 + Math.floor(rand() * 14);
    const words = Array.from({ length: n }, () => pick(WORDS));
    words[0] = words[0]![0]!.toUpperCase() + words[0]!.slice(1);
    if (rand() < 0.25) {
      const i = 1 + Math.floor(rand() * (n - 2));
      const tag = pick(['b', 'em', 'a href="#glossary"', 'span class="term"']);
      words[i] = `<${tag}>${words[i]}</${tag.split(' ')[0]}>`;
    }
    return words.join(' ') + (rand() < 0.1 ? '?' : '.');
  };
  const parts: string[] = ['<main>\n'];
  let text = 0;
  for (let unit = 1; text < minText; unit++) {
    for (let lesson = 1; lesson <= 8 && text < minText; lesson++) {
      const title = `Unit ${unit}, Lesson ${lesson}: ${pick(WORDS)} and ${pick(WORDS)}`;
      const paras = Array.from({ length: 3 + Math.floor(rand() * 3) }, () =>
        Array.from({ length: 2 + Math.floor(rand() * 4) }, sentence).join(' '),
      );
      const items = Array.from({ length: 2 + Math.floor(rand() * 3) }, sentence);
      const html =
        `  <section id="u${unit}l${lesson}">\n    <h2>${title}</h2>\n` +
        paras.map((p) => `    <p>\n      ${p}\n    </p>\n`).join('') +
        `    <ul>\n${items.map((i) => `      <li>${i}</li>\n`).join('')}    </ul>\n` +
        `    <p class="note">${NOTE}</p>\n  </section>\n`;
      parts.push(html);
      text += html.replace(/<[^>]+>/g, '').length;
    }
  }
  parts.push('</main>\n');
  return parts.join('');
}

/** One passage to annotate: raw [start, end) in the original page's text, and the edit it goes through. */
export interface Passage {
  start: number;
  end: number;
  edit: EditKind;
}

/**
 * `count` disjoint passages spread over the page, at word boundaries, 12 to 240 characters long,
 * each at least 1,000 characters from the next so that the edits of one never touch another.
 * Edits cycle through the six kinds (not "unchanged") in a seeded order.
 */
export function pickPassages(index: TextIndex, seed: number, count = 1000): Passage[] {
  const rand = seeded(seed);
  const text = index.text;
  const slot = Math.floor(text.length / count);
  const kinds = EDITS.filter((e) => e !== 'unchanged');
  const out: Passage[] = [];
  for (let i = 0; i < count; i++) {
    let start = i * slot + 400 + Math.floor(rand() * (slot - 900));
    while (start < text.length && !/\S/.test(text[start]!)) start++;
    while (start > 0 && /\S/.test(text[start - 1]!)) start--;
    let end = Math.min(text.length, start + 12 + Math.floor(rand() ** 2 * 228));
    while (end < text.length && /\S/.test(text[end]!)) end++;
    while (end > start && !/\S/.test(text[end - 1]!)) end--;
    out.push({ start, end, edit: kinds[Math.floor(rand() * kinds.length)]! });
  }
  return out;
}

/** The splices for every passage's edit (non-overlapping by construction). */
export function allSplices(text: string, passages: readonly Passage[]): Splice[] {
  return passages.flatMap((p) => editSplices(text, p.start, p.end, p.edit) ?? []);
}

/** A DOM Range over raw [start, end) of an index. */
export function rangeAt(index: TextIndex, start: number, end: number): Range {
  const find = (raw: number, isEnd: boolean) => {
    let lo = 0;
    let hi = index.nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (isEnd ? index.starts[mid]! < raw : index.starts[mid]! <= raw) lo = mid;
      else hi = mid - 1;
    }
    return [index.nodes[lo]!, raw - index.starts[lo]!] as const;
  };
  const doc = index.root.ownerDocument!;
  const r = doc.createRange();
  const [sn, so] = find(start, false);
  r.selectNodeContents(sn);
  r.setStart(sn, so);
  r.setEnd(...find(end, true));
  return r;
}
