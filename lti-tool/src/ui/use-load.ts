import { useEffect, useRef, useState } from 'preact/hooks';
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

/** Loads `fetcher()` when `deps` change; answers that arrive after a newer request are dropped. */
export function useLoad<T>(fetcher: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const load = () => {
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
  return { data, error, loading, reload: load, set: setData };
}

/** Focuses the element on mount (and when `when` turns true): where keyboard and screen reader users land. */
export function useFocusOnMount<E extends HTMLElement>(when = true) {
  const ref = useRef<E>(null);
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [when]);
  return ref;
}
