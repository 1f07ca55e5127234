import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  AppError,
  DeviceSchema,
  PairingCodeCreatedSchema,
  PairingCodeSchema,
  PairingPreviewSchema,
  TokenPairSchema,
} from '@margins/shared';
import type { ChangeBus } from '../data/change-bus.js';
import type { Db } from '../data/db.js';
import { nowIso } from '../data/db.js';
import type { DeviceAuthRow, DevicesRepo } from '../data/devices-repo.js';
import type { LaunchContext } from '../lti/launch-context.js';
import type { Actor } from './actor.js';
import { ExtensionTokens, formatPairingCode } from './extension-tokens.js';

/** Codes one person may ask for per window (on top of "one live code at a time"). */
export const MAX_CODES_PER_WINDOW = 5;
/** The window of that limit. */
export const CODE_WINDOW_MS = 15 * 60_000;
/** Connected browsers per person. */
export const MAX_DEVICES_PER_USER = 20;
/**
 * A refresh token presented again this soon after it was rotated is taken as a retry after a lost
 * answer (or two refreshes racing), not as theft: the browser gets a fresh token and the ones
 * issued meanwhile stop working. Later reuse disconnects the browser.
 */
export const REFRESH_RETRY_GRACE_MS = 30_000;
/** How often a device's "last seen" is written at most. */
const TOUCH_EVERY_MS = 60_000;
/**
 * How long a device row read for an access token (its person, district and course) is reused by this
 * process. A disconnection drops the entry in every process sharing the database (the change bus),
 * but a notice arrives after the disconnection, not before the next request: on PostgreSQL a cached
 * connected device is therefore also checked against the database at every request (DevicesRepo.isLive,
 * one primary-key lookup), so a browser disconnected through one process is refused by every other
 * one at its next request (issue 17). SQLite is one process: its disconnections drop the entry at once.
 */
export const DEVICE_CHECK_CACHE_MS = 2_000;

/** What the pairing service needs. */
export interface PairingDeps {
  db: Db;
  devices: DevicesRepo;
  /** Tells every tool process that a browser was disconnected (their device caches drop it). */
  bus: ChangeBus;
  tokens: ExtensionTokens;
  /** The address the extension calls (PUBLIC_URL). */
  toolUrl: string;
  extensionIds: string[];
  codeSeconds: number;
  refreshDays: number;
  /** Milliseconds since the epoch; tests inject a fixed clock. Defaults to Date.now. */
  now?: () => number;
}

type TokenPair = z.infer<typeof TokenPairSchema>;

/**
 * Pairing a browser extension with a person of a district (DESIGN: Flow 3): one-time codes made in
 * the LMS UI, exchanged by the extension for a short-lived access token and a rotating refresh
 * token bound to (tenant, user, device, course of the launch); connected browsers listed and
 * disconnected by their owner; access tokens checked against the device on every request.
 */
export class PairingService {
  private readonly lastTouch = new Map<string, number>();
  private readonly deviceCache = new Map<string, { row: DeviceAuthRow | null; at: number }>();

  private readonly now: () => number;

  constructor(private readonly d: PairingDeps) {
    this.now = d.now ?? Date.now;
    d.bus.on('device', (id) => (id === null ? this.deviceCache.clear() : this.deviceCache.delete(id)));
  }

  /** A new code for the person of this launch; earlier unused codes stop working. */
  async createCode(ctx: LaunchContext): Promise<z.infer<typeof PairingCodeCreatedSchema>> {
    const now = this.now();
    const recent = await this.d.devices.codesCreatedSince(ctx.user.id, new Date(now - CODE_WINDOW_MS).toISOString());
    if (recent >= MAX_CODES_PER_WINDOW)
      throw new AppError(
        'rate_limited',
        `You asked for ${MAX_CODES_PER_WINDOW} connection codes in the last ${CODE_WINDOW_MS / 60_000} minutes. Wait a few minutes, then ask for a new one.`,
      );
    if ((await this.d.devices.activeDeviceCount(ctx.user.id)) >= MAX_DEVICES_PER_USER) throw tooManyDevices();
    const code = this.d.tokens.newCode();
    const expiresAt = new Date(now + this.d.codeSeconds * 1000).toISOString();
    await this.d.devices.createCode({
      id: randomUUID(),
      code_hash: this.d.tokens.hashCode(code),
      tenant_id: ctx.tenant.id,
      user_id: ctx.user.id,
      context_pk: ctx.course?.id ?? null,
      created_at: new Date(now).toISOString(),
      expires_at: expiresAt,
    });
    return { code: formatPairingCode(code), expiresAt, toolUrl: this.d.toolUrl, extensionIds: this.d.extensionIds };
  }

  /** Trades a code for tokens (public endpoint; the caller limits attempts per address). */
  async exchange(rawCode: unknown, deviceName: string): Promise<TokenPair> {
    const parsed = PairingCodeSchema.safeParse(rawCode);
    if (!parsed.success) throw new AppError('pairing_code_invalid', parsed.error.issues[0]?.message);
    const codeHash = this.d.tokens.hashCode(parsed.data);
    return this.d.db.knex.transaction(async (trx) => {
      const code = await this.d.devices.consumeCode(trx, codeHash);
      if (code === 'unknown') throw new AppError('pairing_code_invalid');
      if (code === 'used')
        throw new AppError(
          'pairing_code_invalid',
          'That connection code was already used. Ask for a new code in your learning platform.',
        );
      if (code === 'expired')
        throw new AppError(
          'pairing_code_invalid',
          'That connection code has expired. Ask for a new code in your learning platform.',
        );
      if ((await this.d.devices.activeDeviceCount(code.user_id, trx)) >= MAX_DEVICES_PER_USER) throw tooManyDevices();
      const deviceId = randomUUID();
      await this.d.devices.createDevice(trx, {
        id: deviceId,
        tenantId: code.tenant_id,
        userId: code.user_id,
        contextPk: code.context_pk,
        name: deviceName,
        codeId: code.id,
      });
      return this.issuePair(trx, deviceId);
    });
  }

  /** Who a code would connect, without spending it (public endpoint; the caller limits attempts per address). */
  async preview(rawCode: unknown): Promise<z.infer<typeof PairingPreviewSchema>> {
    const parsed = PairingCodeSchema.safeParse(rawCode);
    if (!parsed.success) throw new AppError('pairing_code_invalid', parsed.error.issues[0]?.message);
    const found = await this.d.devices.peekCode(this.d.tokens.hashCode(parsed.data));
    if (found === 'unknown') throw new AppError('pairing_code_invalid');
    if (found === 'used')
      throw new AppError(
        'pairing_code_invalid',
        'That connection code was already used. Ask for a new code in your learning platform.',
      );
    if (found === 'expired')
      throw new AppError(
        'pairing_code_invalid',
        'That connection code has expired. Ask for a new code in your learning platform.',
      );
    return {
      tenant: { name: found.tenantName },
      user: { name: found.userName },
      course: found.courseTitle === null ? null : { title: found.courseTitle },
      expiresAt: found.expiresAt,
    };
  }

  /** The extension disconnects itself (the teacher chose Disconnect there). */
  async disconnectSelf(actor: Actor): Promise<void> {
    if (!actor.deviceId) return;
    await this.d.devices.revoke(actor.deviceId, actor.userId, 'extension');
    await this.d.bus.publish('device', actor.deviceId);
  }

  /** Rotates a refresh token (public endpoint). */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const hash = ExtensionTokens.hashRefresh(refreshToken);
    const outcome = await this.d.db.knex.transaction(async (trx): Promise<TokenPair | { reused: string }> => {
      const row = await this.d.devices.findRefreshToken(trx, hash);
      if (!row)
        throw new AppError(
          'unauthenticated',
          'This browser is no longer connected to Margins. Connect it again with a new code from your learning platform.',
        );
      const device = await this.d.devices.deviceAuth(row.device_id, trx);
      if (!device || device.revoked_at) throw revokedError(device);
      const now = nowIso();
      if (row.expires_at <= now)
        throw new AppError(
          'unauthenticated',
          'This browser was not used for a long time, so its connection ended. Connect it again with a new code from your learning platform.',
        );
      if (await this.d.devices.rotate(trx, hash, now)) return this.issuePair(trx, device.id);
      // Already rotated: a retry soon after is tolerated; anything later means the token was copied.
      const fresh = await this.d.devices.findRefreshToken(trx, hash);
      if (fresh?.rotated_at && this.now() - Date.parse(fresh.rotated_at) <= REFRESH_RETRY_GRACE_MS) {
        await this.d.devices.supersede(trx, device.id, now);
        return this.issuePair(trx, device.id);
      }
      await this.d.devices.revoke(device.id, device.user_id, 'refresh-reuse', trx);
      return { reused: device.id };
    });
    if ('reused' in outcome) {
      await this.d.bus.publish('device', outcome.reused);
      throw new AppError(
        'token_revoked',
        'This browser was disconnected because its sign-in was used from two places (it may have been copied). Connect it again with a new code from your learning platform; nothing saved in the browser is lost.',
      );
    }
    return outcome;
  }

  /** The actor of an access token, or 401 (token_expired: refresh; token_revoked: connect again). */
  async authenticate(token: string): Promise<Actor> {
    const v = this.d.tokens.verifyAccess(token);
    if (v === 'expired')
      throw new AppError('token_expired', "The browser's access to Margins expired; it refreshes it automatically.");
    if (v === 'invalid')
      throw new AppError(
        'unauthenticated',
        'This browser is not connected to Margins. Connect it with a code from your learning platform.',
      );
    const device = await this.cachedDevice(v.deviceId);
    if (!device || device.revoked_at) throw revokedError(device);
    this.touch(device);
    return {
      tenantId: device.tenant_id,
      tenantName: device.tenant_name,
      userId: device.user_id,
      userName: device.user_name,
      contextPk: device.context_pk,
      courseTitle: device.course_title,
      via: 'extension',
      deviceId: device.id,
    };
  }

  /** The person's connected browsers. */
  async devices(ctx: LaunchContext): Promise<z.infer<typeof DeviceSchema>[]> {
    const rows = await this.d.devices.listActive(ctx.user.id);
    return rows.map((r) =>
      DeviceSchema.parse({
        id: r.id,
        name: r.name,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        course: r.course_title,
      }),
    );
  }

  /** Disconnects one of the person's browsers; its access token stops working with the next request. */
  async revoke(ctx: LaunchContext, deviceId: string): Promise<void> {
    if (!(await this.d.devices.revoke(deviceId, ctx.user.id, 'teacher')))
      throw new AppError('not_found', 'That browser is not connected (it may have been disconnected already).');
    await this.d.bus.publish('device', deviceId);
  }

  /** Removes expired codes and refresh tokens. */
  purgeExpired(): Promise<number> {
    return this.d.devices.purgeExpired();
  }

  private async issuePair(trx: Parameters<DevicesRepo['addRefreshToken']>[0], deviceId: string): Promise<TokenPair> {
    const device = await this.d.devices.deviceAuth(deviceId, trx);
    if (!device) throw new Error('device vanished while issuing tokens');
    const refresh = this.d.tokens.newRefreshToken();
    const now = this.now();
    await this.d.devices.addRefreshToken(trx, {
      token_hash: refresh.hash,
      device_id: deviceId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + this.d.refreshDays * 86_400_000).toISOString(),
    });
    const access = this.d.tokens.issueAccess(deviceId);
    return TokenPairSchema.parse({
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresIn: access.expiresIn,
      deviceId,
      user: { id: device.user_id, ...(device.user_name ? { name: device.user_name } : {}) },
      tenant: { id: device.tenant_id, name: device.tenant_name },
      course: device.context_pk ? { id: device.context_pk, title: device.course_title ?? '' } : null,
    });
  }

  private async cachedDevice(id: string): Promise<DeviceAuthRow | null> {
    const now = this.now();
    const hit = this.deviceCache.get(id);
    if (hit && now - hit.at < DEVICE_CHECK_CACHE_MS) {
      // A revoked device stays revoked; a connected one may have been disconnected through another process.
      if (!hit.row || hit.row.revoked_at || this.d.db.kind !== 'postgres') return hit.row;
      if (await this.d.devices.isLive(id)) return hit.row;
    }
    const row = await this.d.devices.deviceAuth(id);
    if (this.deviceCache.size > 50_000) this.deviceCache.clear();
    this.deviceCache.set(id, { row, at: now });
    return row;
  }

  private touch(device: DeviceAuthRow): void {
    const now = this.now();
    const last = this.lastTouch.get(device.id) ?? (device.last_seen_at ? Date.parse(device.last_seen_at) : 0);
    if (now - last < TOUCH_EVERY_MS) return;
    this.lastTouch.set(device.id, now);
    if (this.lastTouch.size > 50_000) this.lastTouch.clear();
    void this.d.devices.touch(device.id, new Date(now).toISOString()).catch(() => undefined);
  }
}

function tooManyDevices(): AppError {
  return new AppError(
    'forbidden',
    `You already have ${MAX_DEVICES_PER_USER} connected browsers. Disconnect one you no longer use (in Margins, "Browser extension"), then connect this one.`,
  );
}

function revokedError(device: DeviceAuthRow | null): AppError {
  if (device?.revoked_reason === 'refresh-reuse') {
    return new AppError(
      'token_revoked',
      'This browser was disconnected because its sign-in was used from two places (it may have been copied). Connect it again with a new code from your learning platform; nothing saved in the browser is lost.',
    );
  }
  if (device?.revoked_reason === 'account-deleted') {
    return new AppError(
      'token_revoked',
      'This browser was disconnected because its Margins account was deleted from the district. What it keeps only on this computer stays here.',
    );
  }
  return new AppError('token_revoked');
}
