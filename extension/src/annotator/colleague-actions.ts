import { i18n } from '#i18n';
import type { Result } from '../protocol/result.js';
import type { ColleagueAdaptation, ColleagueDetail } from '../protocol/views.js';
import type { Send } from './controller.js';
import type { AnnotatorState } from './state.js';
import type { Store } from './store.js';

/**
 * What a teacher does with a colleague's adaptation on the page: "I tried this" (with an outcome
 * and a note), structured feedback, and reading who tried it and the feedback. The background
 * sends them to the district; the page only keeps the updated counts. From a district hot spot's
 * note, the colleagues' adaptations of that passage open in the side panel.
 */
export class ColleagueActions {
  constructor(
    private readonly store: Store<AnnotatorState>,
    private readonly send: Send,
    private readonly toast: (message: string) => void,
  ) {}

  /** Opens the "I tried this" or feedback dialog for one colleague's adaptation. */
  open(kind: 'endorse' | 'feedback', id: string): void {
    this.store.set({ respond: { kind, id }, note: null });
  }

  /** Closes the dialog. */
  close(): void {
    this.store.set({ respond: null });
  }

  /** "I tried this", with how it went; saying it again updates it. */
  async endorse(id: string, outcome: string, note: string, shareAnyway = false): Promise<Result<ColleagueAdaptation>> {
    const result = await this.send({
      type: 'endorseAdaptation',
      id,
      outcome: outcome as 'worked-well',
      note,
      ...(shareAnyway ? { shareAnyway } : {}),
    });
    return this.done(result, i18n.t('colleague.endorsed'));
  }

  /** Structured feedback for the author. */
  async feedback(
    id: string,
    feedbackType: string,
    text: string,
    shareAnyway = false,
  ): Promise<Result<ColleagueAdaptation>> {
    const result = await this.send({
      type: 'giveFeedback',
      id,
      feedbackType: feedbackType as 'question',
      text,
      ...(shareAnyway ? { shareAnyway } : {}),
    });
    return this.done(result, i18n.t('colleague.feedbackSent'));
  }

  /**
   * Opens the colleagues' adaptations of a district hot spot in the side panel (issue 20). The browser
   * opens the panel where it lets an extension do so (Chrome); elsewhere the toast asks the teacher to
   * open it, and the passage waits there.
   */
  async showHotSpot(pageUrl: string, hotSpotId: string): Promise<void> {
    const result = await this.send({ type: 'showPassageColleagues', pageUrl, hotSpotId });
    if (!result.ok) return this.toast(result.error.message);
    this.toast(result.value.opened ? i18n.t('hotSpot.opened') : i18n.t('hotSpot.openPanel'));
  }

  /** Who tried it and the feedback it received. */
  detail(id: string): Promise<Result<ColleagueDetail>> {
    return this.send({ type: 'getColleagueDetail', id });
  }

  private done(result: Result<ColleagueAdaptation>, message: string): Result<ColleagueAdaptation> {
    if (!result.ok) return result;
    const updated = result.value;
    this.store.set({
      colleagues: this.store.get().colleagues.map((c) => (c.id === updated.id ? updated : c)),
      respond: null,
    });
    this.toast(message);
    return result;
  }
}
