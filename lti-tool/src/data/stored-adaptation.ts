import type { Adaptation } from '@margins/shared';
import { StoredAdaptationSchema, type StoredAdaptation } from './adaptations-repo.js';
import { parseRow } from './rows.js';

const VISIBILITIES = new Set<unknown>(StoredAdaptationSchema.shape.visibility.options);
const NETWORK_STATUSES = new Set<unknown>(StoredAdaptationSchema.shape.network_status.options);

/**
 * A stored adaptation read on the hot paths (the page lookup and the pull, issue 17) without parsing its
 * JSON through AdaptationSchema again: what enters the table is parsed with the schema on every write
 * (`adaptationRow` takes a parsed Adaptation: SyncService.push, AdaptationsRepo.upsert, remix), and the
 * second parse of every row on every read cost more than the query. The columns are still checked
 * and coerced as each driver returns them, and the JSON must be an object with the row's id and
 * version; anything else goes through the full schema, which fails loudly with the reason.
 */
export function readStoredAdaptation(row: Record<string, unknown>): StoredAdaptation {
  const json: unknown = typeof row.json === 'string' && row.json.startsWith('{') ? JSON.parse(row.json) : null;
  const version = Number(row.version);
  const a = json as Adaptation | null;
  if (
    !a ||
    typeof row.id !== 'string' ||
    a.id !== row.id ||
    a.version !== version ||
    typeof row.tenant_id !== 'string' ||
    typeof row.author_user_id !== 'string' ||
    (row.context_pk !== null && typeof row.context_pk !== 'string') ||
    !VISIBILITIES.has(row.visibility) ||
    !NETWORK_STATUSES.has(row.network_status) ||
    typeof row.updated_at !== 'string' ||
    typeof a.author !== 'object' ||
    typeof a.page !== 'object'
  )
    return parseRow(StoredAdaptationSchema, row, 'adaptations');
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    author_user_id: row.author_user_id,
    context_pk: row.context_pk,
    visibility: row.visibility as StoredAdaptation['visibility'],
    network_status: row.network_status as StoredAdaptation['network_status'],
    version,
    deleted: row.deleted === true || row.deleted === 1 || row.deleted === '1' || row.deleted === 't',
    json: a,
    updated_at: row.updated_at,
  };
}
