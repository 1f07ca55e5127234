import {
  ADAPTATION_KINDS,
  AppError,
  MAX_PAGE_HOT_SPOTS,
  MIN_GROUP_SIZE,
  tryCanonicalPageUrl,
  type PageHotSpots,
} from '@margins/shared';
import type { InsightRepo } from '../data/insight-repo.js';
import type { Actor } from './actor.js';

const KIND_ORDER: readonly string[] = ADAPTATION_KINDS.map((k) => k.id);

/**
 * District hot spots for a teacher's extension (issue 20, item 5): on a curriculum page, the passages
 * that at least MIN_GROUP_SIZE teachers of the caller's district adapted, with how many teachers and
 * schools and the kinds most used. It reads the passages curriculum insight precomputes
 * (data/passage-groups.ts), so the same rules hold: only shared adaptations count (and private ones
 * their authors chose to count anonymously), smaller passages are never sent, and no names or texts
 * are: a teacher opens colleagues' adaptations through the sharing API, which applies visibility.
 */
export class HotSpotService {
  constructor(private readonly deps: { repo: InsightRepo }) {}

  /** The hot spots of one page of the actor's district, in page order. */
  async page(actor: Actor, rawUrl: string): Promise<PageHotSpots> {
    const url = tryCanonicalPageUrl(rawUrl);
    if (!url) throw new AppError('validation_failed', 'The page address is not a web page address.');
    const { groups, members } = await this.deps.repo.pageHotSpots(actor.tenantId, url, MAX_PAGE_HOT_SPOTS);
    const kinds = new Map<string, Map<string, number>>();
    const mine = new Set<string>();
    for (const m of members) {
      if (m.author_user_id === actor.userId) mine.add(m.group_id);
      const counts = kinds.get(m.group_id) ?? new Map<string, number>();
      for (const id of m.kinds.split(',').filter(Boolean)) counts.set(id, (counts.get(id) ?? 0) + 1);
      kinds.set(m.group_id, counts);
    }
    const hotSpots = groups
      .map((g) => ({
        id: g.id,
        start: g.start_pos,
        end: g.end_pos,
        quote: g.quote,
        teachers: g.teachers,
        schools: g.schools,
        kinds: [...(kinds.get(g.id) ?? new Map<string, number>())]
          .sort((a, b) => b[1] - a[1] || KIND_ORDER.indexOf(a[0]) - KIND_ORDER.indexOf(b[0]))
          .map(([id, adaptations]) => ({ id, adaptations })),
        mine: mine.has(g.id),
      }))
      .sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || a.id.localeCompare(b.id));
    return { url, minGroupSize: MIN_GROUP_SIZE, hotSpots };
  }
}
