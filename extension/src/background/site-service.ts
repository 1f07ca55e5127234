import { AppError } from '@margins/shared/errors';
import type { SiteStatus } from '../protocol/views.js';
import type { MarginsDb } from './db.js';

/**
 * The small content script registered on enabled sites: it asks whether the page has anything to
 * show and waits for a selection, and only then has the full annotator injected.
 */
export const LOADER_SCRIPT = 'annotator-loader.js';
/** The full annotator (Preact UI, anchoring engine, form), injected when a page needs it. */
export const ANNOTATOR_SCRIPT = 'content-scripts/annotator-ui.js';
/** Id of our one dynamic content-script registration. */
export const REGISTRATION_ID = 'margins-annotator';

/** The few extension APIs this service uses, passed in so tests can use fakes. */
export interface SitePorts {
  permissions: {
    contains(p: { origins: string[] }): Promise<boolean>;
    remove(p: { origins: string[] }): Promise<boolean>;
  };
  scripting: {
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string }[]>;
    registerContentScripts(scripts: RegisteredScript[]): Promise<unknown>;
    updateContentScripts(scripts: RegisteredScript[]): Promise<unknown>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<unknown>;
    executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown>;
  };
  /** True when the full annotator already answers in the tab (so it is not injected twice). */
  annotatorRunning(tabId: number): Promise<boolean>;
}

/** A dynamic content-script registration. */
export interface RegisteredScript {
  id: string;
  js: string[];
  matches: string[];
  runAt: 'document_end';
  persistAcrossSessions?: boolean;
}

/** Scheme + host of a page (any port), or null when Margins cannot run there (chrome://, file:, ...). */
export function siteOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.protocol}//${u.hostname}`;
  } catch {
    return null;
  }
}

/** The host-permission match pattern for a site. Match patterns ignore ports, so one grant covers them all. */
export function sitePattern(site: string): string {
  return `${site}/*`;
}

/**
 * Privacy-respecting activation: Margins runs only on sites the teacher turned on (the browser
 * asked them for access to that site alone) and, once, on a page where they invoked it (activeTab).
 * The enabled list lives in Dexie; the browser's content-script registration is derived from it
 * and rebuilt on every start, so the two cannot drift apart for long.
 */
export class SiteService {
  constructor(
    private readonly db: MarginsDb,
    private readonly ports: SitePorts,
    private readonly now: () => Date,
    /** Tells open extension pages that the enabled sites changed (see protocol/site-events.ts). */
    private readonly sitesChanged: () => Promise<void> = async () => undefined,
  ) {}

  /** Whether Margins runs on the site of `url`. */
  async status(url: string): Promise<SiteStatus> {
    const site = siteOf(url);
    if (!site) return { site: null, enabled: false, granted: false };
    const [row, granted] = await Promise.all([
      this.db.sites.get(site),
      this.ports.permissions.contains({ origins: [sitePattern(site)] }),
    ]);
    return { site, enabled: !!row, granted };
  }

  /** Sites turned on, alphabetically. */
  async list(): Promise<string[]> {
    return (await this.db.sites.toArray()).map((r) => r.site).sort();
  }

  /**
   * Turns Margins on for a site. The page that calls this has already asked the browser for the
   * permission (only a page with a user gesture can); without it this fails with `forbidden`.
   * When `tabId` is given, the annotator also starts in that tab right away.
   */
  async enable(site: string, tabId?: number): Promise<SiteStatus> {
    const granted = await this.ports.permissions.contains({ origins: [sitePattern(site)] });
    if (!granted)
      throw new AppError(
        'forbidden',
        'The browser has not allowed Margins on this site yet. Choose "Enable Margins on this site" and accept the browser\'s question.',
      );
    await this.db.sites.put({ site, enabledAt: this.now().toISOString() });
    await this.syncRegistrations();
    await this.sitesChanged();
    if (tabId !== undefined) await this.injectInto(tabId);
    return { site, enabled: true, granted: true };
  }

  /** Turns Margins off for a site and gives the browser permission back. */
  async disable(site: string): Promise<SiteStatus> {
    await this.db.sites.delete(site);
    await this.syncRegistrations();
    await this.sitesChanged();
    let granted: boolean;
    try {
      granted = !(await this.ports.permissions.remove({ origins: [sitePattern(site)] }));
    } catch {
      granted = await this.ports.permissions.contains({ origins: [sitePattern(site)] });
    }
    return { site, enabled: false, granted };
  }

  /** The teacher removed the permission in the browser's settings: forget those sites too. */
  async permissionsRemoved(origins: readonly string[]): Promise<void> {
    const sites = origins.map((o) => siteOf(o.replace(/\/\*$/, '/'))).filter((s): s is string => !!s);
    if (sites.length) await this.db.sites.bulkDelete(sites);
    await this.syncRegistrations();
    if (sites.length) await this.sitesChanged();
  }

  /** Starts the annotator in one tab (activeTab or an enabled site); does nothing if it already runs. */
  async injectInto(tabId: number): Promise<{ injected: boolean }> {
    if (await this.ports.annotatorRunning(tabId)) return { injected: false };
    try {
      await this.ports.scripting.executeScript({ target: { tabId }, files: [ANNOTATOR_SCRIPT] });
    } catch {
      throw new AppError(
        'forbidden',
        'Margins cannot run on this page. Open the page again, then use Margins from its menu or button.',
      );
    }
    return { injected: true };
  }

  /** Makes the browser's registration match the enabled, still-permitted sites. */
  async syncRegistrations(): Promise<string[]> {
    const { scripting, permissions } = this.ports;
    const matches: string[] = [];
    for (const site of await this.list()) {
      const pattern = sitePattern(site);
      if (await permissions.contains({ origins: [pattern] })) matches.push(pattern);
    }
    const existing = await scripting.getRegisteredContentScripts({ ids: [REGISTRATION_ID] });
    if (!matches.length) {
      if (existing.length) await scripting.unregisterContentScripts({ ids: [REGISTRATION_ID] });
      return matches;
    }
    // document_end, not document_idle: the browser holds a page's load event until idle-time
    // scripts ran (measured: up to ~40 ms of waiting); at document_end the loader costs under 1 ms.
    const script: RegisteredScript = {
      id: REGISTRATION_ID,
      js: [LOADER_SCRIPT],
      matches,
      runAt: 'document_end',
      persistAcrossSessions: true,
    };
    if (existing.length) await scripting.updateContentScripts([script]);
    else {
      try {
        await scripting.registerContentScripts([script]);
      } catch {
        // Browsers without persistent registration still work: we re-register on every start.
        const { persistAcrossSessions: _drop, ...sessionOnly } = script;
        await scripting.registerContentScripts([sessionOnly]);
      }
    }
    return matches;
  }
}
