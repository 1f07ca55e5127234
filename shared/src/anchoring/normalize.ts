/**
 * The one definition of "the same text" used by every part of anchoring. Pages change in ways a
 * reader never sees: whitespace is reflowed, a CMS turns straight quotes into curly ones, soft
 * hyphens and zero-width spaces come and go. Matching happens on a *key* text where each of those
 * is folded, so they cost no errors; offsets always map back to the page's own text.
 */

/** What one source character becomes in the key text. */
export const CharClass = {
  /** Kept as it is (or folded to another single character). */
  Keep: 0,
  /** Whitespace: a run of it becomes one space. */
  Space: 1,
  /** Invisible: dropped from the key. */
  Ignore: 2,
} as const;
/** One of {@link CharClass}. */
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

/** Classifies a UTF-16 code unit. Kept small and branchy: it runs once per page character. */
export function charClass(c: number): CharClass {
  if (c > 0x20 && c < 0x7f) return CharClass.Keep;
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return CharClass.Space;
  if (c < 0x20 || c === 0x7f) return CharClass.Ignore; // C0 controls
  if (c < 0xa0) return c >= 0x80 && c <= 0x9f ? CharClass.Ignore : CharClass.Keep;
  if (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  ) {
    return CharClass.Space;
  }
  if (c === 0xad || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff) return CharClass.Ignore;
  return CharClass.Keep;
}

/** Folds typographic variants a CMS swaps freely (curly quotes, dashes) to one form. */
export function foldChar(c: number): number {
  if (c < 0x2010 || c > 0x2033) return c;
  if (c >= 0x2018 && c <= 0x201b) return 0x27; // ‘ ’ ‚ ‛ -> '
  if (c >= 0x201c && c <= 0x201f) return 0x22; // “ ” „ ‟ -> "
  if (c >= 0x2010 && c <= 0x2015) return 0x2d; // hyphens and dashes -> -
  if (c === 0x2032) return 0x27; // prime
  if (c === 0x2033) return 0x22; // double prime
  return c;
}

/** Characters toKey changes; most quotes have none but single spaces, and are returned as they are. */
const NEEDS_FOLDING =
  // eslint-disable-next-line no-control-regex -- control characters are among those the key folds
  /[\x00-\x1f\x7f-\xa0\xad\u1680\u2000-\u200d\u2010-\u2015\u2018-\u201f\u2028\u2029\u202f\u2032\u2033\u205f\u2060\u3000\ufeff]|^ | $| {2}/;

/**
 * The key form of a short string (a quote or its context): whitespace runs become one space,
 * invisible characters go, typographic variants are folded. `trim` drops a leading and trailing space.
 */
export function toKey(s: string, trim = false): string {
  if (!NEEDS_FOLDING.test(s)) return s;
  let out = '';
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const cls = charClass(c);
    if (cls === CharClass.Ignore) continue;
    if (cls === CharClass.Space) {
      if (!space) out += ' ';
      space = true;
      continue;
    }
    space = false;
    out += String.fromCharCode(foldChar(c));
  }
  if (trim) {
    const from = out.startsWith(' ') ? 1 : 0;
    const to = out.endsWith(' ') && out.length > from ? out.length - 1 : out.length;
    out = out.slice(from, to);
  }
  return out;
}

/** True when the whole string is whitespace or invisible characters. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (charClass(s.charCodeAt(i)) === CharClass.Keep) return false;
  return true;
}
