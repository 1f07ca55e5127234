import { i18n } from '#i18n';
import { canonicalPageUrl } from '@margins/shared/page-url';
import type { TargetSelectors } from '@margins/shared/selectors';
import type { CommandOf } from '../protocol/client.js';
import type { CommandResponses, CommandType } from '../protocol/commands.js';
import type { AnnotatorMessage, AnnotatorResponses } from '../protocol/page-messages.js';
import { fail, ok, type Result } from '../protocol/result.js';
import type { Draft, DraftFields, PageAdaptation } from '../protocol/views.js';
import { DraftSaver } from './draft-saver.js';
import type { PageAnchors } from './page-anchors.js';
import { emptyFields, fieldsOf, HOT_SPOT_PREFIX, type AnnotatorState } from './state.js';
import type { Store } from './store.js';
import { toContent } from './form-values.js';
import { editDraftKey, hotSpotTarget, newDraftKey } from './passage-keys.js';

/** How the controller reaches the background (the typed protocol client, or a fake in tests). */
export type Send = <T extends CommandType>(command: CommandOf<T>) => Promise<Result<CommandResponses[T]>>;

/** Collaborators of the controller. */
export interface ControllerDeps {
  doc: Document;
  store: Store<AnnotatorState>;
  anchors: PageAnchors;
  send: Send;
  /** Tells extension pages (the panel) how anchoring went. */
  report: (pageUrl: string, statuses: AnnotatorState['statuses']) => void;
  /** True for nodes inside Margins' own UI (a selection there is not a passage). */
  isOwnNode: (node: Node) => boolean;
}

/**
 * The annotator's behaviour, separate from its Preact views: loads this page's adaptations,
 * anchors and draws them, opens the form for a selection, saves through the background, keeps
 * drafts, and answers the panel's and the background's messages.
 */
export class AnnotatorController {
  readonly drafts: DraftSaver;
  private loadedUrl: string | null = null;
  private toastSerial = 0;
  /** The address whose canonical form could not be worked out (reported once, not on every call). */
  private failedHref: string | null = null;

  constructor(private readonly deps: ControllerDeps) {
    this.drafts = new DraftSaver(async (draft) => {
      const result = await deps.send({ type: 'saveDraft', draft });
      // Only tell the teacher the text is safe once it is; say so loudly when it is not.
      if (deps.store.get().form?.draftKey === draft.key)
        deps.store.set({ draftStatus: result.ok ? 'saved' : 'failed' });
    });
  }

  /**
   * The canonical URL of the page as it is now (single-page apps change it), or '' when it cannot be
   * worked out; that failure is shown to the teacher and logged, never passed on silently (issue 13:
   * a Firefox-only error here once made every save fail with "pageUrl: Too small").
   */
  pageUrl(): string {
    const href = this.deps.doc.location?.href ?? '';
    try {
      return canonicalPageUrl(href);
    } catch (error) {
      if (this.failedHref !== href) {
        this.failedHref = href;
        console.error('Margins: could not work out the address of this page', href, error);
        this.toast(i18n.t('toast.pageAddressFailed', [messageOf(error)]));
      }
      return '';
    }
  }

  /** Fetches this page's adaptations and drafts, then anchors and draws them. */
  async load(): Promise<void> {
    const url = this.pageUrl();
    if (!url) return;
    const result = await this.deps.send({ type: 'listPageAdaptations', pageUrl: url });
    if (!result.ok) return;
    this.loadedUrl = url;
    const { adaptations, drafts, colleagues, hotSpots, sharing } = result.value;
    this.deps.store.set({ adaptations, drafts, colleagues, hotSpots, sharing });
    this.redraw();
  }

  /** Re-anchors after the page changed (or loads afresh when a single-page app moved to another page). */
  pageChanged(): void {
    if (this.pageUrl() !== this.loadedUrl) void this.load();
    else this.redraw();
  }

  /** Anchors every adaptation of the page and repositions the markers. */
  redraw(): void {
    const { store, anchors } = this.deps;
    const s = store.get();
    const all = anchors.render([
      ...s.adaptations.map((a) => ({ id: a.id, target: a.target, style: 'mine' as const })),
      ...s.colleagues.map((a) => ({ id: a.id, target: a.target, style: 'colleague' as const })),
      ...s.hotSpots.map((h) => ({ id: HOT_SPOT_PREFIX + h.id, target: hotSpotTarget(h), style: 'hotspot' as const })),
    ]);
    // The panel hears about adaptations only.
    const statuses = Object.fromEntries(Object.entries(all).filter(([id]) => !id.startsWith(HOT_SPOT_PREFIX)));
    store.set({ statuses, markers: anchors.markerPositions() });
    if (this.loadedUrl) this.deps.report(this.loadedUrl, statuses);
  }

  /** Recomputes marker positions (after a resize or a layout change). */
  reposition(): void {
    this.deps.store.set({ markers: this.deps.anchors.markerPositions() });
  }

  /** The page's current selection as a range, if it is a passage of the page (not our own UI). */
  selectedRange(): Range | null {
    const sel = this.deps.doc.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    if (this.deps.isOwnNode(range.commonAncestorContainer) || !range.toString().trim()) return null;
    return range;
  }

  /** Opens the form for the current selection; false (with a hint) when nothing is selected. */
  openForSelection(): boolean {
    const range = this.selectedRange();
    if (!range) {
      this.toast(i18n.t('adapt.selectFirst'));
      return false;
    }
    const target = this.deps.anchors.describe(range);
    this.deps.anchors.showPending(range);
    const key = newDraftKey(this.pageUrl(), target);
    const draft = this.deps.store.get().drafts.find((d) => d.key === key);
    this.openForm({
      mode: 'new',
      target,
      draftKey: key,
      initial: draft?.fields ?? emptyFields(),
      ...(draft ? { restoredAt: draft.updatedAt } : {}),
    });
    return true;
  }

  /** Opens the form on an existing adaptation (with its unsaved draft, if one was left). */
  openEdit(id: string): boolean {
    const adaptation = this.find(id);
    if (!adaptation) return false;
    const key = editDraftKey(id);
    this.deps.anchors.showPending(this.deps.anchors.rangeOf(id) ?? null);
    const draft = this.deps.store.get().drafts.find((d) => d.key === key);
    this.openForm({
      mode: 'edit',
      id,
      baseVersion: adaptation.version,
      target: adaptation.target,
      draftKey: key,
      initial: draft?.fields ?? fieldsOf(adaptation),
      ...(draft ? { restoredAt: draft.updatedAt } : {}),
    });
    return true;
  }

  /** Opens the form on a copy of a colleague's adaptation (a remix, crediting them), private until the teacher shares it. */
  openRemix(id: string): boolean {
    const original = this.deps.store.get().colleagues.find((c) => c.id === id);
    if (!original) return false;
    const key = `remix|${id}`;
    const draft = this.deps.store.get().drafts.find((d) => d.key === key);
    this.deps.anchors.showPending(this.deps.anchors.rangeOf(id) ?? original.target);
    this.openForm({
      mode: 'remix',
      remixOf: id,
      target: original.target,
      draftKey: key,
      // The copy has not been tried yet: no evidence carried over.
      initial: draft?.fields ?? {
        ...fieldsOf({ ...original, version: 1 }),
        outcome: '',
        evidenceNote: '',
        visibility: 'private',
      },
      ...(draft ? { restoredAt: draft.updatedAt } : {}),
    });
    return true;
  }

  /** Resumes the newest draft left on this page. */
  resumeDraft(draft: Draft): void {
    if (draft.key.startsWith('remix|') && this.openRemix(draft.key.slice('remix|'.length))) return;
    if (draft.adaptationId && this.find(draft.adaptationId)) {
      this.openEdit(draft.adaptationId);
      return;
    }
    if (!draft.target) return;
    this.deps.anchors.showPending(draft.target);
    this.openForm({
      mode: 'new',
      target: draft.target,
      draftKey: draft.key,
      initial: draft.fields,
      restoredAt: draft.updatedAt,
    });
  }

  /** Records the form's fields as a draft (debounced). */
  fieldsChanged(fields: DraftFields): void {
    const form = this.deps.store.get().form;
    if (!form) return;
    this.drafts.schedule({
      key: form.draftKey,
      pageUrl: this.pageUrl(),
      ...(form.id ? { adaptationId: form.id } : {}),
      target: form.target,
      fields,
      updatedAt: new Date().toISOString(),
    });
  }

  /** Saves the form (`shareAnyway`: past the privacy guard); on failure returns the error so the form can show it next to the fields. */
  async save(fields: DraftFields, shareAnyway = false): Promise<Result<PageAdaptation>> {
    const form = this.deps.store.get().form;
    if (!form) return fail('validation_failed', 'The form is closed.');
    const pageUrl = this.pageUrl();
    if (!pageUrl) return fail('invalid_url', i18n.t('toast.pageAddressFailed', [this.deps.doc.location?.href ?? '']));
    await this.drafts.flush();
    const result = await this.deps.send({
      type: 'saveAdaptation',
      pageUrl,
      pageTitle: this.deps.doc.title,
      ...(form.id ? { id: form.id, baseVersion: form.baseVersion } : {}),
      ...(form.remixOf ? { remixOf: form.remixOf } : {}),
      ...(shareAnyway ? { shareAnyway: true } : {}),
      target: form.target,
      content: toContent(fields),
    });
    if (!result.ok) {
      // Issues name fields of the command ("content.body"); the form knows them as "body".
      const issues = result.error.issues?.map((i) => ({
        ...i,
        path: i.path.replace(/^content\./, '').replace(/^audience\./, ''),
      }));
      return { ok: false, error: { ...result.error, ...(issues ? { issues } : {}) } };
    }
    await this.deps.send({ type: 'discardDraft', key: form.draftKey });
    this.removeDraft(form.draftKey);
    this.deps.anchors.showPending(null);
    this.upsertLocal(result.value);
    this.deps.store.set({ form: null });
    this.toast(
      result.value.sync === 'pending' && result.value.visibility !== 'private'
        ? i18n.t('toast.savedToShare')
        : i18n.t('toast.saved'),
    );
    return result;
  }

  /** Closes the form; the typed text stays as a draft unless `discard`. */
  async closeForm(discard: boolean): Promise<void> {
    const form = this.deps.store.get().form;
    if (!form) return;
    this.deps.anchors.showPending(null);
    this.deps.store.set({ form: null });
    if (discard) {
      this.drafts.cancel();
      await this.deps.send({ type: 'discardDraft', key: form.draftKey });
      this.removeDraft(form.draftKey);
    } else {
      await this.drafts.flush();
      await this.refreshDrafts();
    }
  }

  /** Discards a draft from the banner. */
  async discardDraft(key: string): Promise<void> {
    await this.deps.send({ type: 'discardDraft', key });
    this.removeDraft(key);
  }

  /** Deletes an adaptation and offers Undo. */
  async delete(id: string): Promise<void> {
    const result = await this.deps.send({ type: 'deleteAdaptation', id });
    if (!result.ok) return this.toast(result.error.message);
    const { store } = this.deps;
    store.set({ adaptations: store.get().adaptations.filter((a) => a.id !== id), note: null });
    this.redraw();
    this.toast(i18n.t('toast.deleted'), id);
  }

  /** Undo of a delete. */
  async undoDelete(id: string): Promise<void> {
    const result = await this.deps.send({ type: 'restoreAdaptation', id });
    if (!result.ok) return this.toast(result.error.message);
    this.upsertLocal(result.value);
    this.toast(i18n.t('toast.restored'));
  }

  /**
   * Keeps the passage an adaptation was found on approximately (its words changed): stores the
   * selectors of the passage as it is now, so the next visit finds it exactly.
   */
  async confirmAnchor(id: string): Promise<Result<{ confirmed: boolean }>> {
    const target = this.deps.anchors.describeDrawn(id);
    if (!target || !this.find(id)) return fail('not_found', i18n.t('changed.notDrawn'));
    return this.moveTo(id, target, i18n.t('changed.confirmed'));
  }

  /** Moves an adaptation to the passage selected on the page now (from its note on the page). */
  async reattachToSelection(id: string): Promise<Result<{ confirmed: boolean }>> {
    const range = this.selectedRange();
    if (!range) {
      this.toast(i18n.t('panel.reattachNoSelection'));
      return fail('validation_failed', i18n.t('panel.reattachNoSelection'));
    }
    return this.moveTo(id, this.deps.anchors.describe(range), i18n.t('toast.reattached'));
  }

  private async moveTo(id: string, target: TargetSelectors, done: string): Promise<Result<{ confirmed: boolean }>> {
    const result = await this.deps.send({ type: 'reattachAdaptation', id, target });
    if (!result.ok) {
      this.toast(result.error.message);
      return result;
    }
    this.upsertLocal(result.value);
    this.toast(done);
    return ok({ confirmed: true });
  }

  /** Shows a short message (with Undo when `undoId` is given). */
  toast(message: string, undoId?: string): void {
    this.deps.store.set({ toast: { message, serial: ++this.toastSerial, ...(undoId ? { undoId } : {}) } });
  }

  /** Answers a message from the background or the panel. */
  async handle(message: AnnotatorMessage): Promise<Result<AnnotatorResponses[AnnotatorMessage['type']]>> {
    switch (message.type) {
      case 'ping':
        return ok({ pageUrl: this.pageUrl(), full: true, loadedUrl: this.loadedUrl ?? '' });
      case 'openAdaptForm':
        return ok({ opened: this.openForSelection() });
      case 'editAdaptation':
        return ok({ opened: this.openEdit(message.id) });
      case 'scrollToAdaptation':
        return ok({ found: this.scrollTo(message.id) });
      case 'describeSelection': {
        const range = this.selectedRange();
        return range
          ? ok({ target: this.deps.anchors.describe(range) })
          : fail('validation_failed', i18n.t('panel.reattachNoSelection'));
      }
      case 'confirmAnchor':
        return this.confirmAnchor(message.id);
      case 'getAnchorStatuses':
        return ok({ pageUrl: this.loadedUrl ?? this.pageUrl(), statuses: this.deps.store.get().statuses });
      case 'adaptationsChanged':
        if (message.pageUrl !== this.pageUrl() && message.pageUrl !== '*') return ok({ reloaded: false });
        await this.load();
        return ok({ reloaded: true });
    }
  }

  /** Scrolls an adaptation's passage into view and opens its note. */
  scrollTo(id: string): boolean {
    const range = this.deps.anchors.rangeOf(id);
    const element = range?.startContainer.parentElement;
    if (!element) return false;
    element.scrollIntoView({ block: 'center' });
    this.reposition();
    this.deps.store.set({ note: { id, pinned: true } });
    return true;
  }

  private openForm(form: Omit<NonNullable<AnnotatorState['form']>, 'openCount'>): void {
    const previous = this.deps.store.get().form;
    this.deps.store.set({
      form: { ...form, openCount: (previous?.openCount ?? 0) + 1 },
      adaptButton: null,
      note: null,
      draftStatus: null,
    });
  }

  private find(id: string): PageAdaptation | undefined {
    return this.deps.store.get().adaptations.find((a) => a.id === id);
  }

  private upsertLocal(adaptation: PageAdaptation): void {
    const { store } = this.deps;
    const others = store.get().adaptations.filter((a) => a.id !== adaptation.id);
    store.set({ adaptations: [...others, adaptation] });
    this.redraw();
  }

  private removeDraft(key: string): void {
    this.deps.store.set({ drafts: this.deps.store.get().drafts.filter((d) => d.key !== key) });
  }

  private async refreshDrafts(): Promise<void> {
    const result = await this.deps.send({ type: 'listPageAdaptations', pageUrl: this.pageUrl() });
    if (result.ok) this.deps.store.set({ drafts: result.value.drafts });
  }
}

/** An error's message; not `instanceof Error`, which fails for errors made in the page's compartment (Firefox). */
function messageOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}
