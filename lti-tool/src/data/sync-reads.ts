/** What pulls and page lookups read (change feed, snapshots, social proof): apart from the writes in sync-repo.ts. */
import type { Knex } from 'knex';
import { z } from 'zod';
import { ENDORSEMENT_OUTCOMES } from '@margins/shared';
import { StoredAdaptationSchema, toEndorsement, type SocialProof, type StoredAdaptation } from './adaptations-repo.js';
import type { Db } from './db.js';
import { urlHash } from './migrations/010-sync.js';
import { readStoredAdaptation } from './stored-adaptation.js';
import { dbInt, dbNullableText, parseRow, parseRows } from './rows.js';
import { visibleTo, type AudienceColumns, type Viewer } from './visibility.js';

/** The columns a stored adaptation is read with (everything but the search text). */
export const ADAPTATION_COLUMNS = [
  'a.id',
  'a.tenant_id',
  'a.author_user_id',
  'a.context_pk',
  'a.visibility',
  'a.network_status',
  'a.version',
  'a.deleted',
  'a.json',
  'a.updated_at',
];

const OLD: AudienceColumns = {
  tenant: 'ch.tenant_id',
  author: 'ch.author_user_id',
  visibility: 'ch.old_visibility',
  context: 'ch.old_context_pk',
  networkStatus: 'ch.old_network_status',
};
const NEW: AudienceColumns = {
  tenant: 'ch.tenant_id',
  author: 'ch.author_user_id',
  visibility: 'ch.new_visibility',
  context: 'ch.new_context_pk',
  networkStatus: 'ch.new_network_status',
};

/** Adaptations read for a viewer, with their social proof computed in the same query. */
export interface SharedRows {
  rows: StoredAdaptation[];
  social: Map<string, SocialProof>;
}

/** The social-proof columns of a row: counts (numbers, or strings from pg) and the viewer's endorsement id. */
function socialColumns(r: Record<string, unknown>): {
  outcomes: number[];
  social_feedback: number;
  me_id: string | null;
} {
  const count = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN);
  const outcomes = ENDORSEMENT_OUTCOMES.map((_, i) => count(r[`social_o${i}`]));
  const social_feedback = count(r.social_feedback);
  const me_id = r.me_id ?? null;
  if ([...outcomes, social_feedback].every(Number.isInteger) && (me_id === null || typeof me_id === 'string'))
    return { outcomes, social_feedback, me_id };
  const c = parseRow(SocialColumnsSchema, r, 'adaptations (social proof)') as Record<string, unknown>;
  return {
    outcomes: outcomes.map((_, i) => c[`social_o${i}`] as number),
    social_feedback: c.social_feedback as number,
    me_id: c.me_id as string | null,
  };
}

const SocialColumnsSchema = z
  .object({
    social_feedback: dbInt,
    ...Object.fromEntries(ENDORSEMENT_OUTCOMES.map((_, i) => [`social_o${i}`, dbInt])),
    me_id: dbNullableText,
  })
  .passthrough();

/** One change-feed position and the adaptation it is about. */
export interface FeedRow {
  seq: number;
  adaptationId: string;
}
const FeedRowSchema = z.object({ seq: dbInt, adaptation_id: z.string() });

/** Most adaptations one page lookup returns (newest first). */
export const MAX_PAGE_ADAPTATIONS = 500;

/**
 * Reads for sync with the extension: the change feed and snapshots that pulls read, and page lookup
 * by URL, each with the visibility rule applied in SQL and social proof in the same query. SyncRepo
 * (sync-repo.ts) adds the writes and the district sharing settings.
 */
export class SyncReads {
  constructor(protected readonly db: Db) {}

  protected get k() {
    return this.db.knex;
  }

  /**
   * The newest change-feed position (the compaction floor when the feed is empty). Read before the
   * feed itself, so a pull never skips past a change.
   */
  async maxSeq(): Promise<number> {
    const row = await this.k('adaptation_changes').max({ m: 'seq' }).first();
    const m = parseRow(z.object({ m: dbInt.nullable() }), row, 'adaptation_changes').m;
    return m ?? (await this.feedFloor());
  }

  /**
   * The newest change-feed position compaction removed (0 before the first; migration 085): a cursor
   * older than it may have missed changes, and its browser must read everything again.
   */
  async feedFloor(): Promise<number> {
    const row: unknown = await this.k('sync_feed_floor').where({ id: 1 }).first('floor_seq');
    return row ? parseRow(z.object({ floor_seq: dbInt }), row, 'sync_feed_floor').floor_seq : 0;
  }

  /**
   * Changes in the viewer's own tenant after `after` (up to `upTo`) to adaptations the viewer could
   * see before or after the change: new ones, edits, and ones to remove.
   */
  async tenantFeed(v: Viewer, after: number, upTo: number, limit: number): Promise<FeedRow[]> {
    const rows = await this.k('adaptation_changes as ch')
      .where('ch.tenant_id', v.tenantId)
      .andWhere('ch.seq', '>', after)
      .andWhere('ch.seq', '<=', upTo)
      .andWhere((w) => {
        w.where((old) => {
          visibleTo(old.whereNotNull('ch.old_visibility').andWhere('ch.old_deleted', false), v, 'district', OLD);
        }).orWhere((now) => {
          visibleTo(now.where('ch.new_deleted', false), v, 'district', NEW);
        });
      })
      .orderBy('ch.seq')
      .limit(limit)
      .select('ch.seq', 'ch.adaptation_id');
    return parseRows(FeedRowSchema, rows, 'adaptation_changes').map((r) => ({
      seq: r.seq,
      adaptationId: r.adaptation_id,
    }));
  }

  /** Changes in other tenants to adaptations shared with the network (approved before or after the change). */
  async crossTenantFeed(v: Viewer, after: number, upTo: number, limit: number): Promise<FeedRow[]> {
    const rows = await this.k('adaptation_changes as ch')
      .where('ch.cross_tenant', true)
      .andWhere('ch.seq', '>', after)
      .andWhere('ch.seq', '<=', upTo)
      .andWhere('ch.tenant_id', '<>', v.tenantId)
      .orderBy('ch.seq')
      .limit(limit)
      .select('ch.seq', 'ch.adaptation_id');
    return parseRows(FeedRowSchema, rows, 'adaptation_changes').map((r) => ({
      seq: r.seq,
      adaptationId: r.adaptation_id,
    }));
  }

  /** Of `ids`, the adaptations the viewer may see now (not deleted). */
  async visibleByIds(v: Viewer, ids: string[]): Promise<SharedRows> {
    if (!ids.length) return { rows: [], social: new Map() };
    return this.shared(
      visibleTo(this.k('adaptations as a').whereIn('a.id', ids).andWhere('a.deleted', false), v, 'any'),
      v,
    );
  }

  /** One visible adaptation, or null (callers answer 404 either way). */
  async visible(v: Viewer, id: string, k: Knex | Knex.Transaction = this.k): Promise<StoredAdaptation | null> {
    const row: unknown = await visibleTo(
      k('adaptations as a').where('a.id', id).andWhere('a.deleted', false),
      v,
      'any',
    ).first(ADAPTATION_COLUMNS);
    return row ? parseRow(StoredAdaptationSchema, row, 'adaptations') : null;
  }

  /** A page of what the viewer sees in their own tenant, in id order after `afterId` (first pull). */
  async snapshotTenant(v: Viewer, afterId: string, limit: number): Promise<SharedRows> {
    return this.shared(
      visibleTo(
        this.k('adaptations as a')
          .where('a.tenant_id', v.tenantId)
          .andWhere('a.deleted', false)
          .andWhere('a.id', '>', afterId),
        v,
        'district',
      )
        .orderBy('a.id')
        .limit(limit),
      v,
    );
  }

  /** A page of approved network sharing from other tenants, in id order after `afterId` (first pull). */
  async snapshotNetwork(v: Viewer, afterId: string, limit: number): Promise<SharedRows> {
    const q = this.k('adaptations as a')
      .where('a.visibility', 'network')
      .andWhere('a.network_status', 'approved')
      .andWhere('a.deleted', false)
      .andWhere('a.id', '>', afterId)
      .andWhere('a.tenant_id', '<>', v.tenantId)
      .orderBy('a.id')
      .limit(limit);
    return this.shared(q, v);
  }

  /** The one query behind a page lookup, social proof included (the benchmark runs it directly as the floor). */
  pageQuery(v: Viewer, canonicalUrl: string): Knex.QueryBuilder {
    const q = visibleTo(
      this.k('adaptations as a')
        .where('a.url_hash', urlHash(canonicalUrl))
        .andWhere('a.canonical_url', canonicalUrl)
        .andWhere('a.deleted', false),
      v,
      'any',
    )
      .orderBy([
        { column: 'a.updated_at', order: 'desc' },
        { column: 'a.id', order: 'desc' },
      ])
      .limit(MAX_PAGE_ADAPTATIONS);
    return this.withSocial(q, v);
  }

  /** Adaptations on one page that the viewer may see, newest first, with their social proof. */
  async page(v: Viewer, canonicalUrl: string): Promise<SharedRows> {
    return this.parseShared((await this.pageQuery(v, canonicalUrl)) as Record<string, unknown>[]);
  }

  /**
   * Adds the adaptation columns and its social proof to a query over `adaptations as a`: endorsement
   * counts per outcome and feedback counts (correlated counts on indexed columns), and the viewer's
   * own endorsement. One round trip instead of four.
   */
  private withSocial(q: Knex.QueryBuilder, v: Viewer): Knex.QueryBuilder {
    const k = this.k;
    q.select(ADAPTATION_COLUMNS);
    ENDORSEMENT_OUTCOMES.forEach((o, i) => {
      q.select(
        k.raw(`(SELECT COUNT(*) FROM endorsements e WHERE e.adaptation_id = a.id AND e.outcome = ?) AS social_o${i}`, [
          o,
        ]),
      );
    });
    q.select(k.raw('(SELECT COUNT(*) FROM feedback f WHERE f.adaptation_id = a.id) AS social_feedback'));
    q.leftJoin('endorsements as me', (j) => j.on('me.adaptation_id', '=', 'a.id').andOnVal('me.user_id', '=', v.userId))
      .leftJoin('users as meu', 'meu.id', 'me.user_id')
      .select(
        'me.id as me_id',
        'me.adaptation_id as me_adaptation_id',
        'me.user_id as me_user_id',
        'me.outcome as me_outcome',
        'me.note as me_note',
        'me.created_at as me_created_at',
        'me.updated_at as me_updated_at',
        'meu.name as me_user_name',
      );
    return q;
  }

  private async shared(q: Knex.QueryBuilder, v: Viewer): Promise<SharedRows> {
    return this.parseShared((await this.withSocial(q, v)) as Record<string, unknown>[]);
  }

  /** Rows read with their social proof (`withSocial`): the adaptation trusted as written (readStoredAdaptation), the counts checked. */
  private parseShared(raw: Record<string, unknown>[]): SharedRows {
    const rows = raw.map(readStoredAdaptation);
    const social = new Map<string, SocialProof>();
    raw.forEach((r, i) => {
      const c = socialColumns(r);
      const outcomes: Record<string, number> = {};
      let endorsements = 0;
      ENDORSEMENT_OUTCOMES.forEach((o, j) => {
        const n = c.outcomes[j]!;
        if (n) outcomes[o] = n;
        endorsements += n;
      });
      const mine = c.me_id
        ? toEndorsement({
            id: r.me_id,
            adaptation_id: r.me_adaptation_id,
            user_id: r.me_user_id,
            user_name: r.me_user_name,
            outcome: r.me_outcome,
            note: r.me_note,
            created_at: r.me_created_at,
            updated_at: r.me_updated_at,
          })
        : null;
      social.set(rows[i]!.id, { endorsements, feedback: c.social_feedback, outcomes, mine });
    });
    return { rows, social };
  }
}
