import { z } from 'zod';

/**
 * Markup in what a teacher types. Not a safety control: it is a blocklist that `jav&#x61;script:`,
 * a tab inside `javascript:` or `<portal>` pass, and safety comes from rendering every text as text
 * (Preact, `esc` in lti-tool/src/http/html.ts) and from the one http(s) check for addresses
 * (safe-url.ts). It stays for the teacher's sake only: pasted HTML would show as raw tags to
 * colleagues, so the editor says so at once. Names and other text from the LMS never go through it.
 */
const ACTIVE_MARKUP = [
  /<\s*\/?\s*(script|iframe|object|embed|style|link|meta|base|form|svg|math)\b/i,
  /<[a-z][^>]*\son[a-z]+\s*=/i,
  /<[a-z][^>]*\s(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):/i,
];
/** C0 controls other than tab, newline and carriage return, and the byte-order mark. */
// eslint-disable-next-line no-control-regex -- finding control characters in untrusted text is its job
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFEFF]/;

/** Formats a length with thousands separators for messages ("1,048,576"). */
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * A plain-text field typed by a person: trimmed, length-limited, no control characters and no
 * active markup, each with a message naming the field and what to do.
 */
export function plainText(label: string, opts: { max: number; min?: number; multiline?: boolean }) {
  const min = opts.min ?? 0;
  return z
    .string({ error: `${label} must be text.` })
    .transform((s) => s.trim())
    .superRefine((value, ctx) => {
      if (value.length < min) {
        ctx.addIssue({
          code: 'custom',
          message: min === 1 ? `${label} is required.` : `${label} needs at least ${fmt(min)} characters.`,
        });
        return;
      }
      if (value.length > opts.max) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} is too long (${fmt(value.length)} characters; the limit is ${fmt(opts.max)}). Shorten it or split it up.`,
        });
        return;
      }
      if (!opts.multiline && /[\r\n]/.test(value)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a single line.` });
      }
      if (CONTROL_CHARS.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} contains invisible control characters; retype it as plain text.`,
        });
      }
      if (ACTIVE_MARKUP.some((pattern) => pattern.test(value))) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} contains script or other active HTML (such as <script>, <iframe> or onclick=). Write it as plain text.`,
        });
      }
    });
}

/**
 * A person's name as another system gives it (the LMS): any text, since it is rendered as text
 * everywhere; only control characters are dropped (so it can be stored) and its length capped.
 */
export function nameText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text.` })
    .transform((s) => s.replace(new RegExp(CONTROL_CHARS.source, 'g'), '').trim())
    .pipe(z.string().max(max, `${label} is longer than ${fmt(max)} characters.`));
}

/** True when `s` holds a NUL or another control character (other than tab, newline and carriage return). */
export function hasControlChars(s: string): boolean {
  return CONTROL_CHARS.test(s);
}

/**
 * Text taken from the page itself (titles, quoted passages): never rejected for its content,
 * since curriculum pages legitimately show code, but stripped of control characters and capped.
 */
export function pageText(max: number) {
  return z
    .string()
    .transform((s) => s.replace(new RegExp(CONTROL_CHARS.source, 'g'), ''))
    .pipe(z.string().max(max, `Text from the page is longer than ${fmt(max)} characters.`));
}
