import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, ERROR_CODES, hasControlChars, toAppError } from '@margins/shared';
import { errorPage } from './html.js';
import { requestLang } from './page-lang.js';
import type { Logger } from './logger.js';

declare module 'express-serve-static-core' {
  interface Locals {
    requestId: string;
    /** Set by routes that render HTML, so errors answer as a page instead of JSON. */
    wantsHtml?: boolean;
  }
}

/** Assigns a request id (kept from a sane X-Request-Id) and logs one line per request, without its query string. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && /^[A-Za-z0-9_-]{8,64}$/.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('request', {
        requestId: id,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      });
    });
    next();
  };
}

/** Security headers for every answer; HTML routes widen frame-ancestors for their launch. */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

/** A CSP for an HTML page: own scripts (plus one nonce'd inline script), inline styles, framing by `ancestors`. */
export function htmlCsp(
  res: Response,
  opts: { ancestors: string[] | '*'; scriptNonce?: string; formAction?: string[]; connect?: string[] },
): void {
  const frame = opts.ancestors === '*' ? '*' : ["'self'", ...opts.ancestors].join(' ');
  const script = ["'self'", ...(opts.scriptNonce ? [`'nonce-${opts.scriptNonce}'`] : [])].join(' ');
  const form = ["'self'", ...(opts.formAction ?? [])].join(' ');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'self'; script-src ${script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ${["'self'", ...(opts.connect ?? [])].join(' ')}; form-action ${form}; base-uri 'none'; object-src 'none'; frame-ancestors ${frame}`,
  );
}

/** Turns a thrown error into the shared error body (JSON) or the readable error page (HTML routes). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = res.locals.requestId ?? randomUUID();
    let appError: AppError;
    if (err instanceof AppError) appError = err;
    // A path parameter with malformed percent-encoding (the router's decode fails): the client's mistake.
    else if (err instanceof URIError)
      appError = new AppError('validation_failed', 'The address is not valid: it has a malformed %-escape.');
    else if (isBodyError(err))
      appError = new AppError(
        err.type === 'entity.too.large' ? 'payload_too_large' : 'validation_failed',
        err.type === 'entity.too.large' ? undefined : 'The request body is not valid.',
      );
    else appError = toAppError(err);
    if (appError.code === 'internal')
      logger.error('unhandled error', {
        requestId,
        path: req.path,
        error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
      });
    else if (ERROR_CODES[appError.code].status === 400)
      // Malformed input is worth a look (probing, a broken client) but is not the tool's fault: warn, not error.
      logger.warn('request refused', { requestId, path: req.path, errorCode: appError.code, reason: appError.message });
    else
      logger.info('request failed', { requestId, path: req.path, errorCode: appError.code, reason: appError.message });
    if (res.headersSent) return;
    res.status(ERROR_CODES[appError.code].status);
    if (res.locals.wantsHtml) {
      htmlCsp(res, { ancestors: '*' });
      res.type('html').send(errorPage(appError, requestId, requestLang(req)));
    } else {
      res.json({ error: appError.toPayload(requestId) });
    }
  };
}

function isBodyError(err: unknown): err is { type: string } {
  return (
    typeof err === 'object' && err !== null && typeof (err as { type?: unknown }).type === 'string' && 'status' in err
  );
}

/** Marks a route as an HTML page for the error handler. */
export const htmlRoute: RequestHandler = (_req, res, next) => {
  res.locals.wantsHtml = true;
  next();
};

/** Reads one cookie from the Cookie header (express 5 has no cookie parser built in). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      let value: string;
      try {
        value = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        throw new AppError('validation_failed', 'A cookie of this request is not valid. Start again from your course.');
      }
      if (hasControlChars(value))
        throw new AppError('validation_failed', 'A cookie of this request is not valid. Start again from your course.');
      return value;
    }
  }
  return undefined;
}

/**
 * Refuses input that PostgreSQL cannot store or that no field needs, with one clear 400 instead of a
 * database error: a control character (NUL included; tab, newline and carriage return are fine) in
 * the query, path parameters or a form body, and a NUL anywhere in a JSON body (its other text is
 * checked field by field by the contract's schemas, page text has controls stripped).
 */
export const refuseControlChars: RequestHandler = (req, _res, next) => {
  const bad = (v: unknown, test: (s: string) => boolean, depth = 0): boolean => {
    if (typeof v === 'string') return test(v);
    if (depth > 32 || v === null || typeof v !== 'object') return false;
    return Object.entries(v).some(([k, x]) => test(k) || bad(x, test, depth + 1));
  };
  const isForm = typeof req.is('application/x-www-form-urlencoded') === 'string';
  if (
    bad(req.query, hasControlChars) ||
    bad(req.params, hasControlChars) ||
    bad(req.body, isForm ? hasControlChars : (s) => s.includes('\u0000'))
  )
    return next(
      new AppError(
        'validation_failed',
        'The request is not valid: it contains a control character (such as NUL). Send plain text.',
      ),
    );
  next();
};
