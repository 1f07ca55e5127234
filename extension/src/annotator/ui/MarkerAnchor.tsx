import { i18n } from '#i18n';
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import type { MarkerPosition } from '../state.js';

/** Props of {@link MarkerAnchor}. */
export interface MarkerAnchorProps {
  position: MarkerPosition;
  /** How far left of the position the marker sits (px), e.g. to overlap a highlight's end. */
  nudge?: number;
  open: boolean;
  /** Opened by a click or the keyboard (not only hovered). */
  pinned: boolean;
  onOpen: (pinned: boolean) => void;
  /** Closes the note; `returnFocus` when Escape closed it from inside (focus goes back to the marker). */
  onClose: (returnFocus: boolean) => void;
  onHover: (inside: boolean) => void;
  /** The marker button, for the note's own "Close" and actions that give focus back to it. */
  markerRef: RefObject<HTMLButtonElement | null>;
  markerClass: string;
  /** The marker's accessible name, also the note's. */
  label: string;
  noteId: string;
  /** data-* attributes that find the marker (the controller, the tests). */
  markerData: Record<`data-${string}`, string>;
  /** Keeps the page's selection when the marker is clicked (to re-attach to the selected text). */
  keepSelection?: boolean;
  /** What the marker shows: a symbol or a count. */
  symbol: ComponentChildren;
  /** The note, drawn while open. */
  children: ComponentChildren;
}

/**
 * A focusable marker on the page (CSS highlights cannot take focus) and the note it opens, with the
 * behaviour every note shares: hover opens it, focus opens it, a click pins it, leaving by keyboard
 * closes it, and Escape closes it anywhere, giving focus back to the marker when it was inside.
 */
export function MarkerAnchor(p: MarkerAnchorProps) {
  const { open, onClose } = p;
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
      style={{ top: `${p.position.top - 10}px`, left: `${p.position.left - (p.nudge ?? 0)}px` }}
      onMouseEnter={() => p.onHover(true)}
      onMouseLeave={() => p.onHover(false)}
      onFocusOut={(e) => {
        const next = e.relatedTarget as Node | null;
        if (open && !(next && (e.currentTarget as HTMLElement).contains(next))) onClose(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          onClose(true);
          p.markerRef.current?.focus();
        }
      }}
    >
      <button
        type="button"
        class={p.markerClass}
        ref={p.markerRef}
        aria-label={p.label}
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={open ? p.noteId : undefined}
        {...p.markerData}
        onMouseDown={(e) => p.keepSelection && e.preventDefault()}
        onClick={() => (open && p.pinned ? onClose(false) : p.onOpen(true))}
        onFocus={() => !open && p.onOpen(false)}
      >
        {p.symbol}
      </button>
      {open && p.children}
    </div>
  );
}

/** Every note's "Close": closes it and gives focus back to its marker. */
export function CloseNoteButton(p: { onClose: () => void; markerRef: RefObject<HTMLButtonElement | null> }) {
  return (
    <button
      type="button"
      onClick={() => {
        p.onClose();
        p.markerRef.current?.focus();
      }}
    >
      {i18n.t('note.close')}
    </button>
  );
}
