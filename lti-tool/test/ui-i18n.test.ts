import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  LANGS,
  TABLES_FOR_TEST,
  formatDate,
  formatDateTime,
  formatNumber,
  formatRelative,
  pickLang,
  setLang,
  t,
  tn,
} from '../src/ui/i18n/index.js';
import { cellText, formatMonth } from '../src/ui/metrics-text.js';
import {
  ADAPTATION_KINDS,
  DEFAULT_RECOGNITION_RULES,
  GRADE_BANDS,
  LEARNER_NEEDS,
  METRICS,
  SUBJECTS,
} from '@margins/shared';
import { ruleCriteria, ruleName } from '../src/ui/labels.js';
import { participationFormula } from '../src/ui/participation-text.js';
import { describeParticipationFormula } from '@margins/shared';
import { enCoach } from '../src/ui/i18n/en-coach.js';
import { enMore } from '../src/ui/i18n/en-more.js';
import { esCoach } from '../src/ui/i18n/es-coach.js';
import { esMore } from '../src/ui/i18n/es-more.js';
import { metricHelp, metricLabel } from '../src/ui/metrics-text.js';
import { GRADE_LABEL, KIND_LABEL, NEED_LABEL, SUBJECT_LABEL } from '../src/ui/labels.js';
import { launchLocale } from '../src/lti/launch.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * Spanish strings that may read exactly as the English ones, each with why. Any other identical
 * pair is an untranslated string and fails.
 */
const SAME_IN_BOTH: Record<string, string> = {
  'app.coachSuffix': '"coach" is the word Spanish-speaking districts use for the role',
  'nav.label': 'the product name',
  'nav.coaching': 'the name of the coaching area, used as is in Spanish',
  'nav.coaches': '"coaches" is the word Spanish-speaking districts use for the role',
  'insight.by': 'only a dash and a name',
  'award.previewWallLine': 'only a name and a title',
  'rule.mentor.name': 'the Mentor recognition keeps its name in Spanish',
};

describe('LMS UI strings', () => {
  it('has every English string in Spanish, non-empty, with the same placeholders and plural forms', () => {
    const en = TABLES_FOR_TEST.en;
    for (const lang of LANGS) {
      const table = TABLES_FOR_TEST[lang];
      expect(Object.keys(table).sort(), lang).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(table)) {
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(en[key as keyof typeof en]));
        if (key.endsWith('.one')) expect(Object.keys(table), key).toContain(key.replace(/\.one$/, '.other'));
        if (key.endsWith('.other')) expect(Object.keys(table), key).toContain(key.replace(/\.other$/, '.one'));
      }
    }
  });

  it('translates every string, apart from a short list that reads the same in both languages', () => {
    const { en, es } = TABLES_FOR_TEST;
    const same = Object.keys(en).filter((k) => en[k as keyof typeof en] === es[k as keyof typeof es]);
    expect(same.sort()).toEqual(Object.keys(SAME_IN_BOTH).sort());
  });

  it('keeps each part table whole: the same keys in both languages and no key in two parts', () => {
    expect(Object.keys(esCoach).sort()).toEqual(Object.keys(enCoach).sort());
    expect(Object.keys(esMore).sort()).toEqual(Object.keys(enMore).sort());
    const coach = new Set(Object.keys(enCoach));
    expect(Object.keys(enMore).filter((k) => coach.has(k))).toEqual([]);
    // A part's key repeated in en.ts's own literal would be silently overwritten by the spread.
    const core = readFileSync(fileURLToPath(new URL('../src/ui/i18n/en.ts', import.meta.url)), 'utf8');
    expect([...coach, ...Object.keys(enMore)].filter((k) => core.includes(`'${k}':`))).toEqual([]);
  });

  it('names the metrics as the shared table does in English, and in Spanish otherwise', () => {
    setLang('en', null);
    for (const m of METRICS) {
      expect(metricLabel(m.key), m.key).toBe(m.label);
      expect(metricHelp(m.key), m.key).toBe(m.help);
    }
    setLang('es', null);
    for (const m of METRICS) expect(metricLabel(m.key), m.key).not.toBe(m.label);
    setLang('en', null);
  });

  it('describes the participation grade as the server does in English, and in Spanish otherwise', () => {
    setLang('en', null);
    expect(participationFormula()).toEqual(describeParticipationFormula());
    setLang('es', null);
    expect(participationFormula()[0]).toBe('Prácticas compartidas en este curso: 40 puntos por la primera.');
    setLang('en', null);
  });

  it('names the recognition rules Margins ships with as shared does in English, and a district rule as written', () => {
    setLang('en', null);
    for (const r of DEFAULT_RECOGNITION_RULES) {
      expect(ruleName(r), r.id).toBe(r.name);
      expect(ruleCriteria(r), r.id).toBe(r.criteria);
    }
    setLang('es', null);
    for (const r of DEFAULT_RECOGNITION_RULES) expect(ruleCriteria(r), r.id).not.toBe(r.criteria);
    expect(ruleName({ id: 'district-own', name: 'Our own rule' })).toBe('Our own rule');
    setLang('en', null);
  });

  it('shows the shared taxonomy in the UI language', () => {
    setLang('es', null);
    expect(KIND_LABEL['culturally-responsive']).toBe('Culturalmente pertinente');
    for (const id of ADAPTATION_KINDS.map((k) => k.id)) expect(KIND_LABEL[id], id).not.toBe(id);
    for (const id of GRADE_BANDS) expect(GRADE_LABEL[id], id).not.toBe(id);
    for (const id of SUBJECTS) expect(SUBJECT_LABEL[id], id).not.toBe(id);
    for (const id of LEARNER_NEEDS) expect(NEED_LABEL[id], id).not.toBe(id);
    const spanish = SUBJECT_LABEL.math;
    setLang('en', null);
    expect(SUBJECT_LABEL.math).not.toBe(spanish);
  });

  it('follows the launch locale first, then the browser, else English', () => {
    expect(pickLang('es-MX', ['en-US'])).toBe('es');
    expect(pickLang('en-US', ['es-ES'])).toBe('en');
    expect(pickLang(null, ['fr-FR', 'es'])).toBe('es');
    expect(pickLang('fr', ['de'])).toBe('en');
    expect(pickLang(undefined, [])).toBe('en');
  });

  it('fills placeholders, picks plural forms and formats numbers and dates in the language', () => {
    setLang('es', null);
    expect(tn('library.found', 1)).toBe('1 práctica encontrada');
    expect(tn('library.found', 3)).toBe('3 prácticas encontradas');
    expect(formatNumber(12345.5)).toBe('12.345,5');
    expect(formatDate('2026-09-12T10:00:00Z')).toMatch(/12 sept? 2026/);
    expect(t('detail.sharedBy', { name: 'Ana' })).toBe('Compartida por Ana');
    const now = Date.parse('2026-09-15T10:00:00Z');
    expect(formatRelative('2026-09-12T10:00:00Z', now)).toBe('hace 3 días');
    expect(formatRelative('2026-09-14T10:00:00Z', now)).toBe('ayer');
    expect(formatDateTime('2026-09-12T10:00:00Z')).toMatch(/12 sept? 2026/);
    expect(formatMonth('2026-03')).toMatch(/^mar\.? 2026$/);
    expect(cellText({ status: 'shown', value: 0.545, numerator: 6, denominator: 11 }, 'share')).toBe(
      '55\u00a0% (6 de 11)',
    );
    expect(cellText({ status: 'suppressed', reason: 'small-group' }, 'count')).toBe('menos de 5');
    setLang('en', null);
    expect(formatRelative('2026-09-12T10:00:00Z', now)).toBe('3 days ago');
    expect(formatMonth('2026-03')).toBe('Mar 2026');
    expect(cellText({ status: 'shown', value: 0.545, numerator: 6, denominator: 11 }, 'share')).toBe('55% (6 of 11)');
    expect(cellText({ status: 'shown', value: 1234, numerator: null, denominator: null }, 'count')).toBe('1,234');
    expect(tn('library.found', 2)).toBe('2 practices found');
    expect(formatDate('2026-09-12T10:00:00Z')).toMatch(/Sep 12, 2026|12 Sep 2026/);
  });
});

describe('the launch locale', () => {
  it('reads launch_presentation.locale, then the OIDC locale claim, and ignores junk', () => {
    const lp = 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation';
    expect(launchLocale({ [lp]: { locale: 'es_MX' }, locale: 'en-US' })).toBe('es-MX');
    expect(launchLocale({ locale: 'es' })).toBe('es');
    expect(launchLocale({ [lp]: { locale: '<script>' } })).toBeNull();
    expect(launchLocale({})).toBeNull();
  });
});
