import type { AnnotatorState } from './state.js';
import type { Store } from './store.js';

/**
 * Opens the note of the highlight under the pointer (unpinned) and closes it shortly after the
 * pointer leaves, unless the pointer went onto the note. One hit test per animation frame, made at
 * where the pointer is by then: on a slow frame, a move onto a highlight that came right after
 * another move was lost when the test used the first move's position.
 */
export function followHover(
  win: Window,
  store: Store<AnnotatorState>,
  anchors: { idsAt(x: number, y: number): string[] },
  hover: { overNote: boolean },
): void {
  let frame = 0;
  let closeTimer: ReturnType<typeof setTimeout> | undefined;
  const pointer = { x: 0, y: 0 };
  win.document.addEventListener(
    'mousemove',
    (e) => {
      pointer.x = e.clientX;
      pointer.y = e.clientY;
      if (frame || !store.get().markers.length) return;
      frame = win.requestAnimationFrame(() => {
        frame = 0;
        const [id] = anchors.idsAt(pointer.x, pointer.y);
        const note = store.get().note;
        if (id) {
          clearTimeout(closeTimer);
          if (note?.id !== id && !note?.pinned) store.set({ note: { id, pinned: false } });
        } else if (note && !note.pinned) {
          clearTimeout(closeTimer);
          closeTimer = setTimeout(() => {
            if (!hover.overNote && store.get().note?.pinned === false) store.set({ note: null });
          }, 300);
        }
      });
    },
    { passive: true },
  );
}
