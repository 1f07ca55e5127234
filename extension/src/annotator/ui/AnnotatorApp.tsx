import { i18n } from '#i18n';
import { useMemo } from 'preact/hooks';
import type { ColleagueActions } from '../colleague-actions.js';
import { passageChanged } from '../../protocol/views.js';
import type { AnnotatorController } from '../controller.js';
import { useStore, type Store } from '../store.js';
import { AdaptationForm } from './AdaptationForm.js';
import { ColleagueNote } from './ColleagueNote.js';
import { RespondDialog } from './RespondDialog.js';
import { DraftBanner } from './DraftBanner.js';
import { NoteMarker } from './NoteMarker.js';
import { HotSpotNote } from './HotSpotNote.js';
import { HOT_SPOT_PREFIX, type AnnotatorState } from '../state.js';
import { inHotSpot } from '../../protocol/views.js';
import { Toast } from '../../ui/Toast.js';

/** Props of {@link AnnotatorApp}. */
export interface AnnotatorAppProps {
  store: Store<AnnotatorState>;
  controller: AnnotatorController;
  colleagues: ColleagueActions;
  /** Hover bookkeeping shared with the page's mouse listener. */
  hover: { overNote: boolean };
}

/** Everything the annotator draws in its shadow root: markers and notes, the Adapt button, the form, banners and toasts. */
export function AnnotatorApp({ store, controller, colleagues, hover }: AnnotatorAppProps) {
  const s = useStore(store);
  const setNote = (note: AnnotatorState['note']) => store.set({ note });
  // The same vnode when nothing about the markers changed, so Preact skips them (a page may have
  // hundreds) while the Adapt button follows the selection or a toast comes and goes.
  const markers = useMemo(() => {
    const byId = new Map(s.adaptations.map((a) => [a.id, a]));
    const theirs = new Map(s.colleagues.map((a) => [a.id, a]));
    const spots = new Map(s.hotSpots.map((h) => [HOT_SPOT_PREFIX + h.id, h]));
    return (
      <div class="layer">
        {s.markers.map((m) => {
          const open = s.note?.id === m.id;
          const spot = spots.get(m.id);
          if (spot) {
            return (
              <HotSpotNote
                key={m.id}
                position={m}
                hotSpot={spot}
                sharedWithMe={s.colleagues.filter((c) => inHotSpot(spot, c.target)).length}
                open={open}
                pinned={!!(open && s.note?.pinned)}
                onOpen={(pinned) => setNote({ id: m.id, pinned })}
                onClose={() => open && setNote(null)}
                onHover={(inside) => {
                  hover.overNote = inside;
                }}
                onShow={() => void colleagues.showHotSpot(controller.pageUrl(), spot.id)}
              />
            );
          }
          const colleague = theirs.get(m.id);
          if (colleague) {
            return (
              <ColleagueNote
                key={m.id}
                position={m}
                adaptation={colleague}
                open={open}
                pinned={!!(open && s.note?.pinned)}
                onOpen={(pinned) => setNote({ id: m.id, pinned })}
                onClose={() => open && setNote(null)}
                onHover={(inside) => {
                  hover.overNote = inside;
                }}
                onTried={() => colleagues.open('endorse', m.id)}
                onFeedback={() => colleagues.open('feedback', m.id)}
                onRemix={() => controller.openRemix(m.id)}
                loadDetail={() => colleagues.detail(m.id)}
              />
            );
          }
          const adaptation = byId.get(m.id);
          if (!adaptation) return null;
          return (
            <NoteMarker
              key={m.id}
              position={m}
              adaptation={adaptation}
              open={open}
              pinned={!!(open && s.note?.pinned)}
              onOpen={(pinned) => setNote({ id: m.id, pinned })}
              onClose={() => open && setNote(null)}
              onHover={(inside) => {
                hover.overNote = inside;
              }}
              onEdit={() => controller.openEdit(m.id)}
              onDelete={() => void controller.delete(m.id)}
              changed={passageChanged(s.statuses[m.id])}
              onConfirm={() => controller.confirmAnchor(m.id)}
              onReattach={() => controller.reattachToSelection(m.id)}
            />
          );
        })}
      </div>
    );
  }, [s.markers, s.adaptations, s.colleagues, s.hotSpots, s.note, s.statuses]);
  const responding = s.respond ? s.colleagues.find((c) => c.id === s.respond!.id) : undefined;
  const remixed = s.form?.remixOf ? s.colleagues.find((c) => c.id === s.form!.remixOf) : undefined;
  // A dialog (the form, or a reply to a colleague) holds the right-hand side: toasts move clear of it.
  const dialogOpen = !!s.form || !!(s.respond && responding);
  return (
    <div class={dialogOpen ? 'root with-dialog' : 'root'}>
      {markers}
      {s.adaptButton && !s.form && (
        <button
          type="button"
          class="fixed adapt-button"
          style={{ top: `${s.adaptButton.top}px`, left: `${s.adaptButton.left}px` }}
          aria-label={i18n.t('adapt.buttonLabel')}
          aria-keyshortcuts="Alt+Shift+A"
          title={`${i18n.t('adapt.buttonLabel')} (Alt+Shift+A)`}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => controller.openForSelection()}
        >
          {i18n.t('adapt.button')}
        </button>
      )}
      {s.form && (
        <AdaptationForm
          key={s.form.openCount}
          form={s.form}
          draftStatus={s.draftStatus}
          sharing={s.sharing}
          remix={remixed ? { visibility: remixed.visibility, authorName: remixed.authorName } : undefined}
          onFieldsChange={(f) => controller.fieldsChanged(f)}
          onSave={(f, shareAnyway) => controller.save(f, shareAnyway)}
          onClose={(discard) => void controller.closeForm(discard)}
        />
      )}
      {s.respond && responding && !s.form && (
        <RespondDialog
          key={`${s.respond.kind}${s.respond.id}`}
          kind={s.respond.kind}
          adaptation={responding}
          onClose={() => colleagues.close()}
          onSend={(choice, text, shareAnyway) =>
            s.respond!.kind === 'endorse'
              ? colleagues.endorse(s.respond!.id, choice, text, shareAnyway)
              : colleagues.feedback(s.respond!.id, choice, text, shareAnyway)
          }
        />
      )}
      {!s.form && (
        <DraftBanner
          drafts={s.drafts}
          onResume={(d) => controller.resumeDraft(d)}
          onDiscard={(d) => void controller.discardDraft(d.key)}
        />
      )}
      <Toast
        toast={s.toast}
        onUndo={(id) => {
          store.set({ toast: null });
          void controller.undoDelete(id);
        }}
        onDismiss={() => store.set({ toast: null })}
      />
    </div>
  );
}
