import { createRequire } from 'node:module';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { databaseKinds, type TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import { seedDemo } from '../demo/seed.js';
import { chromiumArgs, chromiumPath } from './chromium.js';
import { registerWithEachOther } from './lti-stack.js';

/** axe-core's browser bundle, injected into the documents the LMS UI tests check. */
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** The tool's iframe inside the platform's page, once the launch has navigated it to the tool. */
export async function toolFrame(page: Page, toolUrl: string): Promise<Frame> {
  const origin = new URL(toolUrl).origin;
  for (let i = 0; i < 200; i++) {
    const f = page.frames().find((x) => x.url().startsWith(origin));
    if (f) return f;
    await page.waitForEvent('framenavigated', { timeout: 15_000 });
  }
  throw new Error('the tool frame never appeared');
}

/**
 * Waits for the LMS UI's own ready signal (`<html data-ready="true">`, set by lti-tool/src/ui/use-load.ts
 * once no view is loading and what loaded is on screen). A loaded machine makes a launch slower, not
 * wrong, so the wait is long (90 s); a launch that ended on one of the tool's error pages (a refused
 * launch, a sign-in the browser blocked) fails at once with the page's own words, and one that never
 * gets ready says where the frame is and what it shows, instead of a test timeout that says nothing.
 */
export async function lmsReady(frame: Frame): Promise<void> {
  const outcome = await frame
    .waitForFunction(
      () => {
        if (document.documentElement.dataset.ready === 'true') return 'ready';
        const refusal = document.querySelector('.box[role=alert], #status[role=alert]');
        return refusal ? `the launch ended on an error page: ${refusal.textContent ?? ''}` : false;
      },
      undefined,
      { timeout: 90_000, polling: 100 },
    )
    .catch(async (e: Error) => {
      const shown = await frame
        .evaluate(() => (document.body?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 300))
        .catch((err: Error) => `(unreadable: ${err.message})`);
      throw new Error(`the tool never said it was ready at ${frame.url()}: ${e.message}; it shows: ${shown}`);
    });
  const said = (await outcome.jsonValue()) as string;
  if (said !== 'ready') throw new Error(said);
}

/** Opens the platform's launch page for `launchUrl` and waits until the tool's frame in it is ready. */
export async function launchTool(page: Page, launchUrl: string, toolUrl: string): Promise<Frame> {
  await page.goto(launchUrl);
  const frame = await toolFrame(page, toolUrl);
  await lmsReady(frame);
  return frame;
}

/**
 * The violations that block someone (axe's "serious" and "critical") in the current state of a frame
 * or page, with the elements concerned. axe is injected once per document.
 */
export async function seriousViolations(target: Frame | Page): Promise<string[]> {
  if (!(await target.evaluate(() => 'axe' in window))) await target.evaluate(axeSource);
  const result = await target.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            o: object,
          ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** The tool (SQLite), the platform framing it from another site, and a headless Chromium that blocks third-party cookies. */
export interface LmsInChromium {
  db: TestDatabase;
  tool: TestTool;
  platform: TestPlatform;
  browser: Browser;
  clientId: string;
  /** The district (tenant) and deployment the platform launches into. */
  tenantId: string;
  deploymentPk: string;
  stop(): Promise<void>;
}

/**
 * Starts what the LMS UI browser tests stand on: the platform's pages on localhost frame the tool on
 * 127.0.0.1 (another site), so launches go through LTI client-side storage as in a real LMS iframe.
 * With `demo`, the demo practices are seeded and Ben is a coach.
 */
export async function startLmsInChromium(opts: { demo?: boolean } = {}): Promise<LmsInChromium> {
  const db = await databaseKinds()[0]!.create();
  const tool = await startTestTool(db);
  const platform = await startTestPlatform({ host: '127.0.0.1', publicHost: 'localhost' });
  const { clientId } = await registerWithEachOther(tool, platform);
  const tenant = (await tool.services.tenancy.findTenant(platform.issuer, clientId))!;
  const deployment = (await tool.services.tenancy.findDeployment(tenant.id, 'dep-1'))!;
  if (opts.demo) await seedDemo(tool.services, tenant.id, deployment.id);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs, '--test-third-party-cookie-phaseout'],
  });
  return {
    db,
    tool,
    platform,
    browser,
    clientId,
    tenantId: tenant.id,
    deploymentPk: deployment.id,
    async stop() {
      await browser.close();
      await platform.close();
      await tool.stop();
      await db.drop();
    },
  };
}
