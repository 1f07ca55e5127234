import { i18n } from '#i18n';
import { AppError } from '@margins/shared/errors';
import { tryCanonicalPageUrl } from '@margins/shared/page-url';
import { parseOrThrow } from '@margins/shared/validation';
import { PageCommandSchema, PanelCommandSchema, type CommandResponses } from '../protocol/commands.js';
import { fail, ok, type Result } from '../protocol/result.js';
import { toPageAdaptation, type AdaptationService } from './adaptation-service.js';
import type { ColleaguesService } from './colleagues-service.js';
import type { ConflictService } from './conflict-service.js';
import type { ConnectionService } from './connection-service.js';
import type { MarginsDb } from './db.js';
import type { SyncService } from './sync-service.js';
import type { DraftService } from './draft-service.js';
import type { PassagePanel } from './passage-panel.js';
import type { SiteService } from './site-service.js';
import type { TransferService } from './transfer-service.js';

/** Who sent a message, as runtime.onMessage reports it. */
export interface MessageSender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

/** The services a command may reach. */
export interface RouterDeps {
  db: MarginsDb;
  adaptations: AdaptationService;
  drafts: DraftService;
  sites: SiteService;
  transfer: TransferService;
  connection: ConnectionService;
  sync: SyncService;
  colleagues: ColleaguesService;
  conflicts: ConflictService;
  /** The side panel's passage of a district hot spot (issue 20). */
  passages: PassagePanel;
  /** This extension's id and page origin (e.g. chrome-extension://abc/). */
  extensionId: string;
  extensionOrigin: string;
}

/** Messages other contexts broadcast that the background does not answer. */
const NOT_FOR_US = new Set(['anchorsReported', 'adaptationsChanged', 'passageFocused']);

/**
 * The background's single entry for messages: parses each with the protocol's zod schemas,
 * checks who may send it, runs it, and answers with a Result. Pages (content scripts) may only
 * touch the adaptations of the page they run on; listing, export, import and site settings are
 * for the extension's own pages.
 */
export class CommandRouter {
  constructor(private readonly deps: RouterDeps) {}

  /** Handles one message; null means "not a command" (leave it for other listeners). */
  async handle(message: unknown, sender: MessageSender): Promise<Result<unknown> | null> {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && NOT_FOR_US.has(type)) return null;
    try {
      if (sender.id !== this.deps.extensionId)
        throw new AppError('forbidden', 'Messages from other extensions are not accepted.');
      const fromExtensionPage = !!sender.url?.startsWith(this.deps.extensionOrigin);
      if (fromExtensionPage && PanelCommandSchema.safeParse(message).success)
        return ok(await this.panelCommand(message));
      const senderPages = fromExtensionPage ? null : pagesOf(sender);
      if (senderPages && !senderPages.length) throw new AppError('forbidden', 'Margins does not run on this page.');
      if (!fromExtensionPage && PanelCommandSchema.safeParse(message).success)
        throw new AppError('forbidden', 'Pages cannot ask for that.');
      return ok(await this.pageCommand(message, senderPages, sender.tab?.id));
    } catch (error) {
      return failure(error);
    }
  }

  private async panelCommand(message: unknown): Promise<CommandResponses[keyof CommandResponses]> {
    const { adaptations, sites, transfer, connection, sync, conflicts } = this.deps;
    const cmd = parseOrThrow(PanelCommandSchema, message, 'The request');
    switch (cmd.type) {
      case 'listAllAdaptations':
        return adaptations.search(cmd.query, cmd.offset, cmd.limit);
      case 'exportAdaptations':
        return transfer.exportAll();
      case 'importAdaptations':
        return transfer.importText(cmd.text);
      case 'getSiteStatus':
        return sites.status(cmd.url);
      case 'enableSite':
        return sites.enable(cmd.site, cmd.tabId);
      case 'disableSite':
        return sites.disable(cmd.site);
      case 'listEnabledSites':
        return { sites: await sites.list() };
      case 'activateOnce':
        return sites.injectInto(cmd.tabId);
      case 'getSyncStatus':
        return sync.status();
      case 'syncNow':
        await sync.retryNow();
        return sync.status();
      case 'previewConnection':
        return connection.preview(cmd.toolUrl, cmd.code);
      case 'connect': {
        const view = await connection.connect(cmd.toolUrl, cmd.code, cmd.deviceName, cmd.sendPrivate);
        void sync.sync();
        return view;
      }
      case 'disconnect':
        return connection.disconnect();
      case 'exportMyData':
        return transfer.exportMyData();
      case 'deleteAccount':
        return connection.deleteAccount(cmd.recognitions, i18n.t('myData.deletedReason'));
      case 'listConflicts':
        return { conflicts: await conflicts.list() };
      case 'resolveConflict': {
        if (cmd.choice === 'merged' && !cmd.content)
          throw new AppError('validation_failed', 'Write the merged adaptation first.');
        await conflicts.resolve(
          cmd.id,
          cmd.choice === 'merged'
            ? { choice: 'merged', content: cmd.content!, ...(cmd.shareAnyway ? { shareAnyway: true } : {}) }
            : { choice: cmd.choice },
        );
        void sync.sync();
        return { resolved: true as const };
      }
      case 'listSyncProblems':
        return { problems: await conflicts.problems() };
      case 'getPassageFocus':
        return this.deps.passages.get(cmd.tabId);
      case 'clearPassageFocus':
        return this.deps.passages.clear(cmd.tabId);
    }
  }

  /** `senderPages` is null for extension pages (the panel acts on any page). */
  private async pageCommand(
    message: unknown,
    senderPages: string[] | null,
    tabId: number | undefined,
  ): Promise<CommandResponses[keyof CommandResponses]> {
    const { adaptations, drafts, db, sites, colleagues, connection } = this.deps;
    const cmd = parseOrThrow(PageCommandSchema, message, 'The request');
    const samePage = (url: string) => {
      const page = tryCanonicalPageUrl(url);
      if (senderPages !== null && !(page && senderPages.includes(page)))
        throw new AppError('forbidden', 'A page can only change its own adaptations.');
    };
    const ownAdaptation = async (id: string, inTrash = false) => {
      const row = inTrash ? (await db.trash.get(id))?.row : await db.adaptations.get(id);
      if (row) samePage(row.pageUrl);
    };
    /** A colleague's adaptation may be acted on only from its own page (or the panel). */
    const colleagueOnThisPage = async (id: string) => samePage(await colleagues.pageOf(id));
    switch (cmd.type) {
      case 'listPageAdaptations': {
        samePage(cmd.pageUrl);
        const c = await connection.current();
        const [list, pageDrafts, theirs, hotSpots] = await Promise.all([
          adaptations.listPageViews(cmd.pageUrl, !!c),
          drafts.forPage(cmd.pageUrl),
          colleagues.forPage(cmd.pageUrl),
          c ? colleagues.hotSpotsOf(cmd.pageUrl) : [],
        ]);
        // A page opening is when its colleagues are looked up again (in the background; the page is told if anything changed).
        if (senderPages !== null) void colleagues.refreshPage(cmd.pageUrl);
        const sharing = c
          ? { connected: true, district: c.tenant.name, ...(c.course ? { course: c.course.title } : {}) }
          : { connected: false };
        return { adaptations: list, drafts: pageDrafts, colleagues: theirs, hotSpots, sharing };
      }
      case 'summarisePage': {
        samePage(cmd.pageUrl);
        const url = tryCanonicalPageUrl(cmd.pageUrl) ?? '';
        const [count, draftCount, theirs] = await Promise.all([
          db.adaptations.where('pageUrl').equals(url).count(),
          db.drafts.where('pageUrl').equals(url).count(),
          colleagues.count(url),
        ]);
        // Something to show: start the full annotator now rather than after another round trip.
        const injected =
          count + draftCount + theirs > 0 && tabId !== undefined ? (await sites.injectInto(tabId)).injected : false;
        // Colleagues may have written something here since the last pull: look, and start the annotator if so.
        if (!injected && tabId !== undefined) {
          void colleagues.refreshPage(url).then(async (changed: boolean) => {
            if (changed && (await colleagues.count(url)) > 0) await sites.injectInto(tabId).catch(() => undefined);
          });
        }
        return { adaptations: count + theirs, drafts: draftCount, injected };
      }
      case 'showPassageColleagues': {
        // No await before the panel opens: Chrome allows it only within the click's gesture.
        samePage(cmd.pageUrl);
        if (tabId === undefined) throw new AppError('forbidden', 'Only a page can ask for that.');
        const pageUrl = tryCanonicalPageUrl(cmd.pageUrl) ?? '';
        return this.deps.passages.show({ tabId, pageUrl, hotSpotId: cmd.hotSpotId });
      }
      case 'loadAnnotator':
        if (senderPages === null || tabId === undefined)
          throw new AppError('forbidden', 'Only a page can ask for the annotator.');
        return sites.injectInto(tabId);
      case 'saveAdaptation': {
        samePage(cmd.pageUrl);
        if (cmd.id) await ownAdaptation(cmd.id);
        if (cmd.remixOf) await colleagueOnThisPage(cmd.remixOf);
        const { type: _type, ...input } = cmd;
        const saved = await adaptations.save(input);
        return (
          (await adaptations.listPageViews(saved.page.url, !!(await connection.current()))).find(
            (a) => a.id === saved.id,
          ) ?? toPageAdaptation(saved)
        );
      }
      case 'endorseAdaptation':
        await colleagueOnThisPage(cmd.id);
        return colleagues.endorse(cmd.id, { outcome: cmd.outcome, note: cmd.note }, cmd.shareAnyway);
      case 'giveFeedback':
        await colleagueOnThisPage(cmd.id);
        return colleagues.feedback(cmd.id, { type: cmd.feedbackType, text: cmd.text }, cmd.shareAnyway);
      case 'getColleagueDetail':
        await colleagueOnThisPage(cmd.id);
        return colleagues.detail(cmd.id);
      case 'deleteAdaptation':
        await ownAdaptation(cmd.id);
        return adaptations.delete(cmd.id);
      case 'restoreAdaptation':
        await ownAdaptation(cmd.id, true);
        return toPageAdaptation(await adaptations.restore(cmd.id));
      case 'reattachAdaptation':
        await ownAdaptation(cmd.id);
        return toPageAdaptation(await adaptations.reattach(cmd.id, cmd.target));
      case 'saveDraft':
        samePage(cmd.draft.pageUrl);
        return drafts.save(cmd.draft);
      case 'discardDraft': {
        const draft = await db.drafts.get(cmd.key);
        if (draft) samePage(draft.pageUrl);
        return drafts.discard(cmd.key);
      }
    }
  }
}

/**
 * The page(s) a content script speaks for: its frame's address and, in the top frame, the tab's
 * current address (a single-page app's pushState changes the latter, not what the browser
 * reports as the frame's document address).
 */
function pagesOf(sender: MessageSender): string[] {
  const urls = [sender.url ?? sender.tab?.url, sender.frameId === 0 ? sender.tab?.url : undefined];
  return [...new Set(urls.map((u) => (u ? tryCanonicalPageUrl(u) : null)).filter((u): u is string => !!u))];
}

/** Any error as a Result: AppErrors keep their code, storage errors become `storage_failed`, the rest `internal`. */
function failure(error: unknown): Result<never> {
  if (error instanceof AppError) return fail(error.code, error.message, error.issues);
  const name = (error as { name?: string } | null)?.name ?? '';
  console.error('margins: command failed', error);
  if (/Quota|Database|Dexie|Abort|Constraint|DataError|InvalidState/i.test(name)) {
    return fail('storage_failed', 'Your browser could not save the data. Nothing was lost from the form; try again.');
  }
  return fail('internal', 'Something went wrong in Margins. Please try again.');
}
