import {
  AdaptationContentSchema,
  AdaptationSchema,
  type Adaptation,
  type AdaptationContent,
} from '@margins/shared/adaptation';
import { AppError } from '@margins/shared/errors';
import { parseOrThrow } from '@margins/shared/validation';
import type { ConflictView, SyncProblemView } from '../protocol/views.js';
import type { ConflictRow, MarginsDb } from './db.js';
import type { OutboxService } from './outbox-service.js';
import { checkPrivacy, type PrivacyDeps } from './privacy-guard.js';

/** How the teacher settles a conflict. */
export type Resolution =
  | { choice: 'mine' }
  | { choice: 'theirs' }
  /** Both versions merged by editing: this content replaces both. */
  | { choice: 'merged'; content: AdaptationContent; shareAnyway?: boolean };

/**
 * Conflicts: an adaptation changed here and in another browser (or deleted in one of them). The
 * SyncService keeps both versions; the teacher sees them side by side in the side panel and keeps
 * theirs, keeps mine (pushed again on top of the district's version, so it is a deliberate
 * overwrite), or merges by editing. Nothing is overwritten before that choice.
 */
export class ConflictService {
  constructor(
    private readonly db: MarginsDb,
    private readonly outbox: OutboxService,
    private readonly now: () => Date,
    private readonly newId: () => string,
    private readonly changed: (pageUrl: string) => void,
    /** The district's roster-aware privacy check (issue 16). */
    private readonly privacy?: PrivacyDeps,
  ) {}

  /** Every open conflict, newest first. */
  async list(): Promise<ConflictView[]> {
    const rows = await this.db.conflicts.toArray();
    return rows
      .sort((a, b) => b.detectedAt.localeCompare(a.detectedAt))
      .map((r) => ({
        adaptationId: r.adaptationId,
        pageUrl: r.pageUrl,
        pageTitle: r.mine?.page.title || r.theirs?.page.title || '',
        mine: r.mine,
        theirs: r.theirs,
        message: r.message,
        detectedAt: r.detectedAt,
      }));
  }

  /** Adaptations the district refused to store, with its reason (edit them to try again). */
  async problems(): Promise<SyncProblemView[]> {
    const rows = await this.db.adaptations.orderBy('syncProblem.at').toArray();
    return rows.map((r) => ({
      adaptationId: r.id,
      pageUrl: r.pageUrl,
      pageTitle: r.adaptation.page.title,
      body: r.adaptation.body,
      message: r.syncProblem!.message,
    }));
  }

  /** Settles one conflict. */
  async resolve(adaptationId: string, how: Resolution): Promise<void> {
    const { db } = this;
    // A merged text is checked before the transaction (the district's check goes over the network).
    let merged: AdaptationContent | null = null;
    if (how.choice === 'merged') {
      merged = parseOrThrow(AdaptationContentSchema, how.content, 'The merged adaptation');
      if (!how.shareAnyway && merged.visibility !== 'private') await checkPrivacy(merged, this.privacy);
    }
    const pageUrl = await db.transaction('rw', [db.conflicts, db.adaptations, db.outbox, db.trash], async () => {
      const c = await db.conflicts.get(adaptationId);
      if (!c) throw new AppError('not_found', 'This conflict was already settled.');
      if (how.choice === 'theirs') await this.takeTheirs(c);
      else if (how.choice === 'mine') await this.keepMine(c, c.mine);
      else {
        const content = merged!;
        const base = c.mine ?? c.theirs;
        if (!base) throw new AppError('not_found', 'Both versions were deleted: there is nothing to merge.');
        await this.keepMine(c, { ...base, ...content });
      }
      await db.conflicts.delete(adaptationId);
      return c.pageUrl;
    });
    this.changed(pageUrl);
  }

  /** Their version replaces mine here (or it is removed here, when they deleted it). */
  private async takeTheirs(c: ConflictRow): Promise<void> {
    const { db } = this;
    await this.outbox.dropFor(c.adaptationId);
    const live = await db.adaptations.get(c.adaptationId);
    await db.trash.delete(c.adaptationId);
    if (!c.theirs) {
      if (live) await db.adaptations.delete(c.adaptationId);
      return;
    }
    const version = Math.max((live?.adaptation.version ?? 0) + 1, c.theirs.version);
    await db.adaptations.put({
      id: c.theirs.id,
      pageUrl: c.theirs.page.url,
      updatedAt: c.theirs.updatedAt,
      adaptation: { ...c.theirs, version },
      syncedVersion: c.theirs.version,
      syncProblem: null,
      ...(live?.social ? { social: live.social } : {}),
    });
  }

  /** My version (or my delete) goes to the district on top of theirs. */
  private async keepMine(c: ConflictRow, mine: Adaptation | null): Promise<void> {
    const { db } = this;
    await this.outbox.dropFor(c.adaptationId);
    const live = await db.adaptations.get(c.adaptationId);
    const stamp = this.now().toISOString();
    if (!mine) {
      // I deleted it, they changed it: delete it over their version.
      const trashed = await db.trash.get(c.adaptationId);
      if (trashed && c.theirs)
        await db.trash.put({ ...trashed, row: { ...trashed.row, syncedVersion: c.theirs.version } });
      if (c.theirs) await this.outbox.deleted(c.adaptationId, c.theirs.version);
      return;
    }
    if (!c.theirs) {
      // They deleted it, I changed it: the district does not take a deleted id back, so mine becomes a new adaptation.
      const fresh = parseOrThrow(
        AdaptationSchema,
        { ...mine, id: this.newId(), createdAt: stamp, updatedAt: stamp, version: 1 },
        'The adaptation',
      );
      if (live) await db.adaptations.delete(c.adaptationId);
      await db.adaptations.put({
        id: fresh.id,
        pageUrl: fresh.page.url,
        updatedAt: fresh.updatedAt,
        adaptation: fresh,
        syncedVersion: null,
      });
      await this.outbox.upserted(fresh, null);
      return;
    }
    const version = Math.max((live?.adaptation.version ?? mine.version) + 1, c.theirs.version + 1);
    const next = parseOrThrow(AdaptationSchema, { ...mine, updatedAt: stamp, version }, 'The adaptation');
    await db.trash.delete(c.adaptationId);
    await db.adaptations.put({
      id: next.id,
      pageUrl: next.page.url,
      updatedAt: next.updatedAt,
      adaptation: next,
      syncedVersion: c.theirs.version,
      syncProblem: null,
      ...(live?.social ? { social: live.social } : {}),
    });
    await this.outbox.upserted(next, c.theirs.version);
  }
}
