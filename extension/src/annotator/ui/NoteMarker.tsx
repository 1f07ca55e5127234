import { i18n } from '#i18n';
import { useEffect, useRef } from 'preact/hooks';
import { kindLabel, outcomeLabel } from '../../i18n/labels.js';
import { remixLine, socialLine } from '../../i18n/social.js';
import type { PageAdaptation } from '../../protocol/views.js';
import type { MarkerPosition } from '../state.js';

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
  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose(false);
    };
    document.addEventListener('keydown', close, true);
    return () => document.removeEventListener('keydown', close, true);
  }, [open]);
  return (
    <div
      class="anchor"
      style={{ top: `${position.top - 10}px`, left: `${position.left - 2}px` }}
      onMouseEnter={() => onHover(true)}
      onMouseLeave={() => onHover(false)}
      onFocusOut={(e) => {
        const next = e.relatedTarget as Node | null;
        if (open && !(next && (e.currentTarget as HTMLElement).contains(next))) onClose(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          onClose(true);
          marker.current?.focus();
        }
      }}
    >
      <button
        type="button"
        class={changed ? 'marker changed' : 'marker'}
        ref={marker}
        aria-label={label}
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={open ? noteId : undefined}
        data-margins-id={a.id}
        // Keeps the page's selection (the text to re-attach to) when the marker is clicked.
        onMouseDown={(e) => changed && e.preventDefault()}
        onClick={() => (open && pinned ? onClose(false) : onOpen(true))}
        onFocus={() => !open && onOpen(false)}
      >
        {changed ? '!' : '✎'}
      </button>
      {open && (
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
          <ul class="chips" aria-label={i18n.t('note.kinds')}>
            {kinds.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
          <p>{a.body}</p>
          {a.rationale && (
            <p>
              <span class="label">{i18n.t('note.rationale')}: </span>
              {a.rationale}
            </p>
          )}
          {a.evidence && (
            <p>
              <span class="label">{i18n.t('note.evidence')}: </span>
              {outcomeLabel(a.evidence.outcome)}
              {a.evidence.note ? ` — ${a.evidence.note}` : ''}
            </p>
          )}
          {a.remixOf && <p class="meta">{remixLine(a.remixOf.authorName)}</p>}
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
            <button
              type="button"
              onClick={() => {
                onClose(true);
                marker.current?.focus();
              }}
            >
              {i18n.t('note.close')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
