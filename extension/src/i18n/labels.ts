import { i18n } from '#i18n';
import { vocabularyLabel, type LabelLocale, type Vocabulary } from '@margins/shared/labels';
import { browser } from 'wxt/browser';

/**
 * Localised labels for stored ids. Vocabulary labels (kinds, grades, subjects, learner groups,
 * outcomes, feedback types) come from the one table in shared/src/labels.ts; orphan reasons are
 * sentences of this UI and stay in locales/*.yml (message names use `_` where ids use `-`).
 */

/** The label language: the browser's UI language when Margins speaks it (the same rule Chrome uses for messages). */
export function uiLocale(): LabelLocale {
  return browser.i18n.getUILanguage().split('-')[0] === 'es' ? 'es' : 'en';
}

const label = (vocabulary: Vocabulary) => (id: string) => vocabularyLabel(vocabulary, id, uiLocale());

/** Label of an adaptation kind. */
export const kindLabel = label('kind');
/** Label of a grade band. */
export const gradeLabel = label('grade');
/** Label of a subject. */
export const subjectLabel = label('subject');
/** Label of a learner group. */
export const learnerLabel = label('learner');
/** Label of an evidence outcome. */
export const outcomeLabel = label('outcome');
/** Label of an "I tried this" outcome (worked well, worked with changes, mixed, did not work). */
export const endorsementLabel = label('tried');
/** Label of a feedback type (what worked, a question, a suggestion). */
export const feedbackTypeLabel = label('feedback');

/** Sentence explaining why an adaptation could not be placed on the page. */
export function orphanReasonLabel(reason: string): string {
  // Keys are built from reasons checked by test/i18n.test.ts; the cast bridges the typed key union.
  return (i18n.t as (k: string) => string)(`orphan.${reason.replace(/-/g, '_')}`) || reason;
}
