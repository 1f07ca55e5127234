import { describe, expect, it } from 'vitest';
import { parseMessagesFile, type ParsedMessage } from '@wxt-dev/i18n/build';
import { ADAPTATION_KINDS, GRADE_BANDS, LEARNER_NEEDS, SUBJECTS } from '@margins/shared/taxonomy';
import { OUTCOMES } from '@margins/shared/adaptation';
import { GRADE_BAND_IDS, KIND_IDS, LEARNER_NEED_IDS, OUTCOME_IDS, SUBJECT_IDS } from '../src/i18n/vocabulary.js';

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

  it('labels every taxonomy kind, grade band, subject, learner group and outcome in both languages', async () => {
    for (const lang of ['en', 'es']) {
      const keys = byKey(await load(lang));
      const ids = [
        ...KIND_IDS.map((id) => `kind.${id}`),
        ...GRADE_BAND_IDS.map((id) => `grade.${id}`),
        ...SUBJECT_IDS.map((id) => `subject.${id}`),
        ...LEARNER_NEED_IDS.map((id) => `learner.${id}`),
        ...OUTCOME_IDS.map((id) => `outcome.${id}`),
        ...['not-found', 'low-confidence', 'ambiguous', 'invalid-selectors'].map((r) => `orphan.${r}`),
      ];
      for (const id of ids) expect(keys.has(id.replace(/-/g, '_')), `${lang}: ${id}`).toBe(true);
    }
  });
});

describe('the light vocabulary used by the page and the panel', () => {
  it('lists exactly the ids of the shared taxonomy, in order', () => {
    expect(KIND_IDS).toEqual(ADAPTATION_KINDS.map((k) => k.id));
    expect(GRADE_BAND_IDS).toEqual(GRADE_BANDS);
    expect(SUBJECT_IDS).toEqual(SUBJECTS);
    expect(LEARNER_NEED_IDS).toEqual(LEARNER_NEEDS);
    expect(OUTCOME_IDS).toEqual(OUTCOMES);
  });
});
