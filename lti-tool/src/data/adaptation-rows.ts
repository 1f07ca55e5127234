import type { Knex } from 'knex';
import { z } from 'zod';
import { AdaptationSchema, type Adaptation } from '@margins/shared';
import { urlHash } from './migrations/010-sync.js';
import { dbBool, dbInt, dbJson, dbNullableText } from './rows.js';

/**
 * An adaptation's row and library facet tags, written and read: the one shape every writer (AdaptationsRepo,
 * sync, remix) and reader shares, apart from any repository's queries.
 */

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

export const TAG_PREFIX = { kind: 'kind:', gradeBand: 'grade:', subject: 'subject:' } as const;

function tagsOf(a: Adaptation): string[] {
  return [
    ...a.kinds.map((k) => TAG_PREFIX.kind + k),
    ...a.audience.gradeBands.map((g) => TAG_PREFIX.gradeBand + g),
    ...a.audience.subjects.map((s) => TAG_PREFIX.subject + s),
  ];
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
