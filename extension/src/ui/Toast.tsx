import { i18n } from '#i18n';
import { useEffect, useRef } from 'preact/hooks';

/** A short message, optionally with Undo. */
export interface ToastState {
  message: string;
  undoId?: string;
  /** Increases on each toast so a repeated message is announced again. */
  serial: number;
}

/** Props of {@link Toast}. */
export interface ToastProps {
  toast: ToastState | null;
  onUndo: (id: string) => void;
  onDismiss: () => void;
}

/** How long a toast stays: longer when it offers Undo. Hovering or focusing it keeps it open. */
const DURATION_MS = 5_000;
const UNDO_DURATION_MS = 10_000;

/**
 * A short message at the bottom of the page, announced through a live region that is always in
 * the tree (so screen readers hear it), with Undo after a delete (which takes the focus, since
 * the deleted item's buttons are gone).
 */
export function Toast({ toast, onUndo, onDismiss }: ToastProps) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const undo = useRef<HTMLButtonElement>(null);
  const arm = () => {
    clearTimeout(timer.current);
    if (toast) timer.current = setTimeout(onDismiss, toast.undoId ? UNDO_DURATION_MS : DURATION_MS);
  };
  useEffect(() => {
    arm();
    // After a delete the deleted item's controls are gone: Undo is where focus is useful.
    if (toast?.undoId) undo.current?.focus();
    return () => clearTimeout(timer.current);
  }, [toast?.serial]);
  return (
    <div
      role="status"
      aria-live="polite"
      class={toast ? 'fixed toast' : 'visually-hidden'}
      onMouseEnter={() => clearTimeout(timer.current)}
      onMouseLeave={arm}
      onFocusIn={() => clearTimeout(timer.current)}
      onFocusOut={arm}
    >
      {toast && <span>{toast.message}</span>}
      {toast?.undoId && (
        <button type="button" ref={undo} onClick={() => onUndo(toast.undoId!)}>
          {i18n.t('toast.undo')}
        </button>
      )}
      {toast && (
        <button type="button" aria-label={i18n.t('toast.dismiss')} onClick={onDismiss}>
          ✕
        </button>
      )}
    </div>
  );
}
