import { coachApi, parseOrThrow } from '@margins/shared';
import type { CollectionService } from '../services/collection-service.js';
import type { CourseKindService } from '../services/course-kind-service.js';
import type { DeepLinkingService } from '../services/deep-linking-service.js';
import type { FocusAreaService } from '../services/focus-area-service.js';
import type { MentoringService } from '../services/mentoring-service.js';
import type { ParticipationService } from '../services/participation-service.js';
import type { ReviewService } from '../services/review-service.js';
import { COACH, COURSE_STAFF, LEADERS, route, STAFF, type RouteDef } from './table.js';

/** Collaborators of the coach workspace routes. */
export interface CoachRouterDeps {
  focusAreas: FocusAreaService;
  collections: CollectionService;
  reviews: ReviewService;
  mentoring: MentoringService;
  participation: ParticipationService;
  deepLinking: DeepLinkingService;
  courseKind: CourseKindService;
}

const JSON_BODY = { json: 256 * 1024 };

/**
 * The coach workspace API (shared/src/api-coach.ts). Each route parses its input with the shared
 * contract and calls one service method; the table checks the session and the role, the services
 * scope everything by the launch's district (and check what depends on the item, e.g. drafts).
 */
export function coachRoutes(d: CoachRouterDeps): RouteDef[] {
  const a = coachApi;
  const coach = (doing: string, summary: string, body = false) =>
    ({ roles: COACH, doing, summary, ...(body ? { body: JSON_BODY } : {}) }) as const;

  return [
    route(a.focusAreas, coach('manage focus areas', 'Focus areas (coach view)'), async (_req, res, { launch }) => {
      res.json({ focusAreas: await d.focusAreas.list(launch) });
    }),
    route(a.focusAreaCreate, coach('create focus areas', 'Create a focus area', true), async (req, res, { launch }) => {
      res
        .status(201)
        .json(await d.focusAreas.create(launch, parseOrThrow(a.focusAreaCreate.body, req.body, 'The focus area')));
    }),
    route(a.focusAreaUpdate, coach('edit focus areas', 'Edit a focus area', true), async (req, res, { launch }) => {
      const { id } = parseOrThrow(a.focusAreaUpdate.params, req.params, 'The focus area id');
      res.json(await d.focusAreas.update(launch, id, parseOrThrow(a.focusAreaUpdate.body, req.body, 'The focus area')));
    }),
    route(a.focusAreaDelete, coach('delete focus areas', 'Delete a focus area'), async (req, res, { launch }) => {
      const { id } = parseOrThrow(a.focusAreaDelete.params, req.params, 'The focus area id');
      await d.focusAreas.delete(launch, id);
      res.json({ ok: true });
    }),

    route(
      a.collections,
      { roles: STAFF, summary: 'Collections (drafts for coaches only)' },
      async (req, res, { launch }) => {
        const { status } = parseOrThrow(a.collections.query, req.query, 'The collection list');
        res.json({ collections: await d.collections.list(launch, status) });
      },
    ),
    route(a.collection, { roles: STAFF, summary: 'One collection' }, async (req, res, { launch }) => {
      res.json(await d.collections.view(launch, parseOrThrow(a.collection.params, req.params, 'The collection id').id));
    }),
    route(
      a.collectionCreate,
      coach('create collections', 'Create a collection', true),
      async (req, res, { launch }) => {
        res
          .status(201)
          .json(await d.collections.create(launch, parseOrThrow(a.collectionCreate.body, req.body, 'The collection')));
      },
    ),
    route(a.collectionUpdate, coach('edit collections', 'Edit a collection', true), async (req, res, { launch }) => {
      const { id } = parseOrThrow(a.collectionUpdate.params, req.params, 'The collection id');
      res.json(
        await d.collections.update(launch, id, parseOrThrow(a.collectionUpdate.body, req.body, 'The collection')),
      );
    }),
    route(a.collectionDelete, coach('delete collections', 'Delete a collection'), async (req, res, { launch }) => {
      await d.collections.delete(launch, parseOrThrow(a.collectionDelete.params, req.params, 'The collection id').id);
      res.json({ ok: true });
    }),
    route(a.collectionPublish, coach('publish collections', 'Publish a collection'), async (req, res, { launch }) => {
      res.json(
        await d.collections.publish(
          launch,
          parseOrThrow(a.collectionPublish.params, req.params, 'The collection id').id,
        ),
      );
    }),
    route(
      a.collectionUnpublish,
      coach('unpublish collections', 'Unpublish a collection'),
      async (req, res, { launch }) => {
        res.json(
          await d.collections.unpublish(
            launch,
            parseOrThrow(a.collectionUnpublish.params, req.params, 'The collection id').id,
          ),
        );
      },
    ),
    route(
      a.collectionItemAdd,
      coach('add practices to collections', 'Add a practice to a collection', true),
      async (req, res, { launch }) => {
        const { id } = parseOrThrow(a.collectionItemAdd.params, req.params, 'The collection id');
        const { adaptationId, note } = parseOrThrow(a.collectionItemAdd.body, req.body, 'The practice to add');
        res.status(201).json(await d.collections.addItem(launch, id, adaptationId, note));
      },
    ),
    route(
      a.collectionItemUpdate,
      coach('edit collections', 'Edit a collection entry', true),
      async (req, res, { launch }) => {
        const { id, adaptationId } = parseOrThrow(a.collectionItemUpdate.params, req.params, 'The collection entry');
        res.json(
          await d.collections.updateItem(
            launch,
            id,
            adaptationId,
            parseOrThrow(a.collectionItemUpdate.body, req.body, 'The change'),
          ),
        );
      },
    ),
    route(
      a.collectionItemRemove,
      coach('edit collections', 'Remove a collection entry'),
      async (req, res, { launch }) => {
        const { id, adaptationId } = parseOrThrow(a.collectionItemRemove.params, req.params, 'The collection entry');
        res.json(await d.collections.removeItem(launch, id, adaptationId));
      },
    ),

    route(
      a.approvals,
      coach('review sharing with other districts', 'Practices waiting for network approval'),
      async (_req, res, { launch }) => {
        res.json({ pending: await d.reviews.pending(launch) });
      },
    ),
    route(
      a.approvalDecide,
      coach('approve sharing with other districts', 'Approve or return a network-sharing request', true),
      async (req, res, { launch }) => {
        const { id } = parseOrThrow(a.approvalDecide.params, req.params, 'The practice id');
        res.json(await d.reviews.decide(launch, id, parseOrThrow(a.approvalDecide.body, req.body, 'The decision')));
      },
    ),
    route(
      a.networkReview,
      { roles: STAFF, summary: 'The latest network review of a practice (its author or a coach)' },
      async (req, res, { launch }) => {
        res.json({
          review: await d.reviews.latest(
            launch,
            parseOrThrow(a.networkReview.params, req.params, 'The practice id').id,
          ),
        });
      },
    ),

    route(a.featured, { roles: STAFF, summary: 'Featured practices' }, async (_req, res, { launch }) => {
      res.json({ featured: await d.reviews.featured(launch) });
    }),
    route(a.feature, coach('feature practices', 'Feature a practice', true), async (req, res, { launch }) => {
      const { id } = parseOrThrow(a.feature.params, req.params, 'The practice id');
      res.json(await d.reviews.feature(launch, id, parseOrThrow(a.feature.body, req.body, 'The featuring').reason));
    }),
    route(a.unfeature, coach('stop featuring practices', 'Stop featuring a practice'), async (req, res, { launch }) => {
      await d.reviews.unfeature(launch, parseOrThrow(a.unfeature.params, req.params, 'The practice id').id);
      res.json({ ok: true });
    }),

    route(a.people, coach('find people for mentoring', 'Find people for mentoring'), async (req, res, { launch }) => {
      res.json({ people: await d.mentoring.people(launch, parseOrThrow(a.people.query, req.query, 'The search').q) });
    }),
    route(a.mentoringPairs, coach('see mentoring pairs', 'Mentoring pairs'), async (_req, res, { launch }) => {
      res.json({ pairs: await d.mentoring.pairs(launch) });
    }),
    route(
      a.mentoringCreate,
      coach('pair mentors', 'Pair a mentor and a mentee', true),
      async (req, res, { launch }) => {
        res
          .status(201)
          .json(await d.mentoring.create(launch, parseOrThrow(a.mentoringCreate.body, req.body, 'The mentoring pair')));
      },
    ),
    route(a.mentoringEnd, coach('end mentoring pairs', 'End a mentoring pair'), async (req, res, { launch }) => {
      res.json(
        await d.mentoring.end(launch, parseOrThrow(a.mentoringEnd.params, req.params, 'The mentoring pair id').id),
      );
    }),
    route(a.myMentoring, { roles: STAFF, summary: "One's own mentoring" }, async (_req, res, { launch }) => {
      res.json(await d.mentoring.mine(launch));
    }),
    route(
      a.mentoringActivities,
      { roles: STAFF, summary: "The activities of one's mentoring pairs" },
      async (_req, res, { launch }) => {
        res.json({ activities: await d.mentoring.activities(launch) });
      },
    ),
    route(
      a.mentoringActivityLog,
      { roles: STAFF, summary: 'Log a mentoring activity', body: JSON_BODY },
      async (req, res, { launch }) => {
        const input = parseOrThrow(a.mentoringActivityLog.body, req.body, 'The mentoring activity');
        res.status(201).json(await d.mentoring.logActivity(launch, input));
      },
    ),
    route(
      a.mentoringActivityConfirm,
      { roles: STAFF, summary: 'Confirm a mentoring activity' },
      async (req, res, { launch }) => {
        const { id } = parseOrThrow(a.mentoringActivityConfirm.params, req.params, 'The activity id');
        res.json(await d.mentoring.confirmActivity(launch, id));
      },
    ),
    route(
      a.mentoringActivityDecline,
      { roles: STAFF, summary: 'Decline a mentoring activity' },
      async (req, res, { launch }) => {
        const { id } = parseOrThrow(a.mentoringActivityDecline.params, req.params, 'The activity id');
        res.json(await d.mentoring.declineActivity(launch, id));
      },
    ),
    route(a.mentorPractices, { roles: STAFF, summary: "A mentor's practices" }, async (req, res, { launch }) => {
      res.json(await d.mentoring.practices(launch, parseOrThrow(a.mentorPractices.query, req.query, 'The page')));
    }),

    route(
      a.deepLinkOptions,
      { roles: STAFF, summary: 'What a deep-linking launch may place' },
      async (_req, res, { launch }) => {
        res.json(await d.deepLinking.options(launch));
      },
    ),
    route(
      a.participation,
      { roles: STAFF, summary: "The course's participation grade" },
      async (_req, res, { launch }) => {
        res.json(await d.participation.settings(launch));
      },
    ),
    route(
      a.participationSet,
      {
        roles: COURSE_STAFF,
        doing: 'set up its participation grade',
        body: JSON_BODY,
        summary: 'Turn the participation grade on or off',
      },
      async (req, res, { launch }) => {
        res.json(
          await d.participation.setEnabled(
            launch,
            parseOrThrow(a.participationSet.body, req.body, 'The setting').enabled,
          ),
        );
      },
    ),
    route(
      a.courseKindSet,
      {
        roles: LEADERS,
        doing: 'say what kind of course this is',
        body: JSON_BODY,
        summary: "Mark the launch's course as professional learning (or ordinary)",
      },
      async (req, res, { launch }) => {
        const { professionalLearning } = parseOrThrow(a.courseKindSet.body, req.body, 'The course kind');
        res.json(await d.courseKind.set(launch, professionalLearning));
      },
    ),
    route(
      a.participationPost,
      { roles: COURSE_STAFF, doing: 'set up its participation grade', summary: 'Post participation scores now' },
      async (_req, res, { launch }) => {
        res.json(await d.participation.postNow(launch));
      },
    ),
  ];
}
