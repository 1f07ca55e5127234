/**
 * The one interface the extension's browser tests drive, so the same test runs in Chromium
 * (playwright-core over CDP, `chromium.ts`) and in Firefox ESR (puppeteer-core over WebDriver BiDi,
 * `firefox.ts`). It offers only what both browsers can really do: pages, the real mouse and
 * keyboard, script in the page's main world, the annotator's closed shadow root (through the
 * debugger protocol, never from page script), file inputs and downloads.
 */

/** The browsers the extension ships for. */
export type BrowserName = 'chromium' | 'firefox';

/** A file handed to a file input. */
export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** One tab. */
export interface DriverPage {
  url(): string;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
  /**
   * Makes this the tab in front. A Firefox tab in the background gets no animation frames, so the
   * annotator's Preact effects (drawing, notes) wait until it is shown, as for a real teacher.
   */
  bringToFront(): Promise<void>;
  /** Sets the size of the page's viewport in CSS pixels (a short or narrow screen). */
  setViewport(width: number, height: number): Promise<void>;
  /** Runs `fn(arg)` in the page's main world (an extension page's own world for extension pages). */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Evaluates an expression (source) in the same world; a promise is awaited. The result must be JSON. */
  evaluateSource<T>(expression: string): Promise<T>;
  /** Runs `fn` (function source) with `this` bound to the closed shadow root of the first `host` element; null without one. */
  shadow<T>(host: string, fn: string, args: unknown[]): Promise<T | null>;
  /** Adds a script file to the page (main world). */
  addScript(path: string): Promise<void>;
  mouse: { move(x: number, y: number): Promise<void>; click(x: number, y: number): Promise<void> };
  /** Keys by their DOM names; combinations as "Control+A". `delay`: ms between keys, as a person types. */
  keyboard: { press(key: string): Promise<void>; type(text: string, opts?: { delay?: number }): Promise<void> };
  /** Sets the files of the `<input type=file>` matching `selector`. */
  setInputFiles(selector: string, file: UploadFile): Promise<void>;
  /**
   * Removes the CSS Custom Highlight API from the world the extension's content scripts run in
   * (page script cannot: content scripts see the browser's own objects); false when that world
   * was not found (no content script ran in the tab yet).
   */
  removeHighlightApiForContentScripts(): Promise<boolean>;
  /**
   * Main-thread busy time of the page's renderer so far, in ms: all tasks and JavaScript alone
   * (CDP's Performance metrics); null where the protocol has no such metric (WebDriver BiDi).
   */
  mainThreadMs(): Promise<{ task: number; script: number } | null>;
  /**
   * Ends the process that renders the tab abruptly, as a crash does: no `pagehide`, no last script.
   * Chromium: CDP `Page.crash`. Firefox: the tab's content process is killed (its pid read in chrome
   * scope), since BiDi has no crash command.
   */
  crash(): Promise<void>;
  /** Runs `trigger` and returns the file it made the browser download. */
  download(trigger: () => Promise<void>): Promise<{ filename: string; text: string }>;
}

/** A browser with the built extension installed. */
export interface ExtensionDriver {
  name: BrowserName;
  /** The extension's base URL (`chrome-extension://<id>/` or `moz-extension://<uuid>/`). */
  extensionOrigin: string;
  newPage(url?: string): Promise<DriverPage>;
  /** Runs `fn(arg)` in an extension context that has the extension APIs (`chrome.*`) and its IndexedDB. */
  extension<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  close(): Promise<void>;
}

/** Splits "Control+Shift+A" into modifiers and the key. */
export function splitCombo(combo: string): { modifiers: string[]; key: string } {
  const parts = combo === '+' ? ['+'] : combo.split('+');
  return { modifiers: parts.slice(0, -1), key: parts.at(-1)! };
}
