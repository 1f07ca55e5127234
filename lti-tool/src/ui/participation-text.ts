import { PARTICIPATION_PARTS } from '@margins/shared';
import { t, type MessageKey } from './i18n/index.js';

/**
 * How the participation grade is computed, one line per part, in the UI language: the parts and
 * points are the shared ones (shared/src/participation.ts); in English the lines read as the
 * server's description (a test checks it).
 */
export function participationFormula(): string[] {
  return PARTICIPATION_PARTS.map((p) => {
    const label = t(`pg.part.${p.key}` as MessageKey);
    return p.target === 1
      ? t('pg.formulaFirst', { label, points: p.points })
      : t('pg.formulaMany', { label, points: p.points, target: p.target, each: p.points / p.target });
  });
}
