import type { RequestHandler, Response } from 'express';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppError } from '@margins/shared';
import type { Db } from '../data/db.js';
import { RATE_LIMIT_TABLE } from '../data/migrations/090-rate-limits.js';

/** The length of every window (a limit is "per minute"). */
const WINDOW_SECONDS = 60;

/** A share of a key's window that this process took from the shared counter, spent locally. */
interface Lease {
  /** Hits left to admit without asking the database. */
  left: number;
  /** When the window the lease was taken from ends (ms since the epoch). */
  until: number;
  /** The shared counter refused: every hit is refused until `until`. */
  limited: boolean;
  /** What the shared counter had left after the last reservation (to shrink the next one near the limit). */
  remaining: number;
}

/** Leases are at most this share of a limit, so N processes together refuse at most N% early. */
const LEASE_SHARE = 0.01;
/** And at most this many hits, so even a huge limit is written at least every this many requests. */
export const MAX_LEASE = 100;
/** Leases kept before expired ones are swept. */
const SWEEP_AT = 10_000;

/** How many hits one reservation of a `perMinute` limit takes from the shared counter. */
export function leaseSize(perMinute: number): number {
  return Math.max(1, Math.min(MAX_LEASE, Math.floor(perMinute * LEASE_SHARE)));
}

/**
 * One fixed-window limit (`perMinute` hits per key per minute). Counted by rate-limiter-flexible
 * in the database's `margins_rate_limits` when the tool runs on PostgreSQL, so N tool processes
 * enforce one limit between them; in memory on SQLite, where the tool is one process.
 *
 * On a shared store a process reserves hits in leases of 1% of the limit (at most {@link MAX_LEASE};
 * one hit for limits under 200 a minute, so small limits are exact): one database write admits a
 * lease's worth of requests instead of one (issue 17: two upserts per request, the address limit's on
 * one hot row for every client behind one address, cost more than the page lookup itself). Never
 * more than the limit is admitted between all processes; a process can refuse up to one lease early
 * near the end of a window. Concurrent hits on one key share one reservation.
 */
export class RateLimit {
  private readonly leases = new Map<string, Lease>();
  private readonly reserving = new Map<string, Promise<void>>();

  constructor(
    private readonly limiter: RateLimiterAbstract,
    /** Hits per reservation (1: every hit goes to the store). */
    private readonly lease = 1,
  ) {}

  /**
   * Counts one hit for `key`; past the limit throws rate_limited after telling `onLimited` how
   * many seconds until the window ends (the Retry-After header).
   */
  async hit(key: string, onLimited?: (retryAfterSeconds: number) => void): Promise<void> {
    if (this.lease <= 1) return this.consume(key, 1, onLimited).then(() => undefined);
    for (;;) {
      const now = Date.now();
      const l = this.leases.get(key);
      if (l && l.until > now) {
        if (l.limited) throw limited(l.until - now, onLimited);
        if (l.left > 0) {
          l.left--;
          return;
        }
      }
      const pending = this.reserving.get(key);
      if (pending) {
        await pending;
        continue;
      }
      // Near the limit, reserve one hit at a time so a process does not take what it will not use.
      const size = l && l.until > now && l.remaining < this.lease * 2 ? 1 : this.lease;
      const reservation = this.reserve(key, size);
      this.reserving.set(key, reservation);
      try {
        await reservation;
      } finally {
        this.reserving.delete(key);
      }
    }
  }

  /** Takes `size` hits from the shared counter into this process's lease for `key` (or records the refusal). */
  private async reserve(key: string, size: number): Promise<void> {
    if (this.leases.size >= SWEEP_AT) {
      const now = Date.now();
      for (const [k, l] of this.leases) if (l.until <= now) this.leases.delete(k);
    }
    try {
      const r = await this.limiter.consume(key, size);
      this.leases.set(key, {
        left: size,
        until: Date.now() + r.msBeforeNext,
        limited: false,
        remaining: r.remainingPoints,
      });
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      this.leases.set(key, { left: 0, until: Date.now() + e.msBeforeNext, limited: true, remaining: 0 });
    }
  }

  private async consume(key: string, points: number, onLimited?: (s: number) => void): Promise<RateLimiterRes> {
    try {
      return await this.limiter.consume(key, points);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      throw limited(e.msBeforeNext, onLimited);
    }
  }

  /** Middleware counting each request against its client address (`req.ip`, TRUST_PROXY decides whose). */
  perAddress(): RequestHandler {
    return (req, res, next) => {
      this.hit(req.ip ?? 'unknown', retryAfter(res)).then(() => next(), next);
    };
  }
}

function limited(ms: number, onLimited?: (retryAfterSeconds: number) => void): AppError {
  onLimited?.(Math.max(1, Math.ceil(ms / 1000)));
  return new AppError('rate_limited');
}

/** Sets Retry-After on `res` (for {@link RateLimit.hit}). */
export function retryAfter(res: Response): (seconds: number) => void {
  return (s) => res.setHeader('Retry-After', String(s));
}

/**
 * The app's one source of rate limits (STYLE: one rate limiter with a shared store). Each limit has
 * a name that prefixes its keys, so limits never count each other's hits. A PostgreSQL limit falls
 * back to counting in memory while the database does not answer (the library's insurance limiter),
 * so /health still answers 503 instead of failing on its own limit.
 */
export class RateLimits {
  constructor(private readonly db: Db) {}

  /** The limit called `name`, `perMinute` hits per key. */
  limit(name: string, perMinute: number): RateLimit {
    const base = { keyPrefix: `margins:${name}`, points: perMinute, duration: WINDOW_SECONDS };
    if (this.db.kind !== 'postgres') return new RateLimit(new RateLimiterMemory(base));
    return new RateLimit(
      new RateLimiterPostgres({
        ...base,
        storeClient: this.db.knex,
        storeType: 'knex',
        tableName: RATE_LIMIT_TABLE,
        // Migration 090 made it: creating it at start-up raced between processes starting together.
        tableCreated: true,
        // A key over its limit is refused from memory until its window ends, sparing the database a flood.
        inMemoryBlockOnConsumed: perMinute + 1,
        insuranceLimiter: new RateLimiterMemory(base),
      }),
      leaseSize(perMinute),
    );
  }
}
