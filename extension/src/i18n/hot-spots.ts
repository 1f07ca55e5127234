import { i18n } from '#i18n';
import type { HotSpotView } from '../protocol/views.js';
import { kindLabel } from './labels.js';

/** A label inside a sentence: "Language support" -> "language support" (not "UDL / accessibility"). */
const inSentence = (label: string) =>
  /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLocaleLowerCase() + label.slice(1) : label;

/** "District hot spot: adapted by 14 teachers in 5 schools, mostly language support" (issue 20). */
export function hotSpotLine(h: Pick<HotSpotView, 'teachers' | 'schools' | 'kinds'>): string {
  const teachers = i18n.t('hotSpot.teachers', h.teachers);
  const kind = inSentence(h.kinds[0] ? kindLabel(h.kinds[0]) : '');
  return h.schools > 0
    ? i18n.t('hotSpot.line', [teachers, i18n.t('hotSpot.schools', h.schools), kind])
    : i18n.t('hotSpot.lineNoSchool', [teachers, kind]);
}
