import { notifySitesChanged } from '../protocol/site-events.js';
import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Author } from '@margins/shared/adaptation';
import { privacyApi } from '@margins/shared/api-privacy';
import { sendToAnnotator } from '../protocol/client.js';
import { AdaptationService } from './adaptation-service.js';
import { ApiClient } from './api-client.js';
import { ColleaguesService } from './colleagues-service.js';
import { ConflictService } from './conflict-service.js';
import { ConnectionService } from './connection-service.js';
import { MarginsDb } from './db.js';
import { DraftService } from './draft-service.js';
import { createChangeBroadcaster, createPagesBroadcaster, createStatusBroadcaster } from './events.js';
import { createMenus, wireAdaptEntryPoints } from './menus.js';
import { wireSpaNavigation } from './navigation.js';
import { OutboxService } from './outbox-service.js';
import type { PrivacyDeps } from './privacy-guard.js';
import { CommandRouter } from './router.js';
import { browserPanelPorts, PassagePanel } from './passage-panel.js';
import { SiteService, type SitePorts } from './site-service.js';
import { SyncService } from './sync-service.js';
import { TransferService } from './transfer-service.js';

/** The alarm that runs a sync every few minutes (colleagues' news) and survives browser restarts. */
export const SYNC_ALARM = 'margins-sync';
/** The one-off alarm of the next attempt after a failure, or right after a change. */
export const RETRY_ALARM = 'margins-sync-retry';
/** Minutes between background syncs. */
const SYNC_PERIOD_MINUTES = 5;

/**
 * The composition root of the background script: builds every service once and wires the
 * browser's events to them.
 */
export function startBackground(
  browser: Browser,
  db = new MarginsDb(),
  http: { fetch: typeof fetch; online: () => boolean } = defaultHttp(),
): CommandRouter {
  const now = () => new Date();
  const newId = () => crypto.randomUUID();
  const changed = createChangeBroadcaster(browser);
  const api = new ApiClient(http);
  const outbox = new OutboxService(db, newId, now);
  const connection = new ConnectionService({
    db,
    api,
    now,
    changed: async ({ identityChanged, lost }) => {
      // Colleagues' adaptations belong to the connection: gone with it, fetched again with the next one.
      if (identityChanged || lost) await sync.forgetDistrictData(identityChanged && !lost);
      createPagesBroadcaster(browser)(['*']);
    },
  });
  const scheduleAt = (at: number) =>
    void browser.alarms.create(RETRY_ALARM, { when: Math.max(at, Date.now() + 1_000) });
  const sync = new SyncService({
    db,
    outbox,
    connection,
    api,
    now,
    scheduleAt,
    pagesChanged: createPagesBroadcaster(browser),
    statusChanged: createStatusBroadcaster(browser),
  });
  const soon = () => {
    void connection.current().then((c) => {
      if (!c) return; // Not connected: changes wait in the outbox for the connection.
      // The alarm is the durable part (a stopped worker is woken for it); running now is the quick part.
      scheduleAt(Date.now() + 2_000);
      void sync.sync();
    });
  };
  // The district's roster-aware check (issue 16) while connected; null (local check only) otherwise.
  const privacy: PrivacyDeps = {
    remote: async (fields) => {
      if (!(await connection.current())) return null;
      const r = await connection.withToken((c, token) =>
        api.call(c.toolUrl, privacyApi.check, { token, body: { fields }, timeoutMs: 5_000 }),
      );
      return r.findings;
    },
    writerName: async () => (await connection.author())?.name ?? null,
  };
  const adaptations = new AdaptationService({
    privacy,
    db,
    outbox,
    now,
    newId,
    author: async () => (await connection.author()) ?? localAuthor(db, newId),
    changed: (pageUrl) => {
      changed(pageUrl);
      soon();
    },
  });
  const drafts = new DraftService(db, now);
  const ports: SitePorts = {
    permissions: browser.permissions,
    scripting: browser.scripting as unknown as SitePorts['scripting'],
    annotatorRunning: async (tabId) => {
      const reply = await sendToAnnotator(tabId, { type: 'ping' });
      return reply.ok && reply.value.full;
    },
  };
  const sites = new SiteService(db, ports, now, () => notifySitesChanged(browser.storage.local));
  const transfer = new TransferService(adaptations, newId, now, { db, connection: () => connection.view() });
  const colleagues = new ColleaguesService({ db, api, connection, now, newId, changed, privacy });
  const conflicts = new ConflictService(
    db,
    outbox,
    now,
    newId,
    (pageUrl) => {
      changed(pageUrl);
      soon();
    },
    privacy,
  );
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
    passages: new PassagePanel(
      db,
      browserPanelPorts((m) => browser.runtime.sendMessage(m)),
    ),
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
  });

  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a returned Promise is the reply (webextension-polyfill); undefined leaves the message to other listeners
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (
      type === 'anchorsReported' ||
      type === 'adaptationsChanged' ||
      type === 'syncStatusChanged' ||
      type === 'passageFocused'
    )
      return undefined;
    return router.handle(message, sender).then((result) => result ?? undefined);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM || alarm.name === RETRY_ALARM) void sync.sync();
  });
  // Back online: whatever was backing off is due now.
  globalThis.addEventListener?.('online', () => void sync.retryNow());
  const startUp = async () => {
    await createMenus(browser);
    await sites.syncRegistrations();
    await drafts.prune();
  };
  browser.runtime.onInstalled.addListener(
    () => void startUp().catch((e) => console.error('margins: start-up failed', e)),
  );
  browser.runtime.onStartup.addListener(
    () => void startUp().catch((e) => console.error('margins: start-up failed', e)),
  );
  browser.permissions.onRemoved.addListener((removed) => void sites.permissionsRemoved(removed.origins ?? []));
  wireAdaptEntryPoints(browser, sites);
  wireSpaNavigation(browser, db, sites);
  // Every time the worker starts (browser start, woken by an event, restarted after being stopped
  // mid-sync): make sure the periodic alarm exists, and pick up whatever was left waiting.
  void ensureSyncAlarm(browser)
    .then(() => sync.syncIfStale(60_000))
    .catch((e) => console.error('margins: sync start failed', e));
  return router;
}

/** Creates the periodic sync alarm unless it exists (alarms may not survive a browser restart). */
async function ensureSyncAlarm(browser: Browser): Promise<void> {
  if (!(await browser.alarms.get(SYNC_ALARM)))
    await browser.alarms.create(SYNC_ALARM, {
      periodInMinutes: SYNC_PERIOD_MINUTES,
      delayInMinutes: SYNC_PERIOD_MINUTES,
    });
}

/** The network as the worker sees it. */
function defaultHttp(): { fetch: typeof fetch; online: () => boolean } {
  return { fetch: (input, init) => fetch(input, init), online: () => globalThis.navigator?.onLine !== false };
}

/** The author of new adaptations before this browser is connected to a district: one id per browser profile. */
async function localAuthor(db: MarginsDb, newId: () => string): Promise<Author> {
  const row = await db.settings.get('localAuthor');
  const value = row?.value as Author | undefined;
  if (value && typeof value.id === 'string') return value;
  const author: Author = { id: `local:${newId()}` };
  await db.settings.put({ key: 'localAuthor', value: author });
  return author;
}
