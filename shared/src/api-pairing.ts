import { z } from 'zod';
import { AuthorSchema, IdSchema, TimestampSchema } from './adaptation.js';
import { endpoint, idParams } from './api-endpoint.js';
import { plainText } from './text.js';

/**
 * The connection part of the REST contract: connection codes, the extension's tokens and the connected
 * browsers the teacher sees. Part of `api` (api.ts).
 */

/** A short one-time code the teacher types or the extension receives in one click. */
export const PairingCodeSchema = z
  .string({ error: 'Enter the connection code.' })
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z2-9]{8}$/, 'The connection code has 8 letters and digits, like KQ7M-2XPD.'));

/** Access + refresh token pair issued to a paired browser. */
export const TokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  deviceId: IdSchema,
  user: AuthorSchema,
  /** Where this token works: shown in the extension ("Connected to Lincoln USD"). */
  tenant: z.object({ id: z.string(), name: z.string() }),
  /**
   * The course the teacher connected from: "course" visibility shares with that course. Null when the
   * connection was made from an account-level launch; "course" visibility is then refused.
   */
  course: z.object({ id: z.string(), title: z.string() }).nullable(),
});

/** A connected browser as the teacher sees it in the LMS UI. */
export const DeviceSchema = z.object({
  id: IdSchema,
  name: z.string(),
  createdAt: TimestampSchema,
  lastSeenAt: TimestampSchema.nullable(),
  /** The course the teacher connected it from (where "course" sharing goes), or null (account level). */
  course: z.string().nullable(),
});

/** What the LMS UI needs to show a fresh connection code and offer the one-click connection. */
export const PairingCodeCreatedSchema = z.object({
  /** Shown as KQ7M-2XPD; typed into the extension or handed over in one click. */
  code: z.string(),
  expiresAt: TimestampSchema,
  /** The address the teacher types into the extension ("Margins address"), and the `tool=` of the one-click link. */
  toolUrl: z.string(),
  /** Chromium extension ids (configured) whose `pair.html` the one-click link may open. */
  extensionIds: z.array(z.string()),
});

/**
 * Who a connection code would connect the browser as, shown by the extension before it spends the
 * code ("Connect this browser to Riverside USD as Ana Lima?"): a page that opened the extension's
 * pair.html with someone else's code must not connect the teacher's browser unnoticed.
 */
export const PairingPreviewSchema = z.object({
  tenant: z.object({ name: z.string() }),
  user: z.object({ name: z.string() }),
  course: z.object({ title: z.string() }).nullable(),
  expiresAt: TimestampSchema,
});

/** Connecting a browser, its tokens, and the list of connected browsers. */
export const pairingApi = {
  /** A one-time connection code for the extension (short-lived, single use, limited per person). */
  pairingCreate: endpoint({
    method: 'POST',
    path: '/api/v1/pairing/codes',
    auth: 'launch',
    response: PairingCodeCreatedSchema,
  }),
  /**
   * The extension trades a code for tokens. Errors: pairing_code_invalid (wrong, expired or used),
   * rate_limited (per address). The access token goes in `Authorization: Bearer` and expires in
   * `expiresIn` seconds (then: 401 token_expired, refresh); a disconnected browser gets 401 token_revoked.
   */
  pairingExchange: endpoint({
    method: 'POST',
    path: '/api/v1/pairing/exchange',
    auth: 'public',
    body: z.object({ code: PairingCodeSchema, deviceName: plainText('The browser name', { min: 1, max: 100 }) }),
    response: TokenPairSchema,
  }),
  /** Who a code belongs to, without spending it (same errors and per-address limit as the exchange). */
  pairingPreview: endpoint({
    method: 'POST',
    path: '/api/v1/pairing/preview',
    auth: 'public',
    body: z.object({ code: PairingCodeSchema }),
    response: PairingPreviewSchema,
  }),
  /** The extension disconnects itself (the teacher chose Disconnect in the extension): its tokens stop working. */
  deviceDisconnect: endpoint({
    method: 'POST',
    path: '/api/v1/auth/disconnect',
    auth: 'extension',
    response: z.object({ revoked: z.literal(true) }),
  }),
  /**
   * Rotates the refresh token: each one works once. Presenting an old one again disconnects the browser
   * (theft detection; a retry within 30 s of a lost answer is tolerated). 401 token_revoked when the
   * browser was disconnected, 401 unauthenticated when the token is unknown or expired: connect again.
   */
  tokenRefresh: endpoint({
    method: 'POST',
    path: '/api/v1/auth/refresh',
    auth: 'public',
    body: z.object({ refreshToken: z.string().min(1).max(500) }),
    response: TokenPairSchema,
  }),
  devicesList: endpoint({
    method: 'GET',
    path: '/api/v1/devices',
    auth: 'launch',
    response: z.object({ devices: z.array(DeviceSchema) }),
  }),
  deviceRevoke: endpoint({
    method: 'DELETE',
    path: '/api/v1/devices/:id',
    auth: 'launch',
    params: idParams,
    response: z.object({ revoked: z.literal(true) }),
  }),
} as const;
