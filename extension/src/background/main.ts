import type { WxtBrowser as Browser } from 'wxt/browser';
import type { Author } from '@margins/shared/adaptation';
import { sendToAnnotator } from '../protocol/client.js';
import { AdaptationService } from './adaptation-service.js';
import { MarginsDb } from './db.js';
import { DraftService } from './draft-service.js';
import { createChangeBroadcaster } from './events.js';
import { createMenus, wireAdaptEntryPoints } from './menus.js';
import { wireSpaNavigation } from './navigation.js';
import { OutboxService } from './outbox-service.js';
import { CommandRouter } from './router.js';
import { SiteService, type SitePorts } from './site-service.js';
import { TransferService } from './transfer-service.js';

/**
 * The composition root of the background script: builds every service once and wires the
 * browser's events to them. (Issue 6 adds a SyncService here that drains the OutboxService.)
 */
export function startBackground(browser: Browser, db = new MarginsDb()): CommandRouter {
  const now = () => new Date();
  const newId = () => crypto.randomUUID();
  const outbox = new OutboxService(db, newId, now);
  const adaptations = new AdaptationService({ db, outbox, now, newId, author: () => localAuthor(db, newId), changed: createChangeBroadcaster(browser) });
  const drafts = new DraftService(db, now);
  const ports: SitePorts = {
    permissions: browser.permissions,
    scripting: browser.scripting as unknown as SitePorts['scripting'],
    annotatorRunning: async (tabId) => {
      const reply = await sendToAnnotator(tabId, { type: 'ping' });
      return reply.ok && reply.value.full;
    },
  };
  const sites = new SiteService(db, ports, now);
  const transfer = new TransferService(adaptations, newId, now);
  const router = new CommandRouter({ db, adaptations, drafts, sites, transfer, extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === 'anchorsReported' || type === 'adaptationsChanged') return undefined;
    return router.handle(message, sender).then((result) => result ?? undefined);
  });
  const startUp = async () => {
    await createMenus(browser);
    await sites.syncRegistrations();
    await drafts.prune();
  };
  browser.runtime.onInstalled.addListener(() => void startUp().catch((e) => console.error('margins: start-up failed', e)));
  browser.runtime.onStartup.addListener(() => void startUp().catch((e) => console.error('margins: start-up failed', e)));
  browser.permissions.onRemoved.addListener((removed) => void sites.permissionsRemoved(removed.origins ?? []));
  wireAdaptEntryPoints(browser, sites);
  wireSpaNavigation(browser, db, sites);
  return router;
}

/** The author of new adaptations before this browser is paired with a district (issue 6): one id per browser profile. */
async function localAuthor(db: MarginsDb, newId: () => string): Promise<Author> {
  const row = await db.settings.get('localAuthor');
  const value = row?.value as Author | undefined;
  if (value && typeof value.id === 'string') return value;
  const author: Author = { id: `local:${newId()}` };
  await db.settings.put({ key: 'localAuthor', value: author });
  return author;
}
