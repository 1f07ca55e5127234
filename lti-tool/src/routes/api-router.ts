import express, { Router } from 'express';
import { z } from 'zod';
import { api, LibraryQuerySchema, parseOrThrow } from '@margins/shared';
import type { LaunchContext } from '../lti/launch-context.js';
import type { SessionAuth } from '../lti/session.js';
import type { AdminService } from '../services/admin-service.js';
import type { DeepLinkingService } from '../services/deep-linking-service.js';
import type { LibraryService } from '../services/library-service.js';

/** Collaborators of the REST API. */
export interface ApiDeps {
  session: SessionAuth;
  library: LibraryService;
  admin: AdminService;
  /** The one deep-linking path (practices and collections, single use per launch). */
  deepLinking: DeepLinkingService;
}

declare module 'express-serve-static-core' {
  interface Locals {
    launch?: LaunchContext;
  }
}

const ctxOf = (res: { locals: { launch?: LaunchContext } }): LaunchContext => res.locals.launch!;

/**
 * The REST API the LMS UI calls. Every route needs the launch session's bearer credential (the
 * Authorization header only: no cookie is ever accepted, so cross-site requests cannot ride on one,
 * which is the CSRF defence); inputs are parsed with the shared contract in shared/src/api.ts.
 */
export function apiRouter(d: ApiDeps): Router {
  const r = Router();
  r.use('/api/v1', express.json({ limit: '256kb' }), async (req, res, next) => {
    res.locals.launch = await d.session.fromHeader(req.get('authorization'));
    next();
  });

  r.get(api.session.path, (_req, res) => {
    const c = ctxOf(res);
    res.json(
      api.session.response.parse({
        user: { id: c.user.id, name: c.user.name },
        tenant: { id: c.tenant.id, name: c.tenant.name },
        course: c.course ? { id: c.course.id, title: c.course.title } : null,
        roles: c.roles,
        placement: c.placement,
        deepLinking: c.messageType === 'LtiDeepLinkingRequest',
        openAdaptationId: c.openAdaptationId,
        openCollectionId: c.openCollectionId,
        expiresAt: c.expiresAt,
      }),
    );
  });

  r.get(api.libraryList.path, async (req, res) => {
    const q = parseOrThrow(LibraryQuerySchema, req.query, 'The library search');
    res.json(await d.library.list(ctxOf(res), q));
  });

  r.get(api.focusAreas.path, async (_req, res) => {
    res.json({ focusAreas: await d.library.focusAreas(ctxOf(res)) });
  });

  r.get(api.libraryDetail.path, async (req, res) => {
    const { id } = parseOrThrow(api.libraryDetail.params, req.params, 'The adaptation id');
    res.json(await d.library.detail(ctxOf(res), id));
  });

  r.get(api.adminCoaches.path, async (_req, res) => {
    res.json({ coaches: await d.admin.coaches(ctxOf(res)) });
  });
  r.get(api.adminPeople.path, async (req, res) => {
    const { q } = parseOrThrow(api.adminPeople.query, req.query, 'The search');
    res.json({ people: await d.admin.people(ctxOf(res), q ?? '') });
  });
  r.post(api.adminCoachGrant.path, async (req, res) => {
    const { userId } = parseOrThrow(api.adminCoachGrant.body, req.body, 'The coach');
    res.status(201).json(await d.admin.grantCoach(ctxOf(res), userId));
  });
  r.delete(api.adminCoachRevoke.path, async (req, res) => {
    const { userId } = parseOrThrow(z.object({ userId: z.string().min(1).max(36) }), req.params, 'The coach');
    await d.admin.revokeCoach(ctxOf(res), userId);
    res.json({ revoked: true });
  });

  r.post(api.deepLinkingResponse.path, async (req, res) => {
    const selection = parseOrThrow(api.deepLinkingResponse.body, req.body, 'The selection');
    res.json(await d.deepLinking.respond(ctxOf(res), selection));
  });

  return r;
}
