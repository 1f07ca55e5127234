import { isPostgres } from '../db.js';
import type { Migration } from '../migrations.js';

/**
 * PostgreSQL: a district's recognition pass in two statements instead of seven or eight round trips
 * (issue 17, item 3; RecognitionRepo.beginPass and endPass). SQLite needs none (one process, no
 * network between the tool and its database).
 *
 * `margins_recognition_begin` takes the district's pass lock (a session advisory lock: it stays held
 * after the statement, on the caller's lock connection), reads the signature of the district's rules
 * (so a process whose cached rules are stale finds out in the same round trip), the settled ledger
 * head (margins_ledger_head: waits for the district's writers in flight), the watermark (FOR UPDATE:
 * a watermark written by the previous holder just before it let go of the lock is waited for and
 * read, not the one before it), and, when the watermark was made with the caller's rules, the people
 * of the events since it. When there is nothing to do (no enabled rule, nothing new, or no event of
 * the rules' types since) it records the head as the new watermark, lets go of the lock and answers
 * `done`. Otherwise the caller holds the lock and ends with `margins_recognition_end`, which records
 * the watermark and lets go of the lock.
 */
export const migration112: Migration = {
  version: 112,
  name: 'recognition pass in two statements (PostgreSQL)',
  async up(k) {
    if (!isPostgres(k)) return;
    await k.raw(`CREATE OR REPLACE FUNCTION margins_recognition_begin(
        tenant text, lock_name text, rules_sig text, rules_key text, types text[], no_rules boolean, at text)
      RETURNS TABLE (done boolean, sig text, head bigint, mark_key text, mark_seq bigint, people text[])
      LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      current_sig text;
      settled bigint;
      wkey text;
      wseq bigint;
      found_people text[];
    BEGIN
      PERFORM pg_advisory_lock(hashtextextended(lock_name, 0));
      SELECT coalesce(string_agg(r.rule_id || '=' || (CASE WHEN r.enabled THEN '1' ELSE '0' END), ',' ORDER BY r.rule_id COLLATE "C"), '')
        INTO current_sig FROM recognition_rules r WHERE r.tenant_id = tenant;
      settled := margins_ledger_head(tenant);
      SELECT w.rules_key, w.seq INTO wkey, wseq FROM recognition_watermarks w WHERE w.tenant_id = tenant FOR UPDATE;
      IF current_sig IS DISTINCT FROM rules_sig THEN
        RETURN QUERY SELECT false, current_sig, settled, wkey, wseq, NULL::text[];
        RETURN;
      END IF;
      IF no_rules OR (wkey = rules_key AND wseq >= settled) THEN
        PERFORM pg_advisory_unlock(hashtextextended(lock_name, 0));
        RETURN QUERY SELECT true, current_sig, settled, wkey, wseq, NULL::text[];
        RETURN;
      END IF;
      IF wkey IS DISTINCT FROM rules_key THEN
        RETURN QUERY SELECT false, current_sig, settled, wkey, wseq, NULL::text[];
        RETURN;
      END IF;
      SELECT coalesce(array_agg(DISTINCT p) FILTER (WHERE p IS NOT NULL), ARRAY[]::text[]) INTO found_people
        FROM contribution_events e, unnest(ARRAY[e.actor_user_id, e.beneficiary_user_id]) AS p
        WHERE e.tenant_id = tenant AND e.seq > wseq AND e.type = ANY (types);
      IF cardinality(found_people) = 0 THEN
        UPDATE recognition_watermarks SET seq = settled, updated_at = at WHERE tenant_id = tenant;
        PERFORM pg_advisory_unlock(hashtextextended(lock_name, 0));
        RETURN QUERY SELECT true, current_sig, settled, wkey, wseq, found_people;
        RETURN;
      END IF;
      RETURN QUERY SELECT false, current_sig, settled, wkey, wseq, found_people;
    END $$`);
    await k.raw(`CREATE OR REPLACE FUNCTION margins_recognition_end(
        tenant text, lock_name text, rules_key text, upto bigint, at text)
      RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      INSERT INTO recognition_watermarks (tenant_id, rules_key, seq, updated_at) VALUES (tenant, rules_key, upto, at)
        ON CONFLICT (tenant_id) DO UPDATE SET rules_key = excluded.rules_key, seq = excluded.seq, updated_at = excluded.updated_at;
      RETURN pg_advisory_unlock(hashtextextended(lock_name, 0));
    END $$`);
  },
};
