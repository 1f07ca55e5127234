import type { Knex } from 'knex';
import { isPostgres } from '../db.js';
import type { Migration } from '../migrations.js';
import { id } from './columns.js';

/** The `user_id` of a district's own total row in `storage_usage`. */
export const DISTRICT_TOTAL = '';

/**
 * Storage quotas (issue 12, item 10): how many live adaptations, and how many bytes of stored JSON,
 * each teacher and each district holds. One row per (district, teacher) and one per district
 * (`user_id` = ''), kept by triggers on `adaptations`, so every writer (sync, seeding, a coach,
 * an admin deleting a teacher's data) counts without knowing about it, and a push reads two rows by
 * primary key instead of summing a district's adaptations. Tombstones (deleted) do not count.
 */
export const migration068: Migration = {
  version: 68,
  name: 'storage usage per teacher and per district, kept by triggers',
  async up(k) {
    await k.schema.createTable('storage_usage', (t) => {
      id(t, 'tenant_id').notNullable();
      id(t, 'user_id').notNullable();
      t.bigInteger('adaptations').notNullable().defaultTo(0);
      t.bigInteger('bytes').notNullable().defaultTo(0);
      t.primary(['tenant_id', 'user_id']);
    });
    const pg = isPostgres(k);
    const size = (row: string) => (pg ? `octet_length(${row}.json)` : `length(CAST(${row}.json AS BLOB))`);
    const live = pg ? 'NOT a.deleted' : 'a.deleted = 0';
    await k.raw(`INSERT INTO storage_usage (tenant_id, user_id, adaptations, bytes)
      SELECT a.tenant_id, a.author_user_id, count(*), coalesce(sum(${size('a')}), 0) FROM adaptations a WHERE ${live} GROUP BY a.tenant_id, a.author_user_id`);
    await k.raw(`INSERT INTO storage_usage (tenant_id, user_id, adaptations, bytes)
      SELECT a.tenant_id, '${DISTRICT_TOTAL}', count(*), coalesce(sum(${size('a')}), 0) FROM adaptations a WHERE ${live} GROUP BY a.tenant_id`);
    if (pg) await pgTriggers(k);
    else await sqliteTriggers(k);
  },
};

/** Adds `n` adaptations and `bytes` to a teacher's row and to the district's row (SQLite trigger body). */
function sqliteAdd(tenant: string, user: string, n: string, bytes: string): string {
  return [user, `'${DISTRICT_TOTAL}'`]
    .map(
      (
        who,
      ) => `INSERT INTO storage_usage (tenant_id, user_id, adaptations, bytes) VALUES (${tenant}, ${who}, ${n}, ${bytes})
      ON CONFLICT (tenant_id, user_id) DO UPDATE SET adaptations = adaptations + excluded.adaptations, bytes = bytes + excluded.bytes;`,
    )
    .join('\n');
}

async function sqliteTriggers(k: Knex): Promise<void> {
  const size = (row: string) => `length(CAST(${row}.json AS BLOB))`;
  await k.raw(`CREATE TRIGGER adaptations_usage_insert AFTER INSERT ON adaptations WHEN NEW.deleted = 0 BEGIN
    ${sqliteAdd('NEW.tenant_id', 'NEW.author_user_id', '1', size('NEW'))}
  END`);
  // Only writes that change what counts (content, deletion, owner) touch the usage rows.
  await k.raw(`CREATE TRIGGER adaptations_usage_update AFTER UPDATE OF json, deleted, tenant_id, author_user_id ON adaptations
    WHEN OLD.json IS NOT NEW.json OR OLD.deleted IS NOT NEW.deleted OR OLD.tenant_id IS NOT NEW.tenant_id OR OLD.author_user_id IS NOT NEW.author_user_id
  BEGIN
    ${sqliteAdd('OLD.tenant_id', 'OLD.author_user_id', '-(OLD.deleted = 0)', `-(CASE WHEN OLD.deleted = 0 THEN ${size('OLD')} ELSE 0 END)`)}
    ${sqliteAdd('NEW.tenant_id', 'NEW.author_user_id', '(NEW.deleted = 0)', `(CASE WHEN NEW.deleted = 0 THEN ${size('NEW')} ELSE 0 END)`)}
  END`);
  await k.raw(`CREATE TRIGGER adaptations_usage_delete AFTER DELETE ON adaptations WHEN OLD.deleted = 0 BEGIN
    ${sqliteAdd('OLD.tenant_id', 'OLD.author_user_id', '-1', `-${size('OLD')}`)}
  END`);
}

async function pgTriggers(k: Knex): Promise<void> {
  await k.raw(`CREATE OR REPLACE FUNCTION margins_usage_add(t text, u text, n bigint, b bigint) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO storage_usage (tenant_id, user_id, adaptations, bytes) VALUES (t, u, n, b), (t, '${DISTRICT_TOTAL}', n, b)
      ON CONFLICT (tenant_id, user_id) DO UPDATE
      SET adaptations = storage_usage.adaptations + excluded.adaptations, bytes = storage_usage.bytes + excluded.bytes;
  END $$`);
  await k.raw(`CREATE OR REPLACE FUNCTION margins_storage_usage() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'INSERT' THEN
      IF NOT OLD.deleted THEN
        PERFORM margins_usage_add(OLD.tenant_id, OLD.author_user_id, -1, -octet_length(OLD.json));
      END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
      IF NOT NEW.deleted THEN
        PERFORM margins_usage_add(NEW.tenant_id, NEW.author_user_id, 1, octet_length(NEW.json));
      END IF;
    END IF;
    RETURN NULL;
  END $$`);
  await k.raw(`CREATE TRIGGER adaptations_usage_insert_delete AFTER INSERT OR DELETE ON adaptations
    FOR EACH ROW EXECUTE FUNCTION margins_storage_usage()`);
  // Only writes that change what counts (content, deletion, owner) touch the usage rows.
  await k.raw(`CREATE TRIGGER adaptations_usage_update AFTER UPDATE ON adaptations FOR EACH ROW
    WHEN (OLD.json IS DISTINCT FROM NEW.json OR OLD.deleted IS DISTINCT FROM NEW.deleted
      OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id OR OLD.author_user_id IS DISTINCT FROM NEW.author_user_id)
    EXECUTE FUNCTION margins_storage_usage()`);
}
