import { describe, expect, it } from 'vitest';
import { parseMessagesFile, type ParsedMessage } from '@wxt-dev/i18n/build';
import { ADAPTATION_KINDS, GRADE_BANDS, LEARNER_NEEDS, SUBJECTS } from '@margins/shared/taxonomy';
import { OUTCOMES, VISIBILITIES } from '@margins/shared/adaptation';
import { ENDORSEMENT_OUTCOMES, FEEDBACK_TYPES } from '@margins/shared/social';
import * as vocabulary from '../src/i18n/vocabulary.js';

const load = (lang: string) => parseMessagesFile(`${process.env.MARGINS_LOCALES_DIR}${lang}.yml`);
const byKey = (messages: ParsedMessage[]) => new Map(messages.map((m) => [m.key.join('.'), m]));

describe('UI strings', () => {
  it('has a Spanish string for every English one, with the same substitutions and plural forms', async () => {
    const en = byKey(await load('en'));
    const es = byKey(await load('es'));
    expect([...es.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, m] of en) {
      const other = es.get(key)!;
      expect(other.substitutions, key).toBe(m.substitutions);
      expect(other.type, key).toBe(m.type);
      if (m.type === 'plural' && other.type === 'plural')
        expect(Object.keys(other.plurals).sort(), key).toEqual(Object.keys(m.plurals).sort());
    }
  });

  it('words every orphan reason in both languages', async () => {
    for (const lang of ['en', 'es']) {
      const keys = byKey(await load(lang));
      for (const reason of ['not-found', 'low-confidence', 'ambiguous', 'invalid-selectors'])
        expect(keys.has(`orphan.${reason.replace(/-/g, '_')}`), `${lang}: ${reason}`).toBe(true);
    }
  });
});

describe('the light vocabulary used by the page and the panel', () => {
  // Every list the extension keeps, paired with the shared list it copies: a new list in
  // vocabulary.ts without a pair here fails the second test.
  const pairs: Record<keyof typeof vocabulary, readonly string[]> = {
    KIND_IDS: ADAPTATION_KINDS.map((k) => k.id),
    GRADE_BAND_IDS: GRADE_BANDS,
    SUBJECT_IDS: SUBJECTS,
    LEARNER_NEED_IDS: LEARNER_NEEDS,
    OUTCOME_IDS: OUTCOMES,
    TRIED_OUTCOME_IDS: ENDORSEMENT_OUTCOMES,
    FEEDBACK_TYPE_IDS: FEEDBACK_TYPES,
    VISIBILITY_IDS: VISIBILITIES,
  };

  it.each(Object.entries(pairs))('lists exactly the ids of the shared %s, in order', (name, shared) => {
    expect(vocabulary[name as keyof typeof vocabulary]).toEqual(shared);
  });

  it('pairs every exported list with a shared one', () => {
    expect(Object.keys(vocabulary).sort()).toEqual(Object.keys(pairs).sort());
  });
});
