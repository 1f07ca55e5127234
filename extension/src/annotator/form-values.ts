import type { AdaptationContent } from '@margins/shared/adaptation';
import type { DraftFields } from '../protocol/views.js';

/** The form's fields as the content of a save command (the background validates it fully). */
export function toContent(f: DraftFields): AdaptationContent {
  const visibility = (f.visibility || 'private') as AdaptationContent['visibility'];
  return {
    kinds: f.kinds as AdaptationContent['kinds'],
    body: f.body,
    rationale: f.rationale,
    audience: {
      gradeBands: f.gradeBands as AdaptationContent['audience']['gradeBands'],
      subjects: f.subjects as AdaptationContent['audience']['subjects'],
      learnerNeeds: f.learnerNeeds as AdaptationContent['audience']['learnerNeeds'],
    },
    ...(f.outcome
      ? {
          evidence: {
            outcome: f.outcome as NonNullable<AdaptationContent['evidence']>['outcome'],
            note: f.evidenceNote,
          },
        }
      : {}),
    visibility,
  };
}

/** The checks the form makes before sending (the rest is checked by the background). */
export function quickCheck(f: DraftFields): { kinds?: true; body?: true } {
  return { ...(f.kinds.length ? {} : { kinds: true as const }), ...(f.body.trim() ? {} : { body: true as const }) };
}
