import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api.js';

/** Props of {@link Loading}. */
export type LoadingProps = { label: string };
/** A polite loading indicator announced to screen readers. */
export function Loading({ label }: LoadingProps) {
  return (
    <p class="state" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** Props of {@link ErrorState}. */
export type ErrorStateProps = { error: ApiError; onRetry?: () => void };
/** An error with what to do, the code for support, and a retry button when retrying can help. */
export function ErrorState({ error, onRetry }: ErrorStateProps) {
  return (
    <div class="state error" role="alert">
      <p>{error.payload.message}</p>
      {error.payload.issues?.length ? (
        <ul>
          {error.payload.issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>{i.message}</li>
          ))}
        </ul>
      ) : null}
      <p class="meta">
        Error code: <code>{error.payload.code}</code>
        {error.payload.requestId ? (
          <>
            {' '}
            · Request id: <code>{error.payload.requestId}</code>
          </>
        ) : null}
      </p>
      {onRetry && error.status !== 401 ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Props of {@link Empty}. */
export type EmptyProps = { title: string; children?: ComponentChildren };
/** An empty state that says why nothing is shown and what to do. */
export function Empty({ title, children }: EmptyProps) {
  return (
    <div class="state empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}
