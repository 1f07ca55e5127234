import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres } from '../db.js';
import type { Migration } from '../migrations.js';
import { id, ts } from './columns.js';

/** The PostgreSQL advisory lock that orders change-feed writers (exported below as CHANGE_FEED_LOCK_KEY). */
const FEED_LOCK = '7237126584327815170';

/**
 * The first 128 bits of SHA-256 of a canonical page URL, in hex: what page lookups are indexed by (a
 * 4,000-character URL cannot be a b-tree key on PostgreSQL). Lookups still compare the URL itself.
 */
export function urlHash(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 32);
}

/** The change-feed columns a trigger (or a bulk re-announcement) fills, in order. */
export const FEED_COLUMNS =
  'adaptation_id, tenant_id, author_user_id, old_visibility, old_context_pk, old_network_status, old_deleted, new_visibility, new_context_pk, new_network_status, new_deleted, cross_tenant, at';

/**
 * Sync with the extension (issue 6): paired browsers (devices) with their one-time pairing codes and
 * rotating refresh tokens, push idempotency records, the change feed pulls read, district sharing
 * settings, and page lookup by URL hash.
 *
 * The change feed is written by triggers, so every writer of adaptations (sync, seeding, a coach
 * approving network sharing) lands in it without knowing about it. Each row keeps who could see the
 * adaptation before and after the change, so a pull can tell a colleague to remove what they may
 * no longer see. Rows are numbered by a sequence in commit order: SQLite has one writer at a time;
 * on PostgreSQL the trigger takes a transaction-scoped advisory lock before taking its number, so a
 * later number never commits before an earlier one and a pull cursor never skips a change.
 */
export const migration010: Migration = {
  version: 10,
  name: 'sync: devices, pairing, idempotency, change feed, sharing settings',
  async up(k) {
    const pg = isPostgres(k);

    await k.schema.createTable('devices', (t) => {
      id(t).primary();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'user_id').notNullable().references('users.id');
      id(t, 'context_pk').nullable().references('course_contexts.id');
      t.string('name', 100).notNullable();
      ts(t, 'created_at').notNullable();
      ts(t, 'last_seen_at').nullable();
      ts(t, 'revoked_at').nullable();
      t.string('revoked_reason', 30).nullable(); // teacher | refresh-reuse
      t.index(['user_id', 'revoked_at'], 'devices_user');
    });
    await k.schema.createTable('pairing_codes', (t) => {
      id(t).primary();
      t.string('code_hash', 64).notNullable().unique();
      id(t, 'tenant_id').notNullable().references('tenants.id');
      id(t, 'user_id').notNullable().references('users.id');
      id(t, 'context_pk').nullable().references('course_contexts.id');
      ts(t, 'created_at').notNullable();
      ts(t, 'expires_at').notNullable();
      ts(t, 'used_at').nullable();
      id(t, 'device_id').nullable();
      t.index(['user_id', 'created_at'], 'pairing_codes_user');
      t.index(['expires_at'], 'pairing_codes_expires');
    });
    await k.schema.createTable('refresh_tokens', (t) => {
      t.string('token_hash', 64).primary();
      id(t, 'device_id').notNullable().references('devices.id');
      ts(t, 'created_at').notNullable();
      ts(t, 'expires_at').notNullable();
      ts(t, 'rotated_at').nullable();
      t.index(['device_id', 'rotated_at'], 'refresh_tokens_device');
      t.index(['expires_at'], 'refresh_tokens_expires');
    });
    await k.schema.createTable('sync_idempotency', (t) => {
      id(t, 'user_id').notNullable().references('users.id');
      id(t, 'idempotency_key').notNullable();
      t.string('request_hash', 64).notNullable();
      t.text('result_json').notNullable();
      ts(t, 'created_at').notNullable();
      t.primary(['user_id', 'idempotency_key']);
      t.index(['created_at'], 'sync_idempotency_created');
    });
    await k.schema.createTable('tenant_sharing_settings', (t) => {
      id(t, 'tenant_id').primary().references('tenants.id');
      t.boolean('show_author_names').notNullable().defaultTo(true);
      ts(t, 'updated_at').notNullable();
    });
    await k.schema.createTable('adaptation_changes', (t) => {
      if (pg) t.bigIncrements('seq').primary();
      else t.increments('seq').primary();
      id(t, 'adaptation_id').notNullable();
      id(t, 'tenant_id').notNullable();
      id(t, 'author_user_id').notNullable();
      t.string('old_visibility', 10).nullable();
      id(t, 'old_context_pk').nullable();
      t.string('old_network_status', 10).nullable();
      t.boolean('old_deleted').nullable();
      t.string('new_visibility', 10).notNullable();
      id(t, 'new_context_pk').nullable();
      t.string('new_network_status', 10).notNullable();
      t.boolean('new_deleted').notNullable();
      /** Approved network sharing before or after: other districts must hear about this change. */
      t.boolean('cross_tenant').notNullable();
      ts(t, 'at').notNullable();
      t.index(['tenant_id', 'seq'], 'adaptation_changes_tenant');
      t.index(['cross_tenant', 'seq'], 'adaptation_changes_cross');
    });

    // Page lookup by URL hash. The index carries every column the visibility rule reads, so rows a viewer
    // may not see are skipped inside the index (the benchmark found the table reads dominated otherwise).
    // A snapshot pull walks a tenant (and approved network sharing) in id order.
    await k.schema.alterTable('adaptations', (t) => {
      t.string('url_hash', 32).nullable();
    });
    const rows: { id: string; canonical_url: string }[] = await k('adaptations').select('id', 'canonical_url');
    for (const r of rows)
      await k('adaptations')
        .where({ id: r.id })
        .update({ url_hash: urlHash(r.canonical_url) });
    await k.schema.alterTable('adaptations', (t) => {
      t.dropIndex(['tenant_id', 'canonical_url'], 'adaptations_tenant_url');
      t.index(
        ['url_hash', 'tenant_id', 'visibility', 'network_status', 'deleted', 'author_user_id', 'context_pk', 'id'],
        'adaptations_url_hash',
      );
      t.index(['tenant_id', 'id'], 'adaptations_tenant_id');
      t.index(['visibility', 'network_status', 'id'], 'adaptations_network_id');
    });

    await createFeedTriggers(k);
  },
};

/** Creates the change-feed triggers (the migration; bulk loaders that dropped them put them back with this). */
export async function createFeedTriggers(k: Knex): Promise<void> {
  if (isPostgres(k)) await pgTriggers(k);
  else await sqliteTriggers(k);
}

/**
 * Removes the change-feed triggers, for a bulk load that writes its feed rows itself (the sync
 * benchmark's seed). Put them back with createFeedTriggers.
 */
export async function dropFeedTriggers(k: Knex): Promise<void> {
  if (isPostgres(k)) {
    for (const table of ['adaptations', 'endorsements', 'feedback']) {
      await k.raw(`DROP TRIGGER IF EXISTS ${table}_feed ON ${table}`);
      await k.raw(`DROP TRIGGER IF EXISTS ${table}_feed_lock ON ${table}`);
    }
    return;
  }
  for (const t of [
    'adaptations_feed_insert',
    'adaptations_feed_update',
    'endorsements_feed_insert',
    'endorsements_feed_update',
    'endorsements_feed_delete',
    'feedback_feed_insert',
    'feedback_feed_delete',
  ])
    await k.raw(`DROP TRIGGER IF EXISTS ${t}`);
}

const approved = (p: string) => `(${p}visibility = 'network' AND ${p}network_status = 'approved' AND NOT ${p}deleted)`;

async function sqliteTriggers(k: Knex): Promise<void> {
  const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
  await k.raw(`CREATE TRIGGER adaptations_feed_insert AFTER INSERT ON adaptations BEGIN
    INSERT INTO adaptation_changes (${FEED_COLUMNS}) VALUES (NEW.id, NEW.tenant_id, NEW.author_user_id, NULL, NULL, NULL, NULL,
      NEW.visibility, NEW.context_pk, NEW.network_status, NEW.deleted, ${approved('NEW.')}, ${now});
  END`);
  await k.raw(`CREATE TRIGGER adaptations_feed_update AFTER UPDATE ON adaptations BEGIN
    INSERT INTO adaptation_changes (${FEED_COLUMNS}) VALUES (NEW.id, NEW.tenant_id, NEW.author_user_id, OLD.visibility, OLD.context_pk, OLD.network_status, OLD.deleted,
      NEW.visibility, NEW.context_pk, NEW.network_status, NEW.deleted, ${approved('OLD.')} OR ${approved('NEW.')}, ${now});
  END`);
  // Social proof changes (an endorsement, feedback) reach the people who see the adaptation on their next pull.
  const social = (table: string, event: string, row: string) =>
    k.raw(`CREATE TRIGGER ${table}_feed_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN
    INSERT INTO adaptation_changes (${FEED_COLUMNS}) SELECT a.id, a.tenant_id, a.author_user_id, a.visibility, a.context_pk, a.network_status, a.deleted,
      a.visibility, a.context_pk, a.network_status, a.deleted, ${approved('a.')}, ${now} FROM adaptations a WHERE a.id = ${row}.adaptation_id;
  END`);
  await social('endorsements', 'INSERT', 'NEW');
  await social('endorsements', 'UPDATE', 'NEW');
  await social('endorsements', 'DELETE', 'OLD');
  await social('feedback', 'INSERT', 'NEW');
  await social('feedback', 'DELETE', 'OLD');
}

async function pgTriggers(k: Knex): Promise<void> {
  const now = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  // Every statement that writes these tables takes the feed lock before it locks any row, so a writer
  // that does not know about the feed (a coach approving) can never deadlock with a push.
  await k.raw(`CREATE OR REPLACE FUNCTION margins_feed_lock() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_advisory_xact_lock(${FEED_LOCK});
    RETURN NULL;
  END $$`);
  for (const [table, events] of [
    ['adaptations', 'INSERT OR UPDATE'],
    ['endorsements', 'INSERT OR UPDATE OR DELETE'],
    ['feedback', 'INSERT OR DELETE'],
  ]) {
    await k.raw(
      `CREATE TRIGGER ${table}_feed_lock BEFORE ${events} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION margins_feed_lock()`,
    );
  }
  await k.raw(`CREATE OR REPLACE FUNCTION margins_adaptation_feed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_advisory_xact_lock(${FEED_LOCK});
    IF TG_OP = 'INSERT' THEN
      INSERT INTO adaptation_changes (${FEED_COLUMNS}) VALUES (NEW.id, NEW.tenant_id, NEW.author_user_id, NULL, NULL, NULL, NULL,
        NEW.visibility, NEW.context_pk, NEW.network_status, NEW.deleted, ${approved('NEW.')}, ${now});
    ELSE
      INSERT INTO adaptation_changes (${FEED_COLUMNS}) VALUES (NEW.id, NEW.tenant_id, NEW.author_user_id, OLD.visibility, OLD.context_pk, OLD.network_status, OLD.deleted,
        NEW.visibility, NEW.context_pk, NEW.network_status, NEW.deleted, ${approved('OLD.')} OR ${approved('NEW.')}, ${now});
    END IF;
    RETURN NULL;
  END $$`);
  await k.raw(
    `CREATE TRIGGER adaptations_feed AFTER INSERT OR UPDATE ON adaptations FOR EACH ROW EXECUTE FUNCTION margins_adaptation_feed()`,
  );
  await k.raw(`CREATE OR REPLACE FUNCTION margins_social_feed() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE target text;
  BEGIN
    IF TG_OP = 'DELETE' THEN target := OLD.adaptation_id; ELSE target := NEW.adaptation_id; END IF;
    PERFORM pg_advisory_xact_lock(${FEED_LOCK});
    INSERT INTO adaptation_changes (${FEED_COLUMNS}) SELECT a.id, a.tenant_id, a.author_user_id, a.visibility, a.context_pk, a.network_status, a.deleted,
      a.visibility, a.context_pk, a.network_status, a.deleted, ${approved('a.')}, ${now} FROM adaptations a WHERE a.id = target;
    RETURN NULL;
  END $$`);
  await k.raw(
    `CREATE TRIGGER endorsements_feed AFTER INSERT OR UPDATE OR DELETE ON endorsements FOR EACH ROW EXECUTE FUNCTION margins_social_feed()`,
  );
  await k.raw(
    `CREATE TRIGGER feedback_feed AFTER INSERT OR DELETE ON feedback FOR EACH ROW EXECUTE FUNCTION margins_social_feed()`,
  );
}

/** The advisory lock key as a string (PostgreSQL bigint), for writers that take it first to avoid lock-order deadlocks. */
export const CHANGE_FEED_LOCK_KEY = FEED_LOCK;
