import { AppError } from './errors.js';

/**
 * Query parameters that only track how a visitor arrived. Removing them lets the extension and
 * the tool agree that two links show "the same page". Names are compared lower-case.
 */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wickedid',
  'rb_clickid',
  's_cid',
  'ref_src',
  'spm',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_'];
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** True when a query parameter name only tracks the visit. */
export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

/**
 * Fragments that are client-side routes (`#/unit/3`, `#!/lesson`) address different lessons on
 * single-page curriculum sites, so they are kept; any other fragment only scrolls and is dropped.
 */
function isRouteFragment(hash: string): boolean {
  return /^#!?\//.test(hash);
}

/** Upper-cases percent escapes and decodes the ones that encode unreserved characters (RFC 3986 §6.2.2). */
function normalisePercentEncoding(part: string): string {
  return part.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * The one definition of "the same page", used by the extension to store adaptations and by the
 * tool to look up colleagues' adaptations. Lower-cases scheme and host, drops credentials, default
 * ports, scroll fragments and tracking parameters, keeps meaningful parameters sorted by name
 * (values of a repeated name keep their order). Throws `invalid_url` for anything but http(s).
 */
export function canonicalPageUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new AppError('invalid_url', `"${truncate(input)}" is not a web address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('invalid_url', `Margins works on web pages (http or https), not ${url.protocol} addresses.`);
  }
  if (!url.hostname) throw new AppError('invalid_url', 'The web address has no host name.');

  url.username = '';
  url.password = '';
  if (url.port === DEFAULT_PORTS[url.protocol]) url.port = '';
  // URL already lower-cases the host, converts IDNs to punycode and resolves dot segments.
  url.hostname = url.hostname.replace(/\.$/, '');

  // forEach, not `[...searchParams]`: in a Firefox content script `URL` is the page's, reached through
  // an Xray wrapper, and its iterators are not iterable there ("entries() is not iterable").
  const kept: [string, string][] = [];
  url.searchParams.forEach((value, name) => {
    if (name !== '' && !isTrackingParam(name)) kept.push([name, value]);
  });
  // Array.prototype.sort is stable, so repeated names keep their relative order.
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = kept.map(([k, v]) => `${encodeQueryPart(k)}=${encodeQueryPart(v)}`).join('&');

  const hash = isRouteFragment(url.hash) ? normalisePercentEncoding(url.hash) : '';
  const path = normalisePercentEncoding(url.pathname || '/');
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ''}${hash}`;
}

/** Like {@link canonicalPageUrl} but returns null instead of throwing (for pages such as chrome://). */
export function tryCanonicalPageUrl(input: string): string | null {
  try {
    return canonicalPageUrl(input);
  } catch {
    return null;
  }
}

/** Encodes a query name or value the way forms do, but with %20 for spaces so output is stable. */
function encodeQueryPart(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function truncate(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
