import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { MARGINS_CHROME_EXTENSION_ID } from '@margins/shared';
import { databaseKinds, type DatabaseKind, type TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import type { SyncHooks } from '@margins/lti-tool/services/sync-service';
import { startTestPlatform, type TestPlatform } from '../../platform/index.js';
import type { AnnotatorUi } from '../../support/annotator-ui.js';
import type { ExtensionBrowser } from '../../support/chromium.js';
import { launchChromiumDriver, type ChromiumPage } from '../../support/chromium-driver.js';
import { harnessOn, readStoreIn } from '../../support/extension-harness.js';
import { lessonPage, startCurriculumServer, type CurriculumServer } from '../../support/curriculum-server.js';
import { ensureExtensionBuilt } from '../../support/extension-build.js';
import { callApi, launchToken, registerWithEachOther, sessionToken, type LtiStack } from '../../support/lti-stack.js';

/**
 * The world of the sharing tests: the tool (in-process, SQLite) with a test platform (Riverside USD)
 * registered, one curriculum site every browser visits, and as many teachers' browsers (separate
 * Chromium profiles with the built extension) as a test needs.
 */
export interface SyncWorld {
  db: TestDatabase;
  tool: TestTool;
  platform: TestPlatform;
  clientId: string;
  curriculum: CurriculumServer;
  /** The lesson page every teacher opens. */
  lessonUrl: string;
  /** A launch session for a person of the platform (`course` defaults to math-7). */
  session(user: string, course?: string | null): Promise<string>;
  /** A fresh connection code, as the LMS UI makes it for that person. */
  code(user: string, course?: string | null): Promise<{ code: string; toolUrl: string }>;
  /** A connection code of a teacher of another district (Lakeside County Schools, course sci-8). */
  otherDistrictCode(user: string): Promise<{ code: string; toolUrl: string }>;
  /** The tool stops answering (its port closes), as if the district's server were down. */
  toolDown(): Promise<void>;
  /** The tool answers again on the same address. */
  toolUp(): Promise<void>;
  /** A teacher's browser (a new profile, or `profileDir` again after a restart). */
  browser(opts?: { profileDir?: string }): Promise<TeacherBrowser>;
  stop(): Promise<void>;
}

/** Options of the world. */
export interface WorldOptions {
  /** Fault-injection hooks of the in-process tool. */
  syncHooks?: SyncHooks;
  toolEnv?: Record<string, string>;
  /** The database the tool runs on (default: SQLite). */
  kind?: DatabaseKind;
}

/** Starts the world. */
export async function startWorld(opts: WorldOptions = {}): Promise<SyncWorld> {
  const dir = ensureExtensionBuilt();
  const db = await (opts.kind ?? databaseKinds()[0]!).create();
  const tool = await startTestTool(
    db,
    { RATE_LIMIT_PER_MINUTE: '100000', ...opts.toolEnv },
    opts.syncHooks ? { syncHooks: opts.syncHooks } : {},
  );
  // The platform on another site than the tool, as a real LMS embeds it (localhost vs 127.0.0.1).
  const platform = await startTestPlatform({ host: '127.0.0.1', publicHost: 'localhost' });
  const { clientId } = await registerWithEachOther(tool, platform);
  const curriculum = await startCurriculumServer({ '/lesson-3': lessonPage() });
  const stack = { launch: (o: Parameters<LtiStack['launch']>[0]) => platform.launch({ clientId, ...o }) } as LtiStack;
  const browsers: TeacherBrowser[] = [];
  let lakeside: { platform: TestPlatform; clientId: string } | null = null;
  const port = Number(new URL(tool.url).port);
  const world: SyncWorld = {
    db,
    tool,
    platform,
    clientId,
    curriculum,
    lessonUrl: `${curriculum.origin}/lesson-3`,
    session: (user, course = 'math-7') => launchToken(stack, { user, ...(course ? { course } : {}) }),
    async code(user, course = 'math-7') {
      const res = await callApi(tool, await world.session(user, course), '/api/v1/pairing/codes', { method: 'POST' });
      if (res.status !== 201) throw new Error(`pairing code: ${res.status} ${JSON.stringify(res.body)}`);
      return { code: res.body.code as string, toolUrl: res.body.toolUrl as string };
    },
    async otherDistrictCode(user) {
      if (!lakeside) {
        const p = await startTestPlatform({ roster: 'lakeside' });
        lakeside = { platform: p, clientId: (await registerWithEachOther(tool, p)).clientId };
      }
      const res = await lakeside.platform.launch({ clientId: lakeside.clientId, user, course: 'sci-8' });
      if (res.status !== 200) throw new Error(`lakeside launch: ${res.status}`);
      const created = await callApi(tool, sessionToken(res.body), '/api/v1/pairing/codes', { method: 'POST' });
      return { code: created.body.code as string, toolUrl: created.body.toolUrl as string };
    },
    async toolDown() {
      tool.server.closeAllConnections();
      await new Promise<void>((resolve) => tool.server.close(() => resolve()));
    },
    async toolUp() {
      if (tool.server.listening) return;
      await new Promise<void>((resolve) => tool.server.listen(port, '127.0.0.1', resolve));
    },
    async browser(o = {}) {
      const b = await openTeacherBrowser(dir, curriculum, o.profileDir);
      browsers.push(b);
      return b;
    },
    async stop() {
      for (const b of browsers) await b.close().catch(() => undefined);
      await curriculum.close();
      await lakeside?.platform.close();
      await platform.close();
      await world.toolUp();
      await tool.stop();
      await db.drop();
    },
  };
  return world;
}

/** One teacher's Chromium with the extension, and the handles the tests use. */
export interface TeacherBrowser {
  ext: ExtensionBrowser;
  /** The profile folder (kept until `close`, so the browser can be restarted on it). */
  profileDir: string;
  /** The extension's service worker as it runs now (it changes after a stop). */
  worker(): Promise<Worker>;
  /** Sends a command to the background as the extension's own pages do. */
  command<T = any>(
    cmd: Record<string, unknown>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
  /** Rows of one IndexedDB store of the extension. */
  readStore<T = any>(store: string): Promise<T[]>;
  /** Opens a page in a new tab and attaches to the annotator's closed shadow root. */
  open(url: string): Promise<{ page: Page; ui: AnnotatorUi; tabId: number }>;
  /** Turns Margins on for the page's site through the popup. */
  enableSite(tabId: number): Promise<void>;
  /** Connects through pair.html with a typed address and code, answering the question with Connect. */
  pairTyped(toolUrl: string, code: string): Promise<Page>;
  /** Closes the browser; `keepProfile` keeps the profile for a restart. */
  close(keepProfile?: boolean): Promise<void>;
}

async function openTeacherBrowser(
  dir: string,
  curriculum: CurriculumServer,
  profileDir?: string,
): Promise<TeacherBrowser> {
  const userDataDir = profileDir ?? mkdtempSync(join(tmpdir(), 'margins-teacher-'));
  // Launched, and its pages opened and the site enabled, the way every browser test does (the shared harness).
  const driver = await launchChromiumDriver(dir, { userDataDir });
  const h = harnessOn(driver, curriculum, { ownsServer: false });
  const { ext } = driver;
  if (ext.extensionId !== MARGINS_CHROME_EXTENSION_ID)
    throw new Error(`the extension's id is ${ext.extensionId}, not the pinned ${MARGINS_CHROME_EXTENSION_ID}`);
  let control: Page | null = null;
  const controlPage = async () => {
    if (!control || control.isClosed()) {
      control = await ext.context.newPage();
      await control.goto(`chrome-extension://${ext.extensionId}/pair.html`);
    }
    return control;
  };
  /** An unanswered message would otherwise hold a test until its own timeout, which names no step. */
  const answered = <T>(what: string, p: Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension's background did not answer ${what} in 90 s`)), 90_000);
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  };
  let closed = false;
  const b: TeacherBrowser = {
    ext,
    profileDir: userDataDir,
    worker: () => driver.worker(),
    async command(cmd) {
      const page = await controlPage();
      return answered(
        `the command ${String(cmd.type)}`,
        page.evaluate((c) => chrome.runtime.sendMessage(c), cmd),
      ) as never;
    },
    async readStore(store) {
      return answered(`reading its ${store} store`, (await controlPage()).evaluate(readStoreIn, store));
    },
    async open(url) {
      const { page, ui, tabId } = await h.openUrl(url);
      return { page: (page as ChromiumPage).playwright, ui, tabId };
    },
    enableSite: (tabId) => h.enableSite(tabId),
    async pairTyped(toolUrl, code) {
      const page = await ext.context.newPage();
      await page.goto(`chrome-extension://${ext.extensionId}/pair.html`);
      await page.getByLabel('Margins address').fill(toolUrl);
      await page.getByLabel('Connection code').fill(code);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('heading', { name: /^Connected to / }).waitFor();
      return page;
    },
    async close(keepProfile = false) {
      if (closed) return;
      closed = true;
      await ext.context.close().catch(() => undefined);
      if (!keepProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return b;
}

/** Polls until a check passes (the one helper every browser test uses). */
export { eventually } from '../../support/eventually.js';
