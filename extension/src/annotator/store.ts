import { useEffect, useReducer } from 'preact/hooks';

/** A tiny observable state holder: the controller writes, the Preact tree reads. */
export class Store<S extends object> {
  private readonly listeners = new Set<() => void>();
  constructor(private state: S) {}

  /** The current state (treat as read-only). */
  get(): S {
    return this.state;
  }

  /** Merges `patch` into the state and re-renders subscribers. */
  set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Re-renders the calling component whenever the store changes. */
export function useStore<S extends object>(store: Store<S>): S {
  const [, rerender] = useReducer<number, void>((n) => n + 1, 0);
  useEffect(() => store.subscribe(rerender), [store]);
  return store.get();
}
