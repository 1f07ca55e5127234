import { z } from 'zod';
import { AdaptationSchema, IdSchema } from './adaptation.js';
import { CursorSchema, endpoint, ErrorResponseSchema } from './api-endpoint.js';
import { SharedAdaptationSchema } from './api-library.js';

/**
 * The sync part of the REST contract: the extension pushes its outbox and pulls the change feed; its
 * limits and outcomes are what the extension's sync and the tool's sync service agree on. Part of `api` (api.ts).
 */

/** Largest batch one push may carry. */
export const MAX_PUSH_BATCH = 100;
/**
 * Largest push body in bytes (answered with 413 payload_too_large above it): a batch of large
 * adaptations must be split by size as well as by count.
 */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;
/** Largest body of every other JSON request of the extension API. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** One change from the extension's outbox. `baseVersion` is the server version it was edited from (null for new). */
export const SyncChangeSchema = z.discriminatedUnion(
  'op',
  [
    z.object({
      op: z.literal('upsert'),
      idempotencyKey: IdSchema,
      baseVersion: z.number().int().min(1).nullable(),
      adaptation: AdaptationSchema,
    }),
    z.object({
      op: z.literal('delete'),
      idempotencyKey: IdSchema,
      baseVersion: z.number().int().min(1).nullable(),
      id: IdSchema,
    }),
  ],
  { error: 'Each change must be an upsert with an adaptation or a delete with an id.' },
);
/** One outbox change. */
export type SyncChange = z.infer<typeof SyncChangeSchema>;

/**
 * Outcome for one pushed change, in the order of the request.
 * - applied: stored now; `current` is the stored adaptation (its new `version`, the server's `updatedAt`
 *   and author); null for a delete.
 * - duplicate: this idempotency key was applied before (perhaps the answer was lost); nothing was
 *   applied again and `current` is what that first apply stored.
 * - conflict: `baseVersion` is not the server's version; `current` is the server's version for the
 *   teacher to compare (null when it was deleted elsewhere). Nothing was overwritten.
 * - rejected: not allowed or not valid (`error` says why: validation_failed, forbidden, not_found).
 * A change that fails its own schema is rejected alone; the rest of the batch still applies.
 */
export const PushResultSchema = z.object({
  idempotencyKey: IdSchema,
  status: z.enum(['applied', 'duplicate', 'conflict', 'rejected']),
  current: AdaptationSchema.nullable().optional(),
  error: ErrorResponseSchema.shape.error.optional(),
});
/** One push outcome. */
export type PushResult = z.infer<typeof PushResultSchema>;

/**
 * A change the server sends down: an adaptation to store, or one to remove (deleted, or no longer
 * visible to the caller: its visibility changed, or network sharing was withdrawn). Pulls start with
 * no cursor (everything visible) and continue from the returned cursor, a position in the server's
 * change sequence (not a time), so concurrent writers never make a pull skip a change.
 */
export const PulledChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), adaptation: SharedAdaptationSchema }),
  z.object({ op: z.literal('remove'), id: IdSchema }),
]);
/** One pulled change. */
export type PulledChange = z.infer<typeof PulledChangeSchema>;

/** Push and pull. */
export const syncApi = {
  /** Applies a batch of outbox changes; see PushResultSchema. Body at most MAX_PUSH_BYTES. */
  syncPush: endpoint({
    method: 'POST',
    path: '/api/v1/sync/push',
    auth: 'extension',
    body: z.object({
      changes: z
        .array(SyncChangeSchema)
        .min(1)
        .max(MAX_PUSH_BATCH, `Send at most ${MAX_PUSH_BATCH} changes at a time.`),
    }),
    response: z.object({ results: z.array(PushResultSchema) }),
  }),
  syncPull: endpoint({
    method: 'GET',
    path: '/api/v1/sync/pull',
    auth: 'extension',
    query: z.object({ cursor: CursorSchema.optional(), limit: z.coerce.number().int().min(1).max(1000).default(500) }),
    response: z.object({ changes: z.array(PulledChangeSchema), cursor: CursorSchema, hasMore: z.boolean() }),
  }),
} as const;
