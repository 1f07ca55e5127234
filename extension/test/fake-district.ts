import type { HttpPort } from '../src/background/api-client.js';

/** One request the extension made. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: any;
}

/** How the fake answers: a status and JSON body, or a network failure. */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error';

/**
 * A scripted district at the network edge (the extension's unit tests cannot run the tool): each
 * route answers from a handler the test sets; every request is recorded. The real tool is exercised
 * by the end-to-end tests in tests/e2e/sync.
 */
export function fakeDistrict() {
  const seen: SeenRequest[] = [];
  const routes = new Map<string, (req: SeenRequest) => Answer>();
  let online = true;
  const http: HttpPort = {
    online: () => online,
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      const headers = Object.fromEntries(
        Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const req: SeenRequest = {
        method: init?.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers,
        body: typeof init?.body === 'string' && init.body ? JSON.parse(init.body) : undefined,
      };
      seen.push(req);
      const handler =
        routes.get(`${req.method} ${req.path}`) ??
        [...routes.entries()].find(([k]) => matches(k, `${req.method} ${req.path}`))?.[1];
      const answer = handler
        ? handler(req)
        : { status: 404, body: { error: { code: 'not_found', message: 'No such route in the fake.' } } };
      if (answer === 'network-error') throw new TypeError('Failed to fetch');
      return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': 'application/json', ...answer.headers },
      });
    },
  };
  return {
    http,
    seen,
    /** Answers `METHOD /path` (`:id` matches one segment). */
    on(route: string, handler: (req: SeenRequest) => Answer) {
      routes.set(route, handler);
    },
    setOnline(value: boolean) {
      online = value;
    },
    /** Requests to one path. */
    to(path: string) {
      return seen.filter((r) => r.path === path);
    },
  };
}

function matches(pattern: string, actual: string): boolean {
  const p = pattern.split('/');
  const a = actual.split('/');
  return p.length === a.length && p.every((part, i) => part.startsWith(':') || part === a[i]);
}

/** What a pairing exchange or refresh answers. */
export function tokenPair(n = 1, opts: { expiresIn?: number; course?: { id: string; title: string } | null } = {}) {
  return {
    accessToken: `mga1.device.${n}.mac`,
    refreshToken: `mgr1.refresh-${n}`,
    expiresIn: opts.expiresIn ?? 600,
    deviceId: '5b1f0c0e-7c43-4f5e-9a40-8f1e6f0b2a11',
    user: { id: 'user-ana', name: 'Ana Lima' },
    tenant: { id: 'tenant-1', name: 'Riverside USD' },
    course: opts.course === undefined ? { id: 'course-1', title: 'Grade 7 Math' } : opts.course,
  };
}

/** The error body of the contract. */
export const errorBody = (code: string, message: string) => ({ error: { code, message } });
