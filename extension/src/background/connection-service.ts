import { z } from 'zod';
import { AuthorSchema, type Author } from '@margins/shared/adaptation';
import { api } from '@margins/shared/api';
import { myDataApi, type AccountDeletionResult } from '@margins/shared/api-my-data';
import { AppError } from '@margins/shared/errors';
import type { ConnectionPreview, ConnectionView } from '../protocol/views.js';
import { ApiError, normaliseToolUrl, type ApiClient } from './api-client.js';
import type { MarginsDb } from './db.js';

/** Refresh the access token this long before it expires. */
const REFRESH_MARGIN_MS = 60_000;

/** The connection as stored (tokens included): only the background reads it. */
const StoredConnectionSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('connected'),
    toolUrl: z.string(),
    deviceId: z.string(),
    user: AuthorSchema,
    tenant: z.object({ id: z.string(), name: z.string() }),
    course: z.object({ id: z.string(), title: z.string() }).nullable(),
    accessToken: z.string(),
    accessExpiresAt: z.number(),
    refreshToken: z.string(),
    connectedAt: z.string(),
    /** The teacher chose, when connecting, to also keep their private ("Only me") adaptations at the district. */
    sendPrivate: z.boolean().default(false),
  }),
  z.object({
    state: z.literal('disconnected'),
    toolUrl: z.string(),
    district: z.string(),
    user: z.string(),
    reason: z.string(),
    at: z.string(),
  }),
]);
/** A stored connection. */
export type StoredConnection = Extract<z.output<typeof StoredConnectionSchema>, { state: 'connected' }>;
type Stored = z.infer<typeof StoredConnectionSchema>;

/** Settings row of the connection. */
const KEY = 'connection';
/** Settings row of who this browser was last connected as (kept after a disconnect, to tell a reconnection from a new identity). */
const IDENTITY_KEY = 'connectionIdentity';

/** Collaborators of the ConnectionService. */
export interface ConnectionDeps {
  db: MarginsDb;
  api: ApiClient;
  now: () => Date;
  /** Told when the connection changed (connected, disconnected, another person or district). */
  changed: (how: { identityChanged: boolean; lost: boolean }) => Promise<void> | void;
}

/**
 * This browser's connection to a district's Margins (DESIGN: Flow 3). The tokens live only here, in
 * the background's IndexedDB: content scripts and pages never receive them. Access tokens are
 * short-lived and refreshed a minute before they expire (one refresh at a time: each refresh token
 * works once); a refused refresh leaves a clear "disconnected" state, with every local adaptation
 * kept and re-connecting offered.
 */
export class ConnectionService {
  private refreshing: Promise<StoredConnection> | null = null;

  constructor(private readonly d: ConnectionDeps) {}

  /** Where the connection stands, for the UI (never the tokens). */
  async view(): Promise<ConnectionView> {
    const s = await this.stored();
    if (!s) return { state: 'none' };
    if (s.state === 'disconnected')
      return { state: 'disconnected', toolUrl: s.toolUrl, district: s.district, user: s.user, reason: s.reason };
    return {
      state: 'connected',
      toolUrl: s.toolUrl,
      district: s.tenant.name,
      districtId: s.tenant.id,
      user: s.user.name ?? '',
      course: s.course?.title ?? null,
      connectedAt: s.connectedAt,
    };
  }

  /** The live connection, or null. */
  async current(): Promise<StoredConnection | null> {
    const s = await this.stored();
    return s?.state === 'connected' ? s : null;
  }

  /**
   * Who a code would connect this browser as (the code is not spent), and what connecting would
   * send: the adaptations shared beyond "Only me", while private ones stay here unless the teacher
   * also chooses to send them.
   */
  async preview(toolUrlInput: string, code: string): Promise<ConnectionPreview> {
    const toolUrl = normaliseToolUrl(toolUrlInput);
    const p = await this.d.api.call(toolUrl, api.pairingPreview, { body: { code } });
    const send = { shared: 0, private: 0 };
    await this.d.db.adaptations.each((row) => {
      if (row.adaptation.visibility === 'private') send.private++;
      else send.shared++;
    });
    const before = (await this.stored())?.toolUrl;
    return {
      toolUrl,
      district: p.tenant.name,
      user: p.user.name,
      course: p.course?.title ?? null,
      expiresAt: p.expiresAt,
      send,
      firstTime: before !== toolUrl,
    };
  }

  /**
   * Spends a code: this browser is now connected to that district as that person. Private
   * adaptations are sent only when `sendPrivate` (the teacher's separate choice; off by default).
   */
  async connect(toolUrlInput: string, code: string, deviceName: string, sendPrivate = false): Promise<ConnectionView> {
    const toolUrl = normaliseToolUrl(toolUrlInput);
    const pair = await this.d.api.call(toolUrl, api.pairingExchange, { body: { code, deviceName } });
    const identity = `${toolUrl}|${pair.tenant.id}|${pair.user.id}`;
    const before = (await this.d.db.settings.get(IDENTITY_KEY))?.value;
    const next: StoredConnection = {
      state: 'connected',
      toolUrl,
      deviceId: pair.deviceId,
      user: pair.user,
      tenant: pair.tenant,
      course: pair.course,
      accessToken: pair.accessToken,
      accessExpiresAt: this.d.now().getTime() + pair.expiresIn * 1000,
      refreshToken: pair.refreshToken,
      connectedAt: this.d.now().toISOString(),
      sendPrivate,
    };
    // The same person of the same district again (after a disconnect) keeps what was synced; anyone else starts afresh.
    const identityChanged = before !== identity;
    await this.d.db.settings.bulkPut([
      { key: KEY, value: next },
      { key: IDENTITY_KEY, value: identity },
    ]);
    await this.d.changed({ identityChanged, lost: false });
    return this.view();
  }

  /** The teacher chose Disconnect: the district forgets this browser (when reachable) and so do we. Local adaptations stay. */
  async disconnect(): Promise<ConnectionView> {
    const s = await this.current();
    if (s) {
      try {
        await this.withToken((c, token) =>
          this.d.api.call(c.toolUrl, api.deviceDisconnect, { token, timeoutMs: 5_000 }),
        );
      } catch {
        // Offline or already disconnected: forgetting the tokens here is what matters; the teacher can also disconnect it in the LMS.
      }
    }
    await this.d.db.settings.delete(KEY);
    await this.d.changed({ identityChanged: true, lost: true });
    return this.view();
  }

  /**
   * Deletes the connected person's account from the district (issue 16), then ends the connection
   * cleanly: the district already revoked this browser, so only the tokens are forgotten here. What
   * is kept in this browser stays; colleagues' adaptations cached here go with the connection.
   */
  async deleteAccount(recognitions: 'revoke' | 'keep', reason: string): Promise<AccountDeletionResult> {
    const result = await this.withToken((c, token) =>
      this.d.api.call(c.toolUrl, myDataApi.deleteMine, { token, body: { confirm: 'delete', recognitions } }),
    );
    const c = await this.current();
    if (c) await this.markDisconnected(c, reason);
    await this.d.changed({ identityChanged: true, lost: true });
    return result;
  }

  /** The author of new adaptations: the connected person, else null (the caller uses the local one). */
  async author(): Promise<Author | null> {
    return (await this.current())?.user ?? null;
  }

  /**
   * Runs `call` with a valid access token: refreshed first when it is about to expire, and once
   * more if the district refuses it. A disconnected browser, or a refused refresh, ends the
   * connection (`token_revoked`).
   */
  async withToken<T>(call: (c: StoredConnection, token: string) => Promise<T>): Promise<T> {
    let c = await this.current();
    if (!c)
      throw new AppError(
        'unauthenticated',
        'This browser is not connected to a district yet. Connect it with a code from your learning platform.',
      );
    if (c.accessExpiresAt - REFRESH_MARGIN_MS <= this.d.now().getTime()) c = await this.refresh(c);
    try {
      return await call(c, c.accessToken);
    } catch (error) {
      if (!(error instanceof ApiError) || error.httpStatus !== 401) throw error;
      if (error.code === 'token_revoked') throw await this.lost(c, error);
      // Expired (a sleeping laptop, a clock off by minutes) or not recognised: a fresh token decides.
      c = await this.refresh(c);
      return call(c, c.accessToken);
    }
  }

  /** One refresh at a time: a second caller waits for the first one's tokens. */
  private refresh(c: StoredConnection): Promise<StoredConnection> {
    this.refreshing ??= this.doRefresh(c).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(c: StoredConnection): Promise<StoredConnection> {
    // Another worker life may have refreshed already: use the newest stored tokens.
    const latest = (await this.current()) ?? c;
    if (latest.accessExpiresAt - REFRESH_MARGIN_MS > this.d.now().getTime() && latest.accessToken !== c.accessToken)
      return latest;
    let pair;
    try {
      pair = await this.d.api.call(latest.toolUrl, api.tokenRefresh, { body: { refreshToken: latest.refreshToken } });
    } catch (error) {
      if (error instanceof ApiError && (error.httpStatus === 401 || error.code === 'token_revoked'))
        throw await this.lost(latest, error);
      throw error;
    }
    const next: StoredConnection = {
      ...latest,
      user: pair.user,
      tenant: pair.tenant,
      course: pair.course,
      accessToken: pair.accessToken,
      accessExpiresAt: this.d.now().getTime() + pair.expiresIn * 1000,
      refreshToken: pair.refreshToken,
    };
    await this.d.db.settings.put({ key: KEY, value: next });
    return next;
  }

  /** The district no longer accepts this browser: keep who it was, drop the tokens, say so plainly. */
  private async lost(c: StoredConnection, error: ApiError): Promise<AppError> {
    // A request refused just after the browser was disconnected here (e.g. a sync racing "Delete my
    // account") must not replace the reason already given with a vaguer one.
    const already = await this.stored();
    if (already?.state === 'disconnected') return new AppError('token_revoked', already.reason);
    const reason =
      error.code === 'token_revoked'
        ? error.message
        : 'This browser was disconnected from your district (its sign-in is no longer valid). Your adaptations are kept in this browser; connect again to keep sharing.';
    await this.markDisconnected(c, reason);
    await this.d.changed({ identityChanged: false, lost: true });
    return new AppError('token_revoked', reason);
  }

  /** Keeps who this browser was connected as and why it no longer is; the tokens are dropped. */
  private async markDisconnected(c: StoredConnection, reason: string): Promise<void> {
    const record: Stored = {
      state: 'disconnected',
      toolUrl: c.toolUrl,
      district: c.tenant.name,
      user: c.user.name ?? '',
      reason,
      at: this.d.now().toISOString(),
    };
    await this.d.db.settings.put({ key: KEY, value: record });
  }

  private async stored(): Promise<Stored | null> {
    const row = await this.d.db.settings.get(KEY);
    if (!row) return null;
    const parsed = StoredConnectionSchema.safeParse(row.value);
    return parsed.success ? parsed.data : null;
  }
}
