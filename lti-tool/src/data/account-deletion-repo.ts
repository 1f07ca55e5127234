import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { AdaptationSchema, FORMER_COLLEAGUE } from '@margins/shared';
import type { Db } from './db.js';
import { dbInt, parseRows } from './rows.js';
import { tombstone } from './tombstones.js';

/** What to do with the person's recognitions: revoke them on the status list, or keep them valid. */
export type RecognitionChoice = 'revoke' | 'keep';

/** One account deletion, as decided by the person or their district admin. */
export interface Erasure {
  tenantId: string;
  userId: string;
  recognitions: RecognitionChoice;
  /** Who asked (the person, or the admin); null from the command line. */
  by: string | null;
  /** Why, for revoked recognitions (shown to the district, never to verifiers). */
  reason: string;
  at: string;
}

/** What one deletion changed, for the confirmation shown afterwards. */
export interface ErasureCounts {
  adaptationsWithdrawn: number;
  remixesCredited: number;
  devicesDisconnected: string[];
  recognitionsRevoked: number;
  recognitionsKept: number;
  feedbackRemoved: number;
}

const IdVersion = z.object({ id: z.string(), version: dbInt });
const Remix = IdVersion.extend({ json: z.string() });

/**
 * "Delete my account from the district" (issue 16, item 4): every statement of one deletion, run in
 * the caller's transaction so a crash or a failed statement leaves nothing half-deleted.
 *
 * What goes and what stays (README "Deleting an account"):
 * - the person's adaptations become tombstones (ids and times); the feed tells every browser to drop them;
 * - colleagues' remixes keep their credit as "a former colleague" (FORMER_COLLEAGUE), never the name;
 * - feedback they wrote is removed (free text is theirs); their "I tried this" marks stay, without the
 *   note, so colleagues' outcome tallies do not change;
 * - ledger events and metrics rows (the practices counted as shared included) keep the person's internal id, which from now on belongs to a row
 *   with no name, email or LMS id (a random pseudonym): district totals stay the same;
 * - browsers are disconnected (tokens revoked, refresh tokens and pairing codes gone), role grants,
 *   course membership, launch sessions, preferences and sync records are removed;
 * - recognitions are revoked or kept as chosen; either way they leave the wall and the district drops
 *   its copy of the signed credential and the citation (the holder keeps theirs; the status list decides).
 */
export class AccountDeletionRepo {
  constructor(private readonly db: Db) {}

  /** Runs `fn` in one transaction (the service calls `erase` inside it). */
  transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.knex.transaction(fn);
  }

  /** Deletes one account inside `trx` (see the class comment for what goes and what stays). */
  async erase(trx: Knex.Transaction, e: Erasure): Promise<ErasureCounts> {
    const own = parseRows(
      IdVersion,
      await trx('adaptations')
        .where({ tenant_id: e.tenantId, author_user_id: e.userId, deleted: false })
        .select('id', 'version'),
      'adaptations',
    );
    const counted = await this.countedPractices(
      trx,
      own.map((a) => a.id),
    );
    await tombstone(
      trx,
      own.map((a) => ({ id: a.id, version: a.version + 1 })),
      e.at,
    );
    // A deleted practice normally leaves the spread metrics (withdrawn); an account deletion must not
    // rewrite the district's history, so the practices it counted stay counted (ids and months only).
    for (let i = 0; i < counted.length; i += 500)
      await trx('metrics_adaptations')
        .whereIn('adaptation_id', counted.slice(i, i + 500))
        .update({ withdrawn: false });

    const remixesCredited = await this.creditFormerColleague(trx, e);

    const feedbackRemoved = await trx('feedback').where({ tenant_id: e.tenantId, user_id: e.userId }).del();
    await trx('endorsements').where({ tenant_id: e.tenantId, user_id: e.userId }).update({ note: '' });

    const devices = parseRows(
      z.object({ id: z.string() }),
      await trx('devices').where({ tenant_id: e.tenantId, user_id: e.userId }).select('id'),
      'devices',
    ).map((d) => d.id);
    const live = await trx('devices')
      .where({ tenant_id: e.tenantId, user_id: e.userId })
      .whereNull('revoked_at')
      .select('id');
    await trx('devices')
      .where({ tenant_id: e.tenantId, user_id: e.userId })
      .whereNull('revoked_at')
      .update({ revoked_at: e.at, revoked_reason: 'account-deleted' });
    for (let i = 0; i < devices.length; i += 500)
      await trx('refresh_tokens')
        .whereIn('device_id', devices.slice(i, i + 500))
        .del();
    await trx('pairing_codes').where({ user_id: e.userId }).del();

    await trx('role_grants').where({ tenant_id: e.tenantId, user_id: e.userId }).del();
    await trx('course_participants').where({ tenant_id: e.tenantId, user_id: e.userId }).del();
    await trx('participation_scores').where({ user_id: e.userId }).del();
    await trx('mentoring_pairs')
      .where({ tenant_id: e.tenantId })
      .andWhere((q) => void q.where('mentor_user_id', e.userId).orWhere('mentee_user_id', e.userId))
      .whereNull('ended_at')
      .update({ ended_at: e.at, ended_by: e.by });
    for (const table of ['insight_preferences', 'storage_usage', 'sync_idempotency', 'launches', 'deep_link_responses'])
      await trx(table).where({ user_id: e.userId }).del();

    const recognitions = trx('recognitions').where({ tenant_id: e.tenantId, recipient_user_id: e.userId });
    const recognitionsRevoked =
      e.recognitions === 'revoke'
        ? await recognitions
            .clone()
            .whereNull('revoked_at')
            .update({ revoked_at: e.at, revoked_by: e.by, revoked_reason: e.reason })
        : 0;
    const kept = await recognitions.clone().whereNull('revoked_at').count({ n: '*' }).first();
    await recognitions.clone().update({ on_wall: false, citation: null, credential_json: '{}' });

    // Last: the row becomes the pseudonym. A new launch of the same LMS user finds no row with their
    // sub and starts a new, empty account.
    await trx('users')
      .where({ id: e.userId, tenant_id: e.tenantId })
      .update({ sub: `deleted:${randomUUID()}`, name: '', email: null, deleted_at: e.at });

    return {
      adaptationsWithdrawn: own.length,
      remixesCredited,
      devicesDisconnected: (live as { id: string }[]).map((d) => d.id),
      recognitionsRevoked,
      recognitionsKept: e.recognitions === 'keep' ? Number((kept as { n: number | string } | undefined)?.n ?? 0) : 0,
      feedbackRemoved,
    };
  }

  /** Of `ids`, the practices the spread metrics count now (not withdrawn). */
  private async countedPractices(trx: Knex.Transaction, ids: string[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx('metrics_adaptations')
        .whereIn('adaptation_id', ids.slice(i, i + 500))
        .andWhere('withdrawn', false)
        .select('adaptation_id');
      out.push(
        ...parseRows(z.object({ adaptation_id: z.string() }), rows, 'metrics_adaptations').map((r) => r.adaptation_id),
      );
    }
    return out;
  }

  /** Colleagues' remixes that credit the person by id now credit "a former colleague", at a new version. */
  private async creditFormerColleague(trx: Knex.Transaction, e: Erasure): Promise<number> {
    // The id is a UUID (no LIKE wildcards); each candidate is parsed and checked before it changes.
    const candidates = parseRows(
      Remix,
      await trx('adaptations')
        .where({ tenant_id: e.tenantId, deleted: false })
        .andWhereNot('author_user_id', e.userId)
        .andWhere('json', 'like', `%"originalAuthor":{"id":"${e.userId}"%`)
        .select('id', 'version', 'json'),
      'adaptations',
    );
    let n = 0;
    for (const r of candidates) {
      const a = AdaptationSchema.parse(JSON.parse(r.json));
      if (a.provenance?.originalAuthor?.id !== e.userId) continue;
      const version = r.version + 1;
      const next = {
        ...a,
        provenance: { ...a.provenance, originalAuthor: FORMER_COLLEAGUE },
        version,
        updatedAt: e.at,
      };
      await trx('adaptations')
        .where({ id: r.id })
        .update({ json: JSON.stringify(next), version, updated_at: e.at });
      n++;
    }
    return n;
  }
}
