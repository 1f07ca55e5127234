import { AppError } from '@margins/shared/errors';
import type { PassageFocus } from '../protocol/views.js';
import type { MarginsDb } from './db.js';

/** How the background reaches the side panel (the browser's APIs, or fakes in tests). */
export interface PanelPorts {
  /** Opens the side panel (Chrome) or sidebar (Firefox) for a tab; rejects where the browser does not allow it. */
  open(tabId: number): Promise<void>;
  /** Tells an open panel which passage to show. */
  tell(focus: PassageFocus): void;
}

const keyOf = (tabId: number) => `passage-focus:${tabId}`;

/**
 * "Show colleagues' adaptations" on a district hot spot's note (issue 20): the panel, where colleagues'
 * adaptations of the page are listed, shows those of that passage. The passage is remembered per tab
 * (in the settings table, so a panel opened later, or after the background slept, still finds it).
 */
export class PassagePanel {
  constructor(
    private readonly db: MarginsDb,
    private readonly ports: PanelPorts,
  ) {}

  /**
   * Call without awaiting anything first: Chrome opens a side panel only within the gesture of the
   * click that sent the message. Firefox opens its sidebar only from its own UI's handlers, so there
   * `opened` is false and the note tells the teacher to open the panel.
   */
  show(focus: PassageFocus): Promise<{ opened: boolean }> {
    const opening = this.ports.open(focus.tabId).then(
      () => true,
      () => false,
    );
    const saving = (async () => {
      const known = (await this.db.hotSpots.get(focus.pageUrl))?.spots.some((s) => s.id === focus.hotSpotId);
      if (!known) throw new AppError('not_found', 'That passage is no longer a district hot spot.');
      await this.db.settings.put({ key: keyOf(focus.tabId), value: focus });
    })();
    return Promise.all([opening, saving]).then(([opened]) => {
      this.ports.tell(focus);
      return { opened };
    });
  }

  /** The passage the panel of a tab should show, or null. */
  async get(tabId: number): Promise<PassageFocus | null> {
    return ((await this.db.settings.get(keyOf(tabId)))?.value as PassageFocus | undefined) ?? null;
  }

  /** The panel shows the whole page again. */
  async clear(tabId: number): Promise<{ cleared: true }> {
    await this.db.settings.delete(keyOf(tabId));
    return { cleared: true };
  }
}

/** The browser's side panel: `chrome.sidePanel` (Chrome, Edge) or `browser.sidebarAction` (Firefox). */
export function browserPanelPorts(send: (message: unknown) => Promise<unknown>): PanelPorts {
  const g = globalThis as unknown as {
    chrome?: { sidePanel?: { open(options: { tabId: number }): Promise<void> } };
    browser?: { sidebarAction?: { open(): Promise<void> } };
  };
  return {
    open(tabId) {
      try {
        if (g.browser?.sidebarAction) return g.browser.sidebarAction.open();
        if (g.chrome?.sidePanel) return g.chrome.sidePanel.open({ tabId });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      return Promise.reject(new Error('This browser has no side panel.'));
    },
    tell(focus) {
      send({ type: 'passageFocused', ...focus }).catch(() => {
        // No panel is open: it asks when it opens.
      });
    },
  };
}
