import { vi } from 'vitest';

/** One request the UI sent, as the tool would read it. */
export interface Sent {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
}

/** An answer: a status and a JSON body. */
export type Answer = { status?: number; body: unknown };
type Route = (req: Sent) => Answer | Promise<Answer>;

/**
 * The tool's HTTP edge for component tests: `fetch` is answered by the routes given ("METHOD /path",
 * path parameters as `:name`), and every request is recorded. Anything else is a 404 in the tool's
 * error shape, so a call the test did not expect shows up as a failure, not a hang.
 */
export function fakeTool(routes: Record<string, Route>) {
  const sent: Sent[] = [];
  const table = Object.entries(routes).map(([key, answer]) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const re = new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
    return { method, re, answer };
  });
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input, 'http://tool.test');
    const headers = new Headers(init.headers);
    const req: Sent = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : null,
      authorization: headers.get('authorization'),
    };
    sent.push(req);
    const route = table.find((r) => r.method === req.method && r.re.test(req.path));
    const { status = 200, body } = route
      ? await route.answer(req)
      : { status: 404, body: { error: { code: 'not_found', message: `No route ${req.method} ${req.path}` } } };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchStub);
  return { sent, fetch: fetchStub };
}
