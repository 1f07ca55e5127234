import { z } from 'zod';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { dbNullableText, parseRow, parseRows } from './rows.js';

/** A one-time install code, stored only as a hash. */
export const InstallCodeRowSchema = z.object({
  id: z.string(),
  code_hash: z.string(),
  label: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  used_at: dbNullableText,
  used_by_tenant_id: dbNullableText,
  /** The district this code may re-register (or attach a new client_id to); null: a new district only. */
  target_tenant_id: dbNullableText.default(null),
});
/** An install-code row. */
export type InstallCodeRow = z.infer<typeof InstallCodeRowSchema>;

/** Install codes that guard dynamic registration. */
export class InstallCodesRepo {
  constructor(private readonly db: Db) {}

  /** Stores a new code. */
  async create(row: Omit<InstallCodeRow, 'used_at' | 'used_by_tenant_id'>): Promise<void> {
    await this.db.knex('install_codes').insert({ ...row, used_at: null, used_by_tenant_id: null });
  }

  /** Marks an unused, unexpired code as used; true only for the one caller that did it. */
  async reserve(codeHash: string): Promise<InstallCodeRow | null> {
    const now = nowIso();
    const n = await this.db
      .knex('install_codes')
      .where({ code_hash: codeHash })
      .whereNull('used_at')
      .andWhere('expires_at', '>', now)
      .update({ used_at: now });
    if (n !== 1) return null;
    const row: unknown = await this.db.knex('install_codes').where({ code_hash: codeHash }).first();
    return parseRow(InstallCodeRowSchema, row, 'install_codes');
  }

  /** Gives a reserved code back (the registration failed for a reason that was not the code). */
  async release(id: string): Promise<void> {
    await this.db.knex('install_codes').where({ id }).whereNull('used_by_tenant_id').update({ used_at: null });
  }

  /** Records which tenant the code installed. */
  async complete(id: string, tenantId: string): Promise<void> {
    await this.db.knex('install_codes').where({ id }).update({ used_by_tenant_id: tenantId });
  }

  /** Every code, newest first (admin CLI). */
  async list(): Promise<InstallCodeRow[]> {
    return parseRows(
      InstallCodeRowSchema,
      await this.db.knex('install_codes').orderBy('created_at', 'desc'),
      'install_codes',
    );
  }
}
