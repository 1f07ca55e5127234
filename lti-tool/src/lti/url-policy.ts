import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { AppError } from '@margins/shared';

/**
 * Which addresses the tool may contact: every outbound request (dynamic registration, platform key
 * sets, grade service, names and roles) passes this policy first, and then connects to the address
 * that was checked (http/outbound.ts). `public`: https only, and the host must resolve only to
 * globally routable unicast addresses. `loopback`: http(s) to this machine only, for local test
 * platforms and the demo.
 *
 * Classification is ipaddr.js' (maintained, with every IANA special-purpose range), not string
 * prefixes: the URL parser rewrites `[::ffff:127.0.0.1]` to `[::ffff:7f00:1]`, which a prefix check
 * misreads. IPv6 must also lie in 2000::/3 (global unicast), which leaves out the IPv4-compatible
 * (::/96) and NAT64 (64:ff9b::/96) forms of internal IPv4 addresses; 6to4 and Teredo (which embed an
 * IPv4 address) are special ranges and refused too.
 */
export type UrlPolicy = 'public' | 'loopback';

/** Resolves a host name to every address it has. Injectable for tests. */
export type Resolver = (host: string) => Promise<string[]>;

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/** An address as ipaddr.js reads it, IPv4-mapped IPv6 turned into its IPv4 address; null when not an IP. */
function parseAddress(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return null;
  // ipaddr.parse accepts legacy forms (octal, "127.1"); the URL parser and getaddrinfo already normalise those.
  const a = ipaddr.parse(bare);
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
}

/** True for addresses in the loopback range (IPv4-mapped forms included). */
export function isLoopbackAddress(ip: string): boolean {
  return parseAddress(ip)?.range() === 'loopback';
}

/** True for addresses no public request should reach: anything but global unicast. */
export function isInternalAddress(ip: string): boolean {
  const a = parseAddress(ip);
  if (!a) return true;
  if (a.range() !== 'unicast') return true;
  return a.kind() === 'ipv6' && !(a as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
}

/** A URL that passed the policy, with the addresses its host resolved to (connect only to these). */
export interface CheckedUrl {
  url: URL;
  /** The checked addresses; a request must connect to one of these, never resolve again. */
  addresses: string[];
}

/**
 * Parses `raw` and checks it against the policy, resolving the host once; throws a validation
 * AppError with a readable reason naming `what`.
 */
export async function checkUrl(
  raw: unknown,
  policy: UrlPolicy,
  what: string,
  resolve: Resolver = defaultResolve,
): Promise<CheckedUrl> {
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
  if (policy === 'loopback' ? url.protocol !== 'http:' && url.protocol !== 'https:' : url.protocol !== 'https:')
    throw new AppError('validation_failed', `${what} must use ${policy === 'loopback' ? 'http(s)' : 'https'}.`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = parseAddress(host);
  const addresses = literal
    ? [literal.toString()]
    : host === 'localhost'
      ? ['127.0.0.1']
      : await resolve(host).catch(() => [] as string[]);
  if (policy === 'loopback') {
    if (!addresses.length || !addresses.every(isLoopbackAddress))
      throw new AppError(
        'validation_failed',
        `${what} must point at this machine (loopback), because this tool is configured for local test platforms only (REGISTRATION_URLS=loopback).`,
      );
  } else if (!addresses.length) {
    throw new AppError('validation_failed', `${what} names a host that could not be found.`);
  } else if (addresses.some(isInternalAddress)) {
    throw new AppError(
      'validation_failed',
      `${what} points at an internal network address, which Margins refuses to contact.`,
    );
  }
  return { url, addresses };
}

/** {@link checkUrl} for callers that only need the parsed URL. */
export async function checkRegistrationUrl(
  raw: unknown,
  policy: UrlPolicy,
  what: string,
  resolve: Resolver = defaultResolve,
): Promise<URL> {
  return (await checkUrl(raw, policy, what, resolve)).url;
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}
