import type { Knex } from 'knex';
import { z } from 'zod';
import { DEFAULT_RECOGNITION_RULES, RecognitionRuleSchema, type RecognitionRule } from '@margins/shared';
import type { Db } from './db.js';
import type { LockClient } from './db-locks.js';
import { nowIso } from './db.js';
import { dbBool, dbInt, dbJson, dbNullableText, parseRow, parseRows } from './rows.js';

const RuleRowSchema = z.object({ rule_json: dbJson(RecognitionRuleSchema), enabled: dbBool });

const RecognitionRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  recipient_user_id: z.string(),
  recipient_name: z.string().nullable(),
  rule_id: dbNullableText,
  title: z.string(),
  description: z.string(),
  citation: dbNullableText,
  awarded_by: dbNullableText,
  awarded_by_name: z.string().nullable(),
  earned_at: z.string(),
  issued_at: z.string(),
  status_index: dbInt,
  revoked_at: dbNullableText,
  revoked_reason: dbNullableText,
  on_wall: dbBool,
});
/** A stored recognition with the names of the people in it (no credential, no adaptation). */
export type RecognitionRow = z.infer<typeof RecognitionRowSchema>;

const IssuerKeyRowSchema = z.object({ sealed_secret: z.string(), public_key_multibase: z.string() });
/** A district's stored issuer key. */
export type IssuerKeyRow = z.infer<typeof IssuerKeyRowSchema>;

/** A recognition to store, with its signed credential. */
export interface NewRecognition {
  id: string;
  tenantId: string;
  recipientUserId: string;
  ruleId: string | null;
  title: string;
  description: string;
  citation: string | null;
  awardedBy: string | null;
  earnedAt: string;
  adaptationId: string | null;
  credentialJson: string;
  statusIndex: number;
  issuedAt: string;
}

/**
 * Recognition storage (issue 7): per-district rules, issuer keys, recognitions with the exact
 * credential issued, and the cached signed status list. Every query is scoped by tenant.
 */
export class RecognitionRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /** Seeds the shipped rules for a district (new tenants, and rules added in a later release); existing rows are kept. */
  async ensureRules(tenantId: string): Promise<void> {
    const now = nowIso();
    for (const rule of DEFAULT_RECOGNITION_RULES) {
      await this.k('recognition_rules')
        .insert({
          tenant_id: tenantId,
          rule_id: rule.id,
          rule_json: JSON.stringify(rule),
          enabled: true,
          updated_at: now,
          updated_by: null,
        })
        .onConflict(['tenant_id', 'rule_id'])
        .ignore();
    }
  }

  /** The district's rules with their switches, in the order they ship. */
  async rules(tenantId: string): Promise<{ rule: RecognitionRule; enabled: boolean }[]> {
    const rows = parseRows(
      RuleRowSchema,
      await this.k('recognition_rules').where('tenant_id', tenantId).select('rule_json', 'enabled'),
      'recognition_rules',
    );
    const order = (id: string) => {
      const i = DEFAULT_RECOGNITION_RULES.findIndex((r) => r.id === id);
      return i === -1 ? Number.MAX_SAFE_INTEGER : i;
    };
    return rows
      .map((r) => ({ rule: r.rule_json, enabled: r.enabled }))
      .sort((a, b) => order(a.rule.id) - order(b.rule.id) || a.rule.id.localeCompare(b.rule.id));
  }

  /**
   * What the district's rule switches are now, as one string (`rule=1,other=0`, by rule id): a process
   * holding the rules in memory compares it with the one it loaded them with (PostgreSQL: in the
   * pass's first statement, margins_recognition_begin, which builds it the same way).
   */
  static signatureOf(rows: readonly { rule: Pick<RecognitionRule, 'id'>; enabled: boolean }[]): string {
    // By code unit, as PostgreSQL's "C" collation orders the (ASCII) rule ids.
    return [...rows]
      .sort((a, b) => (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0))
      .map((r) => `${r.rule.id}=${r.enabled ? '1' : '0'}`)
      .join(',');
  }

  /** The signature of the district's rule switches now (signatureOf), without reading the rules themselves. */
  async ruleSignature(tenantId: string): Promise<string> {
    const rows = parseRows(
      z.object({ rule_id: z.string(), enabled: dbBool }),
      await this.k('recognition_rules').where('tenant_id', tenantId).select('rule_id', 'enabled'),
      'recognition_rules',
    );
    return RecognitionRepo.signatureOf(rows.map((r) => ({ rule: { id: r.rule_id }, enabled: r.enabled })));
  }

  /**
   * PostgreSQL: takes the district's pass lock `lockName` on `client` and reads, in the same
   * statement, the signature of its rules, the settled ledger head, the watermark and (when the
   * watermark was made with `rulesKey`) the people of the events of `types` since it (migration
   * 112). `done`: nothing to evaluate, the watermark is recorded and the lock is already let go of;
   * otherwise the caller holds the lock and ends with endPass.
   */
  async beginPass(
    client: LockClient,
    p: { tenantId: string; lockName: string; rulesSig: string; rulesKey: string; types: string[]; noRules: boolean },
  ): Promise<{
    done: boolean;
    sig: string;
    head: number;
    mark: { rulesKey: string; seq: number } | null;
    people: Set<string> | null;
  }> {
    const { rows } = await client.query<Record<string, unknown>>(
      'SELECT * FROM margins_recognition_begin($1, $2, $3, $4, $5, $6, $7)',
      [p.tenantId, p.lockName, p.rulesSig, p.rulesKey, p.types, p.noRules, nowIso()],
    );
    const r = parseRow(
      z.object({
        done: z.boolean(),
        sig: z.string(),
        head: z.coerce.number(),
        mark_key: z.string().nullable(),
        mark_seq: z.coerce.number().nullable(),
        people: z.array(z.string()).nullable(),
      }),
      rows[0],
      'margins_recognition_begin',
    );
    return {
      done: r.done,
      sig: r.sig,
      head: r.head,
      mark: r.mark_key !== null && r.mark_seq !== null ? { rulesKey: r.mark_key, seq: r.mark_seq } : null,
      people: r.people ? new Set(r.people) : null,
    };
  }

  /** PostgreSQL: records the watermark of a pass begun with beginPass and lets go of its lock, in one statement. */
  async endPass(client: LockClient, p: { tenantId: string; lockName: string; rulesKey: string; seq: number }) {
    await client.query('SELECT margins_recognition_end($1, $2, $3, $4, $5)', [
      p.tenantId,
      p.lockName,
      p.rulesKey,
      p.seq,
      nowIso(),
    ]);
  }

  /** PostgreSQL: lets go of a pass's lock without recording anything (the pass found nothing to evaluate). */
  async releasePass(client: LockClient, lockName: string): Promise<void> {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
  }

  /** Turns a rule on or off; false when the district has no such rule. */
  async setRuleEnabled(tenantId: string, ruleId: string, enabled: boolean, userId: string): Promise<boolean> {
    const n = await this.k('recognition_rules')
      .where({ tenant_id: tenantId, rule_id: ruleId })
      .update({ enabled, updated_at: nowIso(), updated_by: userId });
    return n > 0;
  }

  /** The district's issuer key row, if one was made. */
  async issuerKey(tenantId: string): Promise<IssuerKeyRow | null> {
    const row: unknown = await this.k('issuer_keys')
      .where('tenant_id', tenantId)
      .first('sealed_secret', 'public_key_multibase');
    return row ? parseRow(IssuerKeyRowSchema, row, 'issuer_keys') : null;
  }

  /** Stores a district's first key unless another process stored one first (the caller re-reads). */
  async insertIssuerKeyIfAbsent(tenantId: string, sealedSecret: string, publicKeyMultibase: string): Promise<void> {
    await this.k('issuer_keys')
      .insert({
        tenant_id: tenantId,
        sealed_secret: sealedSecret,
        public_key_multibase: publicKeyMultibase,
        created_at: nowIso(),
      })
      .onConflict(['tenant_id'])
      .ignore();
  }

  /** Where the district's last recognition pass read the ledger up to, and with which rules; null before the first. */
  async watermark(tenantId: string): Promise<{ rulesKey: string; seq: number } | null> {
    const row: unknown = await this.k('recognition_watermarks').where('tenant_id', tenantId).first('rules_key', 'seq');
    if (!row) return null;
    const r = parseRow(z.object({ rules_key: z.string(), seq: z.coerce.number() }), row, 'recognition_watermarks');
    return { rulesKey: r.rules_key, seq: r.seq };
  }

  /** Records a complete pass: the ledger was evaluated up to `seq` with the rules of `rulesKey`. */
  async saveWatermark(tenantId: string, rulesKey: string, seq: number): Promise<void> {
    await this.k('recognition_watermarks')
      .insert({ tenant_id: tenantId, rules_key: rulesKey, seq, updated_at: nowIso() })
      .onConflict('tenant_id')
      .merge();
  }

  /** The (rule, recipient) pairs already recognised in a district (of `people` only, when given), as `rule\0user`. */
  async earnedPairs(tenantId: string, people?: readonly string[]): Promise<Set<string>> {
    const q = this.k('recognitions').where('tenant_id', tenantId);
    // For a few people, their recognitions by the recipient index (awarded ones, without a rule, dropped
    // here): with `rule_id IS NOT NULL` in SQL, SQLite chose the rule index and read the whole district's.
    if (people) q.whereIn('recipient_user_id', people);
    else q.whereNotNull('rule_id');
    const rows = parseRows(
      z.object({ rule_id: dbNullableText, recipient_user_id: z.string() }),
      await q.select('rule_id', 'recipient_user_id'),
      'recognitions',
    );
    return new Set(rows.filter((r) => r.rule_id !== null).map((r) => `${r.rule_id}\u0000${r.recipient_user_id}`));
  }

  /** Status indexes already used in a district's list. */
  async usedIndexes(tenantId: string): Promise<Set<number>> {
    const rows = parseRows(
      z.object({ status_index: dbInt }),
      await this.k('recognitions').where('tenant_id', tenantId).select('status_index'),
      'recognitions',
    );
    return new Set(rows.map((r) => r.status_index));
  }

  /** Status indexes of revoked recognitions, ascending. */
  async revokedIndexes(tenantId: string): Promise<number[]> {
    const rows = parseRows(
      z.object({ status_index: dbInt }),
      await this.k('recognitions')
        .where('tenant_id', tenantId)
        .whereNotNull('revoked_at')
        .orderBy('status_index')
        .select('status_index'),
      'recognitions',
    );
    return rows.map((r) => r.status_index);
  }

  /**
   * Stores a recognition in `trx`. A rule recognition that already exists for this person is
   * skipped (false): concurrent evaluations settle on one row. A clash of status indexes throws
   * (isUniqueViolation) so the caller can pick another index.
   */
  async insert(r: NewRecognition, trx: Knex.Transaction): Promise<boolean> {
    const row = {
      id: r.id,
      tenant_id: r.tenantId,
      recipient_user_id: r.recipientUserId,
      rule_id: r.ruleId,
      title: r.title,
      description: r.description,
      citation: r.citation,
      awarded_by: r.awardedBy,
      earned_at: r.earnedAt,
      adaptation_id: r.adaptationId,
      credential_json: r.credentialJson,
      status_index: r.statusIndex,
      issued_at: r.issuedAt,
      on_wall: true,
    };
    if (r.ruleId === null) {
      await trx('recognitions').insert(row);
      return true;
    }
    const inserted = await trx('recognitions')
      .insert(row)
      .onConflict(['tenant_id', 'rule_id', 'recipient_user_id'])
      .ignore()
      .returning('id');
    return Array.isArray(inserted) && inserted.length > 0;
  }

  private listQuery(tenantId: string) {
    return this.k('recognitions as r')
      .leftJoin('users as u', 'u.id', 'r.recipient_user_id')
      .leftJoin('users as a', 'a.id', 'r.awarded_by')
      .where('r.tenant_id', tenantId)
      .select(
        'r.id',
        'r.tenant_id',
        'r.recipient_user_id',
        'u.name as recipient_name',
        'r.rule_id',
        'r.title',
        'r.description',
        'r.citation',
        'r.awarded_by',
        'a.name as awarded_by_name',
        'r.earned_at',
        'r.issued_at',
        'r.status_index',
        'r.revoked_at',
        'r.revoked_reason',
        'r.on_wall',
      )
      .orderBy([{ column: 'r.earned_at', order: 'desc' }, { column: 'r.id' }]);
  }

  /** One recognition of a district; null when it is not there (or belongs to another district). */
  async get(tenantId: string, id: string): Promise<RecognitionRow | null> {
    const row: unknown = await this.listQuery(tenantId).andWhere('r.id', id).first();
    return row ? parseRow(RecognitionRowSchema, row, 'recognitions') : null;
  }

  /** A person's recognitions, newest first. */
  async forRecipient(tenantId: string, userId: string): Promise<RecognitionRow[]> {
    return parseRows(
      RecognitionRowSchema,
      await this.listQuery(tenantId).andWhere('r.recipient_user_id', userId),
      'recognitions',
    );
  }

  /** A district's recognitions, newest first (at most `limit`). */
  async forTenant(tenantId: string, limit = 500): Promise<RecognitionRow[]> {
    return parseRows(RecognitionRowSchema, await this.listQuery(tenantId).limit(limit), 'recognitions');
  }

  /**
   * The course wall: active recognitions of people who take part in the course and chose to show
   * them, newest first.
   */
  async wall(tenantId: string, contextPk: string, limit = 200): Promise<RecognitionRow[]> {
    const rows = await this.listQuery(tenantId)
      .whereNull('r.revoked_at')
      .andWhere('r.on_wall', true)
      .whereIn(
        'r.recipient_user_id',
        this.k('course_participants').where({ context_pk: contextPk, tenant_id: tenantId }).select('user_id'),
      )
      .limit(limit);
    return parseRows(RecognitionRowSchema, rows, 'recognitions');
  }

  /** The signed credential exactly as issued, for its recipient only; null otherwise. */
  async credentialOf(tenantId: string, id: string, recipientUserId: string): Promise<string | null> {
    const row: unknown = await this.k('recognitions')
      .where({ tenant_id: tenantId, id, recipient_user_id: recipientUserId })
      .first('credential_json');
    return row ? parseRow(z.object({ credential_json: z.string() }), row, 'recognitions').credential_json : null;
  }

  /** Marks a recognition revoked; false when it was already revoked or is not in the district. */
  async revoke(tenantId: string, id: string, by: string, reason: string): Promise<boolean> {
    const n = await this.k('recognitions')
      .where({ tenant_id: tenantId, id })
      .whereNull('revoked_at')
      .update({ revoked_at: nowIso(), revoked_by: by, revoked_reason: reason });
    return n > 0;
  }

  /** The recipient's wall choice; false when it is not theirs. */
  async setOnWall(tenantId: string, id: string, recipientUserId: string, onWall: boolean): Promise<boolean> {
    const n = await this.k('recognitions')
      .where({ tenant_id: tenantId, id, recipient_user_id: recipientUserId })
      .update({ on_wall: onWall });
    return n > 0;
  }

  /** The district's last signed status list. */
  async statusList(tenantId: string): Promise<{ encodedList: string; credentialJson: string } | null> {
    const found: unknown = await this.k('status_lists')
      .where('tenant_id', tenantId)
      .first('encoded_list', 'credential_json');
    if (!found) return null;
    const row = parseRow(z.object({ encoded_list: z.string(), credential_json: z.string() }), found, 'status_lists');
    return { encodedList: row.encoded_list, credentialJson: row.credential_json };
  }

  /** Stores a newly signed status list (last writer wins; every writer signs the current set of revocations). */
  async saveStatusList(tenantId: string, encodedList: string, credentialJson: string): Promise<void> {
    await this.k('status_lists')
      .insert({ tenant_id: tenantId, encoded_list: encodedList, credential_json: credentialJson, updated_at: nowIso() })
      .onConflict(['tenant_id'])
      .merge(['encoded_list', 'credential_json', 'updated_at']);
  }
}
