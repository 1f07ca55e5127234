import type { DriverPage } from './browser-driver.js';

/**
 * Finding things in the extension's own pages (popup, side panel, pair page) the way a person does:
 * by role and name, by label, by visible text. Runs in the page through {@link DriverPage.evaluate},
 * so it works the same in every browser; clicks then go through the real mouse.
 */
export type Query =
  | { role: 'button' | 'tab' | 'link' | 'region' | 'heading' | 'alert'; name?: string | RegExp; within?: Query }
  | { label: string; within?: Query }
  | { text: string | RegExp; within?: Query }
  | { css: string; hasText?: string; within?: Query };

/** A query that can cross into the page (regular expressions as source and flags). */
type Wire = Record<string, unknown>;
function wire(q: Query): Wire {
  const out: Wire = {};
  for (const [k, v] of Object.entries(q))
    out[k] = v instanceof RegExp ? { re: v.source, flags: v.flags } : k === 'within' ? wire(v as Query) : v;
  return out;
}

/** Runs in the page: the visible elements matching the query. */
function findAll(q: Wire): Element[] {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (value: string, want: unknown): boolean => {
    if (want === undefined) return true;
    if (typeof want === 'string') return value === want;
    const { re, flags } = want as { re: string; flags: string };
    return new RegExp(re, flags).test(value);
  };
  const visible = (el: Element) => el.getClientRects().length > 0;
  const nameOf = (el: Element): string => {
    const label = el.getAttribute('aria-label');
    if (label) return norm(label);
    const by = el.getAttribute('aria-labelledby');
    if (by)
      return norm(
        by
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent)
          .join(' '),
      );
    const id = el.id;
    const forLabel = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
    if (forLabel) return norm(forLabel.textContent);
    return norm(el.textContent);
  };
  const roots: ParentNode[] = q.within ? findAll(q.within as Wire) : [document];
  const out: Element[] = [];
  for (const root of roots) {
    let candidates: Element[];
    if ('role' in q) {
      const selector = {
        button: 'button, [role="button"], input[type="submit"]',
        tab: '[role="tab"]',
        link: 'a[href], [role="link"]',
        region: 'section[aria-label], section[aria-labelledby], [role="region"]',
        heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
        alert: '[role="alert"]',
      }[q.role as string]!;
      candidates = [...root.querySelectorAll(selector)].filter((el) => matches(nameOf(el), q.name));
    } else if ('label' in q) {
      candidates = [...root.querySelectorAll('input, select, textarea, button')].filter(
        (el) =>
          nameOf(el) === q.label ||
          norm(el.closest('label')?.textContent) === q.label ||
          [...((el as HTMLInputElement).labels ?? [])].some((l) => norm(l.textContent) === q.label),
      );
    } else if ('text' in q) {
      const all = [...root.querySelectorAll('body *')].filter((el) => {
        const text = norm(el.textContent);
        return typeof q.text === 'string' ? text.includes(q.text) : matches(text, q.text);
      });
      // The innermost elements holding the text, as a reader points at it.
      candidates = all.filter((el) => !all.some((other) => other !== el && el.contains(other)));
    } else {
      candidates = [...root.querySelectorAll(q.css as string)].filter(
        (el) => q.hasText === undefined || norm(el.textContent).includes(q.hasText as string),
      );
    }
    out.push(...candidates.filter(visible));
  }
  return out;
}

const FIND = findAll.toString();

/** Runs `body` (source, with `els` the matches) in the page. */
function inPage<T>(page: DriverPage, q: Query, body: string, extra?: unknown): Promise<T> {
  // One expression, not a function with `new Function` inside: extension pages' CSP forbids eval.
  return page.evaluateSource<T>(
    `(() => { const findAll = ${FIND}; const arg = ${JSON.stringify(extra ?? null)}; const els = findAll(${JSON.stringify(wire(q))}); ${body} })()`,
  );
}

/** How many visible elements match. */
export function count(page: DriverPage, q: Query): Promise<number> {
  return inPage(page, q, 'return els.length;');
}

/** Waits until something matches (or, with `hidden`, until nothing does). */
export async function waitFor(
  page: DriverPage,
  q: Query,
  opts: { hidden?: boolean; timeout?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeout ?? 15_000);
  for (;;) {
    const n = await count(page, q).catch(() => 0);
    if (opts.hidden ? n === 0 : n > 0) return;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${JSON.stringify(wire(q))} to be ${opts.hidden ? 'gone' : 'shown'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The text of the first match (waits for it). */
export async function textOf(page: DriverPage, q: Query): Promise<string> {
  await waitFor(page, q);
  return inPage(page, q, `return els[0].innerText;`);
}

/**
 * The first match's centre. With `scroll`, it is first scrolled into view when something else is at
 * its centre (off screen, or under a sticky header); scrolling only then keeps controls that follow
 * the scroll from moving under the pointer.
 */
const CENTRE = (scroll: boolean) => `const el = els[0]; if (!el) return null;
  let r = el.getBoundingClientRect();
  const hit = ${scroll} ? el.getRootNode().elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : el;
  if (!hit || !(hit === el || el.contains(hit))) { el.scrollIntoView({ block: 'center' }); r = el.getBoundingClientRect(); }
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };`;

/**
 * Clicks the first match with the real mouse, at its centre, once it has stopped moving (two reads
 * 80 ms apart agree): a click measured during a re-render or a scroll lands beside it. Playwright's
 * own clicks wait for the same stability.
 */
export async function click(page: DriverPage, q: Query): Promise<void> {
  await waitFor(page, q);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const before = await inPage<{ x: number; y: number } | null>(page, q, CENTRE(true));
    await new Promise((r) => setTimeout(r, 80));
    const after = await inPage<{ x: number; y: number } | null>(page, q, CENTRE(false));
    if (before && after && before.x === after.x && before.y === after.y) {
      await page.mouse.click(after.x, after.y);
      return;
    }
    if (Date.now() > deadline) throw new Error(`${JSON.stringify(wire(q))} never stood still to be clicked`);
  }
}

/** Clicks into a field, clears it and types `value`, as a person would. */
export async function fill(page: DriverPage, q: Query, value: string): Promise<void> {
  await click(page, q);
  await inPage(page, q, `els[0].select?.();`);
  await page.keyboard.type(value);
}

/** Chooses an option of a `<select>` (the change event as the browser fires it). */
export async function selectOption(page: DriverPage, q: Query, value: string): Promise<void> {
  await waitFor(page, q);
  await inPage(
    page,
    q,
    `els[0].focus(); els[0].value = arg; els[0].dispatchEvent(new Event('input', { bubbles: true })); els[0].dispatchEvent(new Event('change', { bubbles: true }));`,
    value,
  );
}

/** An attribute of the first match. */
export async function attribute(page: DriverPage, q: Query, name: string): Promise<string | null> {
  await waitFor(page, q);
  return inPage(page, q, 'return els[0].getAttribute(arg);', name);
}
