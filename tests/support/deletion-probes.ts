import type { Db } from '@margins/lti-tool/data/db';

type Knex = Db['knex'];

/**
 * Probes for the account-deletion tests (issue 16): the district totals a deletion must not change,
 * a whole-database snapshot to prove a failed deletion changed nothing, and a real database trigger
 * that makes the deletion's last statement fail (no test hook in the tool's code).
 */

/** Ledger events by type, participation metrics summed, and spread metrics' counted practices. */
export async function districtTotals(k: Knex, tenantId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const events: { type: string; n: number | string }[] = await k('contribution_events')
    .where({ tenant_id: tenantId })
    .groupBy('type')
    .select('type')
    .count({ n: '*' });
  for (const e of events) out[`ledger:${e.type}`] = Number(e.n);
  const sums = (await k('metrics_person_months')
    .where({ tenant_id: tenantId })
    .sum({ shared: 'shared', tried: 'tried', feedback: 'feedback', contributions: 'contributions' })
    .first()) as Record<string, number | string | null>;
  for (const [key, v] of Object.entries(sums)) out[`people:${key}`] = Number(v ?? 0);
  const counted = (await k('metrics_adaptations')
    .where({ tenant_id: tenantId, withdrawn: false })
    .count({ n: '*' })
    .first()) as { n: number | string };
  out['practices:counted'] = Number(counted.n);
  const spread = (await k('metrics_spread_school_months')
    .where({ tenant_id: tenantId })
    .sum({ n: 'practices' })
    .first()) as { n: number | string | null };
  out['spread:practices'] = Number(spread.n ?? 0);
  return out;
}

/** The tables an account deletion writes, every row, in a stable order. */
const TABLES: [string, string[]][] = [
  ['users', ['id']],
  ['adaptations', ['id']],
  ['adaptation_changes', ['seq']],
  ['feedback', ['id']],
  ['endorsements', ['id']],
  ['devices', ['id']],
  ['refresh_tokens', ['token_hash']],
  ['pairing_codes', ['id']],
  ['role_grants', ['id']],
  ['course_participants', ['context_pk', 'user_id']],
  ['launches', ['id']],
  ['recognitions', ['id']],
  ['contribution_events', ['id']],
  ['metrics_adaptations', ['adaptation_id']],
  ['passage_members', ['adaptation_id']],
  ['storage_usage', ['tenant_id', 'user_id']],
];

/** Every row of the tables a deletion touches (to compare before and after). */
export async function snapshot(k: Knex): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of TABLES) out[table] = await k(table).orderBy(key.map((column) => ({ column })));
  return out;
}

/**
 * Installs a trigger that fails the statement turning a user row into a pseudonym (the deletion's
 * last one), so everything before it must roll back; returns how to remove it.
 */
export async function failLastStatement(k: Knex, kind: 'sqlite' | 'postgres'): Promise<() => Promise<void>> {
  if (kind === 'sqlite') {
    await k.raw(`CREATE TRIGGER test_fail_deletion BEFORE UPDATE OF sub ON users
      WHEN NEW.sub LIKE 'deleted:%' BEGIN SELECT RAISE(ABORT, 'test: the deletion failed here'); END`);
    return async () => void (await k.raw('DROP TRIGGER test_fail_deletion'));
  }
  await k.raw(`CREATE OR REPLACE FUNCTION test_fail_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'test: the deletion failed here'; END $$`);
  await k.raw(`CREATE TRIGGER test_fail_deletion BEFORE UPDATE OF sub ON users
    FOR EACH ROW WHEN (NEW.sub LIKE 'deleted:%') EXECUTE FUNCTION test_fail_deletion()`);
  return async () => {
    await k.raw('DROP TRIGGER test_fail_deletion ON users');
    await k.raw('DROP FUNCTION test_fail_deletion()');
  };
}
