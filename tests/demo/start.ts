import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@margins/lti-tool/config';
import { createLogger } from '@margins/lti-tool/http/logger';
import { startServer } from '@margins/lti-tool/server';
import { startTestPlatform } from '../platform/index.js';
import { seedDemoDistrict } from './district.js';
import { seedDemo } from './seed.js';

/**
 * `pnpm start`: the local demo. Starts the test LMS and the Margins tool (SQLite under .data/demo),
 * registers them with each other, seeds demo adaptations, and prints the one URL to open. The LMS runs
 * on "localhost" and the tool on "127.0.0.1": two sites, as in a real district, so the launch works the
 * way it does when an LMS frames a tool from another domain. Ctrl-C stops both cleanly.
 */

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const TOOL_PORT = Number(process.env.MARGINS_DEMO_TOOL_PORT ?? 3000);
const LMS_PORT = Number(process.env.MARGINS_DEMO_LMS_PORT ?? 3001);
const CLIENT_ID = 'margins-demo';
const DEPLOYMENT_ID = 'riverside-district';

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(TOOL_PORT),
    PUBLIC_URL: `http://127.0.0.1:${TOOL_PORT}`,
    DATA_DIR: process.env.DATA_DIR ?? resolve(repoRoot, '.data/demo'),
    REGISTRATION_URLS: 'loopback',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const logger = createLogger(config.logLevel, { service: 'margins-lti' });
  const tool = await startServer(config, logger);
  const platform = await startTestPlatform({ port: LMS_PORT, host: '127.0.0.1', publicHost: 'localhost' });

  const urls = tool.tool.services.urls;
  const pc = platform.registerTool({
    clientId: CLIENT_ID,
    deploymentIds: [DEPLOYMENT_ID],
    name: 'Margins',
    oidcLoginUrl: urls.login,
    targetLinkUri: urls.launch,
    redirectUris: [urls.launch],
    jwksUrl: urls.keys,
  });
  const tenant = await tool.tool.services.platforms.register({
    issuer: pc.issuer,
    clientId: pc.clientId,
    authEndpoint: pc.authorizationEndpoint,
    tokenEndpoint: pc.tokenEndpoint,
    jwksUrl: pc.jwksUrl,
    deploymentIds: [DEPLOYMENT_ID],
    name: platform.name,
    product: 'canvas',
  });
  const deployment = await tool.tool.services.tenancy.findDeployment(tenant.id, DEPLOYMENT_ID);
  const seeded =
    (await seedDemo(tool.tool.services, tenant.id, deployment!.id)) +
    (await seedDemoDistrict(tool.tool.services, tenant.id, deployment!.id));
  const install = await tool.tool.services.install.create('Demo: dynamic registration', 1);

  process.stdout.write(`
  Margins demo is running.

    Open ${platform.url}/

  That page is a stand-in learning platform (${platform.name}). Use its buttons to launch Margins
  as a teacher (Ana), a coach (Ben) or a district admin (Dana), or to add a practice to a course
  through the editor button. The district is demo data: 60 teachers "(demo)" in 4 schools, 8 courses and
  six months of practice; ${seeded} adaptations are in the library (page titles start with [Demo]).

  To try LTI Dynamic Registration, paste this one-time address into "Install a tool" on that page:
    ${urls.base}/lti/register?install_code=${install.code}

  Tool: ${tool.url}  ·  data: ${config.dataDir}  ·  Ctrl-C to stop.
`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n  ${signal}: stopping the demo…\n`);
    await Promise.allSettled([platform.close(), tool.stop()]);
    process.stdout.write('  Stopped.\n');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  const err = e as { code?: string; message?: string };
  if (err.code === 'EADDRINUSE') {
    process.stderr.write(
      `A port the demo needs is in use (${err.message}). Stop the other program, or set MARGINS_DEMO_TOOL_PORT / MARGINS_DEMO_LMS_PORT.\n`,
    );
  } else {
    process.stderr.write(`The demo could not start: ${err.message ?? String(e)}\n`);
  }
  process.exit(1);
});
