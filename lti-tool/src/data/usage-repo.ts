import type { Knex } from 'knex';
import { z } from 'zod';
import type { Db } from './db.js';
import { DISTRICT_TOTAL } from './migrations/068-storage-usage.js';
import { dbInt, parseRows } from './rows.js';

/** Live adaptations and bytes of stored JSON. */
export interface Usage {
  adaptations: number;
  bytes: number;
}

/** A teacher's usage and their district's. */
export interface TeacherAndDistrictUsage {
  teacher: Usage;
  district: Usage;
}

const UsageRow = z.object({ user_id: z.string(), adaptations: dbInt, bytes: dbInt });

/** Reads the storage usage that triggers on `adaptations` keep (migration 068). */
export class UsageRepo {
  constructor(private readonly db: Db) {}

  /** A teacher's and their district's usage, read in `trx` (so a push sees its own changes). */
  async of(
    tenantId: string,
    userId: string,
    trx: Knex | Knex.Transaction = this.db.knex,
  ): Promise<TeacherAndDistrictUsage> {
    const rows = parseRows(
      UsageRow,
      await trx('storage_usage')
        .where('tenant_id', tenantId)
        .whereIn('user_id', [userId, DISTRICT_TOTAL])
        .select('user_id', 'adaptations', 'bytes'),
      'storage_usage',
    );
    const pick = (who: string): Usage => {
      const r = rows.find((x) => x.user_id === who);
      return { adaptations: r?.adaptations ?? 0, bytes: r?.bytes ?? 0 };
    };
    return { teacher: pick(userId), district: pick(DISTRICT_TOTAL) };
  }
}
