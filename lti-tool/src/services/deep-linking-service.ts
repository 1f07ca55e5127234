import { AppError } from '@margins/shared';
import type { DeepLinkRepo } from '../data/deep-link-repo.js';
import type { ParticipationRepo } from '../data/participation-repo.js';
import type { DeepLinkingResponder, LinkItem } from '../lti/deep-linking.js';
import type { LaunchContext } from '../lti/launch-context.js';
import type { CollectionService } from './collection-service.js';
import type { LibraryService } from './library-service.js';
import { PARTICIPATION_LINE_ITEM } from './participation-posting.js';

/** What a person chose in the deep-linking picker. */
export interface DeepLinkSelection {
  adaptationIds: string[];
  collectionIds: string[];
  participationLineItem: boolean;
}

/** Short text for a content item (the platform shows it under the link). */
function excerpt(text: string, max = 200): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * The one deep-linking path (Deep Linking 2.0, Flow 6): a deep-linking launch picks collections
 * and/or single practices, and gets back one signed LtiDeepLinkingResponse with an LtiResourceLink
 * per choice (custom `margins_collection` or `margins_adaptation` says what the link opens). Each
 * launch answers at most once; only what the chooser can see (and only published collections) goes.
 */
export class DeepLinkingService {
  constructor(
    private readonly deps: {
      responder: DeepLinkingResponder;
      repo: DeepLinkRepo;
      library: LibraryService;
      collections: CollectionService;
      participation: ParticipationRepo;
      launchUrl: string;
    },
  ) {}

  /** What the platform accepts in this launch, for the picker. */
  async options(
    ctx: LaunchContext,
  ): Promise<{ acceptMultiple: boolean; acceptLineItem: boolean; participationEnabled: boolean }> {
    this.deps.responder.assertDeepLinking(ctx);
    const grade = ctx.course ? await this.deps.participation.grade(ctx.course.id) : null;
    return {
      acceptMultiple: ctx.deepLinking!.acceptMultiple,
      acceptLineItem: ctx.deepLinking!.acceptLineItem && !!ctx.course,
      participationEnabled: !!grade?.enabled,
    };
  }

  /** Builds, signs and hands back the response; a second call from the same launch is refused. */
  async respond(ctx: LaunchContext, s: DeepLinkSelection): Promise<{ returnUrl: string; jwt: string; sent: number }> {
    this.deps.responder.assertDeepLinking(ctx);
    if (await this.deps.repo.used(ctx.launchId)) throw alreadyUsed();
    if (!ctx.deepLinking!.acceptMultiple && s.adaptationIds.length + s.collectionIds.length > 1) {
      throw new AppError(
        'validation_failed',
        'Your learning platform accepts one item here: choose a single collection or practice.',
      );
    }
    const lineItem =
      s.participationLineItem && ctx.deepLinking!.acceptLineItem && ctx.course
        ? { ...PARTICIPATION_LINE_ITEM }
        : undefined;
    const items: LinkItem[] = [];
    for (const id of s.collectionIds) {
      const c = await this.deps.collections.publishedSummary(ctx, id);
      items.push({
        title: c.title,
        text: excerpt(c.description || `A collection of ${c.itemCount} practices curated by ${c.curator.name}.`),
        url: this.deps.launchUrl,
        custom: { margins_collection: c.id },
        ...(lineItem ? { lineItem } : {}),
      });
    }
    for (const id of s.adaptationIds) {
      const { adaptation } = await this.deps.library.detail(ctx, id);
      items.push({
        title: adaptation.page.title || 'Margins practice',
        text: excerpt(adaptation.body),
        url: this.deps.launchUrl,
        custom: { margins_adaptation: adaptation.id },
        ...(lineItem ? { lineItem } : {}),
      });
    }
    // One gradebook column is enough: it goes on the first link only.
    if (lineItem && items.length > 1) for (const it of items.slice(1)) delete it.lineItem;
    const signed = await this.deps.responder.respond(ctx, items);
    const claimed = await this.deps.repo.claim({
      launchId: ctx.launchId,
      tenantId: ctx.tenant.id,
      userId: ctx.user.id,
      items: [
        ...s.collectionIds.map((id) => ({ kind: 'collection' as const, id })),
        ...s.adaptationIds.map((id) => ({ kind: 'adaptation' as const, id })),
      ],
    });
    if (!claimed) throw alreadyUsed();
    return signed;
  }
}

function alreadyUsed(): AppError {
  return new AppError(
    'conflict',
    'Content was already added from this window. To add more, open Margins again from the editor or the "add content" menu of your course.',
  );
}
