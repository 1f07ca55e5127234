import {
  AdaptationSchema,
  FORMER_COLLEAGUE,
  type Adaptation,
  type AdaptationContent,
  type Author,
} from '@margins/shared/adaptation';
import { AppError } from '@margins/shared/errors';
import { canonicalPageUrl } from '@margins/shared/page-url';
import type { TargetSelectors } from '@margins/shared/selectors';
import { parseOrThrow } from '@margins/shared/validation';
import type { PageAdaptation } from '../protocol/views.js';
import type { AdaptationRow, MarginsDb } from './db.js';
import type { OutboxService } from './outbox-service.js';
import { checkPrivacy, type PrivacyDeps } from './privacy-guard.js';

/** What a save from the form carries. */
export interface SaveInput {
  pageUrl: string;
  pageTitle: string;
  id?: string;
  baseVersion?: number;
  target: TargetSelectors;
  content: AdaptationContent;
  /** The teacher saw the privacy guard's warning and chose to share anyway. */
  shareAnyway?: boolean;
  /** A remix: the colleague's adaptation this copy starts from (new adaptations only). */
  remixOf?: string;
}

/** Collaborators, passed in so tests can fix the clock and ids. */
export interface AdaptationServiceDeps {
  db: MarginsDb;
  outbox: OutboxService;
  now: () => Date;
  newId: () => string;
  author: () => Promise<Author>;
  /** Told after every change, with the page it concerns, so open tabs and the panel refresh. */
  changed: (pageUrl: string) => void;
  /** The district's roster-aware privacy check, when connected (issue 16). */
  privacy?: PrivacyDeps;
}

/**
 * The teacher's adaptations: create, edit, delete with Undo, re-attach, list and search. Every
 * change is written together with its outbox entry in one transaction, so nothing is changed
 * locally without being queued for sync.
 */
export class AdaptationService {
  /** Rows already parsed in this worker's life, by id, with the version and time they were parsed at. */
  private readonly parsed = new Map<string, { stamp: string; adaptation: Adaptation }>();

  constructor(private readonly deps: AdaptationServiceDeps) {}

  /** The adaptations of one page (canonical URL), in page order, trimmed to what the page needs. */
  async listForPage(pageUrl: string): Promise<Adaptation[]> {
    const url = canonicalPageUrl(pageUrl);
    const rows = await this.deps.db.adaptations.where('pageUrl').equals(url).toArray();
    return this.readRows(rows).sort((a, b) => (a.target.position?.start ?? 0) - (b.target.position?.start ?? 0));
  }

  /**
   * The page's adaptations as its annotator and the panel show them: with where sharing stands
   * (only once this browser is connected: before that nothing is waiting) and what colleagues said.
   */
  async listPageViews(pageUrl: string, connected: boolean): Promise<PageAdaptation[]> {
    const url = canonicalPageUrl(pageUrl);
    const { db } = this.deps;
    const rows = await db.adaptations.where('pageUrl').equals(url).toArray();
    if (!rows.length) return [];
    const [pending, conflicts] = await Promise.all([
      connected
        ? db.outbox
            .where('adaptationId')
            .anyOf(rows.map((r) => r.id))
            .toArray()
        : Promise.resolve([]),
      db.conflicts.where('pageUrl').equals(url).primaryKeys(),
    ]);
    const waiting = new Set(pending.map((p) => p.adaptationId));
    const conflicted = new Set<string>(conflicts);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return (await this.listForPage(url)).map((a) => {
      const row = byId.get(a.id);
      const sync = conflicted.has(a.id)
        ? 'conflict'
        : row?.syncProblem
          ? 'problem'
          : waiting.has(a.id)
            ? 'pending'
            : undefined;
      return toPageAdaptation(a, { ...(sync ? { sync } : {}), ...(row?.social ? { social: row.social } : {}) });
    });
  }

  /** One adaptation, or `not_found`. */
  async get(id: string): Promise<Adaptation> {
    const row = await this.deps.db.adaptations.get(id);
    const [adaptation] = row ? this.readRows([row]) : [];
    if (!adaptation) throw new AppError('not_found', 'That adaptation was not found. It may have been deleted.');
    return adaptation;
  }

  /** Creates an adaptation, or saves an edit of one (refusing an edit made on an older version). */
  async save(input: SaveInput): Promise<Adaptation> {
    const { db, outbox, now } = this.deps;
    const url = canonicalPageUrl(input.pageUrl);
    const author = input.id ? undefined : await this.deps.author();
    // Private notes are never held up; anything shared is checked for a student's name first (before
    // the transaction: the district's check goes over the network).
    if (!input.shareAnyway && input.content.visibility !== 'private')
      await checkPrivacy(input.content, this.deps.privacy);
    const saved = await db.transaction('rw', db.adaptations, db.outbox, db.shared, async () => {
      const stamp = now().toISOString();
      const previous = input.id ? await db.adaptations.get(input.id) : undefined;
      if (!input.id) {
        const provenance = input.remixOf ? await this.provenanceOf(input.remixOf) : undefined;
        const adaptation = parseOrThrow(
          AdaptationSchema,
          {
            ...input.content,
            id: this.deps.newId(),
            author,
            ...(provenance ? { provenance } : {}),
            page: { url, title: input.pageTitle.slice(0, 500) },
            target: input.target,
            createdAt: stamp,
            updatedAt: stamp,
            version: 1,
          },
          'The adaptation',
        );
        await db.adaptations.add(toRow(adaptation, null));
        await outbox.upserted(adaptation, null);
        return adaptation;
      }
      const row = previous;
      if (!row)
        throw new AppError(
          'not_found',
          'That adaptation was deleted, so the edit could not be saved. Your text is kept in the form.',
        );
      if (input.baseVersion !== undefined && input.baseVersion !== row.adaptation.version) {
        throw new AppError(
          'conflict',
          'This adaptation was changed in another tab after you opened it. Reopen it to see the latest version.',
        );
      }
      const adaptation = parseOrThrow(
        AdaptationSchema,
        {
          ...row.adaptation,
          ...input.content,
          updatedAt: stamp,
          version: row.adaptation.version + 1,
        },
        'The adaptation',
      );
      await db.adaptations.put({
        ...toRow(adaptation, row.syncedVersion),
        ...(row.social ? { social: row.social } : {}),
      });
      await outbox.upserted(adaptation, row.syncedVersion);
      return adaptation;
    });
    this.deps.changed(saved.page.url);
    return saved;
  }

  /** Where a remix comes from: the colleague's adaptation, crediting its author as I was shown them. */
  private async provenanceOf(originalId: string): Promise<NonNullable<Adaptation['provenance']>> {
    const original = await this.deps.db.shared.get(originalId);
    if (!original) throw new AppError('not_found', 'The adaptation you are remixing is no longer shared with you.');
    const a = original.adaptation;
    return {
      remixedFrom: a.id,
      originalAuthor: a.authorVisible && a.author.name ? { id: a.author.id, name: a.author.name } : { id: a.author.id },
    };
  }

  /** Deletes an adaptation, keeping it in the trash so Undo can bring it back. */
  async delete(id: string): Promise<{ id: string; pageUrl: string }> {
    const { db, outbox, now } = this.deps;
    const pageUrl = await db.transaction('rw', db.adaptations, db.outbox, db.trash, async () => {
      const row = await db.adaptations.get(id);
      if (!row) throw new AppError('not_found', 'That adaptation was already deleted.');
      await db.adaptations.delete(id);
      await db.trash.put({ id, deletedAt: now().toISOString(), row });
      await outbox.deleted(id, row.syncedVersion);
      return row.pageUrl;
    });
    this.deps.changed(pageUrl);
    return { id, pageUrl };
  }

  /** Undo of a delete: puts the adaptation back as a new version and queues it for sync again. */
  async restore(id: string): Promise<Adaptation> {
    const { db, outbox, now } = this.deps;
    const restored = await db.transaction('rw', db.adaptations, db.outbox, db.trash, async () => {
      const trashed = await db.trash.get(id);
      if (!trashed) throw new AppError('not_found', 'That adaptation can no longer be restored.');
      const [previous] = this.readRows([trashed.row]);
      if (!previous) throw new AppError('storage_failed', 'The deleted adaptation could not be read back.');
      const stamp = now().toISOString();
      await db.trash.delete(id);
      if (trashed.serverDeleted) {
        // The district already removed it everywhere and does not take the id back: a new adaptation with the same content.
        const fresh: Adaptation = {
          ...previous,
          id: this.deps.newId(),
          createdAt: stamp,
          updatedAt: stamp,
          version: 1,
        };
        await db.adaptations.put(toRow(fresh, null));
        await outbox.upserted(fresh, null);
        return fresh;
      }
      const adaptation: Adaptation = { ...previous, updatedAt: stamp, version: previous.version + 1 };
      await db.adaptations.put(toRow(adaptation, trashed.row.syncedVersion));
      await outbox.upserted(adaptation, trashed.row.syncedVersion);
      return adaptation;
    });
    this.deps.changed(restored.page.url);
    return restored;
  }

  /** Moves an orphaned (or misplaced) adaptation to a newly selected passage. */
  async reattach(id: string, target: TargetSelectors): Promise<Adaptation> {
    const { db, outbox, now } = this.deps;
    const moved = await db.transaction('rw', db.adaptations, db.outbox, async () => {
      const row = await db.adaptations.get(id);
      if (!row) throw new AppError('not_found', 'That adaptation was not found. It may have been deleted.');
      const adaptation = parseOrThrow(
        AdaptationSchema,
        { ...row.adaptation, target, updatedAt: now().toISOString(), version: row.adaptation.version + 1 },
        'The adaptation',
      );
      await db.adaptations.put(toRow(adaptation, row.syncedVersion));
      await outbox.upserted(adaptation, row.syncedVersion);
      return adaptation;
    });
    this.deps.changed(moved.page.url);
    return moved;
  }

  /** All my adaptations, newest first, optionally matching every word of `query` (accents ignored). */
  async search(query: string, offset: number, limit: number): Promise<{ items: Adaptation[]; total: number }> {
    const words = fold(query).split(/\s+/).filter(Boolean);
    const rows = await this.deps.db.adaptations.orderBy('updatedAt').reverse().toArray();
    const matching = this.readRows(rows).filter((a) => {
      if (!words.length) return true;
      const haystack = fold(
        [a.body, a.rationale, a.target.quote.exact, a.page.title, a.page.url, a.evidence?.note ?? ''].join('\n'),
      );
      return words.every((w) => haystack.includes(w));
    });
    return { items: matching.slice(offset, offset + limit), total: matching.length };
  }

  /** Every adaptation, oldest first (export). */
  async all(): Promise<Adaptation[]> {
    return this.readRows(await this.deps.db.adaptations.orderBy('updatedAt').toArray());
  }

  /** Stores imported adaptations whose id is not already here (or in the trash); returns how many were new. */
  async importNew(adaptations: readonly Adaptation[]): Promise<{ imported: number; skipped: number }> {
    const { db, outbox } = this.deps;
    const pages = new Set<string>();
    const counts = await db.transaction('rw', db.adaptations, db.outbox, db.trash, async () => {
      let imported = 0;
      let skipped = 0;
      const seen = new Set<string>();
      for (const adaptation of adaptations) {
        if (
          seen.has(adaptation.id) ||
          (await db.adaptations.get(adaptation.id)) ||
          (await db.trash.get(adaptation.id))
        ) {
          skipped += 1;
          continue;
        }
        seen.add(adaptation.id);
        await db.adaptations.add(toRow(adaptation, null));
        await outbox.upserted(adaptation, null);
        pages.add(adaptation.page.url);
        imported += 1;
      }
      return { imported, skipped };
    });
    for (const page of pages) this.deps.changed(page);
    return counts;
  }

  /**
   * Parses rows read back (STYLE: parse at every edge); a corrupt row is logged and left out,
   * never thrown. Each row version is parsed once per worker life: a page with 200 adaptations
   * is listed on every visit, and parsing them all each time is most of that cost.
   */
  private readRows(rows: readonly AdaptationRow[]): Adaptation[] {
    const out: Adaptation[] = [];
    for (const row of rows) {
      const stamp = `${String(row.adaptation?.version)}|${row.updatedAt}`;
      const cached = this.parsed.get(row.id);
      if (cached?.stamp === stamp) {
        out.push(cached.adaptation);
        continue;
      }
      const parsed = AdaptationSchema.safeParse(row.adaptation);
      if (parsed.success) {
        this.parsed.set(row.id, { stamp, adaptation: parsed.data });
        out.push(parsed.data);
      } else
        console.warn(
          `margins: stored adaptation ${row.id} is not valid and was skipped`,
          parsed.error.issues[0]?.message,
        );
    }
    return out;
  }
}

/** How a remix names its original's author: by name where shown, "a former colleague" after a deleted account (issue 16). */
export function remixOfView(original: Author | undefined): { authorName: string | null; former?: boolean } {
  if (original?.id === FORMER_COLLEAGUE.id) return { authorName: null, former: true };
  return { authorName: original?.name ?? null };
}

/** Only what the page's annotator needs of an adaptation (plus, for the note, its sharing state and social proof). */
export function toPageAdaptation(a: Adaptation, extra: Pick<PageAdaptation, 'sync' | 'social'> = {}): PageAdaptation {
  const original = a.provenance?.originalAuthor;
  return {
    ...extra,
    ...(a.provenance ? { remixOf: remixOfView(original) } : {}),
    id: a.id,
    version: a.version,
    target: a.target,
    kinds: a.kinds,
    body: a.body,
    rationale: a.rationale,
    audience: a.audience,
    ...(a.evidence ? { evidence: a.evidence } : {}),
    visibility: a.visibility,
    updatedAt: a.updatedAt,
  };
}

function toRow(adaptation: Adaptation, syncedVersion: number | null): AdaptationRow {
  return {
    id: adaptation.id,
    pageUrl: adaptation.page.url,
    updatedAt: adaptation.updatedAt,
    adaptation,
    syncedVersion,
  };
}

/** Lower-case without accents, for search. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
