import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Nothing typed is lost (issue 15 item 3). Forms say what they hold that the server has not saved
 * (`useUnsavedChanges`); leaving the view (`requestLeave`: the navigation, a Back button) asks first
 * while anything is unsaved, and so does closing or reloading the page (`beforeunload`). Notes save
 * themselves a moment after typing stops (`useAutosave`), so the question is rare.
 */

const unsaved = new Map<symbol, string>();
type LeaveRequest = { what: string[]; proceed: () => void };
let pending: LeaveRequest | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function onBeforeUnload(e: BeforeUnloadEvent): void {
  if (!unsaved.size) return;
  e.preventDefault();
  // Older browsers show the prompt only when returnValue is set.
  e.returnValue = '';
}
if (typeof window !== 'undefined') window.addEventListener('beforeunload', onBeforeUnload);

/** Marks `what` (e.g. "the collection's details") as unsaved while `dirty` holds. */
export function useUnsavedChanges(dirty: boolean, what: string): void {
  const token = useRef(Symbol(what));
  useEffect(() => {
    if (!dirty) return;
    unsaved.set(token.current, what);
    return () => void unsaved.delete(token.current);
  }, [dirty, what]);
}

/** What is unsaved now, in words (empty when nothing is). */
export function unsavedChanges(): string[] {
  return [...new Set(unsaved.values())];
}

/**
 * Runs `proceed` now when nothing is unsaved; otherwise asks first (the `LeaveGuard` dialog) and runs
 * it only if the person chooses to leave.
 */
export function requestLeave(proceed: () => void): void {
  const what = unsavedChanges();
  if (!what.length) return proceed();
  pending = { what, proceed };
  notify();
}

/** Answers the pending question: leave (discarding what is unsaved) or stay. */
export function answerLeave(leave: boolean): void {
  const request = pending;
  pending = null;
  notify();
  if (leave && request) {
    unsaved.clear();
    request.proceed();
  }
}

/** The pending leave question, re-rendering when it changes (for the dialog). */
export function usePendingLeave(): LeaveRequest | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return pending;
}

/** Where an autosaved field stands. */
export type AutosaveState = 'saved' | 'waiting' | 'saving' | 'failed';

/**
 * Saves `value` a moment after it stops changing, at once on `flush` (e.g. on blur), and when the field
 * goes away with text still waiting (leaving the view saves it rather than dropping it). `saved` is the
 * server's copy. A failed save keeps the text, says so, and counts as unsaved until a later save works.
 */
export function useAutosave(
  value: string,
  saved: string,
  save: (value: string) => Promise<unknown>,
  what: string,
  delayMs = 800,
): { state: AutosaveState; flush: () => void } {
  const [state, setState] = useState<AutosaveState>('saved');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(value);
  latest.current = value;
  const lastSaved = useRef(saved);
  const inFlight = useRef(false);
  const saveRef = useRef(save);
  saveRef.current = save;

  const runRef = useRef<() => void>(() => {});
  const run = () => runRef.current();
  runRef.current = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (inFlight.current) return;
    const sending = latest.current;
    if (sending === lastSaved.current) return setState('saved');
    inFlight.current = true;
    setState('saving');
    saveRef.current(sending).then(
      () => {
        inFlight.current = false;
        lastSaved.current = sending;
        // Typed on while it was saving: save the newer text too.
        if (latest.current !== sending) timer.current = setTimeout(run, delayMs);
        else setState('saved');
      },
      () => {
        inFlight.current = false;
        setState('failed');
      },
    );
  };

  useEffect(() => {
    if (value === lastSaved.current) return;
    setState((s) => (s === 'saving' ? s : 'waiting'));
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(run, delayMs);
  }, [value]);
  // Leaving with text still waiting for its pause: save it now instead of dropping it.
  useEffect(
    () => () => {
      if (timer.current) run();
    },
    [],
  );
  // Text still waiting for its pause is saved on the way out (above); text in a save that may yet fail,
  // or in one that failed, is not safe to leave.
  useUnsavedChanges(state === 'saving' || state === 'failed', what);
  return { state, flush: run };
}
