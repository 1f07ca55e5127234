import { AdaptationSchema, type Adaptation, type AdaptationInput } from '../adaptation.js';

/**
 * Builds a valid adaptation for tests in every package, with any field overridden. Not used by
 * product code; lives here so the extension, the tool and the cross-package tests share one shape.
 */
export function makeAdaptation(overrides: Partial<AdaptationInput> = {}): Adaptation {
  return AdaptationSchema.parse({
    id: '2f1c7a4e-8b6d-4e2a-9c3f-5d7e8a9b0c1d',
    author: { id: 'teacher-1', name: 'Ana Teacher' },
    page: { url: 'https://curriculum.example.org/grade-5/fractions/lesson-3', title: 'Lesson 3: Adding fractions' },
    target: {
      quote: {
        type: 'TextQuoteSelector',
        exact: 'unlike denominators',
        prefix: 'Students add fractions with ',
        suffix: ' using area models.',
      },
      position: { type: 'TextPositionSelector', start: 120, end: 139 },
      range: {
        type: 'RangeHint',
        startContainer: '/main[1]/p[2]',
        startOffset: 28,
        endContainer: '/main[1]/p[2]',
        endOffset: 47,
      },
    },
    kinds: ['scaffolding', 'language-support'],
    body: 'Start with fraction strips before the area model; pre-teach "denominator" with a visual.',
    rationale: 'Multilingual learners in my 5th grade needed concrete models before the abstract step.',
    audience: { gradeBands: ['3-5'], subjects: ['math'], learnerNeeds: ['multilingual-learners'] },
    evidence: { outcome: 'improved', note: 'Exit tickets: 18 of 24 correct, up from 11 of 24.' },
    visibility: 'course',
    createdAt: '2026-09-01T14:00:00.000Z',
    updatedAt: '2026-09-02T08:30:00.000Z',
    version: 2,
    ...overrides,
  });
}
