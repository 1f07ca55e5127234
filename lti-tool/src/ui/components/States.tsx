import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import type { AutosaveState } from '../unsaved.js';

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
        {t('state.errorCode')} <code>{error.payload.code}</code>
        {error.payload.requestId ? (
          <>
            {' '}
            · {t('state.requestId')} <code>{error.payload.requestId}</code>
          </>
        ) : null}
      </p>
      {onRetry && error.status !== 401 ? (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
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

/** Props of {@link AutosaveStatus}. */
export type AutosaveStatusProps = { id: string; state: AutosaveState; onRetry: () => void };
/** Where a field that saves itself stands ("Saving…", "Saved", or a failure with a retry), announced politely. */
export function AutosaveStatus({ id, state, onRetry }: AutosaveStatusProps) {
  return (
    <p id={id} class={`autosave ${state}`} role="status" aria-live="polite">
      {t(`autosave.${state}`)}
      {state === 'failed' ? (
        <>
          {' '}
          <button type="button" onClick={onRetry}>
            {t('autosave.retry')}
          </button>
        </>
      ) : null}
    </p>
  );
}
