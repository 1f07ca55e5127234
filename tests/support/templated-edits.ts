import type { Random } from './templated-lessons.js';

/**
 * Text edits for the templated-lesson cases (templated-cases.ts): word-aligned spans, filler
 * text, and random publisher edits inside a passage, all from a seeded generator.
 */

/** Words a publisher's rewrite is made of. */
export const FILLER = (
  'the class looked at this part of the text together before moving on to a new question about what ' +
  'readers notice first and what they might say about it when asked by a partner during the lesson today'
).split(' ');
/** Words inserted into a passage. */
export const INSERTS = ['truly', 'also', 'then', 'indeed', 'still', 'now', 'all', 'very', 'even'];
const TYPO = 'abcdefghijklmnoprstuvwy';

/** A random integer in [lo, hi]. */
export const int = (rand: Random, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
/** A random element. */
export const pickOf = <T>(rand: Random, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** A word-aligned span of `min`..`max` characters (at least `minWords` words) in `text`. */
export function wordSpan(text: string, rand: Random, min: number, max: number, minWords = 1) {
  const starts = [...text.matchAll(/(?:^|\s)(\S)/g)].map((m) => m.index + m[0].length - 1);
  for (let attempt = 0; attempt < 20; attempt++) {
    const start = pickOf(rand, starts);
    const want = int(rand, min, max);
    let end = start + want;
    if (end > text.length) continue;
    while (end < text.length && /\S/.test(text[end]!)) end++;
    while (end > start && /[\s,;:\u2014]/.test(text[end - 1]!)) end--;
    const words = text.slice(start, end).split(/\s+/).length;
    if (end - start >= min && end - start <= max && words >= minWords) return { start, end };
  }
  return undefined;
}

/** `s` with `remove` characters at `at` replaced by `insert`. */
export function splice(s: string, at: number, remove: number, insert: string): string {
  return s.slice(0, at) + insert + s.slice(at + remove);
}

/** Seeded filler text of about `length` characters. */
export function filler(rand: Random, length: number): string {
  const words: string[] = [];
  let n = 0;
  while (n < length) {
    const w = pickOf(rand, FILLER);
    words.push(w);
    n += w.length + 1;
  }
  return words.join(' ');
}

/**
 * Random edits inside [start, end) of `text` until about `share` of the passage changed: letters
 * typed wrong, swapped or dropped, words inserted, deleted or replaced, punctuation changed.
 */
export function editInside(text: string, start: number, end: number, share: number, rand: Random) {
  let s = text;
  let e = end;
  const budget = Math.max(1, Math.round(share * (end - start)));
  for (let spent = 0; spent < budget;) {
    const at = int(rand, start, e - 1);
    const kind = rand();
    let insert = '';
    let remove = 0;
    if (kind < 0.35 && /\p{L}/u.test(s[at]!)) {
      remove = 1;
      insert = TYPO[Math.floor(rand() * TYPO.length)]!;
    } else if (kind < 0.45 && /\p{L}{2}/u.test(s.slice(at, at + 2))) {
      remove = 2;
      insert = s[at + 1]! + s[at]!;
    } else if (kind < 0.6 && /\s/.test(s[at]!)) {
      insert = ` ${pickOf(rand, INSERTS)}`;
    } else if (kind < 0.75 && /\s/.test(s[at]!)) {
      const word = /^\s\S+/.exec(s.slice(at))?.[0];
      if (!word || at + word.length >= e) continue;
      remove = word.length;
    } else if (kind < 0.9 && /\s/.test(s[at]!)) {
      const word = /^\s(\p{L}+)/u.exec(s.slice(at));
      if (!word || at + word[0].length >= e) continue;
      remove = word[0].length;
      insert = ` ${pickOf(rand, FILLER)}`;
    } else if (/[,;.]/.test(s[at]!)) {
      remove = 1;
      insert = s[at] === ',' ? ';' : ',';
    } else continue;
    if (at + remove > e) continue;
    s = splice(s, at, remove, insert);
    e += insert.length - remove;
    spent += Math.max(insert.length, remove);
  }
  return { text: s, end: e };
}

/** Edit distance (the generator's check that an edit stays within its share). */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
