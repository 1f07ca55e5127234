import { i18n } from '#i18n';

/**
 * Localised labels for stored ids (taxonomy kinds, grades, subjects, learner groups, outcomes,
 * orphan reasons). Ids never change; message names use `_` where ids use `-`.
 */
type Group = 'kind' | 'grade' | 'subject' | 'learner' | 'outcome' | 'orphan' | 'tried' | 'fbtype';

function label(group: Group, id: string): string {
  const key = `${group}.${id.replace(/-/g, '_')}`;
  // Keys are built from ids checked by test/i18n.test.ts; the cast bridges the typed key union.
  return (i18n.t as (k: string) => string)(key) || id;
}

/** Label of an adaptation kind. */
export const kindLabel = (id: string) => label('kind', id);
/** Label of a grade band. */
export const gradeLabel = (id: string) => label('grade', id);
/** Label of a subject. */
export const subjectLabel = (id: string) => label('subject', id);
/** Label of a learner group. */
export const learnerLabel = (id: string) => label('learner', id);
/** Label of an evidence outcome. */
export const outcomeLabel = (id: string) => label('outcome', id);
/** Sentence explaining why an adaptation could not be placed on the page. */
export const orphanReasonLabel = (reason: string) => label('orphan', reason);
/** Label of an "I tried this" outcome (worked well, worked with changes, mixed, did not work). */
export const endorsementLabel = (id: string) => label('tried', id);
/** Label of a feedback type (what worked, a question, a suggestion). */
export const feedbackTypeLabel = (id: string) => label('fbtype', id);
