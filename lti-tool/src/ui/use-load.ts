import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from './api.js';

/** What a view shows while its data loads: loading, the data, or the error (with a retry). */
export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  /** Replaces the data with a fresher copy the server sent back (after a change). */
  set: (data: T) => void;
}

/**
 * The app's own "ready" signal: `<html data-ready="true">` and a `margins-ready` event on the document
 * once no view is loading and the views have rendered what they loaded. Browser tests wait for it
 * instead of a fixed time, so a slow machine makes them slower, not red. Counted per useLoad hook.
 */
let loadsInFlight = 0;
function loadsChanged(delta: 1 | -1): void {
  loadsInFlight += delta;
  if (loadsInFlight > 0) {
    delete document.documentElement.dataset.ready;
    return;
  }
  // After the current commit: a view that mounts with the data just rendered may start its own load.
  setTimeout(() => {
    if (loadsInFlight > 0 || document.documentElement.dataset.ready) return;
    document.documentElement.dataset.ready = 'true';
    document.dispatchEvent(new Event('margins-ready'));
  }, 0);
}

/** Loads `fetcher()` when `deps` change; answers that arrive after a newer request are dropped. */
export function useLoad<T>(fetcher: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const counted = useRef(false);
  const settle = () => {
    if (!counted.current) return;
    counted.current = false;
    loadsChanged(-1);
  };
  const load = () => {
    if (!counted.current) {
      counted.current = true;
      loadsChanged(1);
    }
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    fetcher().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setLoading(false);
      },
      (e: ApiError) => {
        if (mine !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
  };
  useEffect(load, deps);
  // Effects run after the render that shows the data (or the error): only then is the view ready.
  useEffect(() => {
    if (!loading) settle();
  }, [loading]);
  useEffect(() => settle, []);
  return { data, error, loading, reload: load, set: setData };
}

/**
 * Focuses the element on mount (and when `when` turns true): where keyboard and screen reader users land.
 * A layout effect, so focus moves in the same commit that shows the element: a plain effect waits for the
 * next frame, and until then focus sat on the page (seen after deleting an account on a busy machine).
 */
export function useFocusOnMount<E extends HTMLElement>(when = true) {
  const ref = useRef<E>(null);
  useLayoutEffect(() => {
    if (when) ref.current?.focus();
  }, [when]);
  return ref;
}
