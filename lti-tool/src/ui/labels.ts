import { ADAPTATION_KINDS, GRADE_BANDS, LEARNER_NEEDS, SUBJECTS } from '@margins/shared';

/** Human labels for the taxonomy ids the UI shows. */
export const KIND_LABEL: Record<string, string> = Object.fromEntries(ADAPTATION_KINDS.map((k) => [k.id, k.label]));

const GRADE_NAMES: Record<(typeof GRADE_BANDS)[number], string> = {
  'pre-k': 'Pre-K',
  'k-2': 'Grades K–2',
  '3-5': 'Grades 3–5',
  '6-8': 'Grades 6–8',
  '9-12': 'Grades 9–12',
  adult: 'Adult',
};
/** Grade band labels. */
export const GRADE_LABEL: Record<string, string> = GRADE_NAMES;

const SUBJECT_NAMES: Record<(typeof SUBJECTS)[number], string> = {
  ela: 'English language arts',
  math: 'Mathematics',
  science: 'Science',
  'social-studies': 'Social studies',
  'world-languages': 'World languages',
  arts: 'Arts',
  'health-pe': 'Health and PE',
  'computer-science': 'Computer science',
  'career-technical': 'Career and technical',
  'special-education': 'Special education',
  other: 'Other',
};
/** Subject labels. */
export const SUBJECT_LABEL: Record<string, string> = SUBJECT_NAMES;

const NEED_NAMES: Record<(typeof LEARNER_NEEDS)[number], string> = {
  'multilingual-learners': 'Multilingual learners',
  'students-with-disabilities': 'Students with disabilities',
  'advanced-learners': 'Advanced learners',
  'below-grade-level': 'Learners below grade level',
  'attention-executive-function': 'Attention and executive function',
  'social-emotional': 'Social-emotional needs',
  'all-learners': 'All learners',
};
/** Learner group labels. */
export const NEED_LABEL: Record<string, string> = NEED_NAMES;

/** Endorsement and evidence outcome labels. */
export const OUTCOME_LABEL: Record<string, string> = {
  'worked-well': 'Worked well',
  'worked-with-changes': 'Worked with changes',
  mixed: 'Mixed results',
  'did-not-work': 'Did not work',
  improved: 'Learning improved',
  'no-change': 'No change seen',
  'not-yet-tried': 'Not tried in class yet',
};

/** Feedback type labels. */
export const FEEDBACK_LABEL: Record<string, string> = {
  'what-worked': 'What worked',
  question: 'Question',
  suggestion: 'Suggestion',
};

/** A date as "12 Sep 2026". */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}
