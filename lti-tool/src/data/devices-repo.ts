import type { Knex } from 'knex';
import { z } from 'zod';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { dbInt, dbNullableText, parseRow, parseRows } from './rows.js';

/** A one-time pairing code (only its keyed hash is stored). */
export const PairingCodeRowSchema = z.object({
  id: z.string(),
  code_hash: z.string(),
  tenant_id: z.string(),
  user_id: z.string(),
  context_pk: dbNullableText,
  created_at: z.string(),
  expires_at: z.string(),
  used_at: dbNullableText,
  device_id: dbNullableText,
});
/** A pairing-code row. */
export type PairingCodeRow = z.infer<typeof PairingCodeRowSchema>;

/** A paired browser with what every extension request needs to know about its person. */
export const DeviceAuthRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  user_id: z.string(),
  context_pk: dbNullableText,
  name: z.string(),
  created_at: z.string(),
  last_seen_at: dbNullableText,
  revoked_at: dbNullableText,
  revoked_reason: dbNullableText,
  user_name: z.string(),
  tenant_name: z.string(),
  course_title: dbNullableText,
});
/** A device joined with its user, tenant and course. */
export type DeviceAuthRow = z.infer<typeof DeviceAuthRowSchema>;

/** A refresh token (hash) of a device. */
export const RefreshTokenRowSchema = z.object({
  token_hash: z.string(),
  device_id: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  rotated_at: dbNullableText,
});
/** A refresh-token row. */
export type RefreshTokenRow = z.infer<typeof RefreshTokenRowSchema>;

/** Pairing codes, paired browsers (devices) and their rotating refresh tokens. */
export class DevicesRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /** Stores a new code and retires the person's earlier unused ones (one live code per person). */
  async createCode(row: Omit<PairingCodeRow, 'used_at' | 'device_id'>): Promise<void> {
    await this.k.transaction(async (trx) => {
      await trx('pairing_codes')
        .where({ user_id: row.user_id })
        .whereNull('used_at')
        .andWhere('expires_at', '>', row.created_at)
        .update({ expires_at: row.created_at });
      await trx('pairing_codes').insert({ ...row, used_at: null, device_id: null });
    });
  }

  /** How many codes the person asked for since `since` (the per-person rate limit). */
  async codesCreatedSince(userId: string, since: string): Promise<number> {
    const row = await this.k('pairing_codes')
      .where({ user_id: userId })
      .andWhere('created_at', '>', since)
      .count({ n: '*' })
      .first();
    return parseRow(z.object({ n: dbInt }), row, 'pairing_codes').n;
  }

  /**
   * Takes an unused, unexpired code exactly once (an atomic conditional update: of two concurrent
   * exchanges only one wins), or says why it cannot be taken.
   */
  async consumeCode(trx: Knex.Transaction, codeHash: string): Promise<PairingCodeRow | 'unknown' | 'used' | 'expired'> {
    const now = nowIso();
    const [taken] = (await trx('pairing_codes')
      .where({ code_hash: codeHash })
      .whereNull('used_at')
      .andWhere('expires_at', '>', now)
      .update({ used_at: now })
      .returning('*')) as unknown[];
    if (taken) return parseRow(PairingCodeRowSchema, taken, 'pairing_codes');
    const row: unknown = await trx('pairing_codes').where({ code_hash: codeHash }).first();
    if (!row) return 'unknown';
    return parseRow(PairingCodeRowSchema, row, 'pairing_codes').used_at ? 'used' : 'expired';
  }

  /**
   * Who a code would connect, without taking it: the code row with its person's, district's and
   * course's names; or why it cannot be used.
   */
  async peekCode(
    codeHash: string,
  ): Promise<
    | { userName: string; tenantName: string; courseTitle: string | null; expiresAt: string }
    | 'unknown'
    | 'used'
    | 'expired'
  > {
    const row: unknown = await this.k('pairing_codes as p')
      .join('users as u', 'u.id', 'p.user_id')
      .join('tenants as t', 't.id', 'p.tenant_id')
      .leftJoin('course_contexts as c', 'c.id', 'p.context_pk')
      .where('p.code_hash', codeHash)
      .first('p.*', 'u.name as user_name', 't.name as tenant_name', 'c.title as course_title');
    if (!row) return 'unknown';
    const code = parseRow(PairingCodeRowSchema, row, 'pairing_codes');
    if (code.used_at) return 'used';
    if (code.expires_at <= nowIso()) return 'expired';
    const names = parseRow(
      z.object({ user_name: z.string(), tenant_name: z.string(), course_title: dbNullableText }),
      row,
      'pairing_codes',
    );
    return {
      userName: names.user_name,
      tenantName: names.tenant_name,
      courseTitle: names.course_title,
      expiresAt: code.expires_at,
    };
  }

  /** Records the device a code created. */
  async createDevice(
    trx: Knex.Transaction,
    d: { id: string; tenantId: string; userId: string; contextPk: string | null; name: string; codeId: string },
  ): Promise<void> {
    const now = nowIso();
    await trx('devices').insert({
      id: d.id,
      tenant_id: d.tenantId,
      user_id: d.userId,
      context_pk: d.contextPk,
      name: d.name,
      created_at: now,
      last_seen_at: now,
      revoked_at: null,
      revoked_reason: null,
    });
    await trx('pairing_codes').where({ id: d.codeId }).update({ device_id: d.id });
  }

  /** Devices of a person that are still connected. */
  async activeDeviceCount(userId: string, k: Knex | Knex.Transaction = this.k): Promise<number> {
    const row = await k('devices').where({ user_id: userId }).whereNull('revoked_at').count({ n: '*' }).first();
    return parseRow(z.object({ n: dbInt }), row, 'devices').n;
  }

  /** A device with its person, tenant and course (revoked ones too: the caller says why they fail). */
  async deviceAuth(id: string, k: Knex | Knex.Transaction = this.k): Promise<DeviceAuthRow | null> {
    const row: unknown = await k('devices as d')
      .join('users as u', 'u.id', 'd.user_id')
      .join('tenants as t', 't.id', 'd.tenant_id')
      .leftJoin('course_contexts as c', 'c.id', 'd.context_pk')
      .where('d.id', id)
      .first('d.*', 'u.name as user_name', 't.name as tenant_name', 'c.title as course_title');
    return row ? parseRow(DeviceAuthRowSchema, row, 'devices') : null;
  }

  /** Whether the device is still connected (one primary-key lookup: the per-request check of a cached device). */
  async isLive(id: string): Promise<boolean> {
    const row: unknown = await this.k('devices').where({ id }).whereNull('revoked_at').first('id');
    return row !== undefined;
  }

  /** Notes that a device was used (callers throttle this to about once a minute). */
  async touch(id: string, at: string): Promise<void> {
    await this.k('devices').where({ id }).whereNull('revoked_at').update({ last_seen_at: at });
  }

  /** A person's connected devices, most recently used first. */
  async listActive(userId: string): Promise<DeviceAuthRow[]> {
    const rows = await this.k('devices as d')
      .join('users as u', 'u.id', 'd.user_id')
      .join('tenants as t', 't.id', 'd.tenant_id')
      .leftJoin('course_contexts as c', 'c.id', 'd.context_pk')
      .where('d.user_id', userId)
      .whereNull('d.revoked_at')
      .select('d.*', 'u.name as user_name', 't.name as tenant_name', 'c.title as course_title')
      .orderBy([
        { column: 'd.last_seen_at', order: 'desc' },
        { column: 'd.created_at', order: 'desc' },
      ]);
    return parseRows(DeviceAuthRowSchema, rows, 'devices');
  }

  /** Disconnects a device of `userId` (its tokens stop working); false when there is no such connected device. */
  async revoke(
    id: string,
    userId: string,
    reason: 'teacher' | 'refresh-reuse' | 'extension',
    k: Knex | Knex.Transaction = this.k,
  ): Promise<boolean> {
    const n = await k('devices')
      .where({ id, user_id: userId })
      .whereNull('revoked_at')
      .update({ revoked_at: nowIso(), revoked_reason: reason });
    return n > 0;
  }

  /** Stores a new refresh token (hash) for a device. */
  async addRefreshToken(trx: Knex.Transaction, row: Omit<RefreshTokenRow, 'rotated_at'>): Promise<void> {
    await trx('refresh_tokens').insert({ ...row, rotated_at: null });
  }

  /** A refresh token by its hash. */
  async findRefreshToken(trx: Knex.Transaction, tokenHash: string): Promise<RefreshTokenRow | null> {
    const row: unknown = await trx('refresh_tokens').where({ token_hash: tokenHash }).first();
    return row ? parseRow(RefreshTokenRowSchema, row, 'refresh_tokens') : null;
  }

  /** Marks a token used, only if it still was the current one; true for the one caller that did it. */
  async rotate(trx: Knex.Transaction, tokenHash: string, at: string): Promise<boolean> {
    return (
      (await trx('refresh_tokens')
        .where({ token_hash: tokenHash })
        .whereNull('rotated_at')
        .update({ rotated_at: at })) > 0
    );
  }

  /** Retires every current token of a device (a tolerated retry replaces them with a fresh one). */
  async supersede(trx: Knex.Transaction, deviceId: string, at: string): Promise<void> {
    await trx('refresh_tokens').where({ device_id: deviceId }).whereNull('rotated_at').update({ rotated_at: at });
  }

  /** Deletes expired codes (a day after expiry, so "expired" can still be told apart) and expired refresh tokens. */
  async purgeExpired(): Promise<number> {
    const now = nowIso();
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    const a = await this.k('pairing_codes').where('expires_at', '<', dayAgo).del();
    const b = await this.k('refresh_tokens').where('expires_at', '<', now).del();
    return a + b;
  }
}
