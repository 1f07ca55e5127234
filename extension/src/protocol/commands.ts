import { z } from 'zod';
import { AdaptationContentSchema, IdSchema, type Adaptation } from '@margins/shared/adaptation';
import type { AccountDeletionResult } from '@margins/shared/api-my-data';
import { TargetSelectorsSchema } from '@margins/shared/selectors';
import { EndorsementOutcomeSchema, FeedbackTypeSchema } from '@margins/shared/social';
import type {
  ColleagueAdaptation,
  ColleagueDetail,
  ConflictView,
  ConnectionPreview,
  ConnectionView,
  Draft,
  HotSpotView,
  ImportReport,
  PassageFocus,
  PageAdaptation,
  SharingContext,
  SiteStatus,
  SyncProblemView,
  SyncStatus,
} from './views.js';

/**
 * The one message protocol to the background (STYLE: commands imperative, events past tense).
 * The background parses every incoming message with {@link BackgroundCommandSchema}; senders
 * import only the types, so the content script never bundles zod.
 */

const pageUrl = z.string().min(1).max(4_000);
const text = (max: number) => z.string().max(max, `The text is longer than ${max.toLocaleString('en-US')} characters.`);
const idList = z.array(text(100)).max(20);

/** A draft as typed: loosely checked (it may be incomplete) but bounded, since it is stored. */
export const DraftSchema = z.object({
  key: text(5_000).min(1),
  pageUrl,
  adaptationId: IdSchema.optional(),
  target: TargetSelectorsSchema.optional(),
  fields: z.object({
    kinds: idList,
    body: text(20_000),
    rationale: text(10_000),
    gradeBands: idList,
    subjects: idList,
    learnerNeeds: idList,
    outcome: text(100),
    evidenceNote: text(10_000),
    visibility: text(20).optional(),
  }),
  updatedAt: z.string().max(40),
});

/** A site as the teacher enables it: scheme + host, no path. */
export const SiteSchema = z
  .string()
  .max(300)
  .regex(/^https?:\/\/[^/?#\s]+$/, 'A site is a scheme and host such as https://curriculum.example.org.');

/** Commands a page's annotator may send (each is checked against the sender's page). */
export const PageCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listPageAdaptations'), pageUrl }),
  /** The loader's first question: does this page have anything to show? (counts only; the background then starts the annotator) */
  z.object({ type: z.literal('summarisePage'), pageUrl }),
  /** The loader asks for the full annotator in its tab (something to show, or a selection). */
  z.object({ type: z.literal('loadAnnotator') }),
  z.object({
    type: z.literal('saveAdaptation'),
    pageUrl,
    pageTitle: text(2_000).default(''),
    /** Absent for a new adaptation. */
    id: IdSchema.optional(),
    /** The version the form was opened on; a save over a newer one is refused as a conflict. */
    baseVersion: z.number().int().min(1).optional(),
    target: TargetSelectorsSchema,
    content: AdaptationContentSchema,
    /** The teacher saw the privacy guard's warning and chose to share anyway. */
    shareAnyway: z.boolean().optional(),
    /** A remix of this colleague's adaptation (new adaptations only). */
    remixOf: IdSchema.optional(),
  }),
  z.object({ type: z.literal('deleteAdaptation'), id: IdSchema }),
  /** "I tried this" on a colleague's adaptation of this page. */
  z.object({
    type: z.literal('endorseAdaptation'),
    id: IdSchema,
    outcome: EndorsementOutcomeSchema,
    note: text(2_000).default(''),
    shareAnyway: z.boolean().optional(),
  }),
  /** Structured feedback on a colleague's adaptation of this page. */
  z.object({
    type: z.literal('giveFeedback'),
    id: IdSchema,
    feedbackType: FeedbackTypeSchema,
    text: text(2_000).min(1, 'Write your feedback.'),
    shareAnyway: z.boolean().optional(),
  }),
  /** Who tried a colleague's adaptation and the feedback it received. */
  z.object({ type: z.literal('getColleagueDetail'), id: IdSchema }),
  /**
   * Opens the colleagues' adaptations of a district hot spot of this page in the side panel (issue 20):
   * the background remembers the passage for the tab's panel and opens the panel where it can.
   */
  z.object({ type: z.literal('showPassageColleagues'), pageUrl, hotSpotId: text(100).min(1) }),
  z.object({ type: z.literal('restoreAdaptation'), id: IdSchema }),
  z.object({ type: z.literal('reattachAdaptation'), id: IdSchema, target: TargetSelectorsSchema }),
  z.object({ type: z.literal('saveDraft'), draft: DraftSchema }),
  z.object({ type: z.literal('discardDraft'), key: text(5_000).min(1) }),
]);

/** Commands only the extension's own pages (panel, popup) may send. */
export const PanelCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('listAllAdaptations'),
    query: text(200).default(''),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  z.object({ type: z.literal('exportAdaptations') }),
  z.object({ type: z.literal('importAdaptations'), text: z.string() }),
  z.object({ type: z.literal('getSiteStatus'), url: text(4_000) }),
  z.object({ type: z.literal('enableSite'), site: SiteSchema, tabId: z.number().int().optional() }),
  z.object({ type: z.literal('disableSite'), site: SiteSchema }),
  z.object({ type: z.literal('listEnabledSites') }),
  z.object({ type: z.literal('activateOnce'), tabId: z.number().int() }),
  z.object({ type: z.literal('getSyncStatus') }),
  /** Sync now, without waiting for the back-off. */
  z.object({ type: z.literal('syncNow') }),
  z.object({ type: z.literal('previewConnection'), toolUrl: text(2_000), code: text(40) }),
  z.object({
    type: z.literal('connect'),
    toolUrl: text(2_000),
    code: text(40),
    deviceName: text(100).min(1, 'Give this browser a name.'),
    /** Also send private ("Only me") adaptations: the teacher's separate, explicit choice. */
    sendPrivate: z.boolean().default(false),
  }),
  z.object({ type: z.literal('disconnect') }),
  z.object({ type: z.literal('exportMyData') }),
  /** Deletes the connected person's account from the district (issue 16); the panel asked to confirm first. */
  z.object({ type: z.literal('deleteAccount'), recognitions: z.enum(['revoke', 'keep']) }),
  z.object({ type: z.literal('listConflicts') }),
  z.object({
    type: z.literal('resolveConflict'),
    id: IdSchema,
    choice: z.enum(['mine', 'theirs', 'merged']),
    /** The merged text (choice "merged"). */
    content: AdaptationContentSchema.optional(),
    shareAnyway: z.boolean().optional(),
  }),
  z.object({ type: z.literal('listSyncProblems') }),
  /** The hot spot a page asked the panel to show for a tab (issue 20), or null. */
  z.object({ type: z.literal('getPassageFocus'), tabId: z.number().int() }),
  /** The panel shows the whole page again. */
  z.object({ type: z.literal('clearPassageFocus'), tabId: z.number().int() }),
]);

/** Every command the background accepts. */
export const BackgroundCommandSchema = z.union([PageCommandSchema, PanelCommandSchema]);

/** A command a page may send. */
export type PageCommand = z.input<typeof PageCommandSchema>;
/** A command only extension pages may send. */
export type PanelCommand = z.input<typeof PanelCommandSchema>;
/** Any background command, as a sender writes it. */
export type BackgroundCommand = PageCommand | PanelCommand;
/** The name of a background command. */
export type CommandType = BackgroundCommand['type'];

/** What each command answers with (inside a Result). */
export interface CommandResponses {
  listPageAdaptations: {
    adaptations: PageAdaptation[];
    drafts: Draft[];
    colleagues: ColleagueAdaptation[];
    /** The page's district hot spots (issue 20), as last looked up. */
    hotSpots: HotSpotView[];
    sharing: SharingContext;
  };
  /** `injected`: the background started the full annotator in the asking tab (the page has something to show). */
  summarisePage: { adaptations: number; drafts: number; injected: boolean };
  loadAnnotator: { injected: boolean };
  saveAdaptation: PageAdaptation;
  deleteAdaptation: { id: string; pageUrl: string };
  restoreAdaptation: PageAdaptation;
  reattachAdaptation: PageAdaptation;
  saveDraft: { key: string };
  discardDraft: { key: string };
  listAllAdaptations: { items: Adaptation[]; total: number };
  exportAdaptations: { fileName: string; json: string; count: number };
  importAdaptations: ImportReport;
  getSiteStatus: SiteStatus;
  enableSite: SiteStatus;
  disableSite: SiteStatus;
  listEnabledSites: { sites: string[] };
  activateOnce: { injected: boolean };
  endorseAdaptation: ColleagueAdaptation;
  giveFeedback: ColleagueAdaptation;
  getColleagueDetail: ColleagueDetail;
  getSyncStatus: SyncStatus;
  syncNow: SyncStatus;
  previewConnection: ConnectionPreview;
  connect: ConnectionView;
  disconnect: ConnectionView;
  exportMyData: { fileName: string; json: string; count: number };
  deleteAccount: AccountDeletionResult;
  listConflicts: { conflicts: ConflictView[] };
  resolveConflict: { resolved: true };
  listSyncProblems: { problems: SyncProblemView[] };
  /** `opened`: the browser opened the side panel (else the teacher opens it; the passage waits there). */
  showPassageColleagues: { opened: boolean };
  getPassageFocus: PassageFocus | null;
  clearPassageFocus: { cleared: true };
}
