import { z } from 'zod';
import { api, LibraryQuerySchema, parseOrThrow } from '@margins/shared';
import type { AdminService } from '../services/admin-service.js';
import type { DeepLinkingService } from '../services/deep-linking-service.js';
import type { LibraryService } from '../services/library-service.js';
import { DISTRICT_ADMIN, route, STAFF, type RouteDef } from './table.js';

/** Collaborators of the REST API. */
export interface ApiDeps {
  library: LibraryService;
  admin: AdminService;
  /** The one deep-linking path (practices and collections, single use per launch). */
  deepLinking: DeepLinkingService;
}

/** JSON bodies of the LMS UI's API. */
const JSON_BODY = { json: 256 * 1024 };

/**
 * The REST API the LMS UI calls. Every route needs the launch session's bearer credential (the
 * Authorization header only: no cookie is ever accepted, so cross-site requests cannot ride on one,
 * which is the CSRF defence); inputs are parsed with the shared contract in shared/src/api.ts.
 */
export function apiRoutes(d: ApiDeps): RouteDef[] {
  return [
    route(
      api.session,
      { roles: STAFF, summary: 'Who is signed in, for the LMS UI' },
      async (_req, res, { launch: c }) => {
        const courses = await d.library.courses(c);
        res.json(
          api.session.response.parse({
            user: { id: c.user.id, name: c.user.name },
            tenant: { id: c.tenant.id, name: c.tenant.name },
            course: c.course
              ? { id: c.course.id, title: c.course.title, professionalLearning: c.course.professionalLearning }
              : null,
            courses,
            roles: c.roles,
            courseRole: c.courseRole,
            placement: c.placement,
            deepLinking: c.messageType === 'LtiDeepLinkingRequest',
            openAdaptationId: c.openAdaptationId,
            openCollectionId: c.openCollectionId,
            locale: c.locale,
            expiresAt: c.expiresAt,
          }),
        );
      },
    ),

    route(api.libraryList, { roles: STAFF, summary: 'Search the library' }, async (req, res, { launch }) => {
      const q = parseOrThrow(LibraryQuerySchema, req.query, 'The library search');
      res.json(await d.library.list(launch, q));
    }),
    route(api.focusAreas, { roles: STAFF, summary: "The district's focus areas" }, async (_req, res, { launch }) => {
      res.json({ focusAreas: await d.library.focusAreas(launch) });
    }),
    route(
      api.libraryDetail,
      { roles: STAFF, summary: 'One adaptation of the library' },
      async (req, res, { launch }) => {
        const { id } = parseOrThrow(api.libraryDetail.params, req.params, 'The adaptation id');
        res.json(await d.library.detail(launch, id));
      },
    ),

    route(
      api.adminCoaches,
      { roles: DISTRICT_ADMIN, doing: 'manage coaches', summary: 'Coaches of the deployment' },
      async (_req, res, { launch }) => {
        res.json({ coaches: await d.admin.coaches(launch) });
      },
    ),
    route(
      api.adminPeople,
      { roles: DISTRICT_ADMIN, doing: 'manage coaches', summary: 'Find staff to make coaches' },
      async (req, res, { launch }) => {
        const { q } = parseOrThrow(api.adminPeople.query, req.query, 'The search');
        res.json({ people: await d.admin.people(launch, q ?? '') });
      },
    ),
    route(
      api.adminDeployments,
      { roles: DISTRICT_ADMIN, doing: 'see the installations', summary: "The district's deployments and their policy" },
      async (_req, res, { launch }) => {
        res.json(api.adminDeployments.response.parse(await d.admin.deployments(launch)));
      },
    ),
    route(
      api.adminReregistrationCode,
      {
        roles: DISTRICT_ADMIN,
        doing: 'register Margins again',
        summary: "A one-time install code that re-registers the admin's own district",
      },
      async (_req, res, { launch }) => {
        res.status(201).json(api.adminReregistrationCode.response.parse(await d.admin.reregistrationCode(launch)));
      },
    ),
    route(
      api.adminCoachGrant,
      { roles: DISTRICT_ADMIN, doing: 'manage coaches', body: JSON_BODY, summary: 'Grant the coach role' },
      async (req, res, { launch }) => {
        const { userId } = parseOrThrow(api.adminCoachGrant.body, req.body, 'The coach');
        res.status(201).json(await d.admin.grantCoach(launch, userId));
      },
    ),
    route(
      api.adminCoachRevoke,
      { roles: DISTRICT_ADMIN, doing: 'manage coaches', summary: 'Revoke the coach role' },
      async (req, res, { launch }) => {
        const { userId } = parseOrThrow(z.object({ userId: z.string().min(1).max(36) }), req.params, 'The coach');
        await d.admin.revokeCoach(launch, userId);
        res.json({ revoked: true });
      },
    ),

    route(
      api.deepLinkingResponse,
      { roles: STAFF, body: JSON_BODY, summary: 'Send the chosen items back to the LMS (deep linking)' },
      async (req, res, { launch }) => {
        const selection = parseOrThrow(api.deepLinkingResponse.body, req.body, 'The selection');
        res.json(await d.deepLinking.respond(launch, selection));
      },
    ),
  ];
}
