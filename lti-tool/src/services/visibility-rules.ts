import { AppError, type Adaptation, type Visibility } from '@margins/shared';
import type { StoredAdaptation } from '../data/adaptations-repo.js';

/** How far each visibility reaches, to compare a remix with its original. */
const REACH: Record<Visibility, number> = { private: 0, course: 1, district: 2, network: 3 };

const SCOPE_NAME: Record<Visibility, string> = {
  private: 'only its author',
  course: 'one course',
  district: 'the district',
  network: 'other districts',
};

/**
 * Whether an author may give an adaptation this visibility (DESIGN: Visibility), or an AppError
 * saying why not: "course" needs the course the browser was connected from (or the adaptation's
 * own course); a remix is shared at most as widely as its original, and "course" only in the
 * original's course. "network" is always allowed: it waits for a coach (see networkStatusAfter).
 */
export function checkVisibility(
  visibility: Visibility,
  ctx: { contextPk: string | null; original: StoredAdaptation | null },
): void {
  if (visibility === 'course' && !ctx.contextPk) {
    throw new AppError(
      'validation_failed',
      'Sharing with a course needs a browser connected from that course. Open Margins from the course in your learning platform, connect the extension there, then choose "Course" again.',
      [
        {
          path: 'adaptation.visibility',
          message: 'This browser was connected from outside a course, so "Course" is not available.',
        },
      ],
    );
  }
  const o = ctx.original;
  if (!o) return;
  if (REACH[visibility] > REACH[o.visibility]) {
    throw new AppError(
      'forbidden',
      `This remix can be shared at most as widely as the adaptation it comes from, which is shared with ${SCOPE_NAME[o.visibility]}.`,
      [{ path: 'adaptation.visibility', message: `At most "${o.visibility}".` }],
    );
  }
  if (visibility === 'course' && o.visibility === 'course' && o.context_pk !== ctx.contextPk) {
    throw new AppError('forbidden', 'This remix can only be shared with the course its original was shared with.', [
      { path: 'adaptation.visibility', message: 'Another course.' },
    ]);
  }
}

/**
 * Network sharing waits for a coach: a new "network" adaptation is pending; an approved one stays
 * approved while only its visibility is touched, and goes back to pending when its content changes
 * (the coach approved what they read). Any other visibility has no network status.
 */
export function networkStatusAfter(
  existing: StoredAdaptation | null,
  next: Adaptation,
): 'none' | 'pending' | 'approved' {
  if (next.visibility !== 'network') return 'none';
  if (
    existing &&
    existing.visibility === 'network' &&
    existing.network_status === 'approved' &&
    sameContent(existing.json, next)
  )
    return 'approved';
  return 'pending';
}

/** True when two versions say the same thing on the same passage with the same visibility. */
export function sameContent(a: Adaptation, b: Adaptation): boolean {
  const pick = (x: Adaptation) =>
    JSON.stringify([x.kinds, x.body, x.rationale, x.audience, x.evidence ?? null, x.visibility, x.page, x.target]);
  return pick(a) === pick(b);
}
