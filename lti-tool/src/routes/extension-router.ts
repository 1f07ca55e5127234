import { api, IdSchema, MAX_PUSH_BYTES, MAX_REQUEST_BYTES, parseOrThrow } from '@margins/shared';
import { retryAfter, type RateLimit } from '../http/rate-limits.js';
import type { LibraryService } from '../services/library-service.js';
import type { PairingService } from '../services/pairing-service.js';
import type { SharingService } from '../services/sharing-service.js';
import type { SyncService } from '../services/sync-service.js';
import { route, STAFF, type RouteDef } from './table.js';

/** Collaborators of the extension API. */
export interface ExtensionApiDeps {
  pairing: PairingService;
  sync: SyncService;
  sharing: SharingService;
  /** The detail of one adaptation (shared with the LMS UI's library). */
  library: LibraryService;
  /** Code exchanges and refreshes per client address per minute. */
  perAddress: RateLimit;
}

/**
 * The REST API of the browser extension (shared/src/api.ts): pairing exchange and token refresh
 * (public, limited per address), sync push and pull, page lookup, endorse, feedback and remix.
 * Credentials come only from the Authorization header: the extension's access token, or (for
 * endorse and feedback, which the LMS UI uses too) a launch session. CORS admits only the
 * configured extension origins; bodies are size-limited (413 payload_too_large).
 */
export function extensionRoutes(d: ExtensionApiDeps): RouteDef[] {
  const perAddress = d.perAddress;
  const small = { json: MAX_REQUEST_BYTES };
  const ext = { cors: 'extension' } as const;

  return [
    route(
      api.pairingExchange,
      { ...ext, body: small, summary: 'Trade a connection code for tokens (per-address limit)' },
      async (req, res) => {
        await perAddress.hit(`exchange:${req.ip}`, retryAfter(res));
        const body = (req.body ?? {}) as { code?: unknown; deviceName?: unknown };
        // The code is checked by the service (its own message); the device name by the contract.
        const { deviceName } = parseOrThrow(
          api.pairingExchange.body.pick({ deviceName: true }),
          { deviceName: body.deviceName },
          'The browser name',
        );
        res.json(await d.pairing.exchange(body.code, deviceName));
      },
    ),
    route(
      api.pairingPreview,
      { ...ext, body: small, summary: 'Who a connection code belongs to (per-address limit)' },
      async (req, res) => {
        await perAddress.hit(`exchange:${req.ip}`, retryAfter(res));
        res.json(await d.pairing.preview((req.body as { code?: unknown } | undefined)?.code));
      },
    ),
    route(
      api.deviceDisconnect,
      { ...ext, summary: 'The extension disconnects itself' },
      async (_req, res, { actor }) => {
        await d.pairing.disconnectSelf(actor);
        res.json({ revoked: true });
      },
    ),
    route(
      api.tokenRefresh,
      { ...ext, body: small, summary: 'Rotate the refresh token (per-address limit)' },
      async (req, res) => {
        await perAddress.hit(`refresh:${req.ip}`, retryAfter(res));
        const { refreshToken } = parseOrThrow(api.tokenRefresh.body, req.body, 'The refresh');
        res.json(await d.pairing.refresh(refreshToken));
      },
    ),
    route(
      api.syncPush,
      { ...ext, body: { json: MAX_PUSH_BYTES }, summary: 'Push outbox changes' },
      async (req, res, { actor }) => {
        res.json(await d.sync.push(actor, req.body));
      },
    ),
    route(api.syncPull, { ...ext, summary: 'Pull changes since a cursor' }, async (req, res, { actor }) => {
      const q = parseOrThrow(api.syncPull.query, req.query, 'The pull');
      res.json(await d.sync.pull(actor, q));
    }),
    route(api.pageAdaptations, { ...ext, summary: 'Adaptations on one page' }, async (req, res, { actor }) => {
      const { url } = parseOrThrow(api.pageAdaptations.query, req.query, 'The page');
      res.json(await d.sharing.page(actor, url));
    }),
    route(
      api.adaptationDetail,
      { ...ext, summary: 'One adaptation with its social proof' },
      async (req, res, { actor }) => {
        const { id } = parseOrThrow(api.adaptationDetail.params, req.params, 'The adaptation id');
        res.json(await d.library.detailFor(actor, id));
      },
    ),
    route(
      api.endorse,
      { ...ext, roles: STAFF, body: small, summary: 'Endorse an adaptation' },
      async (req, res, { actor }) => {
        const { id } = parseOrThrow(api.endorse.params, req.params, 'The adaptation id');
        const input = parseOrThrow(api.endorse.body, req.body, 'The endorsement');
        res.json(await d.sharing.endorse(actor, id, input));
      },
    ),
    route(
      api.feedbackCreate,
      { ...ext, roles: STAFF, body: small, summary: 'Give structured feedback (Idempotency-Key honoured)' },
      async (req, res, { actor }) => {
        const { id } = parseOrThrow(api.feedbackCreate.params, req.params, 'The adaptation id');
        const input = parseOrThrow(api.feedbackCreate.body, req.body, 'The feedback');
        const key = req.get('idempotency-key');
        const idempotencyKey = key === undefined ? null : parseOrThrow(IdSchema, key, 'The Idempotency-Key header');
        const { feedback, created } = await d.sharing.feedback(actor, id, input, idempotencyKey);
        res.status(created ? 201 : 200).json(feedback);
      },
    ),
    route(api.remix, { ...ext, body: small, summary: 'Remix an adaptation' }, async (req, res, { actor }) => {
      const { id } = parseOrThrow(api.remix.params, req.params, 'The adaptation id');
      const { adaptation, created } = await d.sharing.remix(actor, id, req.body);
      res.status(created ? 201 : 200).json(adaptation);
    }),
  ];
}
