import express, { Router, type Request, type Response } from 'express';
import { api, AppError, IdSchema, MAX_PUSH_BYTES, MAX_REQUEST_BYTES, parseOrThrow } from '@margins/shared';
import { bearer, extensionCors, WindowLimiter, type CorsPolicy } from '../http/extension-http.js';
import type { SessionAuth } from '../lti/session.js';
import { actorFromLaunch, type Actor } from '../services/actor.js';
import { ExtensionTokens } from '../services/extension-tokens.js';
import type { LibraryService } from '../services/library-service.js';
import type { PairingService } from '../services/pairing-service.js';
import type { SharingService } from '../services/sharing-service.js';
import type { SyncService } from '../services/sync-service.js';

/** Collaborators of the extension API. */
export interface ExtensionApiDeps {
  pairing: PairingService;
  sync: SyncService;
  sharing: SharingService;
  /** The detail of one adaptation (shared with the LMS UI's library). */
  library: LibraryService;
  session: SessionAuth;
  cors: CorsPolicy;
  /** Requests per paired browser per minute. */
  perDevicePerMinute: number;
  /** Code exchanges and refreshes per client address per minute. */
  perAddressPerMinute: number;
}

/** Every path this router answers, for CORS (preflights come before a route matches). */
const PATHS = [
  api.pairingExchange,
  api.pairingPreview,
  api.deviceDisconnect,
  api.adaptationDetail,
  api.tokenRefresh,
  api.syncPush,
  api.syncPull,
  api.pageAdaptations,
  api.endorse,
  api.feedbackCreate,
  api.remix,
].map((e) => e.path);

/**
 * The REST API of the browser extension (shared/src/api.ts): pairing exchange and token refresh
 * (public, limited per address), sync push and pull, page lookup, endorse, feedback and remix.
 * Credentials come only from the Authorization header: the extension's access token, or (for
 * endorse and feedback, which the LMS UI uses too) a launch session. CORS admits only the
 * configured extension origins; bodies are size-limited (413 payload_too_large).
 */
export function extensionRouter(d: ExtensionApiDeps): Router {
  const r = Router();
  const perDevice = new WindowLimiter(d.perDevicePerMinute);
  const perAddress = new WindowLimiter(d.perAddressPerMinute);
  const retryAfter = (res: Response) => (s: number) => res.setHeader('Retry-After', String(s));
  const smallJson = express.json({ limit: MAX_REQUEST_BYTES });

  r.use(PATHS, extensionCors(d.cors));

  /** The actor of a request: an extension token, or also a launch session where `either`. */
  async function actor(req: Request, res: Response, allow: 'extension' | 'either'): Promise<Actor> {
    const token = bearer(req);
    if (!token)
      throw new AppError(
        'unauthenticated',
        allow === 'extension' ? 'Connect this browser to Margins first.' : 'Please sign in again.',
      );
    if (ExtensionTokens.isAccessToken(token)) {
      const a = await d.pairing.authenticate(token);
      perDevice.hit(a.deviceId!, retryAfter(res));
      return a;
    }
    if (allow === 'either') return actorFromLaunch(await d.session.fromHeader(req.get('authorization')));
    throw new AppError(
      'unauthenticated',
      'This part of Margins is for the browser extension. Connect it with a code from your learning platform.',
    );
  }

  r.post(api.pairingExchange.path, smallJson, async (req, res) => {
    perAddress.hit(`exchange:${req.ip}`, retryAfter(res));
    const body = (req.body ?? {}) as { code?: unknown; deviceName?: unknown };
    // The code is checked by the service (its own message); the device name by the contract.
    const { deviceName } = parseOrThrow(
      api.pairingExchange.body.pick({ deviceName: true }),
      { deviceName: body.deviceName },
      'The browser name',
    );
    res.json(await d.pairing.exchange(body.code, deviceName));
  });

  r.post(api.pairingPreview.path, smallJson, async (req, res) => {
    perAddress.hit(`exchange:${req.ip}`, retryAfter(res));
    res.json(await d.pairing.preview((req.body as { code?: unknown } | undefined)?.code));
  });

  r.post(api.deviceDisconnect.path, async (req, res) => {
    await d.pairing.disconnectSelf(await actor(req, res, 'extension'));
    res.json({ revoked: true });
  });

  r.post(api.tokenRefresh.path, smallJson, async (req, res) => {
    perAddress.hit(`refresh:${req.ip}`, retryAfter(res));
    const { refreshToken } = parseOrThrow(api.tokenRefresh.body, req.body, 'The refresh');
    res.json(await d.pairing.refresh(refreshToken));
  });

  r.post(api.syncPush.path, express.json({ limit: MAX_PUSH_BYTES }), async (req, res) => {
    const a = await actor(req, res, 'extension');
    res.json(await d.sync.push(a, req.body));
  });

  r.get(api.syncPull.path, async (req, res) => {
    const a = await actor(req, res, 'extension');
    const q = parseOrThrow(api.syncPull.query, req.query, 'The pull');
    res.json(await d.sync.pull(a, q));
  });

  r.get(api.pageAdaptations.path, async (req, res) => {
    const a = await actor(req, res, 'extension');
    const { url } = parseOrThrow(api.pageAdaptations.query, req.query, 'The page');
    res.json(await d.sharing.page(a, url));
  });

  r.get(api.adaptationDetail.path, async (req, res) => {
    const a = await actor(req, res, 'extension');
    const { id } = parseOrThrow(api.adaptationDetail.params, req.params, 'The adaptation id');
    res.json(await d.library.detailFor(a, id));
  });

  r.put(api.endorse.path, smallJson, async (req, res) => {
    const a = await actor(req, res, 'either');
    const { id } = parseOrThrow(api.endorse.params, req.params, 'The adaptation id');
    const input = parseOrThrow(api.endorse.body, req.body, 'The endorsement');
    res.json(await d.sharing.endorse(a, id, input));
  });

  r.post(api.feedbackCreate.path, smallJson, async (req, res) => {
    const a = await actor(req, res, 'either');
    const { id } = parseOrThrow(api.feedbackCreate.params, req.params, 'The adaptation id');
    const input = parseOrThrow(api.feedbackCreate.body, req.body, 'The feedback');
    const key = req.get('idempotency-key');
    const idempotencyKey = key === undefined ? null : parseOrThrow(IdSchema, key, 'The Idempotency-Key header');
    const { feedback, created } = await d.sharing.feedback(a, id, input, idempotencyKey);
    res.status(created ? 201 : 200).json(feedback);
  });

  r.post(api.remix.path, smallJson, async (req, res) => {
    const a = await actor(req, res, 'extension');
    const { id } = parseOrThrow(api.remix.params, req.params, 'The adaptation id');
    const { adaptation, created } = await d.sharing.remix(a, id, req.body);
    res.status(created ? 201 : 200).json(adaptation);
  });

  return r;
}
