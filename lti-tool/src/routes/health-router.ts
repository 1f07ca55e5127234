import { api } from '@margins/shared';
import type { RateLimit } from '../http/rate-limits.js';
import type { HealthCheck } from '../services/health-check.js';
import { route, type RouteDef } from './table.js';

/**
 * GET /health: is the process up and does the database answer (for load balancers and `pnpm start`).
 * Public, so it has its own per-address limit (not the app-wide one, which probes must not use up),
 * and the database check is shared for a second (HealthCheck).
 */
export function healthRoutes(d: { health: HealthCheck; version: string; limit: RateLimit }): RouteDef[] {
  return [
    route(
      api.health,
      {
        addressLimit: false,
        limits: [d.limit.perAddress()],
        summary: 'Is the tool up, does the database answer',
      },
      async (_req, res) => {
        const ok = await d.health.database();
        res.status(ok ? 200 : 503).json(
          api.health.response.parse({
            status: ok ? 'ok' : 'degraded',
            database: ok ? 'ok' : 'down',
            version: d.version,
          }),
        );
      },
    ),
  ];
}
