import type { Adaptation, AdaptationContent } from '@margins/shared/adaptation';
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
  /** Where sharing stands: absent once synced (or never to be shared), else waiting, in conflict, or refused. */
  sync?: 'pending' | 'conflict' | 'problem';
  /** What colleagues said about it (after a pull): "Tried by 3". */
  social?: SocialProof;
  /** A remix: whose adaptation it started from (as the district lets me see the name). */
  remixOf?: { authorName: string | null; former?: boolean };
}

/** Endorsements ("I tried this") and feedback an adaptation received. */
export interface SocialProof {
  endorsementCount: number;
  feedbackCount: number;
  /** Endorsements per outcome id (worked-well, worked-with-changes, mixed, did-not-work). */
  outcomes: Record<string, number>;
}

/**
 * A colleague's adaptation as the page's annotator draws it: what it needs to anchor, draw and show
 * the note, and no more (no author id, no page title, no district data beyond the author's name
 * when the district shows names).
 */
export interface ColleagueAdaptation extends SocialProof {
  id: string;
  target: TargetSelectors;
  kinds: AdaptationContent['kinds'];
  body: string;
  rationale: string;
  audience: AdaptationContent['audience'];
  evidence?: AdaptationContent['evidence'];
  visibility: AdaptationContent['visibility'];
  /** The author's name, or null when the district does not show names (or another district wrote it). */
  authorName: string | null;
  /** True when it comes from another district (network sharing). */
  otherDistrict: boolean;
  remixOf?: { authorName: string | null; former?: boolean };
  /** My own "I tried this", if I gave one. */
  myEndorsement: { outcome: string; note: string } | null;
  updatedAt: string;
}

/**
 * A district hot spot as the page's annotator draws it (issue 20): a passage that 5 or more teachers
 * of the district adapted. Counts and an anchor only; the kinds are taxonomy ids, most used first.
 */
export interface HotSpotView {
  id: string;
  /** The passage's character range in the page's text, when the district knows one. */
  start?: number;
  end?: number;
  quote: string;
  teachers: number;
  schools: number;
  kinds: string[];
  /** I am one of the teachers. */
  mine: boolean;
}

/**
 * Whether an adaptation's passage is part of a hot spot, by the rule the district groups passages by:
 * the character ranges overlap, or (without a range) one quote contains the other.
 */
export function inHotSpot(h: HotSpotView, target: TargetSelectors): boolean {
  const pos = target.position;
  if (pos && h.start !== undefined && h.end !== undefined) return pos.start < h.end && h.start < pos.end;
  const key = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  const a = key(target.quote.exact);
  const b = key(h.quote);
  return a.length > 0 && b.length > 0 && (a.includes(b) || b.includes(a));
}

/** The hot spot whose colleagues' adaptations the panel shows for a tab. */
export interface PassageFocus {
  tabId: number;
  pageUrl: string;
  hotSpotId: string;
}

/** What the annotator's form needs to offer sharing: where this browser is connected. */
export interface SharingContext {
  connected: boolean;
  /** The district's name, when connected. */
  district?: string;
  /** The course the browser was connected from ("course" visibility shares with it), when there is one. */
  course?: string;
}

/** An endorsement or piece of feedback as the note lists it. */
export interface ColleagueDetail {
  endorsements: { outcome: string; note: string; by: string | null; at: string }[];
  /** `removed`: the district's retention removed the words (issue 16); the feedback still counts. */
  feedback: { type: string; text: string; removed?: boolean; by: string | null; at: string }[];
}

/** Where this browser's connection to a district stands (never the tokens). */
export type ConnectionView =
  | { state: 'none' }
  | {
      state: 'connected';
      toolUrl: string;
      district: string;
      /** The district's id at the tool (links to its "What Margins keeps about you" page with its own periods). */
      districtId: string;
      user: string;
      course: string | null;
      connectedAt: string;
    }
  | { state: 'disconnected'; toolUrl: string; district: string; user: string; reason: string };

/** The sync status the popup, the panel and the pair page show. */
export interface SyncStatus {
  connection: ConnectionView;
  /**
   * synced: nothing waiting; pending: changes wait (`pending` of them); syncing: a sync runs now;
   * offline: the district's Margins cannot be reached (changes are kept); error: the last sync failed (`error` says why).
   */
  state: 'not-connected' | 'disconnected' | 'synced' | 'pending' | 'syncing' | 'offline' | 'error';
  pending: number;
  conflicts: number;
  /** Adaptations the district refused to store (each says why in the panel). */
  problems: number;
  lastSyncedAt: string | null;
  error: { code: string; message: string } | null;
  /** When the next automatic attempt is due (epoch ms), if one is scheduled after a failure. */
  nextAttemptAt: number | null;
}

/** What an invitation to connect says, before the code is spent. */
export interface ConnectionPreview {
  toolUrl: string;
  district: string;
  user: string;
  course: string | null;
  expiresAt: string;
  /** What connecting would send: adaptations shared beyond "Only me", and private ones (sent only if chosen). */
  send: { shared: number; private: number };
  /** True when this browser was never connected to this address (the page says so plainly). */
  firstTime: boolean;
}

/** One adaptation changed in two places: my version and the district's, side by side. */
export interface ConflictView {
  adaptationId: string;
  pageUrl: string;
  pageTitle: string;
  /** My version, or null when I deleted it here. */
  mine: Adaptation | null;
  /** The district's version, or null when it was deleted elsewhere. */
  theirs: Adaptation | null;
  message: string;
  detectedAt: string;
}

/** An adaptation the district refused to store, with the reason. */
export interface SyncProblemView {
  adaptationId: string;
  pageUrl: string;
  pageTitle: string;
  body: string;
  message: string;
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
  /** Who may see it (private, course, district, network); older drafts have none (private). */
  visibility?: string;
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

/**
 * How one adaptation fared on the page, as the annotator reports it to the panel. `changed`: the
 * passage was found only approximately (its words changed), so the teacher should check it.
 */
export type AnchorStatus =
  | { status: 'anchored'; changed?: true }
  | { status: 'orphan'; reason: 'not-found' | 'low-confidence' | 'ambiguous' | 'invalid-selectors' }
  | { status: 'pending' };

/** True when an adaptation was drawn on a passage whose words changed (the teacher should check it). */
export const passageChanged = (s: AnchorStatus | undefined): boolean => s?.status === 'anchored' && s.changed === true;

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
