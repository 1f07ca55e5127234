import type { z } from 'zod';
import {
  AdaptationDetailSchema,
  api,
  buildPath,
  ErrorResponseSchema,
  LaunchSessionSchema,
  LibraryPageSchema,
  type EndorsementInput,
  type ErrorPayload,
  type FeedbackInput,
} from '@margins/shared';

/** What the tool embedded in the page for this launch (never read from the URL). */
interface Boot {
  token: string;
  apiBase: string;
  expiresAt: string;
}

function readBoot(): Boot | null {
  const el = document.getElementById('margins-session');
  if (!el?.textContent) return null;
  try {
    return JSON.parse(el.textContent) as Boot;
  } catch {
    return null;
  }
}

const boot = readBoot();

/** A failed API call, with the shared error payload when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly payload: ErrorPayload,
    readonly status: number,
  ) {
    super(payload.message);
  }
}

/** True when the page was opened by a launch (it carries a session). */
export function hasSession(): boolean {
  return boot !== null;
}

/**
 * Fetches `path` with the launch credential in the Authorization header; a network failure or an
 * error answer becomes an ApiError with a readable message. Non-JSON downloads (CSV) use it directly.
 */
export async function authorizedFetch(path: string, accept: string, init: RequestInit = {}): Promise<Response> {
  if (!boot) throw new ApiError({ code: 'unauthenticated', message: 'Open Margins from your course to sign in.' }, 401);
  let res: Response;
  try {
    res = await fetch(`${path}`, {
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
    throw new ApiError(
      { code: 'offline', message: 'Margins could not reach the server. Check your connection and try again.' },
      0,
    );
  }
  if (!res.ok) {
    const parsed = ErrorResponseSchema.safeParse(await res.json().catch(() => null));
    throw new ApiError(
      parsed.success
        ? parsed.data.error
        : { code: 'internal', message: 'Something went wrong on our side. Please try again.' },
      res.status,
    );
  }
  return res;
}

/**
 * Calls the tool's API with the launch credential in the Authorization header, and parses the answer
 * with the shared contract. Network failures and bad answers become ApiErrors with readable messages.
 */
export async function call<S extends z.ZodType>(path: string, schema: S, init: RequestInit = {}): Promise<z.output<S>> {
  const res = await authorizedFetch(path, 'application/json', init);
  const data: unknown = await res.json().catch(() => null);
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new ApiError(
      {
        code: 'internal',
        message: 'The server answered in a way this page does not understand. Reload Margins from your course.',
      },
      res.status,
    );
  return parsed.data;
}

/**
 * Fetches a file the API serves for download (e.g. a badge credential) as text, with the launch
 * credential; failures become ApiErrors as in {@link call}.
 */
export async function download(path: string): Promise<string> {
  if (!boot) throw new ApiError({ code: 'unauthenticated', message: 'Open Margins from your course to sign in.' }, 401);
  let res: Response;
  try {
    res = await fetch(path, {
      headers: { authorization: `Bearer ${boot.token}` },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(
      { code: 'offline', message: 'Margins could not reach the server. Check your connection and try again.' },
      0,
    );
  }
  if (!res.ok) {
    const parsed = ErrorResponseSchema.safeParse(await res.json().catch(() => null));
    throw new ApiError(
      parsed.success
        ? parsed.data.error
        : { code: 'internal', message: 'Something went wrong on our side. Please try again.' },
      res.status,
    );
  }
  return res.text();
}

/** Library filters as the UI holds them. */
export interface Filters {
  q: string;
  kind: string;
  gradeBand: string;
  subject: string;
  focusArea: string;
  scope: 'course' | 'district' | 'network';
}

/** The API calls the UI makes. */
export const client = {
  session: () => call(api.session.path, LaunchSessionSchema),
  library(f: Filters, cursor?: string | null) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(f) as [string, string][]) if (v) q.set(k, v);
    if (cursor) q.set('cursor', cursor);
    q.set('limit', '20');
    return call(`${api.libraryList.path}?${q}`, LibraryPageSchema);
  },
  detail: (id: string) => call(buildPath(api.libraryDetail.path, { id }), AdaptationDetailSchema),
  focusAreas: () => call(api.focusAreas.path, api.focusAreas.response),
  coaches: () => call(api.adminCoaches.path, api.adminCoaches.response),
  people: (q: string) => call(`${api.adminPeople.path}?${new URLSearchParams({ q })}`, api.adminPeople.response),
  grantCoach: (userId: string) =>
    call(api.adminCoachGrant.path, api.adminCoachGrant.response, { method: 'POST', body: JSON.stringify({ userId }) }),
  revokeCoach: (userId: string) =>
    call(buildPath(api.adminCoachRevoke.path, { userId }), api.adminCoachRevoke.response, { method: 'DELETE' }),
  deepLink: (adaptationIds: string[]) =>
    call(api.deepLinkingResponse.path, api.deepLinkingResponse.response, {
      method: 'POST',
      body: JSON.stringify({ adaptationIds }),
    }),
  pairingCode: () => call(api.pairingCreate.path, api.pairingCreate.response, { method: 'POST' }),
  devices: () => call(api.devicesList.path, api.devicesList.response),
  revokeDevice: (id: string) =>
    call(buildPath(api.deviceRevoke.path, { id }), api.deviceRevoke.response, { method: 'DELETE' }),
  endorse: (id: string, input: EndorsementInput) =>
    call(buildPath(api.endorse.path, { id }), api.endorse.response, { method: 'PUT', body: JSON.stringify(input) }),
  feedback: (id: string, input: FeedbackInput) =>
    call(buildPath(api.feedbackCreate.path, { id }), api.feedbackCreate.response, {
      method: 'POST',
      body: JSON.stringify(input),
    }),
  sharingSettings: () => call(api.sharingSettings.path, api.sharingSettings.response),
  updateSharingSettings: (showAuthorNames: boolean) =>
    call(api.sharingSettingsUpdate.path, api.sharingSettingsUpdate.response, {
      method: 'PUT',
      body: JSON.stringify({ showAuthorNames }),
    }),
};
