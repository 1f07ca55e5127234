import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIPv6 } from 'node:net';
import { checkUrl, type Resolver, type UrlPolicy } from '../lti/url-policy.js';

/**
 * The one way the tool makes an outbound HTTP request (dynamic registration, platform key sets, the
 * grade service, names and roles). Every request: passes the address policy (url-policy.ts), resolving
 * the host once; connects to the address that was checked (a pinned lookup, so a DNS answer that
 * changes between the check and the connection, "DNS rebinding", cannot steer it elsewhere; TLS still
 * verifies the certificate against the host name); never follows redirects; has a timeout and a
 * response-size cap. Failures are OutboundErrors whose message is safe to show and never contains what
 * the remote server said (callers log `remoteText`, truncated).
 */

/** What one request asks for. */
export interface OutboundRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** Largest response body accepted, in bytes. */
  maxBytes?: number;
  /** Origins the URL must be on (e.g. a platform's registered origins), checked before anything else. */
  allowedOrigins?: readonly string[];
}

/** A response read in full (within the size cap). */
export interface OutboundResponse {
  status: number;
  ok: boolean;
  contentType: string;
  /** The `Link` header (NRPS pages the roster with rel="next"), or null. */
  link: string | null;
  text: string;
}

/** Why a request could not be made or read. */
export type OutboundFailure = 'address' | 'origin' | 'network' | 'timeout' | 'too_large' | 'redirect';

/** A refused or failed request; `message` is for people, with nothing the remote server sent. */
export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;
/** How much of a remote body goes into a log line. */
export const LOGGED_BODY_CHARS = 500;

/** A remote body shortened for a log line (never shown to people). */
export function forLog(text: string): string {
  return text.length > LOGGED_BODY_CHARS ? `${text.slice(0, LOGGED_BODY_CHARS)}…` : text;
}

/** Options for {@link OutboundHttp}. */
export interface OutboundOptions {
  policy: UrlPolicy;
  /** Resolves host names (tests inject one). */
  resolve?: Resolver;
  /**
   * Tests only: a stand-in for the network. Requests go to it instead of being resolved and connected
   * (the origin allow-list still applies; the address policy, which is about real connections, does
   * not). Production never sets it.
   */
  fetch?: typeof fetch;
}

/** Makes policy-checked, address-pinned outbound requests. */
export class OutboundHttp {
  constructor(private readonly opts: OutboundOptions) {}

  /** The policy requests are checked against. */
  get policy(): UrlPolicy {
    return this.opts.policy;
  }

  /**
   * Checks `raw` (origin allow-list, then the address policy), then requests it. `what` names the
   * address in refusals ("The platform's jwks_uri"). Throws OutboundError.
   */
  async request(raw: string | URL, what: string, req: OutboundRequest = {}): Promise<OutboundResponse> {
    const href = typeof raw === 'string' ? raw : raw.toString();
    if (req.allowedOrigins) {
      let origin = '';
      try {
        origin = new URL(href).origin;
      } catch {
        // refused below
      }
      if (!req.allowedOrigins.includes(origin))
        throw new OutboundError(
          'origin',
          `${what} is not on the learning platform's registered address, so Margins does not contact it.`,
        );
    }
    const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
    // A test's stand-in fetch contacts nothing real: it sees the request the allow-list let through.
    if (this.opts.fetch && URL.canParse(href))
      return viaFetch(this.opts.fetch, new URL(href), req, timeoutMs, maxBytes);
    let checked;
    try {
      checked = await checkUrl(href, this.opts.policy, what, this.opts.resolve);
    } catch (e) {
      throw new OutboundError('address', e instanceof Error ? e.message : `${what} is not allowed.`);
    }
    return pinned(checked.url, checked.addresses, req, timeoutMs, maxBytes);
  }
}

/** The request over node:http(s), connecting only to `addresses` (the ones the policy checked). */
function pinned(
  url: URL,
  addresses: string[],
  req: OutboundRequest,
  timeoutMs: number,
  maxBytes: number,
): Promise<OutboundResponse> {
  const entries = addresses.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }));
  const lookup: LookupFunction = (_host, options, callback) => {
    const cb = callback as (err: Error | null, a: unknown, f?: number) => void;
    const all = typeof options === 'object' && options.all;
    if (all) cb(null, entries);
    else cb(null, entries[0]!.address, entries[0]!.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const fail = (e: OutboundError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      reject(e);
    };
    const timer = setTimeout(
      () => fail(new OutboundError('timeout', `${url.origin} did not answer in time.`)),
      timeoutMs,
    );
    const outgoing = send(
      url,
      {
        method: req.method ?? 'GET',
        headers: { ...req.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        lookup,
        // No connection reuse: every request is pinned to what its own check resolved.
        agent: false,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          fail(new OutboundError('redirect', `${url.origin} answered with a redirect, which Margins does not follow.`));
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          fail(new OutboundError('too_large', `${url.origin} answered with more data than Margins accepts.`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            fail(new OutboundError('too_large', `${url.origin} answered with more data than Margins accepts.`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status,
            ok: status >= 200 && status < 300,
            contentType: String(res.headers['content-type'] ?? ''),
            link: typeof res.headers.link === 'string' ? res.headers.link : null,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', () =>
          fail(new OutboundError('network', `Margins could not read the answer from ${url.origin}.`)),
        );
      },
    );
    outgoing.on('error', () => fail(new OutboundError('network', `Margins could not reach ${url.origin}.`)));
    outgoing.end(body);
  });
}

/** Test transport: the injected fetch, with the same redirect, timeout and size rules. */
async function viaFetch(
  f: typeof fetch,
  url: URL,
  req: OutboundRequest,
  timeoutMs: number,
  maxBytes: number,
): Promise<OutboundResponse> {
  let res: Response;
  try {
    res = await f(url, {
      method: req.method ?? 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      ...(req.headers ? { headers: req.headers } : {}),
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'TimeoutError')
      throw new OutboundError('timeout', `${url.origin} did not answer in time.`);
    throw new OutboundError('network', `Margins could not reach ${url.origin}.`);
  }
  if (res.status >= 300 && res.status < 400)
    throw new OutboundError('redirect', `${url.origin} answered with a redirect, which Margins does not follow.`);
  const text = await res.text();
  if (Buffer.byteLength(text) > maxBytes)
    throw new OutboundError('too_large', `${url.origin} answered with more data than Margins accepts.`);
  return {
    status: res.status,
    ok: res.ok,
    contentType: res.headers.get('content-type') ?? '',
    link: res.headers.get('link'),
    text,
  };
}
