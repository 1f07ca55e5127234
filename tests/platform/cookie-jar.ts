/**
 * A small RFC 6265 cookie jar for the browser-less launch driver. Like a browser it ignores ports (the
 * platform and the tool on 127.0.0.1 share one jar), honours Domain, Path, Expires/Max-Age and Secure
 * (loopback counts as a secure origin, as in Chromium). SameSite is not modelled: the driver behaves like
 * one first-party browsing context; use the browser launch page to test third-party cookie rules.
 */

/** One stored cookie. */
export interface Cookie {
  name: string;
  value: string;
  domain: string;
  /** True when set without a Domain attribute: only the exact host gets it back. */
  hostOnly: boolean;
  path: string;
  /** Epoch milliseconds; undefined for session cookies. */
  expires?: number;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function defaultPath(url: URL): string {
  const p = url.pathname;
  if (!p.startsWith('/') || p.lastIndexOf('/') === 0) return '/';
  return p.slice(0, p.lastIndexOf('/'));
}

function domainMatches(host: string, cookie: Cookie): boolean {
  if (cookie.hostOnly) return host === cookie.domain;
  return host === cookie.domain || host.endsWith(`.${cookie.domain}`);
}

function pathMatches(path: string, cookiePath: string): boolean {
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path[cookiePath.length] === '/';
}

/** The cookie jar one simulated browser uses across the platform and the tool. */
export class CookieJar {
  #cookies = new Map<string, Cookie>();

  /** Stores the `Set-Cookie` headers of a response from `url`. */
  store(url: string | URL, setCookieHeaders: readonly string[]): void {
    const u = new URL(url);
    for (const header of setCookieHeaders) this.#storeOne(u, header);
  }

  #storeOne(url: URL, header: string): void {
    const [pair = '', ...attrs] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const host = url.hostname;
    const cookie: Cookie = {
      name,
      value,
      domain: host,
      hostOnly: true,
      path: defaultPath(url),
      secure: false,
      httpOnly: false,
    };
    let maxAge: number | undefined;
    for (const attr of attrs) {
      const i = attr.indexOf('=');
      const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
      const val = i < 0 ? '' : attr.slice(i + 1).trim();
      if (key === 'domain' && val) {
        const domain = val.replace(/^\./, '').toLowerCase();
        if (host !== domain && !host.endsWith(`.${domain}`)) return; // a host may not set cookies for another
        cookie.domain = domain;
        cookie.hostOnly = false;
      } else if (key === 'path' && val.startsWith('/')) cookie.path = val;
      else if (key === 'expires') {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) cookie.expires = t;
      } else if (key === 'max-age' && /^-?\d+$/.test(val)) maxAge = Number(val);
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'httponly') cookie.httpOnly = true;
      else if (key === 'samesite') cookie.sameSite = val;
    }
    if (maxAge !== undefined) cookie.expires = Date.now() + maxAge * 1000;
    if (cookie.secure && url.protocol !== 'https:' && !isLoopback(host)) return;
    const id = `${cookie.domain};${cookie.path};${name}`;
    if (cookie.expires !== undefined && cookie.expires <= Date.now()) this.#cookies.delete(id);
    else this.#cookies.set(id, cookie);
  }

  /** The cookies a request to `url` carries. */
  cookiesFor(url: string | URL): Cookie[] {
    const u = new URL(url);
    const now = Date.now();
    const secureOrigin = u.protocol === 'https:' || isLoopback(u.hostname);
    const matches: Cookie[] = [];
    for (const [id, c] of this.#cookies) {
      if (c.expires !== undefined && c.expires <= now) {
        this.#cookies.delete(id);
        continue;
      }
      if (domainMatches(u.hostname, c) && pathMatches(u.pathname, c.path) && (!c.secure || secureOrigin))
        matches.push(c);
    }
    // RFC 6265 5.4: longer paths first.
    return matches.sort((a, b) => b.path.length - a.path.length);
  }

  /** The `Cookie` header value for a request to `url` ('' when none). */
  header(url: string | URL): string {
    return this.cookiesFor(url)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** The value of one cookie visible at `url`. */
  get(url: string | URL, name: string): string | undefined {
    return this.cookiesFor(url).find((c) => c.name === name)?.value;
  }

  /** Sets a cookie directly, as if `url` had sent it. */
  set(url: string | URL, cookie: string): void {
    this.store(url, [cookie]);
  }

  /** Every stored cookie (for assertions and debugging). */
  all(): Cookie[] {
    return [...this.#cookies.values()].map((c) => ({ ...c }));
  }

  /** An independent copy (used to replay a captured request with the cookies it had). */
  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [id, c] of this.#cookies) copy.#cookies.set(id, { ...c });
    return copy;
  }

  /** Replaces this jar's contents with another's. */
  restore(from: CookieJar): void {
    this.#cookies = new Map([...from.#cookies].map(([id, c]) => [id, { ...c }]));
  }
}
