import { z } from 'zod';

/**
 * The fixed taxonomy of adaptation kinds (DESIGN: Domain model). Ids are stable and stored; the
 * descriptions are English. Display labels, in every language, are in labels.ts (`vocabularyLabel('kind', id)`).
 */
export const ADAPTATION_KINDS = [
  {
    id: 'pacing',
    description: 'More or less time, chunking, reordering or skipping parts of the lesson.',
  },
  {
    id: 'scaffolding',
    description: 'Temporary supports: sentence frames, worked examples, graphic organisers, think-alouds.',
  },
  {
    id: 'differentiation',
    description: 'Different content, process or product for groups of learners.',
  },
  {
    id: 'language-support',
    description: 'Vocabulary, translanguaging, visuals and structures for multilingual learners.',
  },
  {
    id: 'udl-accessibility',
    description: 'Multiple means of engagement, representation and expression; accessible formats.',
  },
  {
    id: 'accommodation',
    description: 'Changes in how a learner accesses or shows learning, without changing the goal (IEP / 504).',
  },
  {
    id: 'formative-assessment',
    description: 'Checks for understanding during learning: exit tickets, hinge questions, conferring.',
  },
  {
    id: 'summative-assessment',
    description: 'Changes to tests, tasks or rubrics that evaluate learning at the end.',
  },
  {
    id: 'instructional-method',
    description: 'A different strategy: discussion protocol, inquiry, modelling, cooperative structures.',
  },
  {
    id: 'resource-substitution',
    description: 'A different text, video, manipulative or tool in place of the one given.',
  },
  {
    id: 'extension-enrichment',
    description: 'Deeper or broader challenge for learners ready for more.',
  },
  {
    id: 'culturally-responsive',
    description: "Connections to learners' cultures, languages, communities and lived experience.",
  },
] as const;

/** Id of one adaptation kind. */
export type AdaptationKind = (typeof ADAPTATION_KINDS)[number]['id'];
const KIND_IDS = ADAPTATION_KINDS.map((k) => k.id) as [AdaptationKind, ...AdaptationKind[]];

/** Schema for one kind id, with a message that lists the allowed values. */
export const AdaptationKindSchema = z.enum(KIND_IDS, {
  error: (issue) => `Unknown adaptation kind ${JSON.stringify(issue.input)}. Use one of: ${KIND_IDS.join(', ')}.`,
});

/** Grade bands used to filter the practice library. */
export const GRADE_BANDS = ['pre-k', 'k-2', '3-5', '6-8', '9-12', 'adult'] as const;
/** Schema for a grade band. */
export const GradeBandSchema = z.enum(GRADE_BANDS, {
  error: (issue) => `Unknown grade band ${JSON.stringify(issue.input)}. Use one of: ${GRADE_BANDS.join(', ')}.`,
});
/** One grade band. */
export type GradeBand = z.infer<typeof GradeBandSchema>;

/** Subjects used to filter the practice library. */
export const SUBJECTS = [
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
/** Schema for a subject. */
export const SubjectSchema = z.enum(SUBJECTS, {
  error: (issue) => `Unknown subject ${JSON.stringify(issue.input)}. Use one of: ${SUBJECTS.join(', ')}.`,
});
/** One subject. */
export type Subject = z.infer<typeof SubjectSchema>;

/**
 * Groups of learners an adaptation is for. Deliberately groups, never individuals: adaptations are
 * shared, and a named student must never leave the teacher's machine.
 */
export const LEARNER_NEEDS = [
  'multilingual-learners',
  'students-with-disabilities',
  'advanced-learners',
  'below-grade-level',
  'attention-executive-function',
  'social-emotional',
  'all-learners',
] as const;
/** Schema for a learner group. */
export const LearnerNeedSchema = z.enum(LEARNER_NEEDS, {
  error: (issue) => `Unknown learner group ${JSON.stringify(issue.input)}. Use one of: ${LEARNER_NEEDS.join(', ')}.`,
});
/** One learner group. */
export type LearnerNeed = z.infer<typeof LearnerNeedSchema>;
