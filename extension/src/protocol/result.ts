import type { ErrorCode, ErrorPayload } from '@margins/shared/errors';

/**
 * What every cross-context handler returns (STYLE: messages): a value or a shared AppError
 * payload, never a thrown exception across a message port. Light on purpose: the content script
 * imports it, so it must not pull in zod.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result with a shared error code and a sentence the UI may show. */
export function fail(code: ErrorCode, message: string, issues?: ErrorPayload['issues']): Result<never> {
  return { ok: false, error: { code, message, ...(issues?.length ? { issues } : {}) } };
}

/** True when `value` has the shape of a Result (used on replies that crossed a message port). */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'value' in r;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string';
}
