/**
 * The name detector behind the privacy guard (issue 16): finds people's names in a text that is
 * about to leave its author, so a student's name never ends up in something shared or signed.
 * Three sources, merged into one list of passages:
 * - the course roster, when the caller knows it (`isRosterToken`: a test on a normalized token,
 *   so the roster itself can stay hashed);
 * - for English, the `compromise` part-of-speech tagger's people (it knows ~10,000 names and
 *   reads context: "paired him with Aaliyah");
 * - for Spanish, which capitalises few words mid-sentence, any capitalised word there that is not
 *   a known function word, subject or place, plus a list of given names at a sentence's start.
 * Authors and historical figures teachers cite (CITED_PEOPLE) are never flagged.
 * This module loads `compromise` (~260 kB): import it only where the check runs, never in a
 * content script (privacy.ts stays the light, cue-word part).
 */
import nlp from 'compromise/two';
import { CITED_PEOPLE, GIVEN_NAMES, NAMES_THAT_ARE_WORDS, NOT_PEOPLE } from './name-lists.js';
import { findPrivacyConcerns, type PrivacyConcern } from './privacy.js';

/** Why a passage was flagged. */
export type NameSource = 'roster' | 'tagger' | 'given-name' | 'capitalised';

/** A passage that seems to be a person's name. */
export interface NameMatch {
  text: string;
  index: number;
  source: NameSource;
}

/** Options of {@link findNames}. */
export interface NameOptions {
  /** True when a normalized token (see {@link normalizeNameToken}) is a learner's name token in the roster. */
  isRosterToken?: (token: string) => boolean;
  /** The writer's own name: its words are never flagged (a teacher naming herself shares no student). */
  writerName?: string | null;
}

/** Lower case, accents and apostrophes removed: "Sofía" and "sofia", "O'Brien" and "obrien" compare equal. */
export function normalizeNameToken(token: string): string {
  return token.normalize('NFD').replace(/\p{M}/gu, '').replace(/['’.]/g, '').toLowerCase();
}

/** The name tokens of a learner's name as the roster gives it ("María José López-Díaz" → maria, jose, lopez, diaz). */
export function rosterNameTokens(name: string): string[] {
  const out = new Set<string>();
  for (const m of name.matchAll(/\p{L}[\p{L}'’]*/gu)) {
    const t = normalizeNameToken(m[0]);
    // Initials and particles ("J.", "de", "la") say nothing on their own.
    if (t.length >= 2 && !NOT_PEOPLE_SET.has(t)) out.add(t);
  }
  return [...out];
}

const CITED_SET = new Set(CITED_PEOPLE);
const CITED_PHRASES = CITED_PEOPLE.filter((p) => p.includes(' '));
const GIVEN_SET = new Set(GIVEN_NAMES);
const WORDLIKE_SET = new Set(NAMES_THAT_ARE_WORDS);
const NOT_PEOPLE_SET = new Set(NOT_PEOPLE);

const ES_HINTS = new Set(
  'el la los las y de del que en con por para una un su sus es con sus mis mi muy pero como cuando les nos fue hoy esta este estudiantes alumnos alumnas clase ayudó ayudo trabajó trabajo leyó'.split(
    ' ',
  ),
);
const EN_HINTS = new Set(
  'the and of to with for in on is was my our her his their they she he it this that students class helped worked read'.split(
    ' ',
  ),
);

interface Token {
  text: string;
  norm: string;
  index: number;
  capitalised: boolean;
  sentenceStart: boolean;
}

function tokensOf(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\p{L}[\p{L}'’-]*/gu)) {
    // A possessive 's is not part of the name ("Maria's IEP").
    const word = m[0].replace(/['’]s$/u, '').replace(/[-'’]+$/u, '');
    const index = m.index;
    const before = text.slice(0, index).replace(/[\s"“”'‘’«»¿¡([]+$/u, '');
    out.push({
      text: word,
      norm: normalizeNameToken(word),
      index,
      capitalised: /^\p{Lu}/u.test(word) && !/^\p{Lu}{2,}$/u.test(word),
      sentenceStart: before === '' || /[.!?:;\n•*–—-]$/u.test(before),
    });
  }
  return out;
}

function isSpanish(tokens: Token[]): boolean {
  let es = 0;
  let en = 0;
  for (const t of tokens) {
    if (ES_HINTS.has(t.norm)) es++;
    if (EN_HINTS.has(t.norm)) en++;
  }
  return es > en;
}

/** Token positions inside a cited person's name ("Maya Angelou", "Vygotsky"). */
function citedTokens(tokens: Token[]): Set<number> {
  const cited = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    for (const phrase of CITED_PHRASES) {
      const words = phrase.split(' ').map(normalizeNameToken);
      if (words.every((w, k) => tokens[i + k]?.norm === w)) for (let k = 0; k < words.length; k++) cited.add(i + k);
    }
    const t = tokens[i]!;
    if (t.norm.includes('-') && t.norm.split('-').every((p) => CITED_SET.has(p))) cited.add(i);
    // A lone surname is cited when capitalised and not followed by another capitalised word ("Bloom's levels").
    const next = tokens[i + 1];
    const nameFollows = next?.capitalised && !next.sentenceStart;
    if (t.capitalised && CITED_SET.has(t.norm) && !GIVEN_SET.has(t.norm) && !nameFollows) cited.add(i);
  }
  return cited;
}

const NOT_NAME_TAGS = ['Place', 'Organization', 'Date', 'Acronym', 'Demonym', 'Plural', 'Verb', 'Adjective', 'Pronoun'];
/** English words that end like ordinary nouns, verbs or adjectives (an unknown word ending so is not a name). */
const ENGLISH_SUFFIX =
  /(?:tion|sion|ment|ness|ity|ing|ers?|ed|ly|al|ic|ous|ive|ure|ance|ence|ship|ism|ist|ogy|age|ful|less|able|s)$/;

/**
 * Character ranges that are people in an English text: what compromise tags as a person, plus
 * proper nouns it does not know that stand where a person would ("for Oluwaseun and", "so Xiomara
 * could") and unknown capitalised words that open a sentence before a verb ("Thandiwe presented").
 */
function taggedPeople(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const lexicon = (nlp.model() as { one: { lexicon: Record<string, unknown> } }).one.lexicon;
  for (const sentence of nlp(text).json({ offset: true }) as {
    terms: { text: string; normal: string; offset: { start: number; length: number }; tags: string[] }[];
  }[]) {
    const terms = sentence.terms;
    terms.forEach((term, i) => {
      const range = { start: term.offset.start, end: term.offset.start + term.offset.length };
      const tags = term.tags;
      if (tags.includes('Honorific') || !/^\p{Lu}/u.test(term.text)) return;
      if (tags.includes('Person')) return void out.push(range);
      if (tags.some((t) => NOT_NAME_TAGS.includes(t))) return;
      const prev = terms[i - 1];
      const next = terms[i + 1];
      const capitalisedNeighbour = [prev, next].some((n) => n && /^\p{Lu}/u.test(n.text) && !n.tags.includes('Person'));
      if (capitalisedNeighbour) return;
      const unknown = !(term.normal in lexicon) && !ENGLISH_SUFFIX.test(term.normal);
      // After a colon or an opening bracket a capital starts a phrase, as at a sentence's start.
      const opens = i === 0 || /[:(–—]\s*$/u.test(text.slice(0, term.offset.start));
      if (opens) {
        const verbNext = next && (next.tags.includes('Verb') || next.normal === 'and');
        if (unknown && verbNext) out.push(range);
        return;
      }
      // A capitalised word mid-sentence that English does not know ("for Oluwaseun and"); a known
      // word capitalised for emphasis or as a product name ("Confirm", "Worked") is not a name.
      if (unknown) out.push(range);
    });
  }
  return out;
}

/** Spanish words that end like common nouns and adjectives ("Revolución", "Secretaría", "Pública"). */
const SPANISH_SUFFIX = /(?:cion|sion|dad|tad|ismo|ista|ria|ica|ico|mente|ura|aje|encia|ancia)$/;
const ARTICLES = new Set(['el', 'la', 'los', 'las', 'un', 'una', 'del', 'al']);

/**
 * Spanish capitalises names, places and institutions mid-sentence, little else: a capitalised
 * word there is a name unless an article precedes it ("la Reforma"), it ends like a common noun,
 * or it continues such a word ("Revolución Mexicana"). At a sentence's start, only before a past
 * tense verb or "y" and another capitalised word ("Nizhoni ganó", "Amara y Zuri").
 */
function spanishName(tokens: Token[], i: number, text: string): boolean {
  const t = tokens[i]!;
  if (t.text.length < 2 || SPANISH_SUFFIX.test(t.norm)) return false;
  const prev = tokens[i - 1];
  if (prev && ARTICLES.has(prev.norm) && !t.sentenceStart) return false;
  if (
    prev?.capitalised &&
    /^\s+$/u.test(text.slice(prev.index + prev.text.length, t.index)) &&
    SPANISH_SUFFIX.test(prev.norm)
  )
    return false;
  if (!t.sentenceStart) return true;
  const next = tokens[i + 1];
  if (!next) return false;
  if (next.norm === 'y' && tokens[i + 2]?.capitalised) return true;
  return /(?:o|aron|ieron|io|aba|aban|ia)$/.test(next.norm) && /[óíá]$|aron$|ieron$/u.test(next.text);
}

/** Whether a word that is also an English word opens the sentence as a name ("Hope asked", not "Hope this helps"). */
function startsAsName(text: string, t: Token): boolean {
  const terms = (nlp(text.slice(t.index)).json() as { terms: { tags: string[] }[] }[])[0]?.terms ?? [];
  const [first, second] = terms;
  if (!first || !second || first.tags.some((g) => ['Verb', 'Modal', 'Adjective'].includes(g))) return false;
  return second.tags.includes('Verb') && !second.tags.includes('Plural');
}

/** The passages of `text` that seem to be people's names, in order; authors and figures excepted. */
export function findNames(text: string, options: NameOptions = {}): NameMatch[] {
  const tokens = tokensOf(text);
  if (!tokens.length) return [];
  const cited = citedTokens(tokens);
  const spanish = isSpanish(tokens);
  const flags: (NameSource | null)[] = tokens.map(() => null);
  const writesCapitals = tokens.some((t) => t.capitalised && !t.sentenceStart);
  const plausible = (t: Token) =>
    !NOT_PEOPLE_SET.has(t.norm) && (!WORDLIKE_SET.has(t.norm) || (t.capitalised && !t.sentenceStart));

  tokens.forEach((t, i) => {
    if (cited.has(i)) return;
    if (options.isRosterToken?.(t.norm) && t.norm.length >= 2 && !NOT_PEOPLE_SET.has(t.norm)) {
      // Lower case counts only in a text that capitalises nothing ("helped maria lopez"), and a name
      // that is also a word ("Hope", "Will") only where the tagger does not read it as that word.
      if (t.capitalised ? !WORDLIKE_SET.has(t.norm) || !t.sentenceStart || startsAsName(text, t) : !writesCapitals) {
        flags[i] = 'roster';
        return;
      }
    }
    if (!t.capitalised && GIVEN_SET.has(t.norm) && !WORDLIKE_SET.has(t.norm) && !NOT_PEOPLE_SET.has(t.norm)) {
      flags[i] = 'given-name';
      return;
    }
    if (!t.capitalised || !plausible(t)) return;
    if (GIVEN_SET.has(t.norm)) flags[i] = 'given-name';
    else if (spanish && spanishName(tokens, i, text)) flags[i] = 'capitalised';
  });
  if (!spanish) {
    for (const r of taggedPeople(text)) {
      tokens.forEach((t, i) => {
        if (flags[i] || cited.has(i) || t.index < r.start || t.index >= r.end) return;
        if (t.capitalised && !NOT_PEOPLE_SET.has(t.norm)) flags[i] = 'tagger';
      });
    }
  }
  // A capitalised word right after a flagged one is the family name ("Maria Lopez").
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    const gap = text.slice(tokens[i - 1]!.index + tokens[i - 1]!.text.length, t.index);
    if (
      flags[i - 1] &&
      !flags[i] &&
      t.capitalised &&
      /^\s+$/u.test(gap) &&
      !NOT_PEOPLE_SET.has(t.norm) &&
      !cited.has(i)
    )
      flags[i] = flags[i - 1]!;
  }
  const own = new Set(options.writerName ? rosterNameTokens(options.writerName) : []);
  tokens.forEach((t, i) => {
    if (own.has(t.norm)) flags[i] = null;
  });
  return mergeRuns(text, tokens, flags);
}

function mergeRuns(text: string, tokens: Token[], flags: (NameSource | null)[]): NameMatch[] {
  const out: NameMatch[] = [];
  let run: { start: number; end: number; source: NameSource } | null = null;
  tokens.forEach((t, i) => {
    const source = flags[i];
    if (!source) {
      run = null;
      return;
    }
    const end = t.index + t.text.length;
    if (run && /^[\s-]+$/u.test(text.slice(run.end, t.index))) {
      run.end = end;
      if (source === 'roster') run.source = 'roster';
      out[out.length - 1] = { text: text.slice(run.start, end), index: run.start, source: run.source };
      return;
    }
    run = { start: t.index, end, source };
    out.push({ text: t.text, index: t.index, source });
  });
  return out;
}

/**
 * Everything the guard should show for a shared text: the cue-word, email, phone and ID checks of
 * privacy.ts plus the names found here, without overlaps, in order.
 */
export function findSharedTextConcerns(text: string, options: NameOptions = {}): PrivacyConcern[] {
  const found = findPrivacyConcerns(text);
  for (const n of findNames(text, options)) {
    if (found.some((f) => n.index < f.index + f.text.length && f.index < n.index + n.text.length)) continue;
    found.push({
      kind: 'student-name',
      text: n.text,
      index: n.index,
      ...(n.source === 'roster' ? { fromRoster: true } : {}),
      message:
        n.source === 'roster'
          ? 'This is the name of a learner in your courses. Describe the group of learners instead of the person.'
          : 'This may name a student. Describe the group of learners instead of the person.',
    });
  }
  return found.sort((a, b) => a.index - b.index);
}
