import type { z } from 'zod';
import { buildPath, ErrorResponseSchema, toFieldIssues, type Endpoint, type ErrorPayload } from '@margins/shared';
import { t } from './i18n/index.js';

/**
 * The LMS UI's one way to call the tool (issue 15, item 10): `request(endpoint, input)` takes an entry
 * of the shared contract (shared/src/api*.ts) and derives the method, the path, what the query and
 * body must be (checked before anything is sent) and how the answer is read, as the extension's
 * client does (extension/src/background/api-client.ts). The launch credential goes in the
 * Authorization header only, never in a URL or a cookie.
 */

/** What the tool embedded in the page for this launch (never read from the URL). */
interface Boot {
  token: string;
  apiBase: string;
  expiresAt: string;
}

function readBoot(): Boot | null {
  if (typeof document === 'undefined') return null;
  const el = document.getElementById('margins-session');
  if (!el?.textContent) return null;
  try {
    return JSON.parse(el.textContent) as Boot;
  } catch {
    return null;
  }
}

let boot = readBoot();

/** For component tests: the launch credential the page would carry. */
export function setBootForTest(token: string | null): void {
  boot = token ? { token, apiBase: '', expiresAt: '' } : null;
}

/** A failed API call, with the shared error payload when the server sent one and the answer's JSON (`body`). */
export class ApiError extends Error {
  constructor(
    readonly payload: ErrorPayload,
    readonly status: number,
    readonly body: unknown = null,
  ) {
    super(payload.message);
  }
}

/**
 * The tool's "What Margins keeps about you" page (issue 16): with the district, so it shows the
 * district's own retention; in the UI's language.
 */
export function keepsUrl(districtId: string | null, lang: string): string {
  const q = new URLSearchParams({ ...(districtId ? { district: districtId } : {}), lang });
  return `${boot?.apiBase ?? ''}/what-margins-keeps?${q.toString()}`;
}

/** True when the page was opened by a launch (it carries a session). */
export function hasSession(): boolean {
  return boot !== null;
}

/** Any entry of the contract. */
export type AnyEndpoint = Endpoint<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/** What one call sends: path parameters, query and body as the contract's schemas take them. */
export interface RequestInput<E extends AnyEndpoint> {
  params?: Record<string, string>;
  query?: z.input<E['query']>;
  body?: z.input<E['body']>;
}

const invalid = (message: string, error: z.ZodError) =>
  new ApiError({ code: 'validation_failed', message, issues: toFieldIssues(error) }, 400);

/** The URL and fetch options of a call, after its query and body passed the contract's schemas. */
function prepare<E extends AnyEndpoint>(e: E, input: RequestInput<E>): { url: string; init: RequestInit } {
  // A query string carries no empty values: an unset filter is left out, not sent as "".
  const query = Object.entries((input.query ?? {}) as Record<string, string | number | boolean | undefined>).filter(
    (entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== '',
  );
  const q = new URLSearchParams(query.map(([k, v]) => [k, String(v)]));
  if (input.query !== undefined) {
    const checked = e.query.safeParse(Object.fromEntries(query));
    if (!checked.success) throw invalid(t('api.invalidQuery'), checked.error);
  }
  let body: string | undefined;
  if (input.body !== undefined) {
    const checked = e.body.safeParse(input.body);
    if (!checked.success) throw invalid(t('api.invalidBody'), checked.error);
    body = JSON.stringify(input.body);
  }
  const qs = q.toString();
  return {
    url: `${buildPath(e.path, input.params)}${qs ? `?${qs}` : ''}`,
    init: { method: e.method, ...(body !== undefined ? { body } : {}) },
  };
}

/**
 * Fetches `path` with the launch credential; a network failure or an error answer becomes an ApiError
 * with a readable message (and the answer's JSON, e.g. the current version of a 409).
 */
export async function authorizedFetch(path: string, accept: string, init: RequestInit = {}): Promise<Response> {
  if (!boot) throw new ApiError({ code: 'unauthenticated', message: t('api.unauthenticated') }, 401);
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: {
        authorization: `Bearer ${boot.token}`,
        accept,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError({ code: 'offline', message: t('api.offline') }, 0);
  }
  if (!res.ok) {
    const json: unknown = await res.json().catch(() => null);
    const parsed = ErrorResponseSchema.safeParse(json);
    throw new ApiError(
      parsed.success ? parsed.data.error : { code: 'internal', message: t('api.internal') },
      res.status,
      json,
    );
  }
  return res;
}

/** Calls a JSON endpoint of the contract and reads the answer with its response schema. */
export async function request<E extends AnyEndpoint>(
  e: E,
  input: RequestInput<E> = {},
): Promise<z.output<E['response']>> {
  const { url, init } = prepare(e, input);
  const res = await authorizedFetch(url, 'application/json', init);
  const parsed = e.response.safeParse(await res.json().catch(() => null));
  if (!parsed.success)
    throw new ApiError(
      {
        code: 'internal',
        message: t('api.badAnswer'),
      },
      res.status,
    );
  // The endpoint's own response schema produced it; TypeScript cannot follow a generic schema's output.
  return parsed.data as z.output<E['response']>;
}

/** Calls an endpoint that answers with a file (CSV, a signed credential) and returns the answer unread. */
export async function requestFile<E extends AnyEndpoint>(
  e: E,
  input: RequestInput<E>,
  accept: string,
): Promise<Response> {
  const { url, init } = prepare(e, input);
  return authorizedFetch(url, accept, init);
}

/**
 * Saves a fetched file under the name the server chose (Content-Disposition), through a temporary
 * object URL: the launch credential never goes in a URL. Returns the name.
 */
export async function saveDownload(res: Response, fallback: string): Promise<string> {
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  saveBlob(await res.blob(), name);
  return name;
}

/** Offers `text` to the browser as a download named `filename`. */
export function saveFile(text: string, filename: string, type: string): void {
  saveBlob(new Blob([text], { type }), filename);
}

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
