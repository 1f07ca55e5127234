/**
 * The ids of the shared taxonomy and audience lists, without zod, for the content script and the
 * panel (shared/src/taxonomy.ts builds zod schemas at load time, which would double the page
 * bundle). test/i18n.test.ts fails if any of these drift from the shared lists.
 */
export const KIND_IDS = [
  'pacing',
  'scaffolding',
  'differentiation',
  'language-support',
  'udl-accessibility',
  'accommodation',
  'formative-assessment',
  'summative-assessment',
  'instructional-method',
  'resource-substitution',
  'extension-enrichment',
  'culturally-responsive',
] as const;
/** Grade bands, in order. */
export const GRADE_BAND_IDS = ['pre-k', 'k-2', '3-5', '6-8', '9-12', 'adult'] as const;
/** Subjects, in order. */
export const SUBJECT_IDS = [
  'ela',
  'math',
  'science',
  'social-studies',
  'world-languages',
  'arts',
  'health-pe',
  'computer-science',
  'career-technical',
  'special-education',
  'other',
] as const;
/** Learner groups, in order. */
export const LEARNER_NEED_IDS = [
  'multilingual-learners',
  'students-with-disabilities',
  'advanced-learners',
  'below-grade-level',
  'attention-executive-function',
  'social-emotional',
  'all-learners',
] as const;
/** Evidence outcomes, in order. */
export const OUTCOME_IDS = ['improved', 'mixed', 'no-change', 'not-yet-tried'] as const;
/** "I tried this" outcomes, in order. */
export const TRIED_OUTCOME_IDS = ['worked-well', 'worked-with-changes', 'mixed', 'did-not-work'] as const;
/** Structured feedback types, in order. */
export const FEEDBACK_TYPE_IDS = ['what-worked', 'question', 'suggestion'] as const;
/** Visibility levels, narrowest first. */
export const VISIBILITY_IDS = ['private', 'course', 'district', 'network'] as const;
