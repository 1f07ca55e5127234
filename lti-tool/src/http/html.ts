import { AppError, type ErrorCode } from '@margins/shared';

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
export function page(title: string, body: string, opts: { scriptNonce?: string; script?: string } = {}): string {
  const script =
    opts.script && opts.scriptNonce ? `<script nonce="${esc(opts.scriptNonce)}">${opts.script}</script>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${PAGE_CSS}</style></head><body><main>${body}</main>${script}</body></html>`;
}

/**
 * The readable error page for failed launches and registrations: what happened, what to do, the
 * error code and a request id for support. Never a stack trace; every value is escaped.
 */
export function errorPage(error: AppError, requestId: string): string {
  const title = TITLES[error.code] ?? 'Margins could not continue';
  return page(
    `${title} - Margins`,
    `<div class="box" role="alert"><h1>${esc(title)}</h1><p>${esc(error.message)}</p></div>
<p>If this keeps happening, give your district's support team these details:</p>
<p class="meta">Error code: <code>${esc(error.code)}</code><br>Request id: <code>${esc(requestId)}</code></p>`,
  );
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  launch_invalid: 'This launch could not be verified',
  launch_malformed: 'This launch is missing information',
  launch_storage_unavailable: 'Your browser blocked the sign-in',
  deployment_unknown: 'Margins is not set up for this course yet',
  install_code_invalid: 'The install code was not accepted',
  validation_failed: 'Something in the request was not valid',
  forbidden: 'You do not have access to this',
  rate_limited: 'Too many requests',
  unavailable: 'A service did not answer',
  internal: 'Something went wrong',
};
