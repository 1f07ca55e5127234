import type { Knex } from 'knex';
import { type Author, type Endorsement, type Feedback, type SharedAdaptation } from '@margins/shared';
import type { AdaptationsRepo, SocialProof, StoredAdaptation } from '../data/adaptations-repo.js';
import type { SharedRows, SyncRepo } from '../data/sync-repo.js';
import type { Viewer } from '../data/visibility.js';

/** The author id shown when the district hides names from colleagues. */
export const HIDDEN_COLLEAGUE: Author = { id: 'colleague' };
/** The author id shown to other districts (names never cross a district). */
export const NETWORK_AUTHOR: Author = { id: 'network' };

/**
 * How an adaptation looks to someone who did not write it (one place for the LMS UI library and the
 * extension): social proof for the viewer, and people named only as the district allows: a
 * district's own people see each other's names unless the district turned that off ("show author
 * names to colleagues"), and no name ever crosses into another district.
 */
export class SharedView {
  constructor(
    private readonly adaptations: AdaptationsRepo,
    private readonly sync: SyncRepo,
  ) {}

  /** Shapes stored rows for the viewer, with endorsement and feedback counts (read now unless `known`). */
  async shape(viewer: Viewer, rows: StoredAdaptation[], known?: Map<string, SocialProof>): Promise<SharedAdaptation[]> {
    if (!rows.length) return [];
    const [social, names] = await Promise.all([
      known ??
        this.adaptations.socialProof(
          rows.map((r) => r.id),
          viewer.userId,
        ),
      this.sync.showAuthorNames([...new Set(rows.map((r) => r.tenant_id))]),
    ]);
    return rows.map((r) => {
      const s = social.get(r.id)!;
      const mine = r.author_user_id === viewer.userId;
      const sameTenant = r.tenant_id === viewer.tenantId;
      const hidden = sameTenant ? HIDDEN_COLLEAGUE : NETWORK_AUTHOR;
      const namesShown = sameTenant && names.get(r.tenant_id) !== false;
      const named = mine || namesShown;
      const author = named ? r.json.author : hidden;
      // A remix credits its original's author as recorded at remix time (never named across districts); shown by the same rule.
      const original = r.json.provenance?.originalAuthor;
      const provenance =
        original && original.id !== viewer.userId && !namesShown
          ? { ...r.json.provenance!, originalAuthor: hidden }
          : r.json.provenance;
      // Every part was parsed on the way out of the database (the row, its JSON, the social proof), so the
      // result is assembled as typed data rather than parsed again (the benchmark found the second parse costly).
      const shared: SharedAdaptation = {
        ...r.json,
        author,
        ...(provenance ? { provenance } : {}),
        authorVisible: named && !!author.name,
        endorsementCount: s.endorsements,
        feedbackCount: s.feedback,
        outcomes: s.outcomes,
        myEndorsement: s.mine,
        mine,
        networkStatus: r.network_status,
      };
      return shared;
    });
  }

  /** Shapes rows read with their social proof. */
  shapeShared(viewer: Viewer, r: SharedRows): Promise<SharedAdaptation[]> {
    return this.shape(viewer, r.rows, r.social);
  }

  /** How one adaptation's author is credited to `viewer` (a remix records this as its original author). */
  async authorFor(viewer: Viewer, row: StoredAdaptation, k?: Knex | Knex.Transaction): Promise<Author> {
    if (row.author_user_id === viewer.userId) return row.json.author;
    if (row.tenant_id !== viewer.tenantId) return NETWORK_AUTHOR;
    return (await this.sync.showAuthorNames([row.tenant_id], k)).get(row.tenant_id) === false
      ? HIDDEN_COLLEAGUE
      : row.json.author;
  }

  /** Endorsements with endorsers named only where the viewer may see names. */
  async endorsements(viewer: Viewer, items: (Endorsement & { tenantId: string })[]): Promise<Endorsement[]> {
    const hide = await this.hider(viewer, items);
    return items.map(({ tenantId, ...e }) => ({ ...e, endorser: hide(e.endorser, tenantId) }));
  }

  /** Feedback with its givers named only where the viewer may see names. */
  async feedback(viewer: Viewer, items: (Feedback & { tenantId: string })[]): Promise<Feedback[]> {
    const hide = await this.hider(viewer, items);
    return items.map(({ tenantId, ...f }) => ({ ...f, author: hide(f.author, tenantId) }));
  }

  private async hider(
    viewer: Viewer,
    items: { tenantId: string }[],
  ): Promise<(person: Author, tenantId: string) => Author> {
    const names = await this.sync.showAuthorNames([...new Set(items.map((i) => i.tenantId))]);
    return (person, tenantId) => {
      if (person.id === viewer.userId || (tenantId === viewer.tenantId && names.get(tenantId) !== false)) return person;
      return tenantId === viewer.tenantId ? HIDDEN_COLLEAGUE : NETWORK_AUTHOR;
    };
  }
}
