import type { Knex } from 'knex';
import type { ContributionEvent, ContributionType } from '@margins/shared';
import type { LedgerRepo } from '../data/ledger-repo.js';
import type { Actor } from './actor.js';

/** The sharing events of issue 6 and what each one needs. */
export interface SharingEvent {
  type: Extract<ContributionType, 'shared' | 'endorsed' | 'remixed' | 'feedback-given'>;
  actor: Actor;
  /** Whose work it was about (the author), with their tenant; null for 'shared'. */
  beneficiary: { userId: string; tenantId: string } | null;
  adaptationId: string;
  /** The course the event belongs to (the adaptation's course for 'shared', the actor's otherwise). */
  contextPk: string | null;
  data?: ContributionEvent['data'];
  /** Recorded at most once under this key per tenant. */
  dedupeKey: string;
}

/**
 * Appends a sharing event to the ledger in the caller's transaction. When the actor and the author
 * are in different districts (network sharing), each district gets its own copy: the author's
 * district credits its teacher, the actor's district sees its teacher's participation. Course
 * contexts belong to one tenant, so the other district's copy carries none.
 */
export async function recordSharingEvent(ledger: LedgerRepo, trx: Knex.Transaction, e: SharingEvent): Promise<void> {
  const base = {
    type: e.type,
    actorUserId: e.actor.userId,
    beneficiaryUserId: e.beneficiary?.userId ?? null,
    adaptationId: e.adaptationId,
    dedupeKey: e.dedupeKey,
  };
  const crossDistrict = !!e.beneficiary && e.beneficiary.tenantId !== e.actor.tenantId;
  const data = { ...(e.data ?? {}), ...(crossDistrict ? { crossDistrict: true } : {}) };
  const events = [{ ...base, tenantId: e.actor.tenantId, contextPk: e.contextPk, data }];
  if (crossDistrict) events.push({ ...base, tenantId: e.beneficiary!.tenantId, contextPk: null, data });
  await ledger.append(events, trx);
}
