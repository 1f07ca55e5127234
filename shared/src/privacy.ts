/**
 * A privacy guard for text about to leave the teacher's machine (issue 6): adaptations are about
 * groups of learners, and a named student, an email or an ID number must not be shared by accident.
 * Heuristic by nature: it warns and lets the teacher edit, it never blocks or rewrites on its own.
 */

/** What kind of personal detail a passage seems to contain. */
export type PrivacyConcernKind = 'student-name' | 'email' | 'id-number' | 'phone';

/** One passage the teacher should look at before sharing. */
export interface PrivacyConcern {
  kind: PrivacyConcernKind;
  /** The matched text, for highlighting in the form. */
  text: string;
  /** Offset of `text` in the checked string. */
  index: number;
  /** A sentence saying what to do, in English (the extension localises by kind). */
  message: string;
  /** True when the name is a learner's in the writer's course rosters (names.ts), not a guess. */
  fromRoster?: boolean;
}

const PEOPLE =
  '(?:student|kid|child|son|daughter|boy|girl|pupil|learner|mentee|estudiante|alumn[oa]|niñ[oa]|hij[oa])s?';
/** One capitalised given name; an apostrophe only inside it (O'Brien), never a possessive 's. */
const WORD = "[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:['’-](?!s\\b)[A-ZÁÉÍÓÚÑ]?[a-záéíóúñ]+)?";
/** A given name with an optional family name or initial. */
const NAME = `(${WORD}(?:\\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]*\\.?)?)`;
/** A single given name, for patterns where the name comes first (so "Check Tomás's IEP" finds Tomás). */
const NAME1 = `(${WORD})`;
/** Capitalised words that follow "student" without being names. */
const NOT_NAMES = new Set([
  'I',
  'A',
  'An',
  'The',
  'This',
  'That',
  'These',
  'Those',
  'Who',
  'When',
  'If',
  'And',
  'But',
  'Or',
  'With',
  'In',
  'On',
  'At',
  'For',
  'To',
  'English',
  'Spanish',
  'French',
  'Arabic',
  'Chinese',
  'Math',
  'Science',
  'ELA',
  'ELL',
  'ELLs',
  'EL',
  'IEP',
  'IEPs',
  'Tier',
  'Level',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'Grade',
  'Group',
  'Table',
  'Team',
  'Council',
  'Teacher',
  'Voice',
  'Choice',
  'Work',
  'Led',
  'Centered',
  'Agency',
  'Government',
  'Success',
  'Support',
  'Services',
]);

const PATTERNS: { kind: PrivacyConcernKind; regex: RegExp; nameGroup?: number; message: string }[] = [
  {
    kind: 'email',
    regex: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
    message: 'This looks like an email address. Remove it before sharing.',
  },
  {
    kind: 'phone',
    regex: /(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)/g,
    message: 'This looks like a phone number. Remove it before sharing.',
  },
  {
    kind: 'id-number',
    regex:
      /(?<![\d.,/:-])(?:#\s?)?\d{6,}(?![\d.,/:-]?\d)|\b\d{3}-\d{2}-\d{4}\b|\b(?:ID|id|Id|student\s+number|número)\s*[:#]?\s*[A-Z]{0,3}\d{4,}\b/g,
    message: 'This looks like an ID number. Remove it before sharing.',
  },
  {
    kind: 'student-name',
    // "my student Maria", "a student named Jayden Smith", "mi alumna Sofía"
    regex: new RegExp(`\\b${PEOPLE}\\s*(?:,\\s*|\\s+(?:named|called|llamad[oa])\\s+)?${NAME}`, 'gu'),
    nameGroup: 1,
    message: 'This may name a student. Describe the group of learners instead of the person.',
  },
  {
    kind: 'student-name',
    // "Maria, a student who…", "Jayden (my son)", "Sofía, mi alumna"
    regex: new RegExp(
      `${NAME1}\\s*(?:,|\\()\\s*(?:a|an|my|our|one of my|mi|una?|el|la)\\s+(?:\\w+\\s+)?${PEOPLE}\\b`,
      'gu',
    ),
    nameGroup: 1,
    message: 'This may name a student. Describe the group of learners instead of the person.',
  },
  {
    kind: 'student-name',
    // "Maria's IEP", "Jayden has a 504 plan"
    regex: new RegExp(
      `${NAME1}(?:'s|’s|\\s+has\\s+(?:an?\\s+)?)\\s*(?:IEP|504|behavior plan|accommodations?)\\b`,
      'gu',
    ),
    nameGroup: 1,
    message: 'This may name a student with a support plan. Remove the name before sharing.',
  },
];

/** Finds passages that look like they identify a student, in the order they appear; none for a safe text. */
export function findPrivacyConcerns(text: string): PrivacyConcern[] {
  const found: PrivacyConcern[] = [];
  for (const p of PATTERNS) {
    for (const m of text.matchAll(p.regex)) {
      let matched = m[0];
      let index = m.index ?? 0;
      if (p.nameGroup !== undefined) {
        const name = m[p.nameGroup];
        if (!name) continue;
        const firstWord = name.split(/\s+/)[0]!.replace(/[.'’]+$/, '');
        if (NOT_NAMES.has(firstWord)) continue;
        index += matched.indexOf(name);
        matched = name.replace(/\s+[A-ZÁÉÍÓÚÑ]?[a-z]*$/, (tail) => (NOT_NAMES.has(tail.trim()) ? '' : tail));
      }
      if (found.some((f) => index < f.index + f.text.length && f.index < index + matched.length)) continue;
      found.push({ kind: p.kind, text: matched, index, message: p.message });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
