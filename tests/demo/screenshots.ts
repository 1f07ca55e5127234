import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from 'playwright-core';
import { lmsReady, startLmsInChromium, toolFrame } from '../support/lms-frame.js';
import { chooseNavItem } from '../support/lms-views.js';
import { seedDemoDistrict } from './district.js';

/**
 * `pnpm --filter @margins/tests screenshots`: the README's pictures of each persona's main view,
 * taken from the demo district (seed.ts and district.ts) in Chromium, framed by the stand-in LMS at
 * 1280x800, into docs/screenshots/. Run it again after a change to what those views show.
 */
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

/** One picture: who launches, from which course, and how to reach the view from the navigation. */
const SHOTS: {
  file: string;
  user: string;
  course?: string;
  nav?: string;
  heading: string;
  open?: (f: Frame) => Promise<void>;
  /** A taller window, for views whose charts and tables run below the first screen. */
  tall?: boolean;
}[] = [
  { file: 'teacher-library.png', user: 'ana', course: 'math-7', heading: '#library-heading' },
  {
    file: 'teacher-practice.png',
    user: 'ana',
    course: 'math-7',
    heading: '#detail-heading',
    open: (f) => f.locator('ul.results button.link').first().click(),
  },
  { file: 'coach-collections.png', user: 'ben', course: 'ela-plc', nav: 'Collections', heading: '#cc-heading' },
  {
    file: 'coach-metrics.png',
    user: 'ben',
    course: 'ela-plc',
    nav: 'Leadership metrics',
    heading: '#lm-heading',
    tall: true,
  },
  {
    file: 'coach-insight.png',
    user: 'ben',
    course: 'ela-plc',
    nav: 'Curriculum insight',
    heading: 'main h2',
    tall: true,
  },
  { file: 'admin-metrics.png', user: 'dana', nav: 'Leadership metrics', heading: '#lm-heading' },
];

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const stack = await startLmsInChromium({ demo: true });
  try {
    await seedDemoDistrict(stack.tool.services, stack.tenantId, stack.deploymentPk);
    for (const shot of SHOTS) {
      const context = await stack.browser.newContext({ viewport: { width: 1280, height: shot.tall ? 1800 : 800 } });
      const page = await context.newPage();
      await page.goto(stack.platform.launchPageUrl({ clientId: stack.clientId, user: shot.user, course: shot.course }));
      const frame = await toolFrame(page, stack.tool.url);
      await lmsReady(frame);
      if (shot.open) await shot.open(frame);
      if (shot.nav) await chooseNavItem(frame, shot.nav);
      await frame.locator(shot.heading).first().waitFor();
      // Charts and tables finish loading after the heading.
      await frame.waitForTimeout(500);
      await lmsReady(frame);
      await page.screenshot({ path: join(out, shot.file) });
      process.stdout.write(`  ${shot.file}\n`);
      await context.close();
    }
  } finally {
    await stack.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Screenshots failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
