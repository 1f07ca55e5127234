import { Router, type Response } from 'express';
import { coachApi, parseOrThrow } from '@margins/shared';
import type { LaunchContext } from '../lti/launch-context.js';
import type { CollectionService } from '../services/collection-service.js';
import type { DeepLinkingService } from '../services/deep-linking-service.js';
import type { FocusAreaService } from '../services/focus-area-service.js';
import type { MentoringService } from '../services/mentoring-service.js';
import type { ParticipationService } from '../services/participation-service.js';
import type { ReviewService } from '../services/review-service.js';

/** Collaborators of the coach workspace routes. */
export interface CoachRouterDeps {
  focusAreas: FocusAreaService;
  collections: CollectionService;
  reviews: ReviewService;
  mentoring: MentoringService;
  participation: ParticipationService;
  deepLinking: DeepLinkingService;
}

/** The launch context the API router's session middleware put on the response. */
function ctxOf(res: Response): LaunchContext {
  const ctx = res.locals.launch;
  if (!ctx) throw new Error('coach routes must be mounted after the API session middleware');
  return ctx;
}

/**
 * The coach workspace API (shared/src/api-coach.ts). Mounted after apiRouter, whose middleware
 * turns the bearer credential into the LaunchContext; each route parses its input with the shared
 * contract and calls one service method (services check roles and tenant).
 */
export function coachRouter(d: CoachRouterDeps): Router {
  const r = Router();
  const a = coachApi;

  r.get(a.focusAreas.path, async (_req, res) => void res.json({ focusAreas: await d.focusAreas.list(ctxOf(res)) }));
  r.post(
    a.focusAreaCreate.path,
    async (req, res) =>
      void res
        .status(201)
        .json(await d.focusAreas.create(ctxOf(res), parseOrThrow(a.focusAreaCreate.body, req.body, 'The focus area'))),
  );
  r.patch(a.focusAreaUpdate.path, async (req, res) => {
    const { id } = parseOrThrow(a.focusAreaUpdate.params, req.params, 'The focus area id');
    res.json(
      await d.focusAreas.update(ctxOf(res), id, parseOrThrow(a.focusAreaUpdate.body, req.body, 'The focus area')),
    );
  });
  r.delete(a.focusAreaDelete.path, async (req, res) => {
    const { id } = parseOrThrow(a.focusAreaDelete.params, req.params, 'The focus area id');
    await d.focusAreas.delete(ctxOf(res), id);
    res.json({ ok: true });
  });

  r.get(a.collections.path, async (req, res) => {
    const { status } = parseOrThrow(a.collections.query, req.query, 'The collection list');
    res.json({ collections: await d.collections.list(ctxOf(res), status) });
  });
  r.get(
    a.collection.path,
    async (req, res) =>
      void res.json(
        await d.collections.view(ctxOf(res), parseOrThrow(a.collection.params, req.params, 'The collection id').id),
      ),
  );
  r.post(
    a.collectionCreate.path,
    async (req, res) =>
      void res
        .status(201)
        .json(
          await d.collections.create(ctxOf(res), parseOrThrow(a.collectionCreate.body, req.body, 'The collection')),
        ),
  );
  r.patch(a.collectionUpdate.path, async (req, res) => {
    const { id } = parseOrThrow(a.collectionUpdate.params, req.params, 'The collection id');
    res.json(
      await d.collections.update(ctxOf(res), id, parseOrThrow(a.collectionUpdate.body, req.body, 'The collection')),
    );
  });
  r.delete(a.collectionDelete.path, async (req, res) => {
    await d.collections.delete(ctxOf(res), parseOrThrow(a.collectionDelete.params, req.params, 'The collection id').id);
    res.json({ ok: true });
  });
  r.post(
    a.collectionPublish.path,
    async (req, res) =>
      void res.json(
        await d.collections.publish(
          ctxOf(res),
          parseOrThrow(a.collectionPublish.params, req.params, 'The collection id').id,
        ),
      ),
  );
  r.post(
    a.collectionUnpublish.path,
    async (req, res) =>
      void res.json(
        await d.collections.unpublish(
          ctxOf(res),
          parseOrThrow(a.collectionUnpublish.params, req.params, 'The collection id').id,
        ),
      ),
  );
  r.post(a.collectionItemAdd.path, async (req, res) => {
    const { id } = parseOrThrow(a.collectionItemAdd.params, req.params, 'The collection id');
    const { adaptationId, note } = parseOrThrow(a.collectionItemAdd.body, req.body, 'The practice to add');
    res.status(201).json(await d.collections.addItem(ctxOf(res), id, adaptationId, note));
  });
  r.patch(a.collectionItemUpdate.path, async (req, res) => {
    const { id, adaptationId } = parseOrThrow(a.collectionItemUpdate.params, req.params, 'The collection entry');
    res.json(
      await d.collections.updateItem(
        ctxOf(res),
        id,
        adaptationId,
        parseOrThrow(a.collectionItemUpdate.body, req.body, 'The change'),
      ),
    );
  });
  r.delete(a.collectionItemRemove.path, async (req, res) => {
    const { id, adaptationId } = parseOrThrow(a.collectionItemRemove.params, req.params, 'The collection entry');
    res.json(await d.collections.removeItem(ctxOf(res), id, adaptationId));
  });

  r.get(a.approvals.path, async (_req, res) => void res.json({ pending: await d.reviews.pending(ctxOf(res)) }));
  r.post(a.approvalDecide.path, async (req, res) => {
    const { id } = parseOrThrow(a.approvalDecide.params, req.params, 'The practice id');
    res.json(await d.reviews.decide(ctxOf(res), id, parseOrThrow(a.approvalDecide.body, req.body, 'The decision')));
  });
  r.get(
    a.networkReview.path,
    async (req, res) =>
      void res.json({
        review: await d.reviews.latest(
          ctxOf(res),
          parseOrThrow(a.networkReview.params, req.params, 'The practice id').id,
        ),
      }),
  );

  r.get(a.featured.path, async (_req, res) => void res.json({ featured: await d.reviews.featured(ctxOf(res)) }));
  r.put(a.feature.path, async (req, res) => {
    const { id } = parseOrThrow(a.feature.params, req.params, 'The practice id');
    res.json(await d.reviews.feature(ctxOf(res), id, parseOrThrow(a.feature.body, req.body, 'The featuring').reason));
  });
  r.delete(a.unfeature.path, async (req, res) => {
    await d.reviews.unfeature(ctxOf(res), parseOrThrow(a.unfeature.params, req.params, 'The practice id').id);
    res.json({ ok: true });
  });

  r.get(
    a.people.path,
    async (req, res) =>
      void res.json({
        people: await d.mentoring.people(ctxOf(res), parseOrThrow(a.people.query, req.query, 'The search').q),
      }),
  );
  r.get(a.mentoringPairs.path, async (_req, res) => void res.json({ pairs: await d.mentoring.pairs(ctxOf(res)) }));
  r.post(
    a.mentoringCreate.path,
    async (req, res) =>
      void res
        .status(201)
        .json(
          await d.mentoring.create(ctxOf(res), parseOrThrow(a.mentoringCreate.body, req.body, 'The mentoring pair')),
        ),
  );
  r.post(
    a.mentoringEnd.path,
    async (req, res) =>
      void res.json(
        await d.mentoring.end(ctxOf(res), parseOrThrow(a.mentoringEnd.params, req.params, 'The mentoring pair id').id),
      ),
  );
  r.get(a.myMentoring.path, async (_req, res) => void res.json(await d.mentoring.mine(ctxOf(res))));
  r.get(
    a.mentorPractices.path,
    async (req, res) =>
      void res.json(
        await d.mentoring.practices(ctxOf(res), parseOrThrow(a.mentorPractices.query, req.query, 'The page')),
      ),
  );

  r.get(a.deepLinkOptions.path, async (_req, res) => void res.json(await d.deepLinking.options(ctxOf(res))));
  r.get(a.participation.path, async (_req, res) => void res.json(await d.participation.settings(ctxOf(res))));
  r.put(
    a.participationSet.path,
    async (req, res) =>
      void res.json(
        await d.participation.setEnabled(
          ctxOf(res),
          parseOrThrow(a.participationSet.body, req.body, 'The setting').enabled,
        ),
      ),
  );
  r.post(a.participationPost.path, async (_req, res) => void res.json(await d.participation.postNow(ctxOf(res))));

  return r;
}
