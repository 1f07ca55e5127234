import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@margins/shared';
import { OutboundError, type OutboundHttp } from '../http/outbound.js';

/**
 * Platform public keys (JWKS) cached per URL. Closes the ltijs gap "platform JWKS fetched on every
 * launch with no cache or timeout": keys are kept for `ttlMs`, fetched with a timeout and a size cap,
 * concurrent fetches of one URL share one request, and an unknown `kid` triggers one refresh (key
 * rotation, IMS Security Framework 6.3) at most every `minRefreshMs`, so a flood of made-up kids
 * cannot turn the tool into a request amplifier.
 */

const JwkSchema = z
  .object({ kty: z.string(), kid: z.string().optional(), use: z.string().optional(), alg: z.string().optional() })
  .loose();
const JwksSchema = z.object({ keys: z.array(JwkSchema).max(100) });

/** Largest JWKS document accepted. */
const MAX_JWKS_BYTES = 256 * 1024;

interface Entry {
  fetchedAt: number;
  keys: Map<string, KeyObject>;
}

/** Options for {@link JwksCache}. */
export interface JwksCacheOptions {
  ttlMs: number;
  timeoutMs: number;
  /** Shortest time between two fetches of one URL caused by unknown kids. */
  minRefreshMs?: number;
  /** Outbound requests: the address policy, pinned to the checked address. */
  http: OutboundHttp;
}

/** A cache of platform signing keys, keyed by JWKS URL then kid. */
export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();
  private readonly minRefreshMs: number;
  /** How many HTTP fetches were made (exposed for tests and the health of the cache). */
  fetches = 0;

  constructor(private readonly opts: JwksCacheOptions) {
    this.minRefreshMs = opts.minRefreshMs ?? 5_000;
  }

  /** The RSA key `kid` published at `url`; throws a launch AppError when it is not there. */
  async key(url: string, kid: string): Promise<KeyObject> {
    let entry = this.entries.get(url);
    const now = Date.now();
    if (!entry || now - entry.fetchedAt > this.opts.ttlMs) entry = await this.load(url);
    let key = entry.keys.get(kid);
    if (!key && Date.now() - entry.fetchedAt >= this.minRefreshMs) {
      entry = await this.load(url);
      key = entry.keys.get(kid);
    }
    if (!key)
      throw new AppError(
        'launch_invalid',
        'The launch was signed with a key your learning platform does not publish (unknown key id). If the platform rotated its keys, try again in a minute.',
      );
    return key;
  }

  /** Forgets every key set (a registration changed: its key set address may have too). */
  clear(): void {
    this.entries.clear();
  }

  private load(url: string): Promise<Entry> {
    const running = this.inflight.get(url);
    if (running) return running;
    const p = this.fetchKeys(url).finally(() => this.inflight.delete(url));
    this.inflight.set(url, p);
    return p;
  }

  private async fetchKeys(url: string): Promise<Entry> {
    this.fetches++;
    let res;
    try {
      res = await this.opts.http.request(url, "Your learning platform's key set address", {
        timeoutMs: this.opts.timeoutMs,
        maxBytes: MAX_JWKS_BYTES,
        headers: { accept: 'application/json' },
      });
    } catch (e) {
      if (e instanceof OutboundError && e.kind === 'address') throw new AppError('unavailable', e.message);
      if (e instanceof OutboundError && e.kind === 'too_large')
        throw new AppError('unavailable', "Your learning platform's key set is too large to be a key set.");
      throw new AppError(
        'unavailable',
        'Your learning platform did not answer when Margins asked for its signing keys. Try the launch again in a moment.',
      );
    }
    if (!res.ok)
      throw new AppError(
        'unavailable',
        `Your learning platform's signing keys could not be read (HTTP ${res.status}). Try the launch again in a moment.`,
      );
    const text = res.text;
    let doc: z.infer<typeof JwksSchema>;
    try {
      doc = JwksSchema.parse(JSON.parse(text));
    } catch {
      throw new AppError('unavailable', "Your learning platform's key set is not a valid JWKS document.");
    }
    const keys = new Map<string, KeyObject>();
    for (const jwk of doc.keys) {
      if (jwk.kty !== 'RSA' || !jwk.kid || (jwk.use && jwk.use !== 'sig')) continue;
      try {
        keys.set(jwk.kid, createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }));
      } catch {
        // A malformed key is skipped; the others still work.
      }
    }
    const entry = { fetchedAt: Date.now(), keys };
    this.entries.set(url, entry);
    return entry;
  }
}
