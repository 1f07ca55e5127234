import { i18n } from '#i18n';
import type { ColleagueAdaptation, SocialProof } from '../protocol/views.js';
import { endorsementLabel } from './labels.js';

/** "By Ana Lima", "By a colleague", "By a teacher in another district" (names only as the district allows). */
export function authorLine(a: Pick<ColleagueAdaptation, 'authorName' | 'otherDistrict'>): string {
  if (a.authorName) return i18n.t('colleague.by', [a.authorName]);
  return a.otherDistrict ? i18n.t('colleague.byNetwork') : i18n.t('colleague.byHidden');
}

/** "Remix of Ana Lima's adaptation". */
export function remixLine(remixOf: { authorName: string | null; former?: boolean }): string {
  // The original's author deleted their account (issue 16): "a former colleague", never a name.
  if (remixOf.former) return i18n.t('colleague.remixOfFormer');
  return remixOf.authorName ? i18n.t('colleague.remixOf', [remixOf.authorName]) : i18n.t('colleague.remixOfHidden');
}

/** "3 teachers tried it: Worked well 2, Mixed 1" (or "No one has tried it yet."). */
export function socialLine(s: SocialProof): string {
  const outcomes = Object.entries(s.outcomes)
    .filter(([, n]) => n > 0)
    .map(([o, n]) => `${endorsementLabel(o)} ${n}`)
    .join(', ');
  return `${i18n.t('colleague.tried', s.endorsementCount)}${outcomes ? `: ${outcomes}` : ''}`;
}
