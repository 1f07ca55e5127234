import { type Vocabulary, vocabularyLabel } from '@margins/shared';
import { currentLang, formatDate as formatLocalDate, hasMessage, t } from './i18n/index.js';

/**
 * A label table that answers in the current UI language: reading `TABLE[id]` gives the label of the
 * shared vocabulary tables (shared/src/labels.ts, one for the extension and the UI) in the UI's
 * language, so every view shows the taxonomy in one language.
 */
function localized(...vocabularies: Vocabulary[]): Record<string, string> {
  const empty: Record<string, string> = {};
  return new Proxy(empty, {
    get: (_target, id) => {
      if (typeof id !== 'string') return undefined;
      for (const v of vocabularies) {
        const label = vocabularyLabel(v, id, currentLang());
        if (label !== id) return label;
      }
      return id;
    },
  });
}

/** Adaptation kind labels. */
export const KIND_LABEL = localized('kind');
/** Grade band labels. */
export const GRADE_LABEL = localized('grade');
/** Subject labels. */
export const SUBJECT_LABEL = localized('subject');
/** Learner group labels. */
export const NEED_LABEL = localized('learner');
/** Endorsement ("I tried this") and evidence outcome labels (the two lists share only `mixed`, labelled alike). */
export const OUTCOME_LABEL = localized('tried', 'outcome');
/** Feedback type labels. */
export const FEEDBACK_LABEL = localized('feedback');
/** Mentoring activity labels. */
export const MENTORING_LABEL = localized('mentoring');

/** A date as "12 Sep 2026", in the UI language. */
export function formatDate(iso: string): string {
  return formatLocalDate(iso);
}

/**
 * A recognition rule's name in the UI language: the rules Margins ships with have theirs in the string
 * tables (`rule.<id>.name`, English as in shared/src/recognition.ts); a district's own rule reads as written.
 */
export function ruleName(rule: { id: string; name: string }): string {
  return ruleText(rule.id, 'name') ?? rule.name;
}

/** A recognition rule's criteria in the UI language (as {@link ruleName}). */
export function ruleCriteria(rule: { id: string; criteria: string }): string {
  return ruleText(rule.id, 'criteria') ?? rule.criteria;
}

function ruleText(id: string, part: 'name' | 'criteria'): string | null {
  const key = `rule.${id}.${part}`;
  return hasMessage(key) ? t(key) : null;
}
