import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

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
 * The violations that block someone (axe's "serious" and "critical") in the current state of a frame
 * or page, with the elements concerned. axe is injected once per document.
 */
export async function seriousViolations(target: Frame | Page): Promise<string[]> {
  if (!(await target.evaluate(() => 'axe' in window))) await target.evaluate(axeSource);
  const result = await target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
