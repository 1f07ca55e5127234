/**
 * The driver's HTTP layer: node:http(s) over one shared keep-alive agent (cheap under 50 concurrent
 * users), a cookie jar on every hop, redirects followed the way a browser does, HTML forms submitted
 * like an auto-submit script would, and a WHATWG `fetch` bound to a jar for continuing as the user.
 */
import http from 'node:http';
import https from 'node:https';
import type { CookieJar } from './cookie-jar.js';
import { parseForm } from './html.js';
import type { DriverResponse } from './types.js';

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });
const MAX_REDIRECTS = 20;

/** One request, no redirect following; stores the response's cookies in `jar`. */
export function requestOnce(
  jar: CookieJar,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<DriverResponse> {
  const u = new URL(url);
  const headers: Record<string, string> = {
    'user-agent': 'margins-test-platform-driver',
    accept: 'text/html,application/json;q=0.9,*/*;q=0.8',
    ...init.headers,
  };
  const cookie = jar.header(u);
  if (cookie) headers.cookie = cookie;
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      u,
      { method: init.method ?? 'GET', headers, agent: u.protocol === 'https:' ? httpsAgent : httpAgent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) v.forEach((x) => h.append(k, x));
            else if (v !== undefined) h.set(k, v);
          }
          jar.store(u, h.getSetCookie());
          resolve({
            status: res.statusCode ?? 0,
            headers: h,
            body: Buffer.concat(chunks).toString('utf8'),
            finalUrl: u.toString(),
          });
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`Request to ${u.origin}${u.pathname} timed out`)));
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Follows redirects like a browser: 301/302/303 turn into GET, 307/308 keep the method and body. */
export async function request(
  jar: CookieJar,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
  stopAt?: (next: URL) => boolean,
): Promise<DriverResponse & { stoppedAt?: string }> {
  let current = url;
  let method = init.method ?? 'GET';
  let body = init.body;
  let headers = init.headers;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await requestOnce(jar, current, { method, headers, body });
    const location = res.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(res.status) || !location) return res;
    const next = new URL(location, current);
    if (stopAt?.(next)) return { ...res, stoppedAt: next.toString() };
    if (res.status !== 307 && res.status !== 308) {
      method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers ?? {}).filter(([k]) => k.toLowerCase() !== 'content-type'));
    }
    current = next.toString();
  }
  throw new Error(`Too many redirects starting at ${url}`);
}

/** POSTs fields as application/x-www-form-urlencoded and follows redirects. */
export function postForm(jar: CookieJar, url: string, fields: Record<string, string>): Promise<DriverResponse> {
  return request(jar, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Submits the first form of `html` as a browser would (GET puts the fields in the query). */
export async function submitFirstForm(jar: CookieJar, html: string, baseUrl: string): Promise<DriverResponse> {
  const form = parseForm(html, baseUrl);
  if (!form) throw new Error(`No form to submit in the page from ${baseUrl}`);
  if (form.method === 'POST') return postForm(jar, form.action, form.fields);
  const target = new URL(form.action);
  for (const [k, v] of Object.entries(form.fields)) target.searchParams.set(k, v);
  return request(jar, target.toString());
}

function bodyOf(body: RequestInit['body']): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new Error('The driver fetch supports string, URLSearchParams and byte bodies.');
}

/** A `fetch` that carries and updates `jar`, follows redirects, and uses the keep-alive agent. */
export function jarFetch(jar: CookieJar): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const body = bodyOf(init.body);
    if (init.body instanceof URLSearchParams && !headers['content-type'])
      headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await request(jar, input.toString(), { method: init.method, headers, body });
    const nullBody = [101, 204, 205, 304].includes(res.status) || init.method === 'HEAD';
    const response = new Response(nullBody ? null : res.body, { status: res.status, headers: res.headers });
    Object.defineProperty(response, 'url', { value: res.finalUrl });
    return response;
  };
}
