import { databaseKinds, type DatabaseKind, type TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import { canvasDeveloperKeyJson } from '@margins/lti-tool/lti/lms/index';
import {
  startTestPlatform,
  type LaunchOptions,
  type LaunchResult,
  type StartPlatformOptions,
  type TestPlatform,
} from '../platform/index.js';

export { databaseKinds, type DatabaseKind };

/** A tool and a test platform registered with each other (manual registration), for end-to-end tests. */
export interface LtiStack {
  db: TestDatabase;
  tool: TestTool;
  platform: TestPlatform;
  clientId: string;
  deploymentId: string;
  /** Launches as `user` (a roster sub) through the whole OIDC flow. */
  launch(opts: Omit<LaunchOptions, 'clientId'> & { clientId?: string }): Promise<LaunchResult>;
  stop(): Promise<void>;
}

/** Registers `platform` in `tool` and the tool in the platform; returns the client and deployment ids. */
export async function registerWithEachOther(
  tool: TestTool,
  platform: TestPlatform,
  deploymentIds = ['dep-1'],
  product: 'canvas' | 'moodle' = 'canvas',
): Promise<{ clientId: string; deploymentId: string }> {
  const urls = tool.services.urls;
  const pc = platform.registerTool({
    deploymentIds,
    oidcLoginUrl: urls.login,
    targetLinkUri: urls.launch,
    redirectUris: [urls.launch],
    jwksUrl: urls.keys,
    // What the Canvas developer key JSON installs: tool-level custom fields reach every launch.
    ...(product === 'canvas'
      ? { custom: canvasDeveloperKeyJson(urls, 'Margins', 'Margins').custom_fields as Record<string, string> }
      : {}),
  });
  await tool.services.platforms.register({
    issuer: pc.issuer,
    clientId: pc.clientId,
    authEndpoint: pc.authorizationEndpoint,
    tokenEndpoint: pc.tokenEndpoint,
    jwksUrl: pc.jwksUrl,
    deploymentIds,
    name: platform.name,
    product,
  });
  return { clientId: pc.clientId, deploymentId: deploymentIds[0]! };
}

/** Starts a database of `kind`, the tool on it, and a platform, registered with each other. */
export async function startLtiStack(
  kind: DatabaseKind,
  opts: {
    platform?: StartPlatformOptions;
    toolEnv?: Record<string, string>;
    toolHost?: string;
    /** Receives the tool's log lines (JSON); set LOG_LEVEL in `toolEnv`. */
    toolLog?: (line: string) => void;
  } = {},
): Promise<LtiStack> {
  const db = await kind.create();
  const tool = await startTestTool(db, opts.toolEnv, {
    ...(opts.toolHost ? { host: opts.toolHost } : {}),
    ...(opts.toolLog ? { log: opts.toolLog } : {}),
  });
  const platform = await startTestPlatform(opts.platform);
  const { clientId, deploymentId } = await registerWithEachOther(tool, platform);
  return {
    db,
    tool,
    platform,
    clientId,
    deploymentId,
    launch: (o) => platform.launch({ clientId, ...o }),
    async stop() {
      await platform.close();
      await tool.stop();
      await db.drop();
    },
  };
}

/** The launch session credential embedded in the LMS UI page the tool answered a launch with. */
export function sessionToken(html: string): string {
  const m = html.match(/<script type="application\/json" id="margins-session">(.*?)<\/script>/s);
  if (!m) throw new Error(`No session in the launch page:\n${html.slice(0, 500)}`);
  return (JSON.parse(m[1]!) as { token: string }).token;
}

/** Calls the tool's API with a launch session credential. */
export async function callApi(
  tool: TestTool,
  token: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${tool.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Launches `user` and returns the launch session credential (throws with the page when the launch failed). */
export async function launchToken(
  s: LtiStack,
  opts: Omit<LaunchOptions, 'clientId'> & { clientId?: string },
): Promise<string> {
  const res = await s.launch(opts);
  if (res.status !== 200)
    throw new Error(`Launch of ${opts.user} failed with ${res.status}: ${res.body.slice(0, 400)}`);
  return sessionToken(res.body);
}
