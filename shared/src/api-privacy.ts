import { z } from 'zod';
import { endpoint } from './api-endpoint.js';

/**
 * The privacy check's part of the REST contract (issue 16): the LMS UI and the extension ask the
 * tool whether texts about to be shared name a learner of the writer's courses (the roster stays
 * on the tool as salted hashes) or look like a name, email or ID. Answers give positions only.
 */

/** The texts to check, by field name (as the form calls them). */
export const PrivacyCheckInputSchema = z.object({
  fields: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'A field name is a short word.'),
      z.string().max(10_000, 'A text to check has at most 10,000 characters.'),
    )
    .refine((f) => Object.keys(f).length <= 10, 'Check at most 10 texts at once.'),
});
/** A check request. */
export type PrivacyCheckInput = z.input<typeof PrivacyCheckInputSchema>;

/** One passage to look at: in which field, where, and why; never the words themselves. */
export const PrivacyFindingSchema = z.object({
  field: z.string(),
  index: z.number().int().min(0),
  length: z.number().int().min(1),
  kind: z.enum(['student-name', 'email', 'id-number', 'phone']),
  /** `roster`: a learner of the writer's courses; `detector`: it looks like a name or a detail. */
  source: z.enum(['roster', 'detector']),
});
/** A finding. */
export type PrivacyFinding = z.infer<typeof PrivacyFindingSchema>;

/** The privacy check endpoint. */
export const privacyApi = {
  check: endpoint({
    method: 'POST',
    path: '/api/v1/privacy/check',
    auth: 'launch-or-extension',
    body: PrivacyCheckInputSchema,
    response: z.object({ findings: z.array(PrivacyFindingSchema) }),
  }),
};
