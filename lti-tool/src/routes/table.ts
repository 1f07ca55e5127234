import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { AppError, type EndpointAuth } from '@margins/shared';
import { htmlRoute, refuseControlChars } from '../http/middleware.js';
import type { LaunchContext, MarginsRole } from '../lti/launch-context.js';
import type { Actor } from '../services/actor.js';

/**
 * The route table: every endpoint of the tool is one entry that declares its guard (who may call it:
 * anyone, a launch session, a paired extension, either) and, for launch sessions, the Margins roles
 * that may use it. `mountRoutes` applies guard, roles, limits and body parser per route, so nothing
 * depends on the order routers are mounted in, and every handler receives one typed context.
 *
 * Add a route: declare it in the contract (shared/src/api*.ts, `auth` included) or, for LTI and
 * public pages, give method/path/auth inline; add `route(...)` to the area's list in src/routes/;
 * run the route tests (test/routes.test.ts regenerates the README list with MARGINS_UPDATE_README=1).
 */

/** A guard: the contract's `auth` values. */
export type Guard = EndpointAuth;
/** An HTTP method of a route; ALL answers every method (the LTI login is GET or POST). */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'ALL';

/** Every Margins role: anyone a launch lets in (launches of people with no Margins role are refused). */
export const STAFF = ['teacher', 'coach', 'district-admin'] as const satisfies readonly MarginsRole[];
/** Instructional coaches only. */
export const COACH = ['coach'] as const satisfies readonly MarginsRole[];
/** District admins only (launched from the account level). */
export const DISTRICT_ADMIN = ['district-admin'] as const satisfies readonly MarginsRole[];
/** The people who lead the district's professional learning. */
export const LEADERS = ['coach', 'district-admin'] as const satisfies readonly MarginsRole[];
/** The people who read curriculum insight (issue 20): leaders and curriculum leads. */
export const INSIGHT_READERS = ['coach', 'district-admin', 'curriculum-lead'] as const satisfies readonly MarginsRole[];
/** The people who run a course (its participation grade). */
export const COURSE_STAFF = ['teacher', 'coach'] as const satisfies readonly MarginsRole[];

/** What a handler knows about the caller, by guard. */
export interface GuardContexts {
  public: { guard: 'public' };
  /** A launch session: its context (roles as they are now, see RoleResolver) and the same person as an actor. */
  launch: { guard: 'launch'; launch: LaunchContext; actor: Actor };
  /** A paired browser's access token. */
  extension: { guard: 'extension'; actor: Actor };
  /** Either credential; `launch` is null for an extension. */
  'launch-or-extension': { guard: 'launch-or-extension'; actor: Actor; launch: LaunchContext | null };
}
/** The typed context of a guard. */
export type RouteContext<G extends Guard> = GuardContexts[G];

/** A route handler: parses its input with the contract and calls one service method. */
export type Handler<G extends Guard> = (req: Request, res: Response, ctx: RouteContext<G>) => unknown;

/** How a route's body is read (nothing when absent). */
export type BodyKind = { json: number } | { form: true } | { text: string[]; limit: number };

/** Per-route options; `roles` is required exactly where a launch session may call. */
export type RouteOptions<G extends Guard> = {
  /** Rendered as an HTML page (errors too). */
  html?: boolean;
  body?: BodyKind;
  /** Extra limits that run before the guard (per address limits of public endpoints). */
  limits?: RequestHandler[];
  /** False only for /health: load balancers poll it, and it must not use up the address limit. */
  addressLimit?: boolean;
  /** Cross-origin policy: the extension API admits the configured extension origins. */
  cors?: 'extension';
  /** A static file tree served under `path` (the UI bundle): mounted as a prefix, not one path. */
  files?: RequestHandler;
  /** What the 403 sentence says the caller tried ("manage focus areas"). */
  doing?: string;
  /** One line for the README's route list. */
  summary: string;
} & (G extends 'launch' | 'launch-or-extension' ? { roles: readonly MarginsRole[] } : { roles?: undefined });

/** One entry of the route table (type-erased for mounting). */
export interface RouteDef {
  method: Method;
  path: string;
  auth: Guard;
  roles: readonly MarginsRole[];
  options: RouteOptions<Guard>;
  handler: Handler<Guard>;
}

/** Declares a route from a contract endpoint (or an inline method/path/auth for LTI and public pages). */
export function route<G extends Guard>(
  e: { method: Method; path: string; auth: G },
  options: RouteOptions<G>,
  handler: Handler<G>,
): RouteDef {
  return {
    method: e.method,
    path: e.path,
    auth: e.auth,
    roles: options.roles ?? [],
    options,
    handler: handler as Handler<Guard>,
  };
}

/** A static file tree under `path` (public, GET): its files are not routes of their own. */
export function filesRoute(path: string, files: RequestHandler, summary: string): RouteDef {
  return route({ method: 'GET', path, auth: 'public' }, { files, summary }, () => undefined);
}

/** How the table checks credentials; the composition root implements it over the session and pairing services. */
export interface Authenticator {
  /** The launch context of the request's session, with roles as they are now; 401 without one. */
  launch(req: Request): Promise<LaunchContext>;
  /** The paired browser of the request (counts against its per-browser limit); 401 otherwise. */
  extension(req: Request, res: Response, allowLaunch: boolean): Promise<{ actor: Actor; launch: LaunchContext | null }>;
  /** Turns a launch context into the actor services of sharing see. */
  actorOf(launch: LaunchContext): Actor;
}

const WHO: Record<string, string> = {
  coach: 'an instructional coach',
  'district-admin': 'a district admin, launching Margins from the account level,',
  'coach,district-admin': 'an instructional coach or a district admin',
  'coach,teacher': 'a teacher or coach of this course',
  'coach,curriculum-lead,district-admin': 'an instructional coach, a curriculum lead or a district admin',
};

/** The 403 sentence for a caller without any of `roles`. */
export function forbiddenMessage(roles: readonly MarginsRole[], doing = 'do this'): string {
  if (STAFF.every((r) => roles.includes(r)))
    return 'Margins is for teachers, instructional coaches and district admins.';
  const who = WHO[[...roles].sort().join(',')] ?? `someone with the role ${roles.join(' or ')}`;
  const hint = roles.length === 1 && roles[0] === 'coach' ? ' Ask your district admin if you should be one.' : '';
  return `Only ${who} can ${doing}.${hint}`;
}

/** Refuses a launch context that has none of `roles` (403 with a sentence saying who may). */
export function requireAnyRole(launch: LaunchContext, roles: readonly MarginsRole[], doing?: string): void {
  if (!roles.some((r) => launch.roles.includes(r))) throw new AppError('forbidden', forbiddenMessage(roles, doing));
}

function bodyParser(b: BodyKind): RequestHandler {
  if ('json' in b) return express.json({ limit: b.json });
  if ('form' in b) return express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 });
  return express.text({ type: b.text, limit: b.limit });
}

function guardMiddleware(def: RouteDef, auth: Authenticator): RequestHandler | null {
  const { roles } = def;
  const doing = def.options.doing;
  switch (def.auth) {
    case 'public':
      return null;
    case 'launch':
      return async (req, res, next) => {
        const launch = await auth.launch(req);
        requireAnyRole(launch, roles, doing);
        res.locals.route = { guard: 'launch', launch, actor: auth.actorOf(launch) };
        next();
      };
    case 'extension':
      return async (req, res, next) => {
        const { actor } = await auth.extension(req, res, false);
        res.locals.route = { guard: 'extension', actor };
        next();
      };
    case 'launch-or-extension':
      return async (req, res, next) => {
        const { actor, launch } = await auth.extension(req, res, true);
        if (launch) requireAnyRole(launch, roles, doing);
        res.locals.route = { guard: 'launch-or-extension', actor, launch };
        next();
      };
  }
}

declare module 'express-serve-static-core' {
  interface Locals {
    /** The route table's typed context of the request (set by the guard). */
    route?: RouteContext<Guard>;
  }
}

const METHODS = {
  GET: 'get',
  POST: 'post',
  PUT: 'put',
  PATCH: 'patch',
  DELETE: 'delete',
  OPTIONS: 'options',
  ALL: 'all',
} as const;

/** What mounting needs besides the table. */
export interface MountOptions {
  auth: Authenticator;
  /** The per-address limit every route but /health shares. */
  addressLimit: RequestHandler;
  /** The extension API's CORS policy (for routes with `cors: 'extension'`). */
  extensionCors: RequestHandler;
}

/**
 * Mounts the table on `app`, each route with its own chain: html marker, address limit, CORS policy,
 * route limits, guard and roles, body parser, handler. Guards run before bodies are read, so an
 * anonymous caller never gets a body parsed. Paths with a CORS policy also answer its preflights.
 */
export function mountRoutes(app: Express, table: readonly RouteDef[], o: MountOptions): void {
  const preflights = new Set<string>();
  for (const def of table) {
    const chain: RequestHandler[] = [];
    if (def.options.html) chain.push(htmlRoute);
    if (def.options.addressLimit !== false) chain.push(o.addressLimit);
    if (def.options.cors === 'extension') {
      chain.push(o.extensionCors);
      if (!preflights.has(def.path)) app.options(def.path, o.addressLimit, o.extensionCors);
      preflights.add(def.path);
    }
    chain.push(...(def.options.limits ?? []));
    const guard = guardMiddleware(def, o.auth);
    if (guard) chain.push(guard);
    if (def.options.body) chain.push(bodyParser(def.options.body));
    chain.push(refuseControlChars);
    if (def.options.files) {
      app.use(def.path, ...chain, def.options.files);
      continue;
    }
    const handler = def.handler;
    chain.push(async (req, res) => {
      await handler(req, res, res.locals.route ?? { guard: 'public' });
    });
    app[METHODS[def.method]](def.path, ...chain);
  }
}

/** The README's route list (one row per route), generated from the table so it cannot go stale. */
export function routeList(table: readonly RouteDef[]): string {
  const roleName = (r: readonly MarginsRole[]) =>
    r.length === 0 ? '' : STAFF.every((x) => r.includes(x)) ? 'any (teacher, coach, district admin)' : r.join(', ');
  const rows = table.map(
    (d) =>
      `| ${d.method === 'ALL' ? 'GET, POST' : d.method} | \`${d.path}${d.options.files ? '/*' : ''}\` | ${d.auth} | ${roleName(d.roles)} | ${d.options.summary} |`,
  );
  return ['| Method | Path | Guard | Roles | What |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
