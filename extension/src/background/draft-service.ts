import { canonicalPageUrl } from '@margins/shared/page-url';
import type { Draft } from '../protocol/views.js';
import type { MarginsDb } from './db.js';

/** Drafts older than this are removed when the background starts: a month is plenty to come back. */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 3_600_000;

/**
 * Unsaved form text, written on every pause in typing (and at the latest every second) so a
 * closed tab or a crashed browser loses at most the last second. Drafts are per page + passage,
 * and are removed when the adaptation is saved or the teacher discards them.
 */
export class DraftService {
  constructor(
    private readonly db: MarginsDb,
    private readonly now: () => Date,
  ) {}

  /** Stores (replaces) a draft; its page URL is canonicalised so it is found on the next visit. */
  async save(draft: Draft): Promise<{ key: string }> {
    await this.db.drafts.put({
      ...draft,
      pageUrl: canonicalPageUrl(draft.pageUrl),
      updatedAt: this.now().toISOString(),
    });
    return { key: draft.key };
  }

  /** The drafts left on one page, newest first. */
  async forPage(pageUrl: string): Promise<Draft[]> {
    const rows = await this.db.drafts.where('pageUrl').equals(canonicalPageUrl(pageUrl)).toArray();
    return rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Forgets a draft (after a save, or when the teacher discards it). */
  async discard(key: string): Promise<{ key: string }> {
    await this.db.drafts.delete(key);
    return { key };
  }

  /** Removes drafts nobody came back to; returns how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - DRAFT_MAX_AGE_MS).toISOString();
    return this.db.drafts.where('updatedAt').below(cutoff).delete();
  }
}
