import { z } from 'zod';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { dbNullableText, parseRow } from './rows.js';

/** One OIDC login initiation: the state and the nonce bound to it (LTI 1.3 Core 5.1.1, OIDC 3.1.2.1). */
export const LoginStateRowSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  issuer: z.string(),
  client_id: z.string(),
  target_link_uri: z.string(),
  storage_target: dbNullableText,
  /** SHA-256 of the secret kept in the platform's client-side storage (LTI postMessage storage). */
  binding_hash: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  consumed_at: dbNullableText,
  /** The platform's own page that starts this launch again (in a new window), when known. */
  relaunch_url: dbNullableText.default(null),
});
/** A login-state row. */
export type LoginStateRow = z.infer<typeof LoginStateRowSchema>;

/** A launch session: the validated context the UI's bearer credential points at. */
export const LaunchRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  user_id: z.string(),
  context_json: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});
/** A launch row. */
export type LaunchRow = z.infer<typeof LaunchRowSchema>;

/** Login states (single use) and launch sessions. */
export class LaunchRepo {
  constructor(private readonly db: Db) {}

  /** Records a login initiation. */
  async saveLogin(row: LoginStateRow): Promise<void> {
    await this.db.knex('login_states').insert(row);
  }

  /**
   * Takes the login state for `state` exactly once: an atomic "set consumed_at where it is null", so
   * of a replayed or concurrent second use only one caller wins. The row stays (until it expires)
   * so a replay can be told apart from a state that never existed.
   */
  async consumeLogin(state: string): Promise<{ login: LoginStateRow } | 'unknown' | 'used' | 'expired'> {
    const k = this.db.knex;
    const now = nowIso();
    const [taken] = (await k('login_states')
      .where({ state })
      .whereNull('consumed_at')
      .andWhere('expires_at', '>', now)
      .update({ consumed_at: now })
      .returning('*')) as unknown[];
    if (taken) return { login: parseRow(LoginStateRowSchema, taken, 'login_states') };
    // Not taken: say why (only failures pay for this second read).
    const row: unknown = await k('login_states').where({ state }).first();
    if (!row) return 'unknown';
    return parseRow(LoginStateRowSchema, row, 'login_states').consumed_at ? 'used' : 'expired';
  }

  /** Looks at a login state without using it (client-side storage check page). */
  async peekLogin(state: string): Promise<LoginStateRow | null> {
    const row: unknown = await this.db.knex('login_states').where({ state }).first();
    return row ? parseRow(LoginStateRowSchema, row, 'login_states') : null;
  }

  /** Stores a launch session. */
  async saveLaunch(row: LaunchRow): Promise<void> {
    await this.db.knex('launches').insert(row);
  }

  /** A launch session that has not expired. */
  async findLaunch(id: string): Promise<LaunchRow | null> {
    const row: unknown = await this.db.knex('launches').where({ id }).andWhere('expires_at', '>', nowIso()).first();
    return row ? parseRow(LaunchRowSchema, row, 'launches') : null;
  }

  /** Deletes expired login states and launch sessions; returns how many went. */
  async purgeExpired(): Promise<number> {
    const now = nowIso();
    const a = await this.db.knex('login_states').where('expires_at', '<=', now).del();
    const b = await this.db.knex('launches').where('expires_at', '<=', now).del();
    return a + b;
  }
}
