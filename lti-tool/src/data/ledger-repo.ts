import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  ContributionEventSchema,
  ContributionTypeSchema,
  type ContributionEvent,
  type ContributionType,
} from '@margins/shared';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { applyToMetricsRollups } from './metrics-rollup.js';
import { dbJson, dbNullableText, parseRows } from './rows.js';

/** The columns an event is read with. */
const EVENT_COLUMNS = [
  'id',
  'type',
  'actor_user_id',
  'beneficiary_user_id',
  'adaptation_id',
  'context_pk',
  'school_id',
  'data_json',
  'at',
];

/** One contribution to record. Users are Margins user ids (tenant-scoped), never LMS `sub`s. */
export interface NewContribution {
  tenantId: string;
  type: ContributionType;
  actorUserId: string;
  beneficiaryUserId?: string | null;
  adaptationId?: string | null;
  contextPk?: string | null;
  /** Left out: the course's school, else the actor's (see `schoolOfActor`); null: no school. */
  schoolId?: string | null;
  /** Small facts (an endorsement outcome, a collection id); never free text about students. */
  data?: ContributionEvent['data'];
  at?: string;
  /** Records the event at most once per tenant under this key (e.g. `endorsed:<adaptation>:<user>`). */
  dedupeKey?: string | null;
}

const EventRowSchema = z.object({
  id: z.string(),
  type: ContributionTypeSchema,
  actor_user_id: z.string(),
  beneficiary_user_id: dbNullableText,
  adaptation_id: dbNullableText,
  context_pk: dbNullableText,
  school_id: dbNullableText,
  data_json: dbJson(ContributionEventSchema.shape.data),
  at: z.string(),
});

/**
 * The append-only contribution ledger (DESIGN: Contribution ledger). There is no update or delete:
 * recognition and metrics are recomputed from these rows, so history stays auditable.
 */
export class LedgerRepo {
  private readonly listeners: ((tenantId: string) => void)[] = [];

  constructor(private readonly db: Db) {}

  /**
   * Calls `listener` with the tenant after events are recorded (e.g. to schedule recognition).
   * Events appended inside a transaction may not be committed yet: listeners must not read at once.
   * 'recognised' events do not notify (they are the listeners' own output).
   */
  onAppend(listener: (tenantId: string) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Appends events (inside `trx` when the caller is already writing the thing the event is about,
   * so both land or neither does). Events whose dedupe key was seen before are skipped; returns how
   * many were recorded.
   */
  async append(events: NewContribution | NewContribution[], trx?: Knex.Transaction): Promise<number> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return 0;
    // Parsed up front, so one bad event records none of them.
    const rows = list.map((e) => ({
      event: e,
      row: {
        id: randomUUID(),
        tenant_id: e.tenantId,
        type: ContributionTypeSchema.parse(e.type),
        actor_user_id: e.actorUserId,
        beneficiary_user_id: e.beneficiaryUserId ?? null,
        adaptation_id: e.adaptationId ?? null,
        context_pk: e.contextPk ?? null,
        data_json: JSON.stringify(ContributionEventSchema.shape.data.parse(e.data ?? {})),
        dedupe_key: e.dedupeKey ?? null,
        at: e.at ?? nowIso(),
      },
    }));
    const write = async (k: Knex.Transaction) => {
      let recorded = 0;
      // PostgreSQL numbers events as they are inserted, not as they commit: a writer holds its
      // district's ledger lock shared until commit, so `head` (exclusive) sees only settled numbers.
      if (this.db.kind === 'postgres')
        for (const tenantId of new Set(rows.map((r) => r.row.tenant_id)))
          await k.raw('SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))', [ledgerLock(tenantId)]);
      // One row per statement: "on conflict do nothing" reports per-row on both drivers this way.
      for (const { event, row } of rows) {
        const school = event.schoolId !== undefined ? event.schoolId : this.schoolOfActor(k, event);
        const inserted: unknown = await k('contribution_events')
          .insert({ ...row, school_id: school })
          .onConflict(['tenant_id', 'dedupe_key'])
          .ignore()
          .returning(['id', 'school_id']);
        const stored = Array.isArray(inserted) ? (inserted[0] as { school_id?: string | null } | undefined) : undefined;
        if (!stored) continue;
        recorded += 1;
        // The leadership metrics rollups move with the ledger, in the same transaction (migration 050).
        await applyToMetricsRollups(k, { ...row, school_id: stored.school_id ?? null });
      }
      return recorded;
    };
    const recorded = trx ? await write(trx) : await this.db.knex.transaction(write);
    if (recorded > 0 && this.listeners.length) {
      for (const tenantId of new Set(rows.filter((r) => r.row.type !== 'recognised').map((r) => r.row.tenant_id))) {
        for (const listener of this.listeners) listener(tenantId);
      }
    }
    return recorded;
  }

  /**
   * The school an event counts for, read in the insert itself: the course's school when the event
   * happened in a course, else the actor's latest school. A teacher of another district (network
   * sharing) gets their school qualified by their district, so two districts' school ids never collide.
   */
  private schoolOfActor(k: Knex | Knex.Transaction, e: NewContribution): Knex.Raw {
    return k.raw(
      `coalesce(
        (select school_id from course_contexts where id = ? and tenant_id = ?),
        (select case when tenant_id = ? then school_id else tenant_id || ':' || school_id end from users where id = ?)
      )`,
      [e.contextPk ?? null, e.tenantId, e.tenantId, e.actorUserId],
    );
  }

  /**
   * How many events of these types a tenant has: the ledger only grows, so an unchanged count means
   * nothing new (even an event recorded late with an old `at`). Lets readers skip recomputing.
   */
  async count(tenantId: string, types: ContributionType[]): Promise<number> {
    const row = (await this.db
      .knex('contribution_events')
      .where('tenant_id', tenantId)
      .whereIn('type', types)
      .count({ n: '*' })
      .first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /**
   * The district's newest ledger position such that every event at or below it is committed (no
   * writer can still commit a lower one): where an incremental reader may safely say it read up to.
   */
  async head(tenantId: string): Promise<number> {
    const max = async (k: Knex | Knex.Transaction) => {
      const row = (await k('contribution_events').where('tenant_id', tenantId).max({ s: 'seq' }).first()) as
        { s: number | string | null } | undefined;
      return Number(row?.s ?? 0);
    };
    // SQLite has one writer, and a reader sees only what it committed.
    if (this.db.kind !== 'postgres') return max(this.db.knex);
    // Waits for the district's writers in flight, then reads (migration 093; the lock name is ledgerLock's).
    const r = await this.db.knex.raw<{ rows: { s: string }[] }>('SELECT margins_ledger_head(?) AS s', [tenantId]);
    return Number(r.rows[0]?.s ?? 0);
  }

  /** The people (actors and beneficiaries) of the district's events of `types` after position `after`. */
  async peopleAfter(tenantId: string, after: number, types: ContributionType[]): Promise<Set<string>> {
    const rows = parseRows(
      z.object({ actor_user_id: z.string(), beneficiary_user_id: dbNullableText }),
      await this.db
        .knex('contribution_events')
        .where('tenant_id', tenantId)
        .andWhere('seq', '>', after)
        .whereIn('type', types)
        .distinct('actor_user_id', 'beneficiary_user_id'),
      'contribution_events',
    );
    const people = new Set<string>();
    for (const r of rows) {
      people.add(r.actor_user_id);
      if (r.beneficiary_user_id) people.add(r.beneficiary_user_id);
    }
    return people;
  }

  /** A tenant's events in time order, as the shared schema (for the recognition rules evaluator). */
  async events(
    tenantId: string,
    filter: { since?: string; types?: ContributionType[]; userId?: string; userIds?: string[] } = {},
  ): Promise<ContributionEvent[]> {
    const k = this.db.knex;
    const part = () => {
      const q = k('contribution_events').where('tenant_id', tenantId).select(EVENT_COLUMNS);
      if (filter.since) q.andWhere('at', '>=', filter.since);
      if (filter.types?.length) q.whereIn('type', filter.types);
      return q;
    };
    const people = filter.userIds ?? (filter.userId ? [filter.userId] : null);
    // A person's events are those they acted in and those they benefited from: one index lookup each
    // (actor, beneficiary), united. With an OR, SQLite walked the district's whole ledger in time order
    // instead (issue 17: the incremental recognition pass grew with the ledger).
    const q = people
      ? k
          .select(EVENT_COLUMNS)
          .from(part().whereIn('actor_user_id', people).union(part().whereIn('beneficiary_user_id', people)).as('e'))
      : part();
    q.orderBy([{ column: 'at' }, { column: 'id' }]);
    const rows = parseRows(EventRowSchema, await q, 'contribution_events');
    return rows.map((r) =>
      ContributionEventSchema.parse({
        id: r.id,
        type: r.type,
        actorId: r.actor_user_id,
        beneficiaryId: r.beneficiary_user_id,
        adaptationId: r.adaptation_id,
        contextId: r.context_pk,
        schoolId: r.school_id,
        data: r.data_json,
        at: r.at,
      }),
    );
  }
}

/** The advisory lock name of a district's ledger (writers shared, `head` exclusive). */
function ledgerLock(tenantId: string): string {
  return `ledger:${tenantId}`;
}
