/**
 * Telling an edited passage from a look-alike. Curriculum templates repeat a sentence in every
 * lesson with one to three words swapped ("supports" / "contradicts", "Lincoln" / "Newton"); an
 * edit keeps the passage's words and fixes, inflects, adds or drops some. So a candidate that
 * replaces a content word of the quote with another word, or adds or drops a negation, says
 * something else, however few characters differ. Numbering at the start of a quote ("Lesson 4:",
 * "2.3") is not content: it changes when a section moves.
 */

const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*/gu;

/** Words that carry no content of their own: swapping one for another is an edit, not a new passage (English, Spanish). */
const FUNCTION_WORDS = new Set(
  (
    'a an the and or but so yet for of in on at to by with from into onto upon about as than then that this these those ' +
    'there here it its they them their he him his she her we us our you your i me my is are was were be been being am ' +
    'do does did have has had will would shall should can could may might must which who whom whose what when where how ' +
    'why all any each every some such also very just only even still now too if while whether both either more most much ' +
    'many few other another own same up down out over under again once before after through during between because ' +
    'el la los las un una unos unas y e o u de del al en con por para que se su sus lo le les es son fue era muy mas más ' +
    'como cuando donde este esta estos estas ese esa eso'
  ).split(' '),
);

/** Words that turn a statement into its opposite. */
const NEGATIONS = new Set(
  'not no never none nothing nobody neither nor cannot without nunca ni nada nadie sin'.split(' '),
);

const INFLECTIONS = /(?:ing|ed|es|s|ly|d)$/;

/** The words of a text, lower-cased. */
function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** True for a word whose loss or replacement changes what a sentence says. */
function isContent(w: string): boolean {
  return !FUNCTION_WORDS.has(w);
}

function isNegation(w: string): boolean {
  return NEGATIONS.has(w) || w.endsWith("n't") || w.endsWith('n\u2019t');
}

/** Optimal-string-alignment distance (adjacent swaps cost one), stopping early past `max` (returns max + 1). */
export function osa(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The same word, edited: a typo (one letter wrong, missing, extra or swapped), a longer word with
 * two such slips past its first letters, or another inflection ("divide" / "divides"). Not the
 * same: a changed prefix ("increase" / "decrease", "agree" / "disagree") or another word.
 */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (/\d/.test(a) || /\d/.test(b)) return false;
  if (osa(a, b, 1) <= 1) return true;
  if (Math.min(a.length, b.length) >= 6 && a.slice(0, 2) === b.slice(0, 2) && osa(a, b, 2) <= 2) return true;
  const sa = a.replace(INFLECTIONS, '');
  const sb = b.replace(INFLECTIONS, '');
  return sa.length >= 3 && sb.length >= 3 && (sa === sb || osa(sa, sb, 1) <= 1) && a[0] === b[0];
}

/**
 * Where a quote's leading numbering is ("Lesson 4:", "Activity 1.2:", "2.3 ", "4. "), or
 * undefined when it has none. A number that starts a sentence ("2 minutes", "In 1863") is not
 * numbering: it needs a label word and a colon, period or parenthesis, or a dotted form.
 */
export function numberingPrefix(quote: string): { start: number; end: number } | undefined {
  const labelled = /^\p{Lu}\p{L}* (\d{1,4}(?:\.\d{1,4})*)(?=[:.)])/u.exec(quote);
  const bare = labelled ? null : /^(\d{1,3}(?:\.\d{1,3})+|\d{1,3}(?=[.)]))(?=[.)]?\s)/u.exec(quote);
  const m = labelled ?? bare;
  if (!m) return undefined;
  return { start: m[0].length - m[1]!.length, end: m[0].length };
}

/**
 * True when `candidate` says something else than `quote` rather than the same thing edited: a
 * content word of one is replaced by a different content word in the other, or a negation was
 * added or dropped. Words only added or only dropped (an adverb, a clause) are edits. A quote's
 * leading numbering is ignored (it changes when a section moves).
 */
export function changesMeaning(quote: string, candidate: string): boolean {
  const strip = (s: string) => {
    const n = numberingPrefix(s);
    return n ? s.slice(0, n.start) + s.slice(n.end) : s;
  };
  const q = words(strip(quote));
  const c = words(strip(candidate));
  // Remove the words both have (as multisets).
  const counts = new Map<string, number>();
  for (const w of q) counts.set(w, (counts.get(w) ?? 0) + 1);
  const onlyC: string[] = [];
  for (const w of c) {
    const n = counts.get(w) ?? 0;
    if (n > 0) counts.set(w, n - 1);
    else onlyC.push(w);
  }
  const onlyQ = [...counts].flatMap(([w, n]) => Array<string>(n).fill(w));
  if (onlyQ.some(isNegation) || onlyC.some(isNegation)) return true;
  // Pair the remaining words that are the same word edited.
  const restC = [...onlyC];
  const restQ = onlyQ.filter((w) => {
    const i = restC.findIndex((x) => sameWord(w, x));
    if (i < 0) return true;
    restC.splice(i, 1);
    return false;
  });
  return restQ.some(isContent) && restC.some(isContent);
}
