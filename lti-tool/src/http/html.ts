import type { AppError } from '@margins/shared';
import type { Lang, MessageKey } from '../ui/i18n/index.js';
import { pageText } from './page-lang.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Serialises data for a `<script type="application/json">` block (no `</script>` break-out). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const PAGE_CSS = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#fff;margin:0;padding:1.5rem;max-width:42rem}
h1{font-size:1.4rem;margin:0 0 .75rem}p{margin:.5rem 0}.meta{color:#52606d;font-size:.9rem}code{background:#f0f4f8;padding:.1rem .3rem;border-radius:3px}
.box{border-left:4px solid #c62828;padding:.25rem 1rem;background:#fff5f5}.ok{border-color:#2e7d32;background:#f3faf3}`;

/** A minimal, self-contained HTML page (inline CSS allowed by the CSP nonce-free style-src). */
export function page(
  title: string,
  body: string,
  opts: { scriptNonce?: string; script?: string; lang?: Lang } = {},
): string {
  const script =
    opts.script && opts.scriptNonce ? `<script nonce="${esc(opts.scriptNonce)}">${opts.script}</script>` : '';
  return `<!doctype html><html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${PAGE_CSS}</style></head><body><main>${body}</main>${script}</body></html>`;
}

/**
 * The readable error page for failed launches and registrations, in the person's language: what
 * happened, what to do, the error code and a request id for support. Never a stack trace; every
 * value is escaped. The detail is the error's own message.
 */
export function errorPage(error: AppError, requestId: string, lang: Lang = 'en'): string {
  const text = pageText(lang);
  const title = text(TITLED.has(error.code) ? (`page.error.${error.code}` as MessageKey) : 'page.error.fallback');
  return page(
    `${title} - Margins`,
    `<div class="box" role="alert"><h1>${esc(title)}</h1><p>${esc(error.message)}</p></div>
<p>${esc(text('page.error.support'))}</p>
<p class="meta">${esc(text('state.errorCode'))} <code>${esc(error.code)}</code><br>${esc(text('state.requestId'))} <code>${esc(requestId)}</code></p>`,
    { lang },
  );
}

/** Error codes with a title of their own (`page.error.<code>`); the others read "Margins could not continue". */
const TITLED = new Set<string>([
  'launch_invalid',
  'launch_malformed',
  'launch_storage_unavailable',
  'deployment_unknown',
  'install_code_invalid',
  'validation_failed',
  'forbidden',
  'rate_limited',
  'unavailable',
  'internal',
]);
