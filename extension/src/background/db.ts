import Dexie, { type Table, type Transaction } from 'dexie';
import type { Adaptation } from '@margins/shared/adaptation';
import { tryCanonicalPageUrl } from '@margins/shared/page-url';
import type { SharedAdaptation, SyncChange } from '@margins/shared/api';
import type { PageHotSpot } from '@margins/shared/api-insight';
import type { Draft, SocialProof } from '../protocol/views.js';

/**
 * The extension's IndexedDB, owned by the background script alone (STYLE: a content script's
 * IndexedDB belongs to the page's origin). Each schema version is kept, with its upgrade, so a
 * browser that last ran any older release migrates in place; see test/db-migration.test.ts.
 */

/** One stored adaptation; the indexed keys sit beside the parsed adaptation. */
export interface AdaptationRow {
  id: string;
  /** Canonical page URL (shared canonicalPageUrl), the lookup key of the annotator. */
  pageUrl: string;
  /** Same as adaptation.updatedAt; indexed for "recent first" lists. */
  updatedAt: string;
  adaptation: Adaptation;
  /** The server's version this copy was last synced at; null until the first sync (issue 6). */
  syncedVersion: number | null;
  /** Endorsements and feedback colleagues gave it (from the last pull). */
  social?: SocialProof;
  /** Why the district refused to store the latest change (validation, permission), until the next edit is stored. */
  syncProblem?: { code: string; message: string; at: string } | null;
}

/** A deleted adaptation kept for Undo (and for a while after, in case the teacher changes their mind). */
export interface TrashRow {
  id: string;
  deletedAt: string;
  row: AdaptationRow;
  /** The district has stored the delete: an Undo must create a new adaptation (the district keeps ids of deleted ones retired). */
  serverDeleted?: boolean;
}

/**
 * One change waiting to be pushed: exactly a shared `SyncChange` (api-sync.ts) plus delivery
 * bookkeeping, so the SyncService of issue 6 sends `toSyncChange(row)` as it is.
 */
export type OutboxRow = SyncChange & {
  seq?: number;
  adaptationId: string;
  attempts: number;
  /** Epoch ms before which the row is not retried (backoff). */
  nextAttemptAt: number;
  createdAt: string;
  lastError: string | null;
  /** The error code of the last refusal that keeps the change waiting (e.g. `quota_exceeded`), if any. */
  lastErrorCode?: string | null;
  /**
   * Set when the change was first sent: from then on it is re-sent exactly as it was (same key, same
   * base version), so a retry after a lost answer is recognised by the district as a duplicate.
   */
  sentAt?: string | null;
};

/** A colleague's adaptation (or a network one) this browser may see, as the district sent it. */
export interface SharedRow {
  id: string;
  pageUrl: string;
  adaptation: SharedAdaptation;
}

/** An adaptation changed here and elsewhere: both versions, until the teacher decides. */
export interface ConflictRow {
  adaptationId: string;
  pageUrl: string;
  /** My version; null when my change was a delete. */
  mine: Adaptation | null;
  /** The district's version; null when it was deleted there. */
  theirs: Adaptation | null;
  message: string;
  detectedAt: string;
}

/** When a page's colleagues' adaptations were last looked up. */
export interface PageLookupRow {
  pageUrl: string;
  checkedAt: number;
}

/** A page's district hot spots as last looked up (issue 20): counts and anchors, shown offline too. */
export interface HotSpotRow {
  pageUrl: string;
  spots: PageHotSpot[];
}

/** A form draft (see protocol/views.ts). */
export type DraftRow = Draft;

/** A site where the teacher turned Margins on. */
export interface SiteRow {
  site: string;
  enabledAt: string;
}

/** Small settings, one row per key. */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** Schema of release 1 (kept so its upgrade can be tested): enabled sites lived in settings. */
export const SCHEMA_V1 = {
  adaptations: 'id, pageUrl, updatedAt',
  outbox: '++seq, &idempotencyKey, adaptationId',
  drafts: 'key, pageUrl, updatedAt',
  settings: 'key',
} as const;

/** Schema of release 2: backoff index on the outbox, a trash for Undo, enabled sites in their own table. */
export const SCHEMA_V2 = {
  adaptations: 'id, pageUrl, updatedAt',
  outbox: '++seq, &idempotencyKey, adaptationId, nextAttemptAt',
  drafts: 'key, pageUrl, updatedAt',
  settings: 'key',
  trash: 'id, deletedAt',
  sites: 'site',
} as const;

/** Schema of release 3 (issue 6): colleagues' adaptations, conflicts, page lookups. */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  // The refusal's time indexes the (few) adaptations the district refused: rows without one are not in the index.
  adaptations: 'id, pageUrl, updatedAt, syncProblem.at',
  shared: 'id, pageUrl',
  conflicts: 'adaptationId, pageUrl',
  pageLookups: 'pageUrl',
} as const;

/** Schema of release 4 (issue 20): a page's district hot spots. */
export const SCHEMA_V4 = { ...SCHEMA_V3, hotSpots: 'pageUrl' } as const;

/** The database name in the browser profile. */
export const DB_NAME = 'margins';

/** The extension's database. */
export class MarginsDb extends Dexie {
  adaptations!: Table<AdaptationRow, string>;
  outbox!: Table<OutboxRow, number>;
  drafts!: Table<DraftRow, string>;
  settings!: Table<SettingRow, string>;
  trash!: Table<TrashRow, string>;
  sites!: Table<SiteRow, string>;
  shared!: Table<SharedRow, string>;
  conflicts!: Table<ConflictRow, string>;
  pageLookups!: Table<PageLookupRow, string>;
  hotSpots!: Table<HotSpotRow, string>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
  }
}

/**
 * Release 1 -> 2: outbox rows get backoff fields, sync state starts unknown, page URLs are
 * re-canonicalised (the rules gained route fragments and more tracking parameters), and the
 * enabled-sites list moves from one settings row into the `sites` table.
 */
async function upgradeToV2(tx: Transaction): Promise<void> {
  const now = new Date().toISOString();
  await tx
    .table('outbox')
    .toCollection()
    .modify((row: Record<string, unknown>) => {
      row.attempts = typeof row.attempts === 'number' ? row.attempts : 0;
      row.nextAttemptAt = 0;
      row.createdAt = typeof row.createdAt === 'string' ? row.createdAt : now;
      row.lastError = null;
    });
  await tx
    .table('adaptations')
    .toCollection()
    .modify((row: Record<string, unknown>) => {
      row.syncedVersion = null;
      const adaptation = row.adaptation as { page?: { url?: string } } | undefined;
      const url = adaptation?.page?.url ?? row.pageUrl;
      const canonical = typeof url === 'string' ? tryCanonicalPageUrl(url) : null;
      if (canonical) {
        row.pageUrl = canonical;
        if (adaptation?.page) adaptation.page.url = canonical;
      }
    });
  const legacy = (await tx.table('settings').get('enabledSites')) as SettingRow | undefined;
  const sites = Array.isArray(legacy?.value) ? legacy.value.filter((s): s is string => typeof s === 'string') : [];
  if (sites.length) await tx.table('sites').bulkPut(sites.map((site) => ({ site, enabledAt: now })));
  if (legacy) await tx.table('settings').delete('enabledSites');
}
