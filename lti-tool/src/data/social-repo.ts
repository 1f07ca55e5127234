import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Endorsement, Feedback } from '@margins/shared';
import { toEndorsement, toFeedback } from './social-proof.js';
import { nowIso } from './db.js';

/**
 * Writes of social proof inside the caller's transaction (so the ledger event lands with it):
 * "I tried this" (one per person per adaptation) and structured feedback.
 */
export class SocialRepo {
  /** Records or updates the person's endorsement and returns it. */
  async endorse(
    trx: Knex.Transaction,
    e: { tenantId: string; adaptationId: string; userId: string; userName: string; outcome: string; note: string },
  ): Promise<{ endorsement: Endorsement; created: boolean }> {
    const now = nowIso();
    const before: unknown = await trx('endorsements')
      .where({ adaptation_id: e.adaptationId, user_id: e.userId })
      .first('id');
    const [row] = (await trx('endorsements')
      .insert({
        id: randomUUID(),
        tenant_id: e.tenantId,
        adaptation_id: e.adaptationId,
        user_id: e.userId,
        outcome: e.outcome,
        note: e.note,
        created_at: now,
        updated_at: now,
      })
      .onConflict(['adaptation_id', 'user_id'])
      .merge({ outcome: e.outcome, note: e.note, updated_at: now })
      .returning('*')) as Record<string, unknown>[];
    return { endorsement: toEndorsement({ ...row, user_name: e.userName }), created: !before };
  }

  /** Adds a piece of feedback and returns it. */
  async addFeedback(
    trx: Knex.Transaction,
    f: { tenantId: string; adaptationId: string; userId: string; userName: string; type: string; text: string },
  ): Promise<Feedback> {
    const [row] = (await trx('feedback')
      .insert({
        id: randomUUID(),
        tenant_id: f.tenantId,
        adaptation_id: f.adaptationId,
        user_id: f.userId,
        type: f.type,
        text: f.text,
        created_at: nowIso(),
      })
      .returning('*')) as Record<string, unknown>[];
    return toFeedback({ ...row, user_name: f.userName });
  }
}
