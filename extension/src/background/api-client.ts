import type { z } from 'zod';
import { buildPath, ErrorResponseSchema, type Endpoint } from '@margins/shared/api';
import { AppError, isErrorCode, type ErrorCode } from '@margins/shared/errors';

/** An error answer of the district's Margins, with how long it asked us to wait (429, 503). */
export class ApiError extends AppError {
  constructor(
    code: ErrorCode,
    message: string | undefined,
    readonly httpStatus: number,
    readonly retryAfterMs: number | null,
    issues?: { path: string; message: string }[],
  ) {
    super(code, message, issues);
  }
}

/** The network edge, passed in so tests can answer requests themselves. */
export interface HttpPort {
  fetch: typeof fetch;
  /** navigator.onLine: false when the computer has no network at all. */
  online(): boolean;
}

/** What one call sends. */
export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** The access token (extension endpoints). */
  token?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

type AnyEndpoint = Endpoint<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/**
 * The extension's HTTP client for the REST contract in shared/src/api.ts: builds the request from
 * an endpoint entry, parses the answer with the endpoint's schema, and turns every failure into
 * an AppError the UI can show: no network (`offline`), the district's server unreachable or busy
 * (`unavailable`, `rate_limited`, with Retry-After), or the district's own error code and sentence.
 */
export class ApiClient {
  constructor(private readonly http: HttpPort) {}

  async call<E extends AnyEndpoint>(toolUrl: string, e: E, opts: CallOptions = {}): Promise<z.infer<E['response']>> {
    const url = new URL(`${toolUrl}${buildPath(e.path, opts.params)}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let res: Response;
    try {
      res = await this.http.fetch(url, {
        method: e.method,
        headers,
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw this.unreachable(toolUrl, error);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw errorFrom(res, text, toolUrl);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw notUnderstood();
    }
    const parsed = e.response.safeParse(json);
    if (!parsed.success) throw notUnderstood();
    // The endpoint's own response schema produced it; TypeScript cannot follow a generic schema's output.
    return parsed.data as z.infer<E['response']>;
  }

  private unreachable(toolUrl: string, error: unknown): ApiError {
    if (!this.http.online())
      return new ApiError(
        'offline',
        'You are offline. Your changes are kept in this browser and will be shared when you are back online.',
        0,
        null,
      );
    const timedOut = (error as { name?: string } | null)?.name === 'TimeoutError';
    return new ApiError(
      'unavailable',
      `${timedOut ? 'Margins at' : 'Cannot reach Margins at'} ${hostOf(toolUrl)}${timedOut ? ' did not answer in time' : ''}. Your changes are kept in this browser and will be shared when it answers again.`,
      0,
      null,
    );
  }
}

function errorFrom(res: Response, text: string, toolUrl: string): ApiError {
  const retryAfter = Number(res.headers.get('retry-after'));
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 3_600) * 1000 : null;
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not our JSON: a proxy's page, say; decide by the status below.
  }
  const parsed = ErrorResponseSchema.safeParse(body);
  if (parsed.success && isErrorCode(parsed.data.error.code)) {
    const { code, message, issues } = parsed.data.error;
    return new ApiError(code, message, res.status, retryAfterMs, issues);
  }
  if (res.status === 413) return new ApiError('payload_too_large', undefined, 413, null);
  if (res.status === 429) return new ApiError('rate_limited', undefined, 429, retryAfterMs);
  if (res.status === 401) return new ApiError('unauthenticated', undefined, 401, null);
  if (res.status === 404)
    return new ApiError(
      'unavailable',
      `${hostOf(toolUrl)} does not look like a Margins address (it answered "not found"). Check the address in your learning platform.`,
      404,
      null,
    );
  if (res.status >= 500)
    return new ApiError(
      'unavailable',
      `Margins at ${hostOf(toolUrl)} has a problem right now (error ${res.status}). Your changes are kept and will be shared later.`,
      res.status,
      retryAfterMs,
    );
  return new ApiError('internal', `Margins at ${hostOf(toolUrl)} answered with error ${res.status}.`, res.status, null);
}

function notUnderstood(): ApiError {
  return new ApiError(
    'internal',
    "Your district's Margins answered in a way this extension does not understand. The extension may need an update.",
    200,
    null,
  );
}

/** The host of a tool address, for messages. */
export function hostOf(toolUrl: string): string {
  try {
    return new URL(toolUrl).host;
  } catch {
    return toolUrl;
  }
}

/** True for failures that may pass by themselves: retry later with back-off. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof AppError)) return false;
  return (
    error.code === 'offline' ||
    error.code === 'unavailable' ||
    error.code === 'rate_limited' ||
    (error instanceof ApiError && error.httpStatus >= 500)
  );
}

/**
 * The address a teacher typed or the LMS handed over, as the extension stores it: https (or http
 * on this computer, for a test server), no query or fragment, no trailing slash.
 */
export function normaliseToolUrl(input: string): string {
  const trimmed = input.trim();
  if (!trimmed)
    throw new AppError('validation_failed', 'Enter the Margins address shown in your learning platform.', [
      { path: 'toolUrl', message: 'Required.' },
    ]);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new AppError(
      'validation_failed',
      'That is not a web address. Copy the Margins address shown in your learning platform.',
      [{ path: 'toolUrl', message: 'Not a web address.' }],
    );
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new AppError('validation_failed', 'The Margins address must start with https://.', [
      { path: 'toolUrl', message: 'Use https.' },
    ]);
  }
  if (url.username || url.password)
    throw new AppError('validation_failed', 'The Margins address must not contain a user name or password.', [
      { path: 'toolUrl', message: 'No credentials.' },
    ]);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
