import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../src/adaptation.js';
import { LABEL_LOCALES, LABELS, vocabularyLabel, type Vocabulary } from '../src/labels.js';
import { MENTORING_ACTIVITY_KINDS } from '../src/mentoring.js';
import { ENDORSEMENT_OUTCOMES, FEEDBACK_TYPES } from '../src/social.js';
import { ADAPTATION_KINDS, GRADE_BANDS, LEARNER_NEEDS, SUBJECTS } from '../src/taxonomy.js';

const IDS: Record<Vocabulary, readonly string[]> = {
  kind: ADAPTATION_KINDS.map((k) => k.id),
  grade: GRADE_BANDS,
  subject: SUBJECTS,
  learner: LEARNER_NEEDS,
  outcome: OUTCOMES,
  tried: ENDORSEMENT_OUTCOMES,
  feedback: FEEDBACK_TYPES,
  mentoring: MENTORING_ACTIVITY_KINDS,
};

describe('the labels table', () => {
  it.each(Object.entries(IDS))('labels every %s id, and nothing else, in every language', (vocabulary, ids) => {
    for (const locale of LABEL_LOCALES) {
      const table: Record<string, string> = LABELS[vocabulary as Vocabulary][locale];
      expect(Object.keys(table).sort(), `${vocabulary} ${locale}`).toEqual([...ids].sort());
      for (const id of ids) expect(table[id]!.trim(), `${vocabulary} ${locale} ${id}`).not.toBe('');
    }
  });

  it('gives distinct labels within a vocabulary, so two choices never read the same', () => {
    for (const [vocabulary, byLocale] of Object.entries(LABELS))
      for (const locale of LABEL_LOCALES) {
        const labels = Object.values(byLocale[locale]);
        expect(new Set(labels).size, `${vocabulary} ${locale}`).toBe(labels.length);
      }
  });

  it('is translated: Spanish differs from English for most ids', () => {
    let same = 0;
    let total = 0;
    for (const byLocale of Object.values(LABELS))
      for (const [id, en] of Object.entries(byLocale.en as Record<string, string>)) {
        total++;
        if ((byLocale.es as Record<string, string>)[id] === en) same++;
      }
    // Only proper names such as "Pre-K" could stay the same; today none do.
    expect(same).toBe(0);
    expect(total).toBe(Object.values(IDS).reduce((n, ids) => n + ids.length, 0));
  });

  it('looks a label up by language, falling back to English and then to the id', () => {
    expect(vocabularyLabel('kind', 'scaffolding')).toBe('Scaffolding');
    expect(vocabularyLabel('kind', 'scaffolding', 'es')).toBe('Andamiaje');
    expect(vocabularyLabel('learner', 'multilingual-learners', 'es')).toBe('Estudiantes multilingües');
    expect(vocabularyLabel('kind', 'not-a-kind', 'es')).toBe('not-a-kind');
  });
});
