import type { Frame, Page } from 'playwright-core';

/** Viewport sizes the LMS UI must fit: a laptop and a small window (the walkthrough). */
export const VIEWPORTS = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
] as const;

/** The tool's iframe element box in the platform page (document coordinates). */
async function frameBox(page: Page): Promise<{ top: number; height: number }> {
  return page.evaluate(() => {
    const r = document.getElementById('tool_frame')!.getBoundingClientRect();
    return { top: r.top + window.scrollY, height: r.height };
  });
}

/** Waits until the platform has sized the frame to the tool's content (lti.frameResize): no inner scroll bar. */
export async function waitForFittedFrame(page: Page, frame: Frame): Promise<void> {
  await frame
    .waitForFunction(() => document.documentElement.scrollHeight <= window.innerHeight + 1, undefined, {
      timeout: 10_000,
    })
    .catch(async () => {
      const [content, inner] = await frame.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
      throw new Error(`the frame scrolls inside: content ${content}px in a ${inner}px frame`);
    });
  // The frame grew to what the tool asked for (the platform keeps a minimum height, so it may be taller).
  const inner = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  const box = await frameBox(page);
  if (box.height + 4 < inner) throw new Error(`frame is ${box.height}px high, content ${inner}px`);
}

/** True when neither the tool's document nor the platform page scrolls sideways. */
export async function noHorizontalScroll(page: Page, frame: Frame): Promise<boolean> {
  const check = () => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1;
  return (await frame.evaluate(check)) && (await page.evaluate(check));
}

/**
 * How far below the first screenful of the platform page an element of the tool ends (0 when it is
 * fully inside): the page is scrolled to the top, as someone who just opened the view sees it.
 */
export async function belowFirstViewport(page: Page, frame: Frame, selector: string): Promise<number> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await frameBox(page);
  const bottom = await frame.evaluate((sel) => {
    const el = [...document.querySelectorAll(sel)].find((e) => (e as HTMLElement).offsetParent !== null);
    return el ? el.getBoundingClientRect().bottom : Number.POSITIVE_INFINITY;
  }, selector);
  const viewport = await page.evaluate(() => window.innerHeight);
  return Math.max(0, Math.ceil(box.top + bottom - viewport));
}

/**
 * Narrows the tool's frame to `width` CSS pixels (320: a phone, or a 1280px screen at 400% zoom) and
 * reports whether its document still fits without sideways scrolling; the frame's width is restored.
 */
export async function reflowsAt(page: Page, frame: Frame, width: number): Promise<boolean> {
  await page.evaluate((w) => {
    document.getElementById('tool_frame')!.style.width = `${w}px`;
  }, width);
  await frame.waitForFunction((w) => Math.abs(window.innerWidth - w) <= 2, width);
  const ok = await frame.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1,
  );
  const wide = await page.evaluate(() => {
    const f = document.getElementById('tool_frame')!;
    f.style.width = '';
    return f.clientWidth;
  });
  await frame.waitForFunction((w) => Math.abs(window.innerWidth - w) <= 2, wide);
  return ok;
}

/**
 * Chooses a navigation item of the LMS UI by its words. In a narrow frame the items are behind the
 * menu button; the frame's width can change under the test (a reflow check narrows it and widens it
 * again), so this looks again until the item shows, opening the menu when it is closed.
 */
export async function chooseNavItem(frame: Frame, label: string, timeoutMs = 15_000): Promise<void> {
  const item = frame.getByRole('button', { name: label, exact: true });
  const toggle = frame.locator('.nav-toggle');
  const until = Date.now() + timeoutMs;
  while (!(await item.isVisible())) {
    if (Date.now() > until) throw new Error(`The navigation item "${label}" did not show in ${timeoutMs} ms.`);
    if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    else await frame.waitForTimeout(100);
  }
  await item.click();
}
