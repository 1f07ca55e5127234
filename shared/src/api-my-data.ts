import { z } from 'zod';
import { endpoint } from './api-endpoint.js';

/**
 * "My data" (issue 16, teachers own their data): everything the district's Margins holds about the
 * person asking, in one JSON download: who they are, their adaptations (also as W3C Web Annotations),
 * their signed credentials exactly as issued, what they said about colleagues' practices, their
 * connected browsers and the contribution record about them.
 */
export const MyDataExportSchema = z.object({
  format: z.literal('margins-my-data/1'),
  exportedAt: z.string(),
  district: z.object({ name: z.string() }),
  me: z.object({ name: z.string(), email: z.string().nullable(), lmsUserId: z.string(), firstSeenAt: z.string() }),
  adaptations: z.array(z.record(z.string(), z.unknown())),
  /** The same adaptations as one W3C AnnotationCollection. */
  annotations: z.record(z.string(), z.unknown()),
  /** Signed Open Badges 3.0 credentials, exactly as issued (revoked ones too, with their status). */
  credentials: z.array(z.object({ status: z.enum(['active', 'revoked']), credential: z.unknown() })),
  endorsements: z.array(
    z.object({ adaptationId: z.string(), outcome: z.string(), note: z.string(), updatedAt: z.string() }),
  ),
  feedback: z.array(z.object({ adaptationId: z.string(), type: z.string(), text: z.string(), createdAt: z.string() })),
  devices: z.array(z.object({ name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })),
  /** The contribution record about me: what I did and what colleagues did with my practices (no one else's names). */
  contributions: z.array(
    z.object({
      type: z.string(),
      at: z.string(),
      role: z.enum(['actor', 'beneficiary']),
      adaptationId: z.string().nullable(),
    }),
  ),
});
/** A "My data" download. */
export type MyDataExport = z.infer<typeof MyDataExportSchema>;

/**
 * Deleting an account from the district (issue 16, item 4): the person themselves (from the LMS or a
 * connected browser), or a district admin for a teacher who left. `confirm` must be the word
 * `delete` (the dialogs ask the person to type a word in their language first); `recognitions` says
 * whether their signed credentials are revoked on the status list or stay valid for the holder.
 */
export const AccountDeletionSchema = z
  .object({
    confirm: z.literal('delete', { error: 'Confirm the deletion: send confirm: "delete".' }),
    recognitions: z.enum(['revoke', 'keep'], { error: 'Choose what happens to the recognitions: "revoke" or "keep".' }),
  })
  .strict();
/** A deletion request. */
export type AccountDeletion = z.infer<typeof AccountDeletionSchema>;

/** What one deletion did, shown to whoever asked. */
export const AccountDeletionResultSchema = z.object({
  deleted: z.literal(true),
  adaptationsWithdrawn: z.number().int(),
  remixesCredited: z.number().int(),
  devicesDisconnected: z.number().int(),
  recognitionsRevoked: z.number().int(),
  recognitionsKept: z.number().int(),
  feedbackRemoved: z.number().int(),
});
/** The outcome of a deletion. */
export type AccountDeletionResult = z.infer<typeof AccountDeletionResultSchema>;

/** The "My data" endpoints. */
export const myDataApi = {
  download: endpoint({ method: 'GET', path: '/api/v1/me/data', auth: 'launch', response: MyDataExportSchema }),
  /** Deletes the caller's own account (from the LMS, or from a connected browser with its token). */
  deleteMine: endpoint({
    method: 'POST',
    path: '/api/v1/me/deletion',
    auth: 'launch-or-extension',
    body: AccountDeletionSchema,
    response: AccountDeletionResultSchema,
  }),
  /** A district admin deletes the account of someone of their installation (a teacher who left). */
  deletePerson: endpoint({
    method: 'POST',
    path: '/api/v1/admin/people/:userId/deletion',
    auth: 'launch',
    params: z.object({ userId: z.string().min(1, 'The person id is required.').max(36, 'The person id is too long.') }),
    body: AccountDeletionSchema,
    response: AccountDeletionResultSchema,
  }),
};
