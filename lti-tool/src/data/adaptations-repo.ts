import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  AdaptationSchema,
  AuthorSchema,
  EndorsementSchema,
  FeedbackSchema,
  type Adaptation,
  type Author,
  type Endorsement,
  type Feedback,
} from '@margins/shared';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { parseStoredOrTombstone, type StoredOrTombstone } from './tombstones.js';
import { refreshPassages } from './passage-groups.js';
import { dbBool, dbInt, dbJson, dbNullableText, likeEscape, parseRow, parseRows } from './rows.js';
import { urlHash } from './migrations/010-sync.js';
import { memberCourses, visibleTo, type Viewer } from './visibility.js';

export type { Viewer } from './visibility.js';
/** The visibility rule as SQL (data/visibility.ts), re-exported for repositories that import it from here. */
export { visibleTo } from './visibility.js';

/** An adaptation as stored, with server-side metadata around the shared-schema JSON. */
export const StoredAdaptationSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  author_user_id: z.string(),
  context_pk: dbNullableText,
  visibility: z.enum(['private', 'course', 'district', 'network']),
  network_status: z.enum(['none', 'pending', 'approved']),
  version: dbInt,
  deleted: dbBool,
  json: dbJson(AdaptationSchema),
  updated_at: z.string(),
});
/** A stored adaptation. */
export type StoredAdaptation = z.infer<typeof StoredAdaptationSchema>;

/** Endorsement and feedback counts of one adaptation, outcome tallies and the viewer's own endorsement. */
export interface SocialProof {
  endorsements: number;
  feedback: number;
  outcomes: Record<string, number>;
  mine: Endorsement | null;
}

/** Library filters after parsing (shared LibraryQuerySchema). */
export interface LibraryFilter {
  scope: 'course' | 'district' | 'network';
  q?: string | undefined;
  kind?: string | undefined;
  gradeBand?: string | undefined;
  subject?: string | undefined;
  focusArea?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

const TAG_PREFIX = { kind: 'kind:', gradeBand: 'grade:', subject: 'subject:' } as const;

function tagsOf(a: Adaptation): string[] {
  return [
    ...a.kinds.map((k) => TAG_PREFIX.kind + k),
    ...a.audience.gradeBands.map((g) => TAG_PREFIX.gradeBand + g),
    ...a.audience.subjects.map((s) => TAG_PREFIX.subject + s),
  ];
}

function encodeCursor(updatedAt: string, id: string): string {
  return Buffer.from(`${updatedAt}|${id}`).toString('base64url');
}
function decodeCursor(cursor: string): { updatedAt: string; id: string } | null {
  const [updatedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return updatedAt && id ? { updatedAt, id } : null;
}

/** The stored row of an adaptation (its author is `a.author.id`); one shape for every writer. */
export function adaptationRow(
  a: Adaptation,
  meta: {
    tenantId: string;
    contextPk: string | null;
    networkStatus: 'none' | 'pending' | 'approved';
    deleted: boolean;
  },
) {
  return {
    id: a.id,
    tenant_id: meta.tenantId,
    author_user_id: a.author.id,
    context_pk: meta.contextPk,
    visibility: a.visibility,
    network_status: meta.networkStatus,
    version: a.version,
    deleted: meta.deleted,
    canonical_url: a.page.url,
    url_hash: urlHash(a.page.url),
    page_title: a.page.title,
    search_text: [a.page.title, a.body, a.rationale].join('\n').toLowerCase(),
    json: JSON.stringify(a),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

/** Rewrites the library facets (kind, grade, subject) of an adaptation. */
export async function writeTags(trx: Knex.Transaction, a: Adaptation, tenantId: string): Promise<void> {
  await trx('adaptation_tags').where({ adaptation_id: a.id }).del();
  const tags = tagsOf(a).map((tag) => ({ adaptation_id: a.id, tenant_id: tenantId, tag }));
  if (tags.length) await trx('adaptation_tags').insert(tags);
}

/** Adaptations shared to the server, with endorsements and feedback. */
export class AdaptationsRepo {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.knex;
  }

  /**
   * Stores an adaptation shared by `authorUserId` (validated by AdaptationSchema on the way in).
   * Issue 6's sync builds on this; today it serves seeding and tests.
   */
  async put(
    input: unknown,
    meta: {
      tenantId: string;
      authorUserId: string;
      authorName?: string;
      contextPk: string | null;
      networkStatus?: 'none' | 'pending' | 'approved';
    },
  ): Promise<StoredAdaptation> {
    const parsed = AdaptationSchema.parse(input);
    const a: Adaptation = {
      ...parsed,
      author: { id: meta.authorUserId, ...(meta.authorName ? { name: meta.authorName } : {}) },
    };
    const row = adaptationRow(a, {
      tenantId: meta.tenantId,
      contextPk: meta.contextPk,
      networkStatus: a.visibility === 'network' ? (meta.networkStatus ?? 'pending') : 'none',
      deleted: false,
    });
    await this.k.transaction(async (trx) => {
      await trx('adaptations').insert(row).onConflict('id').merge();
      await writeTags(trx, a, meta.tenantId);
      await refreshPassages(trx, [a.id]);
    });
    const stored = await this.get(a.id);
    if (!stored?.json) throw new Error('adaptation vanished after insert');
    return stored;
  }

  /** One adaptation or its tombstone, regardless of viewer (services check visibility with `getVisible`). */
  async get(id: string): Promise<StoredOrTombstone | null> {
    const row: unknown = await this.k('adaptations as a').where('a.id', id).first();
    return row ? parseStoredOrTombstone(row) : null;
  }

  /** The courses whose course-shared practices `viewer` sees (visibility.ts). */
  memberCourses(viewer: Viewer): Promise<{ id: string; title: string }[]> {
    return memberCourses(this.k, viewer);
  }

  /** One adaptation if `viewer` may read it, else null (callers answer 404 either way). */
  async getVisible(id: string, viewer: Viewer): Promise<StoredAdaptation | null> {
    const row: unknown = await visibleTo(
      this.k('adaptations as a').where('a.id', id).andWhere('a.deleted', false),
      viewer,
      'any',
    ).first();
    return row ? parseRow(StoredAdaptationSchema, row, 'adaptations') : null;
  }

  /** A page of the library for `viewer`, newest first, with the total count for the same filter. */
  async library(
    viewer: Viewer,
    f: LibraryFilter,
  ): Promise<{ items: StoredAdaptation[]; total: number; nextCursor: string | null }> {
    const base = () => {
      let q = visibleTo(this.k('adaptations as a').where('a.deleted', false), viewer, f.scope);
      const tagTenant = f.scope === 'network' ? null : viewer.tenantId;
      for (const [key, prefix] of Object.entries(TAG_PREFIX) as [keyof typeof TAG_PREFIX, string][]) {
        const value = f[key];
        if (!value) continue;
        q = q.whereIn('a.id', (s) => {
          s.from('adaptation_tags')
            .select('adaptation_id')
            .where('tag', prefix + value);
          if (tagTenant) s.andWhere('tenant_id', tagTenant);
        });
      }
      if (f.focusArea) {
        q = q.whereIn(
          'a.id',
          (s) => {
            s.from('collection_items as ci')
              .join('collections as c', 'c.id', 'ci.collection_id')
              .select('ci.adaptation_id')
              .where({ 'c.tenant_id': viewer.tenantId, 'c.focus_area_id': f.focusArea })
              .whereNotNull('c.published_at');
          }, // drafts stay the coaches' own
        );
      }
      if (f.q) q = q.andWhereRaw(`a.search_text LIKE ? ESCAPE '\\'`, [`%${likeEscape(f.q.toLowerCase())}%`]);
      return q;
    };
    let page = base();
    const cur = f.cursor ? decodeCursor(f.cursor) : null;
    if (cur)
      page = page.andWhere((w) => {
        w.where('a.updated_at', '<', cur.updatedAt).orWhere((x) => {
          x.where('a.updated_at', cur.updatedAt).andWhere('a.id', '<', cur.id);
        });
      });
    const [rows, countRow] = (await Promise.all([
      page
        .clone()
        .select('a.*')
        .orderBy([
          { column: 'a.updated_at', order: 'desc' },
          { column: 'a.id', order: 'desc' },
        ])
        .limit(f.limit + 1),
      base().count({ n: '*' }).first(),
    ])) as [unknown[], unknown];
    const items = parseRows(StoredAdaptationSchema, rows.slice(0, f.limit), 'adaptations');
    const last = items[items.length - 1];
    return {
      items,
      total: parseRow(z.object({ n: dbInt }), countRow, 'count').n,
      nextCursor: rows.length > f.limit && last ? encodeCursor(last.updated_at, last.id) : null,
    };
  }

  /** Endorsement and feedback counts, outcome tallies and the viewer's own endorsement, for a page of ids. */
  async socialProof(ids: string[], userId: string): Promise<Map<string, SocialProof>> {
    const out = new Map<string, SocialProof>();
    for (const id of ids) out.set(id, { endorsements: 0, feedback: 0, outcomes: {}, mine: null });
    if (!ids.length) return out;
    const [outcomes, feedback, mine] = await Promise.all([
      this.k('endorsements')
        .whereIn('adaptation_id', ids)
        .groupBy('adaptation_id', 'outcome')
        .select('adaptation_id', 'outcome')
        .count({ n: '*' }),
      this.k('feedback')
        .whereIn('adaptation_id', ids)
        .groupBy('adaptation_id')
        .select('adaptation_id')
        .count({ n: '*' }),
      this.k('endorsements as e')
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

  /** Endorsements of one adaptation, newest first. */
  async endorsements(adaptationId: string): Promise<(Endorsement & { tenantId: string })[]> {
    const rows = await this.k('endorsements as e')
      .join('users as u', 'u.id', 'e.user_id')
      .where('e.adaptation_id', adaptationId)
      .select('e.*', 'u.name as user_name', 'u.tenant_id as user_tenant_id')
      .orderBy('e.updated_at', 'desc')
      .limit(200);
    return rows.map((r: Record<string, unknown>) => ({ ...toEndorsement(r), tenantId: String(r.user_tenant_id) }));
  }

  /** Feedback on one adaptation, oldest first (a conversation reads top-down). */
  async feedback(adaptationId: string): Promise<(Feedback & { tenantId: string })[]> {
    const rows = await this.k('feedback as f')
      .join('users as u', 'u.id', 'f.user_id')
      .where('f.adaptation_id', adaptationId)
      .select('f.*', 'u.name as user_name', 'u.tenant_id as user_tenant_id')
      .orderBy('f.created_at')
      .limit(500);
    return rows.map((r: Record<string, unknown>) => ({ ...toFeedback(r), tenantId: String(r.user_tenant_id) }));
  }

  /** Records "I tried this" (one per person per adaptation; sending again updates it). */
  async endorse(e: {
    tenantId: string;
    adaptationId: string;
    userId: string;
    outcome: string;
    note: string;
  }): Promise<void> {
    const now = nowIso();
    await this.k('endorsements')
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
      .merge({ outcome: e.outcome, note: e.note, updated_at: now });
  }

  /** Adds structured feedback. */
  async addFeedback(f: {
    tenantId: string;
    adaptationId: string;
    userId: string;
    type: string;
    text: string;
  }): Promise<void> {
    await this.k('feedback').insert({
      id: randomUUID(),
      tenant_id: f.tenantId,
      adaptation_id: f.adaptationId,
      user_id: f.userId,
      type: f.type,
      text: f.text,
      created_at: nowIso(),
    });
  }

  /** Creates a focus area (tenant-wide school goal). */
  async addFocusArea(tenantId: string, title: string, description = ''): Promise<string> {
    const id = randomUUID();
    const now = nowIso();
    await this.k('focus_areas').insert({
      id,
      tenant_id: tenantId,
      title,
      description,
      created_at: now,
      updated_at: now,
    });
    return id;
  }

  /** Focus areas of a tenant, for the library filter. */
  async focusAreas(tenantId: string): Promise<{ id: string; title: string; description: string; createdAt: string }[]> {
    const rows = await this.k('focus_areas').where({ tenant_id: tenantId }).orderBy('title');
    return parseRows(
      z.object({ id: z.string(), title: z.string(), description: z.string(), created_at: z.string() }),
      rows,
      'focus_areas',
    ).map((r) => ({ id: r.id, title: r.title, description: r.description, createdAt: r.created_at }));
  }

  /**
   * Creates a collection with its ordered items, published unless `draft` (seeding and tests; the
   * coach workspace edits collections through CollectionsRepo, which also records the ledger event).
   */
  async addCollection(c: {
    tenantId: string;
    curatorUserId: string;
    title: string;
    description?: string;
    focusAreaId: string | null;
    items: { adaptationId: string; note?: string }[];
    draft?: boolean;
  }): Promise<string> {
    const id = randomUUID();
    const now = nowIso();
    await this.k.transaction(async (trx) => {
      const published = c.draft
        ? { published_at: null, published_by: null }
        : { published_at: now, published_by: c.curatorUserId };
      await trx('collections').insert({
        id,
        tenant_id: c.tenantId,
        curator_user_id: c.curatorUserId,
        focus_area_id: c.focusAreaId,
        context_pk: null,
        title: c.title,
        description: c.description ?? '',
        created_at: now,
        updated_at: now,
        ...published,
      });
      if (c.items.length)
        await trx('collection_items').insert(
          c.items.map((it, position) => ({
            collection_id: id,
            adaptation_id: it.adaptationId,
            position,
            note: it.note ?? '',
          })),
        );
    });
    return id;
  }
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
