import type { TargetSelectors } from '@margins/shared/selectors';
import type {
  AnchorStatus,
  ColleagueAdaptation,
  Draft,
  HotSpotView,
  DraftFields,
  PageAdaptation,
  SharingContext,
} from '../protocol/views.js';
import type { ToastState } from '../ui/Toast.js';

/** The form as opened: for a new passage, to edit an adaptation, or to remix a colleague's. */
export interface FormState {
  mode: 'new' | 'edit' | 'remix';
  /** The colleague's adaptation a remix starts from. */
  remixOf?: string;
  /** The adaptation being edited. */
  id?: string;
  baseVersion?: number;
  target: TargetSelectors;
  draftKey: string;
  initial: DraftFields;
  /** When the initial text came from a saved draft: its time, shown to the teacher. */
  restoredAt?: string;
  /** Increases on each open so the form remounts with fresh fields. */
  openCount: number;
}

/** Where a highlight sits, for its focusable marker (document coordinates). */
export interface MarkerPosition {
  id: string;
  top: number;
  left: number;
}

/** Everything the annotator's UI shows. */
export interface AnnotatorState {
  adaptations: PageAdaptation[];
  /** Colleagues' adaptations of this page (drawn in their own style). */
  colleagues: ColleagueAdaptation[];
  /** The district hot spots of this page (issue 20): a marker each, no highlight. */
  hotSpots: HotSpotView[];
  /** Where this browser is connected (what the form offers for sharing). */
  sharing: SharingContext;
  /** "I tried this" or feedback being written for a colleague's adaptation. */
  respond: { kind: 'endorse' | 'feedback'; id: string } | null;
  statuses: Record<string, AnchorStatus>;
  markers: MarkerPosition[];
  drafts: Draft[];
  /** Where to show the Adapt button (viewport coordinates), or null. */
  adaptButton: { top: number; left: number } | null;
  form: FormState | null;
  /** The adaptation whose note is open, and whether the teacher pinned it (click / focus) or only hovers. */
  note: { id: string; pinned: boolean } | null;
  toast: ToastState | null;
  /** Whether the form's latest draft reached storage. */
  draftStatus: 'saved' | 'failed' | null;
}

/** The state before anything is loaded. */
export const initialState = (): AnnotatorState => ({
  adaptations: [],
  colleagues: [],
  hotSpots: [],
  sharing: { connected: false },
  respond: null,
  statuses: {},
  markers: [],
  drafts: [],
  adaptButton: null,
  form: null,
  note: null,
  toast: null,
  draftStatus: null,
});

/** Marker and anchor ids of hot spots start with this (a hot spot's id is one of its adaptations' ids). */
export const HOT_SPOT_PREFIX = 'hotspot:';

/** Empty form fields. */
export const emptyFields = (): DraftFields => ({
  kinds: [],
  body: '',
  rationale: '',
  gradeBands: [],
  subjects: [],
  learnerNeeds: [],
  outcome: '',
  evidenceNote: '',
  visibility: 'private',
});

/** The form fields of an existing adaptation. */
export function fieldsOf(a: PageAdaptation): DraftFields {
  return {
    kinds: [...a.kinds],
    body: a.body,
    rationale: a.rationale,
    gradeBands: [...a.audience.gradeBands],
    subjects: [...a.audience.subjects],
    learnerNeeds: [...a.audience.learnerNeeds],
    outcome: a.evidence?.outcome ?? '',
    evidenceNote: a.evidence?.note ?? '',
    visibility: a.visibility,
  };
}

/** True when the teacher has typed or chosen anything. */
export function hasContent(f: DraftFields): boolean {
  return !!(
    f.kinds.length ||
    f.body.trim() ||
    f.rationale.trim() ||
    f.gradeBands.length ||
    f.subjects.length ||
    f.learnerNeeds.length ||
    f.outcome ||
    f.evidenceNote.trim()
  );
}
