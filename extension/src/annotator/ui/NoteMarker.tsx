import { i18n } from '#i18n';
import { useRef } from 'preact/hooks';
import { kindLabel } from '../../i18n/labels.js';
import { socialLine } from '../../i18n/social.js';
import type { PageAdaptation } from '../../protocol/views.js';
import type { MarkerPosition } from '../state.js';
import { CloseNoteButton, MarkerAnchor } from './MarkerAnchor.js';
import { AdaptationText } from './AdaptationText.js';

/** Props of {@link NoteMarker}. */
export interface NoteMarkerProps {
  position: MarkerPosition;
  adaptation: PageAdaptation;
  open: boolean;
  /** Focus moves into the note when it was opened from the keyboard or a click. */
  pinned: boolean;
  onOpen: (pinned: boolean) => void;
  onClose: (returnFocus: boolean) => void;
  onHover: (inside: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
  /** The passage was found only approximately: the note says so and offers to keep it or move it. */
  changed?: boolean;
  /** Keep the passage as it is now (its new selectors are stored). */
  onConfirm?: () => Promise<unknown>;
  /** Move the adaptation to the text selected on the page. */
  onReattach?: () => Promise<unknown>;
}

/**
 * The focusable marker at the end of a highlight (CSS highlights cannot take focus) and the
 * note it opens: the adaptation's kinds, text, rationale and evidence, always rendered as text.
 */
export function NoteMarker({
  position,
  adaptation: a,
  open,
  pinned,
  onOpen,
  onClose,
  onHover,
  onEdit,
  onDelete,
  changed = false,
  onConfirm,
  onReattach,
}: NoteMarkerProps) {
  const marker = useRef<HTMLButtonElement>(null);
  const noteId = `mg-note-${a.id}`;
  const kinds = a.kinds.map(kindLabel);
  const label = i18n.t(changed ? 'changed.marker' : 'note.marker', [kinds.join(', ')]);
  // After the passage is kept or moved the notice goes away: focus returns to the marker, not the void.
  const thenFocusMarker = (action?: () => Promise<unknown>) => () => {
    void (action?.() ?? Promise.resolve()).then(() => marker.current?.focus());
  };
  return (
    <MarkerAnchor
      position={position}
      nudge={2}
      open={open}
      pinned={pinned}
      onOpen={onOpen}
      onClose={onClose}
      onHover={onHover}
      markerRef={marker}
      markerClass={changed ? 'marker changed' : 'marker'}
      label={label}
      noteId={noteId}
      markerData={{ 'data-margins-id': a.id }}
      keepSelection={changed}
      symbol={changed ? '!' : '✎'}
    >
      <div class="note" id={noteId} role="region" aria-label={label}>
        {changed && (
          <div class="changed-notice" role="group" aria-labelledby={`${noteId}-changed`}>
            <p id={`${noteId}-changed`}>{i18n.t('changed.notice')}</p>
            <p class="meta">{i18n.t('changed.hint')}</p>
            <div class="actions">
              <button type="button" class="primary" onClick={thenFocusMarker(onConfirm)}>
                {i18n.t('changed.confirm')}
              </button>
              <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={thenFocusMarker(onReattach)}>
                {i18n.t('panel.reattach')}
              </button>
            </div>
          </div>
        )}
        <AdaptationText adaptation={a} kinds={kinds} />
        {a.social && a.social.endorsementCount + a.social.feedbackCount > 0 && (
          <p class="meta social">
            {socialLine(a.social)}
            {a.social.feedbackCount ? ` · ${i18n.t('colleague.feedbackCount', a.social.feedbackCount)}` : ''}
          </p>
        )}
        {a.sync && <p class={`meta sync-${a.sync}`}>{i18n.t(`note.${a.sync}`)}</p>}
        <div class="actions">
          <button type="button" onClick={onEdit}>
            {i18n.t('note.edit')}
          </button>
          <button type="button" class="danger" onClick={onDelete}>
            {i18n.t('note.delete')}
          </button>
          <CloseNoteButton onClose={() => onClose(true)} markerRef={marker} />
        </div>
      </div>
    </MarkerAnchor>
  );
}
