import { z } from 'zod';

/**
 * The one check for every address Margins puts in an `href`, a form `action` or a redirect: an
 * absolute http(s) URL as a browser parses it (so `java\tscript:`, which the URL parser reads as
 * `javascript:`, is refused, and entity tricks like `jav&#x61;script:` or `javascript&colon;` are
 * not addresses at all). Text is never HTML-decoded on the way: it is rendered as text.
 */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4_000) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** The normalised address for an `href` or redirect, or null when it is not http(s). */
export function safeHref(value: unknown): string | null {
  return isHttpUrl(value) ? new URL(value).href : null;
}

/** A schema for an http(s) address from outside (a launch claim, a form): normalised, else a clear issue. */
export function httpUrl(label: string, max = 2_000) {
  return z
    .string({ error: `${label} must be an address.` })
    .max(max, `${label} is too long.`)
    .refine(isHttpUrl, `${label} must be an http or https address.`)
    .transform((s) => new URL(s).href);
}
