import type { AdaptationContent } from '@margins/shared/adaptation';
import type { TargetSelectors } from '@margins/shared/selectors';

/**
 * What the page's annotator is told about one adaptation: enough to anchor, draw, show and edit
 * it, and nothing else (no author, no page title, no sharing state). Pages run untrusted code, so
 * the background sends the least it can (STYLE: "the page gets as little data as possible").
 */
export interface PageAdaptation extends AdaptationContent {
  id: string;
  version: number;
  target: TargetSelectors;
  updatedAt: string;
}

/** The editable fields of the adaptation form, as typed (not yet valid): what a draft keeps. */
export interface DraftFields {
  kinds: string[];
  body: string;
  rationale: string;
  gradeBands: string[];
  subjects: string[];
  learnerNeeds: string[];
  /** An evidence outcome id, or '' when the teacher gave no evidence. */
  outcome: string;
  evidenceNote: string;
}

/**
 * Text being typed in the form, saved continuously so a closed tab or a crash loses at most the
 * last second. Keyed by page + passage (new adaptation) or page + adaptation id (edit).
 */
export interface Draft {
  key: string;
  pageUrl: string;
  /** Set when editing an existing adaptation. */
  adaptationId?: string;
  /** The passage, so a draft can be resumed after the selection is gone. */
  target?: TargetSelectors;
  fields: DraftFields;
  updatedAt: string;
}

/** How one adaptation fared on the page, as the annotator reports it to the panel. */
export type AnchorStatus =
  | { status: 'anchored' }
  | { status: 'orphan'; reason: 'not-found' | 'low-confidence' | 'ambiguous' | 'invalid-selectors' }
  | { status: 'pending' };

/** Whether Margins runs on a site, and whether the browser lets it. */
export interface SiteStatus {
  /** Scheme + host (any port), e.g. `https://curriculum.example.org`; null for pages Margins cannot annotate. */
  site: string | null;
  /** The teacher turned Margins on for this site (it loads on every visit). */
  enabled: boolean;
  /** The browser granted Margins access to this site. */
  granted: boolean;
}

/** Counts an import reports back to the teacher. */
export interface ImportReport {
  imported: number;
  skipped: number;
  rejected: { index: number; message: string }[];
}
