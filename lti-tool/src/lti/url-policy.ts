import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '@margins/shared';

/**
 * Which URLs the tool may fetch during dynamic registration (closes the ltijs SSRF gap: its
 * registration route fetched any URL it was given). `public`: https only, and the host must not
 * resolve to a loopback, private, link-local or otherwise internal address. `loopback`: http(s) to
 * 127.0.0.0/8, ::1 or localhost only, for local test platforms and the demo.
 */
export type UrlPolicy = 'public' | 'loopback';

function ipv4Internal(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function ipv6Internal(ip: string): boolean {
  const x = ip.toLowerCase();
  if (x === '::' || x === '::1') return true;
  if (x.startsWith('::ffff:')) return ipv4Internal(x.slice(7));
  return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(x);
}

/** True for addresses in the loopback range. */
export function isLoopbackAddress(ip: string): boolean {
  return isIP(ip) === 4 ? ip.startsWith('127.') : ip === '::1' || ip.toLowerCase() === '::ffff:127.0.0.1';
}

/** True for addresses no public registration should reach. */
export function isInternalAddress(ip: string): boolean {
  return isIP(ip) === 4 ? ipv4Internal(ip) : ipv6Internal(ip);
}

/**
 * Parses and checks `raw` against the policy; throws a validation AppError with a readable reason.
 * `resolve` is injectable for tests.
 */
export async function checkRegistrationUrl(
  raw: unknown,
  policy: UrlPolicy,
  what: string,
  resolve: (host: string) => Promise<string[]> = defaultResolve,
): Promise<URL> {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000)
    throw new AppError('validation_failed', `${what} is missing.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('validation_failed', `${what} is not a valid address.`);
  }
  if (url.username || url.password)
    throw new AppError('validation_failed', `${what} must not contain a user name or password.`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy === 'loopback') {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new AppError('validation_failed', `${what} must be an http(s) address.`);
    const addrs = host === 'localhost' ? ['127.0.0.1'] : isIP(host) ? [host] : [];
    if (!addrs.length || !addrs.every(isLoopbackAddress))
      throw new AppError(
        'validation_failed',
        `${what} must point at this machine (loopback), because this tool is configured for local test platforms only (REGISTRATION_URLS=loopback).`,
      );
    return url;
  }
  if (url.protocol !== 'https:') throw new AppError('validation_failed', `${what} must use https.`);
  const addrs = isIP(host) ? [host] : await resolve(host).catch(() => [] as string[]);
  if (!addrs.length) throw new AppError('validation_failed', `${what} names a host that could not be found.`);
  if (addrs.some(isInternalAddress))
    throw new AppError(
      'validation_failed',
      `${what} points at an internal network address, which Margins refuses to contact.`,
    );
  return url;
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((a) => a.address);
}
