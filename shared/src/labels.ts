import type { OUTCOMES } from './adaptation.js';
import type { MentoringActivityKind } from './mentoring.js';
import type { ENDORSEMENT_OUTCOMES, FEEDBACK_TYPES } from './social.js';
import type { AdaptationKind, GradeBand, LearnerNeed, Subject } from './taxonomy.js';

/**
 * The one table of display labels for every stored vocabulary id, in each language Margins speaks.
 * The extension (by the browser's UI language) and the LMS UI (English) both read it, so a label is
 * written once. No zod here: the in-page annotator imports this without the schemas.
 */

/** The languages of the labels. */
export const LABEL_LOCALES = ['en', 'es'] as const;
/** One label language. */
export type LabelLocale = (typeof LABEL_LOCALES)[number];

type Table<Id extends string> = Record<LabelLocale, Record<Id, string>>;

const kind: Table<AdaptationKind> = {
  en: {
    pacing: 'Pacing',
    scaffolding: 'Scaffolding',
    differentiation: 'Differentiation',
    'language-support': 'Language support',
    'udl-accessibility': 'UDL / accessibility',
    accommodation: 'Accommodation',
    'formative-assessment': 'Formative assessment',
    'summative-assessment': 'Summative assessment',
    'instructional-method': 'Instructional method',
    'resource-substitution': 'Resource substitution',
    'extension-enrichment': 'Extension / enrichment',
    'culturally-responsive': 'Culturally responsive',
  },
  es: {
    pacing: 'Ritmo',
    scaffolding: 'Andamiaje',
    differentiation: 'Diferenciación',
    'language-support': 'Apoyo lingüístico',
    'udl-accessibility': 'DUA / accesibilidad',
    accommodation: 'Ajuste razonable',
    'formative-assessment': 'Evaluación formativa',
    'summative-assessment': 'Evaluación sumativa',
    'instructional-method': 'Método didáctico',
    'resource-substitution': 'Sustitución de recursos',
    'extension-enrichment': 'Ampliación / enriquecimiento',
    'culturally-responsive': 'Culturalmente pertinente',
  },
};

const grade: Table<GradeBand> = {
  en: {
    'pre-k': 'Pre-K',
    'k-2': 'Grades K–2',
    '3-5': 'Grades 3–5',
    '6-8': 'Grades 6–8',
    '9-12': 'Grades 9–12',
    adult: 'Adult',
  },
  es: {
    'pre-k': 'Preescolar',
    'k-2': 'Grados K–2.º',
    '3-5': 'Grados 3.º–5.º',
    '6-8': 'Grados 6.º–8.º',
    '9-12': 'Grados 9.º–12.º',
    adult: 'Adultos',
  },
};

const subject: Table<Subject> = {
  en: {
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
  },
  es: {
    ela: 'Lengua y literatura',
    math: 'Matemáticas',
    science: 'Ciencias',
    'social-studies': 'Ciencias sociales',
    'world-languages': 'Lenguas extranjeras',
    arts: 'Artes',
    'health-pe': 'Salud y educación física',
    'computer-science': 'Informática',
    'career-technical': 'Formación profesional',
    'special-education': 'Educación especial',
    other: 'Otra',
  },
};

const learner: Table<LearnerNeed> = {
  en: {
    'multilingual-learners': 'Multilingual learners',
    'students-with-disabilities': 'Students with disabilities',
    'advanced-learners': 'Advanced learners',
    'below-grade-level': 'Learners below grade level',
    'attention-executive-function': 'Attention and executive function',
    'social-emotional': 'Social-emotional needs',
    'all-learners': 'All learners',
  },
  es: {
    'multilingual-learners': 'Estudiantes multilingües',
    'students-with-disabilities': 'Estudiantes con discapacidad',
    'advanced-learners': 'Estudiantes avanzados',
    'below-grade-level': 'Estudiantes por debajo del nivel',
    'attention-executive-function': 'Atención y funciones ejecutivas',
    'social-emotional': 'Necesidades socioemocionales',
    'all-learners': 'Todo el grupo',
  },
};

const outcome: Table<(typeof OUTCOMES)[number]> = {
  en: {
    improved: 'Learning improved',
    mixed: 'Mixed results',
    'no-change': 'No change seen',
    'not-yet-tried': 'Not tried in class yet',
  },
  es: {
    improved: 'Mejoró el aprendizaje',
    mixed: 'Resultados mixtos',
    'no-change': 'Sin cambios visibles',
    'not-yet-tried': 'Aún no probada en clase',
  },
};

const tried: Table<(typeof ENDORSEMENT_OUTCOMES)[number]> = {
  en: {
    'worked-well': 'Worked well',
    'worked-with-changes': 'Worked with changes',
    mixed: 'Mixed results',
    'did-not-work': 'Did not work',
  },
  es: {
    'worked-well': 'Funcionó bien',
    'worked-with-changes': 'Funcionó con cambios',
    mixed: 'Resultados mixtos',
    'did-not-work': 'No funcionó',
  },
};

const feedback: Table<(typeof FEEDBACK_TYPES)[number]> = {
  en: { 'what-worked': 'What worked', question: 'Question', suggestion: 'Suggestion' },
  es: { 'what-worked': 'Lo que funcionó', question: 'Pregunta', suggestion: 'Sugerencia' },
};

const mentoring: Table<MentoringActivityKind> = {
  en: {
    'co-planning': 'Co-planning a lesson',
    'classroom-observation': 'Classroom observation',
    'feedback-conversation': 'Feedback conversation',
    'modelled-lesson': 'Modelled lesson',
    'co-teaching': 'Co-teaching',
  },
  es: {
    'co-planning': 'Planificación conjunta de una clase',
    'classroom-observation': 'Observación de aula',
    'feedback-conversation': 'Conversación de retroalimentación',
    'modelled-lesson': 'Clase modelo',
    'co-teaching': 'Coenseñanza',
  },
};

/**
 * Labels by vocabulary: adaptation kinds, grade bands, subjects, learner groups, evidence and "I tried this"
 * outcomes, feedback types, mentoring activities.
 */
export const LABELS = { kind, grade, subject, learner, outcome, tried, feedback, mentoring } as const;
/** The name of one labelled vocabulary. */
export type Vocabulary = keyof typeof LABELS;

/** The label of a stored id in `locale`; the English label, then the id itself, for an id the table lacks. */
export function vocabularyLabel(vocabulary: Vocabulary, id: string, locale: LabelLocale = 'en'): string {
  const byLocale: Record<LabelLocale, Record<string, string>> = LABELS[vocabulary];
  return byLocale[locale][id] ?? byLocale.en[id] ?? id;
}
