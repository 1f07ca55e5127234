import { fakeBrowser } from 'wxt/testing/fake-browser';
import { notifySitesChanged } from '../src/protocol/site-events.js';
import { AdaptationService } from '../src/background/adaptation-service.js';
import { ApiClient, type HttpPort } from '../src/background/api-client.js';
import { ColleaguesService } from '../src/background/colleagues-service.js';
import { ConflictService } from '../src/background/conflict-service.js';
import { ConnectionService } from '../src/background/connection-service.js';
import { MarginsDb } from '../src/background/db.js';
import { SyncService } from '../src/background/sync-service.js';
import type { SyncStatus } from '../src/protocol/views.js';
import { DraftService } from '../src/background/draft-service.js';
import { OutboxService } from '../src/background/outbox-service.js';
import { PassagePanel, type PanelPorts } from '../src/background/passage-panel.js';
import type { PassageFocus } from '../src/protocol/views.js';
import { CommandRouter } from '../src/background/router.js';
import { SiteService, type SitePorts } from '../src/background/site-service.js';
import { TransferService } from '../src/background/transfer-service.js';

/** A fresh database with a unique name (fake-indexeddb keeps databases for the whole run). */
export function freshDb(): MarginsDb {
  return new MarginsDb(`margins-test-${crypto.randomUUID()}`);
}

/** A clock that advances one millisecond per reading, so every timestamp differs. */
export function fakeClock(start = '2026-10-01T09:00:00.000Z'): () => Date {
  let t = new Date(start).getTime();
  return () => new Date((t += 1));
}

/** Browser ports for the SiteService, recording what it asks of the browser. */
export function fakeSitePorts(granted: Set<string> = new Set()) {
  const registered = new Map<string, { id: string; matches: string[]; js: string[] }>();
  const injected: number[] = [];
  const running = new Set<number>();
  const ports: SitePorts = {
    permissions: {
      contains: async ({ origins }) => origins.every((o) => granted.has(o)),
      remove: async ({ origins }) => {
        origins.forEach((o) => granted.delete(o));
        return true;
      },
    },
    scripting: {
      getRegisteredContentScripts: async (filter) =>
        [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)),
      registerContentScripts: async (scripts) =>
        scripts.forEach((s) => {
          if (registered.has(s.id)) throw new Error(`Duplicate script id ${s.id}`);
          registered.set(s.id, s);
        }),
      updateContentScripts: async (scripts) => scripts.forEach((s) => registered.set(s.id, s)),
      unregisterContentScripts: async (filter) =>
        (filter?.ids ?? [...registered.keys()]).forEach((id) => registered.delete(id)),
      executeScript: async ({ target }) => {
        injected.push(target.tabId);
        running.add(target.tabId);
      },
    },
    annotatorRunning: async (tabId) => running.has(tabId),
  };
  return { ports, granted, registered, injected };
}

/** A network that is down: every request fails as fetch does without a connection. */
export const offlineHttp = (): HttpPort => ({
  fetch: async () => {
    throw new TypeError('Failed to fetch');
  },
  online: () => false,
});

/** Every background service on one database, wired as in src/background/main.ts but with fakes at the edges. */
export function makeBackground(
  db = freshDb(),
  opts: { granted?: Set<string>; http?: HttpPort; now?: () => Date; random?: () => number } = {},
) {
  const now = opts.now ?? fakeClock();
  const newId = () => crypto.randomUUID();
  const changes: string[] = [];
  const scheduled: number[] = [];
  const statuses: SyncStatus[] = [];
  const outbox = new OutboxService(db, newId, now, opts.random ?? (() => 0.5));
  const api = new ApiClient(opts.http ?? offlineHttp());
  const connection = new ConnectionService({
    db,
    api,
    now,
    changed: async ({ identityChanged, lost }) => {
      if (identityChanged || lost) await sync.forgetDistrictData(identityChanged && !lost);
    },
  });
  const sync = new SyncService({
    db,
    outbox,
    connection,
    api,
    now,
    random: () => 0.5,
    scheduleAt: (at) => scheduled.push(at),
    pagesChanged: (p) => changes.push(...p),
    statusChanged: (s) => statuses.push(s),
  });
  const adaptations = new AdaptationService({
    db,
    outbox,
    now,
    newId,
    author: async () => (await connection.author()) ?? { id: 'local:teacher' },
    changed: (url) => changes.push(url),
  });
  const drafts = new DraftService(db, now);
  const site = fakeSitePorts(opts.granted);
  const sites = new SiteService(db, site.ports, now, () => notifySitesChanged(fakeBrowser.storage.local));
  const transfer = new TransferService(adaptations, newId, now);
  const colleagues = new ColleaguesService({ db, api, connection, now, newId, changed: (url) => changes.push(url) });
  const conflicts = new ConflictService(db, outbox, now, newId, (url) => changes.push(url));
  // The side panel: Chrome's, which opens when asked (within the click's gesture), and records what it was told.
  const panel = { opened: [] as number[], told: [] as PassageFocus[] };
  const panelPorts: PanelPorts = {
    open: async (tabId) => {
      panel.opened.push(tabId);
    },
    tell: (focus) => panel.told.push(focus),
  };
  const router = new CommandRouter({
    db,
    adaptations,
    drafts,
    sites,
    transfer,
    connection,
    sync,
    colleagues,
    conflicts,
    passages: new PassagePanel(db, panelPorts),
    extensionId: 'margins-test',
    extensionOrigin: 'chrome-extension://margins-test/',
  });
  return {
    db,
    panel,
    now,
    outbox,
    adaptations,
    drafts,
    sites,
    site,
    transfer,
    router,
    changes,
    connection,
    sync,
    colleagues,
    conflicts,
    scheduled,
    statuses,
  };
}

/** A page of a curriculum site, as the tests use it. */
export const PAGE = 'https://curriculum.example.org/grade-5/fractions/lesson-3';

/** Selectors of a passage on {@link PAGE}. */
export const TARGET = {
  quote: {
    type: 'TextQuoteSelector' as const,
    exact: 'unlike denominators',
    prefix: 'Students add fractions with ',
    suffix: ' using area models.',
  },
  position: { type: 'TextPositionSelector' as const, start: 120, end: 139 },
};

/** Valid form content. */
export const CONTENT = {
  kinds: ['scaffolding' as const],
  body: 'Start with fraction strips before the area model.',
  rationale: 'Multilingual learners needed concrete models first.',
  audience: {
    gradeBands: ['3-5' as const],
    subjects: ['math' as const],
    learnerNeeds: ['multilingual-learners' as const],
  },
  visibility: 'private' as const,
};

/** What a content script on `url` looks like to the background. */
export const fromPage = (url = PAGE) => ({ id: 'margins-test', url, frameId: 0, tab: { id: 7, url } });
/** What the side panel looks like to the background. */
export const fromPanel = () => ({ id: 'margins-test', url: 'chrome-extension://margins-test/sidepanel.html' });
