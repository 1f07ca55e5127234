import type { Knex } from 'knex';
import { z } from 'zod';
import {
  AuthorSchema,
  EndorsementSchema,
  FeedbackSchema,
  type Author,
  type Endorsement,
  type Feedback,
} from '@margins/shared';
import { dbInt, parseRows } from './rows.js';

/**
 * Endorsement and feedback rows read as the shared schemas, and the social proof counts of a page of
 * adaptations: what AdaptationsRepo, SocialRepo and sync read alike, in one place.
 */

/** Endorsement and feedback counts of one adaptation, outcome tallies and the viewer's own endorsement. */
export interface SocialProof {
  endorsements: number;
  feedback: number;
  outcomes: Record<string, number>;
  mine: Endorsement | null;
}

/** Endorsement and feedback counts, outcome tallies and the viewer's own endorsement, for a page of ids. */
export async function socialProofOf(k: Knex, ids: string[], userId: string): Promise<Map<string, SocialProof>> {
  const out = new Map<string, SocialProof>();
  for (const id of ids) out.set(id, { endorsements: 0, feedback: 0, outcomes: {}, mine: null });
  if (!ids.length) return out;
  const [outcomes, feedback, mine] = await Promise.all([
    k('endorsements')
      .whereIn('adaptation_id', ids)
      .groupBy('adaptation_id', 'outcome')
      .select('adaptation_id', 'outcome')
      .count({ n: '*' }),
    k('feedback').whereIn('adaptation_id', ids).groupBy('adaptation_id').select('adaptation_id').count({ n: '*' }),
    k('endorsements as e')
      .join('users as u', 'u.id', 'e.user_id')
      .whereIn('e.adaptation_id', ids)
      .andWhere('e.user_id', userId)
      .select('e.*', 'u.name as user_name'),
  ]);
  for (const r of parseRows(
    z.object({ adaptation_id: z.string(), outcome: z.string(), n: dbInt }),
    outcomes,
    'endorsements',
  )) {
    const e = out.get(r.adaptation_id)!;
    e.outcomes[r.outcome] = r.n;
    e.endorsements += r.n;
  }
  for (const r of parseRows(z.object({ adaptation_id: z.string(), n: dbInt }), feedback, 'feedback'))
    out.get(r.adaptation_id)!.feedback = r.n;
  for (const r of mine as Record<string, unknown>[]) {
    const e = toEndorsement(r);
    out.get(e.adaptationId)!.mine = e;
  }
  return out;
}

/** A person as an author: the LMS display name when it is plain text (LMS names are not ours to trust). */
export function personOf(id: unknown, name: unknown): Author {
  const n = AuthorSchema.shape.name.safeParse(name);
  return { id: String(id), ...(n.success && n.data ? { name: n.data } : {}) };
}

/** A feedback row (joined with `user_name`) as the shared schema. */
export function toFeedback(r: Record<string, unknown>): Feedback {
  return FeedbackSchema.parse({
    id: r.id,
    adaptationId: r.adaptation_id,
    author: personOf(r.user_id, r.user_name),
    type: r.type,
    text: r.text,
    textRemoved: r.text_removed_at != null,
    createdAt: r.created_at,
  });
}

/** An endorsement row (joined with `user_name`) as the shared schema. */
export function toEndorsement(r: Record<string, unknown>): Endorsement {
  return EndorsementSchema.parse({
    id: r.id,
    adaptationId: r.adaptation_id,
    endorser: personOf(r.user_id, r.user_name),
    outcome: r.outcome,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}
