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

/** The bearer credential of a request, or null. */
export function bearer(req: Request): string | null {
  const m = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i);
  return m ? m[1]! : null;
}
