import type { Db } from '../data/db.js';

/** How long one database check answers /health (issue 12: 1,250 pings in 2.8 s were 1,250 queries). */
export const HEALTH_CACHE_MS = 1_000;

/**
 * The database check behind /health, at most one query per HEALTH_CACHE_MS however often it is
 * asked: callers in that window share the last answer (or the query in flight), so a flood of
 * /health requests costs the database nothing more than one load balancer would.
 */
export class HealthCheck {
  private last: { at: number; ok: boolean } | null = null;
  private inFlight: Promise<boolean> | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the database answered a `select 1` within the last second. */
  async database(): Promise<boolean> {
    if (this.last && this.now() - this.last.at < HEALTH_CACHE_MS) return this.last.ok;
    this.inFlight ??= this.db.knex
      .raw('select 1')
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        this.last = { at: this.now(), ok };
        this.inFlight = null;
        return ok;
      });
    return this.inFlight;
  }
}
