import type { Page } from 'playwright-core';
import type { DriverPage } from './browser-driver.js';

/** The annotator's host element. */
const HOST = 'margins-annotator';

/** Runs a function (source) with `this` bound to the annotator's shadow root; null when there is none. */
type ShadowRunner = <T>(fn: string, args: unknown[]) => Promise<T | null>;
/** The real mouse and keyboard of a page (Playwright's and the driver interface's have this shape). */
interface Input {
  mouse: { click(x: number, y: number): Promise<void> };
  keyboard: { type(text: string): Promise<void> };
}

/**
 * Reaches into the annotator's *closed* shadow root the way only a debugger can (the Chrome DevTools
 * Protocol with `pierce` in Chromium, WebDriver BiDi's shadow-root references in Firefox), so the
 * browser tests drive the real build while page scripts still cannot. Clicks and typing go through
 * the real mouse and keyboard at the element's position.
 */
export class AnnotatorUi {
  private constructor(
    private readonly input: Input,
    private readonly runner: ShadowRunner,
  ) {}

  /** Attaches to a page of the shared driver interface (any browser). */
  static of(page: DriverPage): AnnotatorUi {
    return new AnnotatorUi(page, (fn, args) => page.shadow(HOST, fn, args));
  }

  /** Runs `fn` with `this` bound to the shadow root (in the page's main world); null when there is no UI yet. */
  run<T>(fn: string, ...args: unknown[]): Promise<T | null> {
    return this.runner<T>(fn, args);
  }

  /** Waits until `selector` matches a visible element inside the UI. */
  async waitFor(selector: string, opts: { timeout?: number; hidden?: boolean } = {}): Promise<void> {
    const deadline = Date.now() + (opts.timeout ?? 15_000);
    for (;;) {
      const visible = await this.run<boolean>(
        `function(s) { const el = this.querySelector(s); return !!el && el.getClientRects().length > 0; }`,
        selector,
      );
      if (!!visible === !opts.hidden) return;
      if (Date.now() > deadline)
        throw new Error(
          `Timed out waiting for ${selector} to be ${opts.hidden ? 'hidden' : 'visible'} in the annotator`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * The centre of an element (viewport coordinates), once it has stopped moving. It is scrolled into
   * view only when something else is at its centre (off screen, or clipped by the scrolling form):
   * scrolling moves the page's fixed-position controls a frame later (the Adapt button follows the
   * selection), and a click at the old place lands on the page and drops the selection. Playwright's
   * own clicks wait for the same stability. 80 ms is several frames; timers, unlike frames, also run
   * in a background tab.
   */
  async centre(selector: string): Promise<{ x: number; y: number }> {
    const read = () =>
      this.run<{ x: number; y: number } | null>(
        `function(s) { const el = this.querySelector(s); if (!el) return null;
          let r = el.getBoundingClientRect();
          const hit = this.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          if (!hit || !(hit === el || el.contains(hit))) {
            el.scrollIntoView({ block: 'center' });
            r = el.getBoundingClientRect();
          }
          return new Promise((done) => setTimeout(() => {
            const now = el.getBoundingClientRect();
            done(now.left === r.left && now.top === r.top
              ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: NaN, y: NaN });
          }, 80));
        }`,
        selector,
      );
    const deadline = Date.now() + 15_000;
    for (;;) {
      const point = await read();
      if (!point) throw new Error(`No ${selector} in the annotator`);
      if (!Number.isNaN(point.x)) return point;
      if (Date.now() > deadline) throw new Error(`${selector} in the annotator never stopped moving`);
    }
  }

  /** Clicks an element with the real mouse. */
  async click(selector: string): Promise<void> {
    await this.waitFor(selector);
    const { x, y } = await this.centre(selector);
    await this.input.mouse.click(x, y);
  }

  /** Clicks into a text field and types, as a teacher would. */
  async type(selector: string, text: string): Promise<void> {
    await this.click(selector);
    await this.input.keyboard.type(text);
  }

  /** Text content of the first match, or null. */
  text(selector: string): Promise<string | null> {
    return this.run<string | null>(
      `function(s) { const el = this.querySelector(s); return el ? el.textContent : null; }`,
      selector,
    );
  }

  /** Number of matches. */
  async count(selector: string): Promise<number> {
    return (await this.run<number>(`function(s) { return this.querySelectorAll(s).length; }`, selector)) ?? 0;
  }

  /** The element focused inside the UI, as "tag#id" or "tag.class". */
  activeElement(): Promise<string | null> {
    return this.run<string | null>(
      `function() { const a = this.activeElement; return a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + (a.className ? '.' + String(a.className).split(' ').join('.') : '') : null; }`,
    );
  }

  /** Runs axe-core (already injected into the page) on the UI inside the shadow root; returns the violations. */
  axe(): Promise<AxeViolation[] | null> {
    return this.run<AxeViolation[]>(`async function() {
      const container = this.querySelector('.root');
      // axe cannot walk into a closed shadow root from the document, so its tree starts at our
      // container (setup + runPartial + finishRun is axe's API for a context it did not find itself).
      window.axe.setup(container);
      let partial;
      try {
        partial = await window.axe.runPartial(container, {});
      } finally {
        window.axe.teardown();
      }
      const result = await window.axe.finishRun([partial], {});
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.html.slice(0, 200)) }));
    }`);
  }
}

/** One axe-core violation, trimmed for messages. */
export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: string[];
}

/** Selects the first occurrence of `text` inside the element matching `selector` (in the page's main world). */
export async function selectText(page: Page | DriverPage, selector: string, text: string): Promise<void> {
  await (page as DriverPage).evaluate(
    ([sel, needle]) => {
      const el = document.querySelector(sel!);
      const walker = document.createTreeWalker(el!, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = (n as Text).data.indexOf(needle!);
        if (i >= 0) {
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + needle!.length);
          const sel = getSelection()!;
          sel.removeAllRanges();
          sel.addRange(range);
          return;
        }
      }
      throw new Error(`"${needle}" not found in ${sel}`);
    },
    [selector, text],
  );
}
