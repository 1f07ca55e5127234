import type { Request, RequestHandler } from 'express';
import { AppError } from '@margins/shared';

/** What the extension API accepts cross-origin. */
export interface CorsPolicy {
  /** Chrome/Edge extension ids: their `chrome-extension://<id>` origins are allowed. */
  extensionIds: string[];
  /** Accept any `moz-extension://<uuid>` origin (Firefox gives each install its own). */
  allowFirefox: boolean;
  /** The tool's own origin (the LMS UI calls endorse and feedback same-origin; browsers still send Origin). */
  ownOrigin: string;
}

const FIREFOX_ORIGIN = /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when a request from `origin` may use the extension API. */
export function originAllowed(origin: string, p: CorsPolicy): boolean {
  if (origin === p.ownOrigin) return true;
  if (origin.startsWith('chrome-extension://'))
    return p.extensionIds.includes(origin.slice('chrome-extension://'.length));
  return p.allowFirefox && FIREFOX_ORIGIN.test(origin);
}

/**
 * CORS for the extension API: only the configured extension origins (and the tool itself) get
 * Access-Control-Allow-Origin; a request from any other origin is refused with 403 before it does
 * anything, preflight included. Credentials are never allowed (the API reads only the
 * Authorization header, never cookies). Requests without Origin (not from a browser page) pass:
 * the bearer token is what guards them.
 */
export function extensionCors(p: CorsPolicy): RequestHandler {
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (!origin) return next();
    if (!originAllowed(origin, p))
      return next(new AppError('forbidden', 'This site or extension may not call the Margins API.'));
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * A fixed-window counter per key (a paired browser, a client address), in memory: one process's
 * view, like the tool's address limit; a shared limit across processes belongs in front of the tool.
 */
export class WindowLimiter {
  private readonly windows = new Map<string, { start: number; n: number }>();

  constructor(private readonly perMinute: number) {}

  /** Counts one request for `key`; throws rate_limited (and sets Retry-After through `onLimited`) past the limit. */
  hit(key: string, onLimited?: (retryAfterSeconds: number) => void): void {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, n: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.windows.clear();
    }
    if (++w.n > this.perMinute) {
      onLimited?.(Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)));
      throw new AppError('rate_limited');
    }
  }
}

/** The bearer credential of a request, or null. */
export function bearer(req: Request): string | null {
  const m = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i);
  return m ? m[1]! : null;
}
