/**
 * HTML helpers for the platform's pages: escaping (everything a person or a tool typed is rendered as
 * text), the page shell with the LMS look, the OIDC/deep-linking auto-submit form, and a tiny parser for
 * such forms used by the browser-less driver.
 */

/** Escapes text for HTML content and attribute values (an object is shown as its JSON, never "[object Object]"). */
export function escapeHtml(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? String(value)
        : (JSON.stringify(value) ?? '');
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template that escapes every interpolated value unless it is {@link raw}. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

/** Already-safe HTML. */
export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks trusted markup (built by {@link html}) as safe. */
export function raw(value: string): Raw {
  return new Raw(value);
}

function render(v: unknown): string {
  if (v instanceof Raw) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === undefined || v === null || v === false) return '';
  return escapeHtml(v);
}

/** A full page with the platform's stylesheet. */
export function page(opts: { title: string; body: Raw; platformName: string; scripts?: string[] }): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${opts.title} · ${opts.platformName}</title>
        <link rel="stylesheet" href="/assets/platform.css" />
        ${(opts.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
      </head>
      <body>
        ${opts.body}
      </body>
    </html>`.value;
}

/**
 * A self-submitting POST form (OIDC form_post response mode, deep-linking return): submits itself with
 * script, and shows a Continue button when scripts are off.
 */
export function autoPostForm(action: string, fields: Record<string, string>, title = 'Continuing…'): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
        <link rel="stylesheet" href="/assets/platform.css" />
      </head>
      <body class="autopost">
        <form method="post" action="${action}" data-autosubmit>
          ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
          <p role="status">${title}</p>
          <noscript><button type="submit">Continue</button></noscript>
        </form>
        <script src="/assets/autosubmit.js"></script>
      </body>
    </html>`.value;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

/** The first `<form>` of a page: its method, absolute action and named input values. */
export function parseForm(
  body: string,
  baseUrl: string,
): { method: string; action: string; fields: Record<string, string> } | undefined {
  const formMatch = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(body);
  if (!formMatch) return undefined;
  const formTag = /<form\b[^>]*>/i.exec(formMatch[0])![0];
  const fields: Record<string, string> = {};
  for (const input of formMatch[1]!.match(/<(?:input|textarea)\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (name) fields[name] = attr(input, 'value') ?? '';
  }
  return {
    method: (attr(formTag, 'method') ?? 'get').toUpperCase(),
    action: new URL(attr(formTag, 'action') ?? baseUrl, baseUrl).toString(),
    fields,
  };
}
