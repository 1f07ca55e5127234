import { parseWebAnnotationFile, toAnnotationCollection } from '@margins/shared/w3c/collection';
import type { ImportReport } from '../protocol/views.js';
import type { AdaptationService } from './adaptation-service.js';

/**
 * Export of all my adaptations as one W3C AnnotationCollection (model §5), and import of such a
 * file (or a single annotation, a list, an AnnotationPage) back, skipping ids already here.
 */
export class TransferService {
  constructor(
    private readonly adaptations: AdaptationService,
    private readonly newId: () => string,
    private readonly now: () => Date,
  ) {}

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
