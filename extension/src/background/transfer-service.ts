import { parseWebAnnotationFile, toAnnotationCollection } from '@margins/shared/w3c/collection';
import type { ConnectionView, ImportReport } from '../protocol/views.js';
import type { AdaptationService } from './adaptation-service.js';
import type { MarginsDb } from './db.js';

/**
 * Export of all my adaptations as one W3C AnnotationCollection (model §5), and import of such a
 * file (or a single annotation, a list, an AnnotationPage) back, skipping ids already here.
 */
export class TransferService {
  constructor(
    private readonly adaptations: AdaptationService,
    private readonly newId: () => string,
    private readonly now: () => Date,
    private readonly local?: { db: MarginsDb; connection: () => Promise<ConnectionView> },
  ) {}

  /**
   * "Download my data" (issue 16): everything this browser keeps, as one JSON file: my adaptations
   * (as W3C Web Annotations, plus the recently deleted ones still offered for undo), unfinished drafts,
   * the sites Margins is on, and the district connection (who and where, never its tokens).
   * Colleagues' adaptations cached here are theirs and are left out.
   */
  async exportMyData(): Promise<{ fileName: string; json: string; count: number }> {
    const all = await this.adaptations.all();
    const generated = this.now().toISOString();
    const db = this.local?.db;
    const [drafts, trash, sites, connection] = await Promise.all([
      db ? db.drafts.toArray() : [],
      db ? db.trash.toArray() : [],
      db ? db.sites.toArray() : [],
      this.local ? this.local.connection() : Promise.resolve<ConnectionView>({ state: 'none' }),
    ]);
    const data = {
      format: 'margins-extension-data/1',
      exportedAt: generated,
      connection,
      annotations: toAnnotationCollection(all, {
        id: `urn:uuid:${this.newId()}`,
        label: 'My Margins adaptations',
        generated,
      }),
      recentlyDeleted: trash.map((t) => ({ deletedAt: t.deletedAt, adaptation: t.row.adaptation })),
      drafts,
      sites: sites.map((s) => ({ site: s.site, enabledAt: s.enabledAt })),
    };
    return {
      fileName: `margins-my-data-${generated.slice(0, 10)}.json`,
      json: JSON.stringify(data, null, 2),
      count: all.length,
    };
  }

  /** The export file's name and JSON text. */
  async exportAll(): Promise<{ fileName: string; json: string; count: number }> {
    const all = await this.adaptations.all();
    const generated = this.now().toISOString();
    const collection = toAnnotationCollection(all, {
      id: `urn:uuid:${this.newId()}`,
      label: 'My Margins adaptations',
      generated,
    });
    return {
      fileName: `margins-adaptations-${generated.slice(0, 10)}.json`,
      json: JSON.stringify(collection, null, 2),
      count: all.length,
    };
  }

  /** Imports a file's text: new adaptations are stored (and queued for sync), duplicates skipped, bad entries reported. */
  async importText(text: string): Promise<ImportReport> {
    const { adaptations, rejected } = parseWebAnnotationFile(text);
    const { imported, skipped } = await this.adaptations.importNew(adaptations);
    return { imported, skipped, rejected };
  }
}
