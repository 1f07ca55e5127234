import { z } from 'zod';
import { adminApi } from './api-admin.js';
import { endpoint } from './api-endpoint.js';
import { libraryApi } from './api-library.js';
import { pairingApi } from './api-pairing.js';
import { sessionApi } from './api-session.js';
import { syncApi } from './api-sync.js';

/**
 * The REST contract between the extension, the LMS UI and the tool: one entry per endpoint with its
 * method, path and the zod schemas of what goes in and comes out. Both sides import these, so a
 * change here is a change of the API. Paths are relative to the tool's origin. Each resource's schemas
 * and endpoints are in their own api-*.ts; `api` gathers the core ones, and this module re-exports them
 * so `@margins/shared/api` stays the one import.
 */

export * from './api-endpoint.js';
export * from './api-library.js';
export * from './api-pairing.js';
export * from './api-sync.js';
export * from './api-session.js';
export * from './api-admin.js';

/** The Margins REST API, version 1. */
export const api = {
  health: endpoint({
    method: 'GET',
    path: '/health',
    auth: 'public',
    response: z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'down']), version: z.string() }),
  }),
  ...sessionApi,
  ...adminApi,
  ...libraryApi,
  ...pairingApi,
  ...syncApi,
} as const;
