import { z } from 'zod';
import { AdaptationContentSchema, IdSchema } from './adaptation.js';
import { endpoint, ErrorResponseSchema } from './api-endpoint.js';
import { SharedAdaptationSchema } from './api-library.js';

/**
 * A teacher edits her own practice in the LMS (issue 15, item 2): what the extension lets her change
 * (the adaptation text, whose first line is its name; kinds; learner groups, grade bands and subjects;
 * the rationale; the sharing scope), never the passage or the page. The edit goes through the same
 * versioned write as the extension's sync push, so it reaches her browsers through the sync feed and
 * a stale `baseVersion` (the extension saved meanwhile) is a 409 carrying the current version.
 */
export const PracticeEditSchema = AdaptationContentSchema.pick({
  kinds: true,
  body: true,
  rationale: true,
  audience: true,
  visibility: true,
}).extend({
  /** The version the teacher edited from (the detail's `version`). */
  baseVersion: z.number({ error: 'Send the version you edited from.' }).int().min(1),
  /**
   * The teacher saw the privacy check's warning and shares anyway. Without it, a shared practice
   * whose texts may name a student is refused (400, issues `privacy.body` / `privacy.rationale`).
   */
  privacyAcknowledged: z.boolean().default(false),
});
/** An edit as the form sends it. */
export type PracticeEditInput = z.input<typeof PracticeEditSchema>;

/** The 409 of an edit made from an older version: the practice as it is now, to compare and copy from. */
export const PracticeConflictSchema = ErrorResponseSchema.extend({ current: SharedAdaptationSchema.nullable() });

/** The practice endpoints of the LMS UI. */
export const practiceApi = {
  update: endpoint({
    method: 'PUT',
    path: '/api/v1/library/:id',
    auth: 'launch',
    params: z.object({ id: IdSchema }),
    body: PracticeEditSchema,
    response: SharedAdaptationSchema,
  }),
};
