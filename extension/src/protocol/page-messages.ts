import type { TargetSelectors } from '@margins/shared/selectors';
import type { AnchorStatus, SyncStatus } from './views.js';

/**
 * Messages to a page's annotator (from the background or the panel) and the events it sends.
 * The annotator checks them with the small hand-written guard below instead of zod, to keep the
 * content script small; everything it *stores* is validated by the background.
 */
export type AnnotatorMessage =
  /** Open the form for the page's current selection (context menu, keyboard shortcut). */
  | { type: 'openAdaptForm' }
  /** Open the form to edit one adaptation of this page. */
  | { type: 'editAdaptation'; id: string }
  /** Scroll to an adaptation's passage and focus its marker. */
  | { type: 'scrollToAdaptation'; id: string }
  /** Describe the page's current selection (used to re-attach an orphan). */
  | { type: 'describeSelection' }
  /** Keep the passage an adaptation was found on approximately: store its selectors as they are now. */
  | { type: 'confirmAnchor'; id: string }
  /** Report how each adaptation anchored. */
  | { type: 'getAnchorStatuses' }
  /** Event: adaptations of this page changed; fetch them again. */
  | { type: 'adaptationsChanged'; pageUrl: string }
  /** Is an annotator running here? */
  | { type: 'ping' };

/** What the annotator answers (inside a Result). */
export interface AnnotatorResponses {
  openAdaptForm: { opened: boolean };
  editAdaptation: { opened: boolean };
  scrollToAdaptation: { found: boolean };
  describeSelection: { target: TargetSelectors };
  confirmAnchor: { confirmed: boolean };
  getAnchorStatuses: { pageUrl: string; statuses: Record<string, AnchorStatus> };
  adaptationsChanged: { reloaded: boolean };
  /**
   * `full` is false when only the loader runs (see annotator/loader.ts); `loadedUrl` is the
   * address whose adaptations it looked up, which differs from `pageUrl` after a single-page app
   * changed the address in place.
   */
  ping: { pageUrl: string; full: boolean; loadedUrl: string };
}

/** Event from the annotator to extension pages: anchoring on a page finished or changed. */
export interface AnchorsReported {
  type: 'anchorsReported';
  pageUrl: string;
  statuses: Record<string, AnchorStatus>;
}

/** Event from the background to extension pages: adaptations changed on a page (`*`: on many pages). */
export interface AdaptationsChanged {
  type: 'adaptationsChanged';
  pageUrl: string;
}

/** Event from the background to extension pages: the sync status changed. */
export interface SyncStatusChanged {
  type: 'syncStatusChanged';
  status: SyncStatus;
}

const ID = /^[0-9a-f-]{36}$/i;

/** Light structural check of a message received by the annotator; returns null for anything else. */
export function parseAnnotatorMessage(value: unknown): AnnotatorMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'openAdaptForm':
    case 'describeSelection':
    case 'getAnchorStatuses':
    case 'ping':
      return { type: m.type };
    case 'editAdaptation':
    case 'scrollToAdaptation':
    case 'confirmAnchor':
      return typeof m.id === 'string' && ID.test(m.id) ? { type: m.type, id: m.id } : null;
    case 'adaptationsChanged':
      return typeof m.pageUrl === 'string' && m.pageUrl.length < 4_000 ? { type: m.type, pageUrl: m.pageUrl } : null;
    default:
      return null;
  }
}
