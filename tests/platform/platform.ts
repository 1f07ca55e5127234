/**
 * Starts one test LTI platform: an express 5 app on its own port that wires the standards' endpoints
 * (OIDC auth, token, JWKS, dynamic registration, deep-linking return, NRPS, AGS) and the browser pages
 * (dashboard, course and launch pages, platform-storage frame), around one in-memory state.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { agsRoutes } from './ags.js';
import { deepLinkingRoutes } from './deep-linking.js';
import { runDynamicRegistration, runLaunch, type DynamicRegistrationOptions } from './driver.js';
import { homeRoutes } from './home-pages.js';
import { createPlatformKeys } from './keys.js';
import { launchPagePath, launchPageRoutes } from './launch-pages.js';
import { nrpsRoutes } from './nrps.js';
import { authorizationRoutes } from './oidc.js';
import { registrationRoutes } from './registration.js';
import { lakeside, riverside } from './roster.js';
import { PlatformState } from './state.js';
import { tokenRoutes } from './token.js';
import type {
  DynamicRegistrationResult,
  LaunchOptions,
  LaunchResult,
  PlatformConfig,
  PlatformCourse,
  PlatformUser,
  StartPlatformOptions,
  ToolRegistration,
} from './types.js';

/** A running test platform (see README.md). */
export interface TestPlatform {
  readonly url: string;
  readonly issuer: string;
  readonly name: string;
  /** Absolute URLs of the LTI endpoints (auth, token, jwks, openid configuration, registration, ...). */
  readonly endpoints: PlatformState['endpoints'];
  registerTool(reg: Omit<ToolRegistration, 'clientId'> & { clientId?: string }): PlatformConfig;
  /** The registration of a tool (what the platform holds), or undefined. */
  tool(clientId: string): ToolRegistration | undefined;
  addUser(u: PlatformUser): void;
  addCourse(c: PlatformCourse): void;
  readonly users: readonly PlatformUser[];
  /** What deep linking placed in a course, in order; launch an `ltiResourceLink` with its `resourceLinkId`. */
  placedContent(
    courseId: string,
  ): Array<{ clientId: string; deploymentId: string; item: Record<string, unknown>; resourceLinkId?: string }>;
  readonly courses: readonly PlatformCourse[];
  /** URL of a platform page that performs the launch in a browser (and signs its user in). */
  launchPageUrl(opts: LaunchOptions): string;
  /** Browser-less launch through the whole OIDC flow. */
  launch(opts: LaunchOptions): Promise<LaunchResult>;
  /** Dynamic registration as an admin's browser runs it; throws DynamicRegistrationError when the tool did not register. */
  dynamicRegistration(toolInitiationUrl: string, opts?: DynamicRegistrationOptions): Promise<DynamicRegistrationResult>;
  /** What tools posted back: deep-linking responses, AGS scores, line items. */
  readonly received: PlatformState['received'];
  close(): Promise<void>;
}

const publicDir = join(dirname(fileURLToPath(import.meta.url)), 'public');

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  next();
}

/** Starts a platform; the default seeds Riverside USD (two courses, six people). */
export async function startTestPlatform(opts: StartPlatformOptions = {}): Promise<TestPlatform> {
  const keys = await createPlatformKeys();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const server = http.createServer(app);
  server.keepAliveTimeout = 30_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const publicHost = opts.publicHost ?? host;
  const url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
  const roster = opts.roster ?? 'riverside';
  const seed = roster === 'lakeside' ? lakeside : roster === 'riverside' ? riverside : undefined;
  const state = new PlatformState(url, opts.name ?? seed?.name ?? 'Test District', opts.product ?? 'canvas', keys);
  for (const u of seed?.users ?? []) state.roster.addUser(u);
  for (const c of seed?.courses ?? []) state.roster.addCourse(c);

  app.use(securityHeaders);
  app.use('/assets', express.static(publicDir, { maxAge: '5m', index: false }));
  app.use(authorizationRoutes(state));
  app.use(tokenRoutes(state));
  app.use(registrationRoutes(state));
  app.use(deepLinkingRoutes(state));
  app.use(nrpsRoutes(state));
  app.use(agsRoutes(state));
  app.use(launchPageRoutes(state));
  app.use(homeRoutes(state));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) console.error('[test platform]', err);
    res
      .status(status)
      .json({ error: status >= 500 ? 'server_error' : 'invalid_request', error_description: (err as Error).message });
  });

  return {
    url,
    issuer: state.issuer,
    name: state.name,
    endpoints: state.endpoints,
    registerTool: (reg) => state.registerTool(reg),
    tool: (clientId) => state.tools.get(clientId),
    addUser: (u) => state.roster.addUser(u),
    addCourse: (c) => state.roster.addCourse(c),
    placedContent: (courseId) =>
      state.roster.course(courseId).content.map((c) => ({ ...c, item: structuredClone(c.item) })),
    get users() {
      return [...state.roster.users.values()];
    },
    get courses() {
      return [...state.roster.courses.values()].map((c) => ({
        id: c.id,
        title: c.title,
        label: c.label,
        members: [...c.members],
      }));
    },
    launchPageUrl: (launchOpts) => `${url}${launchPagePath(state, launchOpts)}`,
    launch: (launchOpts) => runLaunch(state, launchOpts),
    dynamicRegistration: (toolUrl, drOpts) => runDynamicRegistration(state, toolUrl, drOpts),
    received: state.received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
